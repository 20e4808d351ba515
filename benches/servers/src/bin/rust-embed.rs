//! rust-embed's axum example (`examples/axum.rs`): a wildcard route whose
//! handler looks the path up with `Asset::get`, takes the MIME type from
//! `mime_guess`, and, as users add, sends the SHA-256 hash as the ETag and
//! answers a matching `If-None-Match` with 304. rust-embed stores no
//! compressed copies, so the identity bytes are sent whatever the request's
//! `Accept-Encoding`.

use std::borrow::Cow;
use std::fmt::Write as _;

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "../../target/corpus/dashboard"]
struct Asset;

async fn static_handler(request: Request) -> Response {
    let path = request.uri().path().trim_start_matches("/static/");
    let Some(content) = Asset::get(path) else {
        return (StatusCode::NOT_FOUND, "404 Not Found").into_response();
    };
    let mut etag = String::with_capacity(66);
    etag.push('"');
    for byte in content.metadata.sha256_hash() {
        let _ = write!(etag, "{byte:02x}");
    }
    etag.push('"');
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if request.headers().get(IF_NONE_MATCH).map(|v| v.as_bytes()) == Some(etag.as_bytes()) {
        return (StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response();
    }
    let body = match content.data {
        Cow::Borrowed(bytes) => Bytes::from_static(bytes),
        Cow::Owned(bytes) => Bytes::from(bytes),
    };
    let content_type = HeaderValue::from_str(mime.as_ref()).expect("a MIME type");
    (
        [(CONTENT_TYPE, content_type)],
        [(ETAG, etag)],
        Body::from(body),
    )
        .into_response()
}

fn main() {
    let app = Router::new().route("/static/{*path}", get(static_handler));
    static_embed_load_servers::serve(app);
}
