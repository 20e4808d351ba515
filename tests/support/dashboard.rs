//! The dashboard of `examples/`: the embedded `examples/assets/dashboard`
//! folder and the `/api/assets` listing its page fetches. The examples and
//! the browser test share it, so the test drives the very app the examples
//! serve.

use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, Response};
use serde_json::json;
use static_embed::{Body, StaticAssets};

/// The dashboard page, its CSS, script, icon and web font.
#[derive(StaticAssets)]
#[folder = "examples/assets/dashboard"]
pub struct DashboardAssets;

/// The path of the JSON listing that `app.js` fetches.
pub const API_ASSETS: &str = "/api/assets";

/// Every embedded asset as JSON, sorted by key: an array of
/// `{"key", "content_type", "len", "encodings", "etag"}` objects, where
/// `encodings` lists the stored codings most preferred first (`"br"`,
/// `"gzip"`, `"identity"`).
pub fn asset_list() -> serde_json::Value {
    let assets = DashboardAssets::iter()
        .filter_map(|key| DashboardAssets::get(&key))
        .map(|asset| {
            let encodings: Vec<&str> = asset.encodings().map(|e| e.token()).collect();
            json!({
                "key": asset.key(),
                "content_type": asset.content_type(),
                "len": asset.len(),
                "encodings": encodings,
                "etag": asset.etag(),
            })
        })
        .collect();
    serde_json::Value::Array(assets)
}

/// The `/api/assets` response: [`asset_list`] as `application/json`, never
/// cached (in debug builds the listing follows the live folder).
pub fn asset_list_response() -> Response<Body> {
    let json = serde_json::to_vec(&asset_list()).expect("a JSON value always serializes");
    let mut response = Response::new(Body::from(Bytes::from(json)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The whole dashboard as an axum app: `GET /api/assets`, and every other
/// path from the embedded folder (`/` is `index.html`).
#[cfg(feature = "axum")]
pub fn app() -> axum::Router {
    axum::Router::new()
        .route(
            API_ASSETS,
            axum::routing::get(|| async { asset_list_response() }),
        )
        .merge(DashboardAssets::serve().router())
}
