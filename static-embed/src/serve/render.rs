//! Render: one [`Outcome`] becomes one response.

use std::fmt::Write as _;

use http::header::{
    HeaderMap, ACCEPT_RANGES, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ALLOW,
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG,
    LAST_MODIFIED, LOCATION, VARY, X_CONTENT_TYPE_OPTIONS,
};
use http::{HeaderValue, Response, StatusCode};

use super::config::Config;
use super::multipart::slice;
use super::outcome::{Outcome, Selected};
use super::prepared::PreparedFields;
use super::range::ByteRange;
use super::state::State;
use crate::disk::ReadError;
use crate::{Asset, Body, Encoding};

/// The methods advertised in `Allow` (RFC 9110 §10.2.1): the ones that read
/// a resource. OPTIONS is answered too, but it is not a way to get an asset,
/// so it is not advertised, as nginx does for static files.
const ALLOWED_METHODS: HeaderValue = HeaderValue::from_static("GET, HEAD");
const BYTES: HeaderValue = HeaderValue::from_static("bytes");
const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
const ACCEPT_ENCODING: HeaderValue = HeaderValue::from_static("accept-encoding");
const TEXT_PLAIN: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");

/// The body of an error answer and its `Content-Length`, both constants.
struct Plain {
    text: &'static str,
    length: HeaderValue,
}

const METHOD_NOT_ALLOWED: Plain = Plain {
    text: "405 Method Not Allowed\n",
    length: HeaderValue::from_static("23"),
};
const BAD_REQUEST: Plain = Plain {
    text: "400 Bad Request\n",
    length: HeaderValue::from_static("16"),
};
const NOT_FOUND: Plain = Plain {
    text: "404 Not Found\n",
    length: HeaderValue::from_static("14"),
};
const FORBIDDEN: Plain = Plain {
    text: "403 Forbidden\n",
    length: HeaderValue::from_static("14"),
};
const INTERNAL_SERVER_ERROR: Plain = Plain {
    text: "500 Internal Server Error\n",
    length: HeaderValue::from_static("26"),
};
const NOT_ACCEPTABLE: Plain = Plain {
    text: "406 Not Acceptable\n",
    length: HeaderValue::from_static("19"),
};

/// Builds the response for `outcome`, with the options of `state`. `head`
/// drops the body and keeps every header, `Content-Length` included (RFC
/// 9110 §9.3.2).
pub(super) fn render(outcome: Outcome, head: bool, state: &State) -> Response<Body> {
    let config = &state.config;
    let prepared = match &outcome {
        Outcome::Full(selected) => prepared(selected, state).map(|fields| &fields.full),
        Outcome::NotModified(selected) => {
            prepared(selected, state).map(|fields| &fields.not_modified)
        }
        _ => None,
    };
    let headers = match prepared {
        Some(headers) => headers.clone(),
        None => response_fields(&outcome, config),
    };
    respond(outcome, headers, head)
}

/// The prepared 200 and 304 fields of `selected` with `state`'s options,
/// made now if need be; `None` when they cannot be kept: a file read from
/// disk (it lives for one request), the SPA index standing in for another
/// path (its `Cache-Control` differs).
fn prepared<'a>(selected: &Selected, state: &'a State) -> Option<&'a PreparedFields> {
    if selected.fallback {
        return None;
    }
    let position = selected.asset.table_position()?;
    let encoding = selected.representation().encoding;
    // Made by `response_fields`, like every other answer, so they cannot
    // differ.
    let fields = state
        .prepared
        .get_or_make(position, encoding, || PreparedFields {
            full: response_fields(&Outcome::Full(selected.clone()), &state.config),
            not_modified: response_fields(&Outcome::NotModified(selected.clone()), &state.config),
        });
    Some(fields)
}

/// The response: `outcome`'s status and body, with `headers`.
fn respond(outcome: Outcome, headers: HeaderMap, head: bool) -> Response<Body> {
    let (status, body) = match outcome {
        Outcome::Options => (StatusCode::NO_CONTENT, Body::no_content()),
        Outcome::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, plain(METHOD_NOT_ALLOWED)),
        Outcome::BadRequest => (StatusCode::BAD_REQUEST, plain(BAD_REQUEST)),
        Outcome::NotFound => (StatusCode::NOT_FOUND, plain(NOT_FOUND)),
        Outcome::Unreadable(error) => {
            let (status, text) = unreadable(error);
            (status, plain(text))
        }
        Outcome::Redirect(_) => (StatusCode::PERMANENT_REDIRECT, Body::empty()),
        Outcome::NotAcceptable(_) => (StatusCode::NOT_ACCEPTABLE, plain(NOT_ACCEPTABLE)),
        Outcome::PreconditionFailed(_) => (StatusCode::PRECONDITION_FAILED, Body::empty()),
        Outcome::NotModified(_) => (StatusCode::NOT_MODIFIED, Body::no_content()),
        Outcome::Full(selected) => {
            let bytes = selected.representation().bytes.clone();
            (StatusCode::OK, Body::from(bytes))
        }
        Outcome::Partial(selected, range) => {
            let bytes = slice(&selected.representation().bytes, range);
            (StatusCode::PARTIAL_CONTENT, Body::from(bytes))
        }
        Outcome::Multipart(_, multipart) => (StatusCode::PARTIAL_CONTENT, multipart.into_body()),
        Outcome::RangeNotSatisfiable(_) => (StatusCode::RANGE_NOT_SATISFIABLE, Body::empty()),
    };
    let mut response = Response::new(if head { body.without_content() } else { body });
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// Every header field of the response to `outcome`.
fn response_fields(outcome: &Outcome, config: &Config) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(field_count(outcome, config));
    // Every response, errors included: browsers must not sniff a type.
    headers.insert(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    match outcome {
        Outcome::Options => {
            headers.insert(ALLOW, ALLOWED_METHODS);
            if config.cors().is_some() {
                headers.insert(ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            }
        }
        Outcome::MethodNotAllowed => {
            headers.insert(ALLOW, ALLOWED_METHODS);
            plain_fields(&mut headers, &METHOD_NOT_ALLOWED);
        }
        Outcome::BadRequest => plain_fields(&mut headers, &BAD_REQUEST),
        Outcome::NotFound => plain_fields(&mut headers, &NOT_FOUND),
        Outcome::Unreadable(error) => plain_fields(&mut headers, &unreadable(*error).1),
        Outcome::Redirect(location) => {
            headers.insert(LOCATION, location.clone());
        }
        Outcome::NotAcceptable(asset) => {
            vary(&mut headers, asset);
            plain_fields(&mut headers, &NOT_ACCEPTABLE);
        }
        Outcome::PreconditionFailed(selected) => vary(&mut headers, &selected.asset),
        // RFC 9110 §15.4.5: a 304 carries the fields a 200 would have sent
        // among Cache-Control, ETag, Vary (and Last-Modified, which updates
        // stored responses), and no content metadata.
        Outcome::NotModified(selected) => validators(&mut headers, selected),
        Outcome::Full(selected) => {
            validators(&mut headers, selected);
            let representation = selected.representation();
            headers.insert(CONTENT_TYPE, selected.asset.content_type_header().clone());
            headers.insert(CONTENT_LENGTH, representation.content_length.clone());
            headers.insert(ACCEPT_RANGES, BYTES);
            if representation.encoding != Encoding::Identity {
                headers.insert(CONTENT_ENCODING, content_encoding(representation.encoding));
            }
        }
        Outcome::Partial(selected, range) => {
            validators(&mut headers, selected);
            let len = selected.representation().bytes.len();
            headers.insert(CONTENT_TYPE, selected.asset.content_type_header().clone());
            headers.insert(CONTENT_LENGTH, HeaderValue::from(range.len()));
            headers.insert(CONTENT_RANGE, content_range(Some(*range), len));
            headers.insert(ACCEPT_RANGES, BYTES);
        }
        Outcome::Multipart(selected, multipart) => {
            validators(&mut headers, selected);
            headers.insert(CONTENT_TYPE, multipart.content_type().clone());
            headers.insert(CONTENT_LENGTH, HeaderValue::from(multipart.len()));
            headers.insert(ACCEPT_RANGES, BYTES);
        }
        // RFC 9110 §14.4: a 416 says the current length as `bytes */len`.
        Outcome::RangeNotSatisfiable(selected) => {
            vary(&mut headers, &selected.asset);
            let len = selected.representation().bytes.len();
            headers.insert(CONTENT_RANGE, content_range(None, len));
            headers.insert(ACCEPT_RANGES, BYTES);
        }
    }
    if let Some(origin) = config.cors() {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
    let extra = config.extra_headers();
    if !extra.is_empty() {
        for name in extra.keys() {
            headers.remove(name);
        }
        for (name, value) in extra {
            headers.append(name.clone(), value.clone());
        }
    }
    headers
}

/// The fields shared by 200, 206 and 304: all ready-made, none formatted.
fn validators(headers: &mut HeaderMap, selected: &Selected) {
    headers.insert(ETAG, selected.representation().etag.clone());
    if let Some(modified) = selected.asset.last_modified_header() {
        headers.insert(LAST_MODIFIED, modified.header.clone());
    }
    headers.insert(CACHE_CONTROL, selected.cache_control.clone());
    vary(headers, &selected.asset);
}

/// RFC 9110 §12.5.5: when the response could have been another coding,
/// every response for the resource says it varies on Accept-Encoding.
fn vary(headers: &mut HeaderMap, asset: &Asset) {
    if asset.has_encoded() {
        headers.insert(VARY, ACCEPT_ENCODING);
    }
}

/// `Content-Type` and `Content-Length` of a short `text/plain` body, the
/// length given for HEAD too.
fn plain_fields(headers: &mut HeaderMap, plain: &Plain) {
    headers.insert(CONTENT_TYPE, TEXT_PLAIN);
    headers.insert(CONTENT_LENGTH, plain.length.clone());
}

/// A file that is there but cannot be read: 403 when the process may not
/// read it (RFC 9110 §15.5.4), else 500 (§15.6.1).
fn unreadable(error: ReadError) -> (StatusCode, Plain) {
    match error {
        ReadError::PermissionDenied => (StatusCode::FORBIDDEN, FORBIDDEN),
        ReadError::Failed => (StatusCode::INTERNAL_SERVER_ERROR, INTERNAL_SERVER_ERROR),
    }
}

fn plain(plain: Plain) -> Body {
    Body::from(bytes::Bytes::from_static(plain.text.as_bytes()))
}

/// How many fields `render` sets for `outcome`, so the `HeaderMap` is made
/// at its size: a 304's map holds 6 entries instead of 12, half the memory.
fn field_count(outcome: &Outcome, config: &Config) -> usize {
    // X-Content-Type-Options, on every response.
    let own = 1 + match outcome {
        Outcome::Options => 2,
        Outcome::MethodNotAllowed | Outcome::NotAcceptable(_) => 3,
        Outcome::BadRequest | Outcome::NotFound | Outcome::Unreadable(_) => 2,
        Outcome::Redirect(_) | Outcome::PreconditionFailed(_) => 1,
        // ETag, Last-Modified, Cache-Control, Vary.
        Outcome::NotModified(_) => 4,
        // And Content-Type, Content-Length, Accept-Ranges, then
        // Content-Encoding or Content-Range.
        Outcome::Full(_) | Outcome::Partial(..) => 8,
        Outcome::Multipart(..) => 7,
        Outcome::RangeNotSatisfiable(_) => 3,
    };
    own + usize::from(config.cors().is_some()) + config.extra_headers().len()
}

/// `Content-Encoding` for a coded representation: its token.
fn content_encoding(encoding: Encoding) -> HeaderValue {
    HeaderValue::from_static(encoding.token())
}

/// `bytes first-last/len`, or `bytes */len` without a range (RFC 9110 §14.4).
fn content_range(range: Option<ByteRange>, len: usize) -> HeaderValue {
    let mut value = String::with_capacity(48);
    // Writing to a String cannot fail.
    let _ = match range {
        Some(range) => write!(value, "bytes {}-{}/{len}", range.start, range.end),
        None => write!(value, "bytes */{len}"),
    };
    HeaderValue::try_from(value).expect("digits, spaces, `-`, `*` and `/` make a valid value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_have_their_constant_lengths() {
        let all = [
            METHOD_NOT_ALLOWED,
            BAD_REQUEST,
            NOT_FOUND,
            NOT_ACCEPTABLE,
            FORBIDDEN,
            INTERNAL_SERVER_ERROR,
        ];
        for plain in all {
            assert_eq!(plain.length, plain.text.len().to_string().as_str());
        }
    }

    #[derive(crate::StaticAssets)]
    #[folder = "../tests/fixtures/basic"]
    #[crate_path = "crate"]
    struct Assets;

    fn get(serve: &crate::ServeAssets<Assets>, path: &str, etag: Option<&str>) -> HeaderMap {
        let mut request = http::Request::get(path).header("accept-encoding", "gzip");
        if let Some(etag) = etag {
            request = request.header("if-none-match", etag);
        }
        serve.respond(&request.body(()).unwrap()).headers().clone()
    }

    #[test]
    fn each_configuration_answers_with_its_own_prepared_fields() {
        use crate::StaticAssets;
        let plain = Assets::serve();
        let cors = Assets::serve().cors(HeaderValue::from_static("*"));
        let immutable = Assets::serve()
            .cache_control("**", super::super::cache_control::IMMUTABLE)
            .unwrap();
        let etag = Assets::get("css/site.css").unwrap().etag().to_owned();
        // Interleaved, twice: whichever configuration made the fields first,
        // each keeps answering with its own.
        for _ in 0..2 {
            for etag in [None, Some(etag.as_str())] {
                let headers = get(&plain, "/css/site.css", etag);
                assert_eq!(headers.get(ACCESS_CONTROL_ALLOW_ORIGIN), None);
                assert_eq!(headers[CACHE_CONTROL], "no-cache");
                let headers = get(&cors, "/css/site.css", etag);
                assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], "*");
                let headers = get(&immutable, "/css/site.css", etag);
                assert_eq!(
                    headers[CACHE_CONTROL],
                    super::super::cache_control::IMMUTABLE
                );
            }
        }
    }

    #[test]
    fn every_configuration_keeps_the_fields_of_what_it_served() {
        use crate::source::Source;
        use crate::StaticAssets;
        let embedded = matches!(Assets::__source(), Source::Embedded(_));
        let default = Assets::serve();
        let cors = Assets::serve().cors(HeaderValue::from_static("*"));
        let immutable = Assets::serve()
            .cache_control("**", super::super::cache_control::IMMUTABLE)
            .unwrap();
        for serve in [&default, &cors, &immutable] {
            for _ in 0..2 {
                get(serve, "/hello.txt", None);
            }
        }
        // `hello.txt` in identity; the default state may hold more, made by
        // other tests.
        let made = |serve: &crate::ServeAssets<Assets>| serve.state().prepared.made();
        assert_eq!(made(&cors), usize::from(embedded));
        assert_eq!(made(&immutable), usize::from(embedded));
        assert!(made(&default) >= usize::from(embedded));
    }

    #[test]
    fn a_configuration_changed_after_serving_forgets_the_fields_it_made() {
        use crate::StaticAssets;
        let serve = Assets::serve().spa_fallback(false);
        assert_eq!(
            get(&serve, "/hello.txt", None).get(ACCESS_CONTROL_ALLOW_ORIGIN),
            None
        );
        let serve = serve.cors(HeaderValue::from_static("*"));
        assert_eq!(
            get(&serve, "/hello.txt", None)[ACCESS_CONTROL_ALLOW_ORIGIN],
            "*"
        );
    }

    #[test]
    fn the_spa_index_standing_in_for_a_path_is_never_served_with_its_own_policy() {
        use crate::StaticAssets;
        let serve = Assets::serve()
            .spa_fallback(true)
            .cache_control("index.html", super::super::cache_control::IMMUTABLE)
            .unwrap();
        for _ in 0..2 {
            let index = get(&serve, "/index.html", None);
            assert_eq!(index[CACHE_CONTROL], super::super::cache_control::IMMUTABLE);
            let fallback = get(&serve, "/settings/profile", None);
            assert_eq!(fallback[CACHE_CONTROL], "no-cache");
            assert_eq!(fallback[ETAG], index[ETAG]);
        }
    }
}
