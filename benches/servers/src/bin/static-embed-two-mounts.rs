//! Two configurations over one type, as an app with two mounts has them:
//! `merge(Assets::mount("/static"))` with the default options, measured, and
//! `/assets` with CORS and immutable caching. Before serving, the measured
//! file is answered once through `/assets`, so `/static` is not the first
//! configuration to serve it.

use axum::http::{HeaderValue, Request};
use axum::Router;
use static_embed::cache_control::IMMUTABLE;
use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "../../target/corpus/dashboard"]
struct Assets;

fn main() {
    let assets = Assets::serve()
        .cors(HeaderValue::from_static("*"))
        .cache_control("**", IMMUTABLE)
        .expect("a valid glob");
    let request = Request::get("/bootstrap/css/bootstrap.min.css")
        .header("accept-encoding", "br")
        .body(())
        .expect("a valid request");
    assert_eq!(assets.respond(&request).status(), 200);
    let app = Router::new()
        .merge(Assets::mount("/static"))
        .merge(assets.mount("/assets"));
    static_embed_load_servers::serve(app);
}
