//! Decide: one request becomes exactly one [`Outcome`].

use http::header::{HeaderMap, ACCEPT_ENCODING};
use http::{HeaderValue, Method};

use super::conditional::{if_range, Preconditions, Verdict};
use super::config::Config;
use super::encoding::AcceptEncoding;
use super::multipart::Multipart;
use super::range::{satisfiable_ranges, ByteRange, Ranges};
use super::request_fields::RequestFields;
use super::target::Target;
use crate::asset::Representation;
use crate::disk::ReadError;
use crate::{Asset, Encoding};

/// Everything a response can be.
#[derive(Debug)]
pub(super) enum Outcome {
    /// 204 to `OPTIONS`, with `Allow` (RFC 9110 §9.3.7).
    Options,
    /// 405 with `Allow` (RFC 9110 §15.5.6).
    MethodNotAllowed,
    /// 400: a path that does not decode.
    BadRequest,
    /// 404.
    NotFound,
    /// 403 or 500: a file of the live folder that cannot be read.
    Unreadable(ReadError),
    /// 308 to the folder's slash form (RFC 9110 §15.4.9).
    Redirect(HeaderValue),
    /// 406: no stored coding is acceptable (RFC 9110 §12.5.3).
    NotAcceptable(Asset),
    /// 412 (RFC 9110 §13.2.2 steps 1 and 2).
    PreconditionFailed(Selected),
    /// 304 (RFC 9110 §13.2.2 steps 3 and 4).
    NotModified(Selected),
    /// 200 with the whole selected representation.
    Full(Selected),
    /// 206 with one range (RFC 9110 §14.2, §15.3.7).
    Partial(Selected, ByteRange),
    /// 206 `multipart/byteranges` (RFC 9110 §14.6).
    Multipart(Selected, Multipart),
    /// 416 (RFC 9110 §15.5.17).
    RangeNotSatisfiable(Selected),
}

/// The asset, the representation chosen for it, and its cache policy.
#[derive(Clone, Debug)]
pub(super) struct Selected {
    pub(super) asset: Asset,
    encoding: Encoding,
    pub(super) cache_control: HeaderValue,
    /// The SPA index standing in for an unknown path.
    pub(super) fallback: bool,
}

impl Selected {
    pub(super) fn representation(&self) -> &Representation {
        self.asset.representation_or_identity(self.encoding)
    }

    fn last_modified(&self) -> Option<u64> {
        self.asset
            .last_modified_header()
            .map(|modified| modified.seconds)
    }
}

/// Decides the outcome of one request: method, then what its path names
/// (`target`, asked for only once the method is allowed), then content
/// coding, then preconditions, then ranges.
pub(super) fn decide(
    config: &Config,
    method: &Method,
    headers: &HeaderMap,
    target: impl FnOnce() -> Target,
) -> Outcome {
    if let Some(outcome) = refuse_method(method) {
        return outcome;
    }
    match target() {
        Target::Asset { asset, fallback } => select(config, method, headers, asset, fallback),
        Target::Redirect(location) => Outcome::Redirect(location),
        Target::BadRequest => Outcome::BadRequest,
        Target::NotFound => Outcome::NotFound,
        Target::Unreadable(error) => Outcome::Unreadable(error),
    }
}

/// GET and HEAD are the only methods of a static resource (RFC 9110
/// §9.3.1, §9.3.2); OPTIONS says so. `None` for GET and HEAD.
fn refuse_method(method: &Method) -> Option<Outcome> {
    match *method {
        Method::GET | Method::HEAD => None,
        Method::OPTIONS => Some(Outcome::Options),
        _ => Some(Outcome::MethodNotAllowed),
    }
}

/// Content coding, preconditions and ranges for a GET or HEAD of `asset`;
/// `fallback` when it is the SPA index standing in for an unknown path.
fn select(
    config: &Config,
    method: &Method,
    headers: &HeaderMap,
    asset: Asset,
    fallback: bool,
) -> Outcome {
    let fields = RequestFields::scan(headers);
    let accept = if fields.accept_encoding.is_present() {
        AcceptEncoding::from_lines(&fields.lines(fields.accept_encoding, ACCEPT_ENCODING))
    } else {
        AcceptEncoding::default()
    };
    // Range is defined for GET only (RFC 9110 §14.2). Ranges are always
    // served from the identity representation, so a request with a Range
    // field selects identity whenever the client accepts it; one that
    // refuses identity gets the whole coded representation instead, a 200
    // being a valid answer to any Range request.
    let range = if method == Method::GET && accept.allows_identity() {
        fields.range.first()
    } else {
        None
    };
    let encoding = match range {
        Some(_) => Some(Encoding::Identity),
        None => accept.negotiate(asset.encodings()),
    };
    let Some(encoding) = encoding else {
        return Outcome::NotAcceptable(asset);
    };
    let cache_control = if fallback {
        // The SPA index stands in for many URLs: always revalidate it.
        super::cache_control::NO_CACHE
    } else {
        config.cache_control(asset.key())
    };
    let selected = Selected {
        asset,
        encoding,
        cache_control,
        fallback,
    };
    if fields.has_preconditions() {
        let verdict = Preconditions::from_fields(&fields)
            .check(&selected.representation().etag, selected.last_modified());
        match verdict {
            Verdict::Proceed => {}
            Verdict::NotModified => return Outcome::NotModified(selected),
            Verdict::Failed => return Outcome::PreconditionFailed(selected),
        }
    }
    match range {
        Some(range) => ranged(selected, fields.if_range.first(), range),
        None => Outcome::Full(selected),
    }
}

/// A GET with a Range field, preconditions passed, identity selected.
fn ranged(
    selected: Selected,
    if_range_field: Option<&HeaderValue>,
    range: &HeaderValue,
) -> Outcome {
    let representation = selected.representation();
    if !if_range(
        if_range_field,
        &representation.etag,
        selected.last_modified(),
    ) {
        return Outcome::Full(selected);
    }
    let len = representation.bytes.len() as u64;
    match satisfiable_ranges(range, len) {
        Ranges::Ignore => Outcome::Full(selected),
        Ranges::Unsatisfiable => Outcome::RangeNotSatisfiable(selected),
        Ranges::One(range) => Outcome::Partial(selected, range),
        Ranges::Many(ranges) => {
            let content_type = selected.asset.content_type_header();
            let multipart = Multipart::new(
                &representation.bytes,
                &ranges,
                content_type,
                &representation.etag,
            );
            // Never send more than the whole file: with the part headers,
            // many small ranges could cost more than a 200 (RFC 9110 §17.15).
            if multipart.len() > len {
                Outcome::Full(selected)
            } else {
                Outcome::Multipart(selected, multipart)
            }
        }
    }
}
