//! The floor's handler: one route answering with constants, the brotli
//! bytes as `Bytes::from_static(include_bytes!(..))` and every header value
//! static-embed sends for that file, copied from its response by
//! benches/load.sh into `FLOOR_DIR`. A matching `If-None-Match` gets the
//! 304 static-embed would send. No lookup, no negotiation: what the
//! framework costs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG,
    IF_NONE_MATCH, LAST_MODIFIED, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Response, StatusCode};
use bytes::Bytes;

macro_rules! value {
    ($file:literal) => {
        HeaderValue::from_static(include_str!(concat!(env!("FLOOR_DIR"), "/", $file)))
    };
}

static BODY: &[u8] = include_bytes!(concat!(env!("FLOOR_DIR"), "/body"));
const ETAG_VALUE: HeaderValue = value!("etag");

fn validators() -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(12);
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(ETAG, ETAG_VALUE);
    headers.insert(LAST_MODIFIED, value!("last-modified"));
    headers.insert(CACHE_CONTROL, value!("cache-control"));
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    headers
}

/// The floor's answer to `request`.
pub async fn handler(request: Request) -> Response<Body> {
    let mut headers = validators();
    let not_modified = request.headers().get(IF_NONE_MATCH) == Some(&ETAG_VALUE);
    let (status, body) = if not_modified {
        (StatusCode::NOT_MODIFIED, Body::empty())
    } else {
        headers.insert(CONTENT_TYPE, value!("content-type"));
        headers.insert(CONTENT_LENGTH, value!("content-length"));
        headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
        (StatusCode::OK, Body::from(Bytes::from_static(BODY)))
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
