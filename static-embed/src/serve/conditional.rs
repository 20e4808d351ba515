//! Preconditions (RFC 9110 §13): `If-Match`, `If-Unmodified-Since`,
//! `If-None-Match`, `If-Modified-Since`, and `If-Range` for ranges.

use http::header::{IF_MATCH, IF_NONE_MATCH};
use http::HeaderValue;

use super::request_fields::{RequestFields, Seen};
use super::validators::{date, Comparison, EntityTag, EntityTagList};

/// The precondition fields of one request.
#[derive(Debug)]
pub(super) struct Preconditions<'a> {
    if_match: Option<EntityTagList<'a>>,
    if_unmodified_since: Option<u64>,
    if_none_match: Option<EntityTagList<'a>>,
    if_modified_since: Option<u64>,
}

/// What the preconditions say about a GET or HEAD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Go on and send the representation (or the requested ranges).
    Proceed,
    /// 304 Not Modified.
    NotModified,
    /// 412 Precondition Failed.
    Failed,
}

impl<'a> Preconditions<'a> {
    pub(super) fn from_fields(fields: &RequestFields<'a>) -> Self {
        let list = |seen: Seen<'a>, name| {
            seen.is_present()
                .then(|| EntityTagList::new(fields.lines(seen, name)))
        };
        Preconditions {
            if_match: list(fields.if_match, IF_MATCH),
            if_unmodified_since: date(fields.if_unmodified_since.single()),
            if_none_match: list(fields.if_none_match, IF_NONE_MATCH),
            if_modified_since: date(fields.if_modified_since.single()),
        }
    }

    /// Evaluates the preconditions of a GET or HEAD against the selected
    /// representation, in the order of RFC 9110 §13.2.2. `last_modified` is
    /// `None` when the asset has no modification time; date conditions are
    /// then ignored, since there is nothing to compare them with.
    pub(super) fn check(&self, etag: &HeaderValue, last_modified: Option<u64>) -> Verdict {
        // 1. If-Match: false → 412 (the state-change exception cannot apply
        //    to a safe method).
        if let Some(if_match) = &self.if_match {
            if !if_match.matches(etag, Comparison::Strong) {
                return Verdict::Failed;
            }
        }
        // 2. No If-Match, but If-Unmodified-Since: modified after it → 412.
        if self.if_match.is_none() {
            if let (Some(since), Some(modified)) = (self.if_unmodified_since, last_modified) {
                if modified > since {
                    return Verdict::Failed;
                }
            }
        }
        // 3. If-None-Match: a match → 304 for GET and HEAD.
        if let Some(if_none_match) = &self.if_none_match {
            if if_none_match.matches(etag, Comparison::Weak) {
                return Verdict::NotModified;
            }
        }
        // 4. No If-None-Match, but If-Modified-Since: not modified since → 304.
        if self.if_none_match.is_none() {
            if let (Some(since), Some(modified)) = (self.if_modified_since, last_modified) {
                if modified <= since {
                    return Verdict::NotModified;
                }
            }
        }
        // 5. (If-Range is evaluated with the Range field; see `if_range`.)
        // 6. Otherwise, perform the method.
        Verdict::Proceed
    }
}

/// RFC 9110 §13.1.5: true when the Range field should be honoured: there is
/// no `If-Range` (`value` is its first line), or it holds an entity-tag that strongly matches `etag`, or
/// an HTTP-date exactly equal to `last_modified`. Otherwise the whole
/// representation is sent.
pub(super) fn if_range(
    value: Option<&HeaderValue>,
    etag: &HeaderValue,
    last_modified: Option<u64>,
) -> bool {
    let Some(value) = value else {
        return true;
    };
    let value = value.as_bytes().trim_ascii();
    if value.starts_with(b"\"") || value.starts_with(b"W/") {
        let tag = EntityTag::parse(value);
        return tag.is_some_and(|tag| tag.matches(etag.as_bytes(), Comparison::Strong));
    }
    let date = std::str::from_utf8(value)
        .ok()
        .and_then(static_embed_common::metadata::parse_http_date);
    date.is_some() && date == last_modified
}
