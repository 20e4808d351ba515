//! The axum integration over a real socket: `Assets::router()` mounted with
//! `nest_service`, several asset types side by side, next to app routes.

use axum::routing::get;
use axum::Router;
use http::Method;
use static_embed::StaticAssets;
use static_embed_suite::{TestServer, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Site;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[include = "**/*.html"]
struct Docs;

fn app() -> Router {
    Router::new()
        .route("/api/health", get(|| async { "ok" }))
        .nest_service("/static", Site::router())
        .nest_service("/docs", Docs::router())
}

fn server() -> TestServer {
    TestServer::start_with(|listener| async move {
        let _ = axum::serve(listener, app()).await;
    })
}

#[test]
fn nested_router_serves_assets_under_the_mount_point_with_their_headers() {
    let server = server();
    let reply = server.get("/static/hello.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"Hello, world!\n");
    let asset = Site::get("hello.txt").unwrap();
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("content-length"), Some("14"));
    assert_eq!(reply.header("etag"), Some(asset.etag()));
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
}

#[test]
fn nested_router_negotiates_brotli_when_the_build_embeds_it() {
    let server = server();
    let reply = server.request(
        Method::GET,
        "/static/css/site.css",
        &[("accept-encoding", "gzip, br")],
    );
    assert_eq!(reply.status, 200);
    let css = Site::get("css/site.css").unwrap();
    if EMBEDDED {
        assert_eq!(reply.header("content-encoding"), Some("br"));
        assert_eq!(reply.header("vary"), Some("accept-encoding"));
        assert_eq!(
            reply.body,
            css.encoded(static_embed::Encoding::Brotli).unwrap()
        );
    } else {
        assert_eq!(reply.header("content-encoding"), None);
        assert_eq!(reply.body, css.bytes());
    }
}

#[test]
fn nested_router_answers_conditional_range_and_head_requests() {
    let server = server();
    let etag = Site::get("hello.txt").unwrap().etag().to_owned();
    let not_modified = server.request(
        Method::GET,
        "/static/hello.txt",
        &[("if-none-match", &etag)],
    );
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());

    let partial = server.request(Method::GET, "/static/hello.txt", &[("range", "bytes=0-4")]);
    assert_eq!(partial.status, 206);
    assert_eq!(partial.body, b"Hello");
    assert_eq!(partial.header("content-range"), Some("bytes 0-4/14"));

    let head = server.request(Method::HEAD, "/static/hello.txt", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("14"));
    assert!(head.body.is_empty());
}

#[test]
fn two_asset_types_mount_side_by_side_next_to_app_routes() {
    let server = server();
    assert_eq!(server.get("/api/health").text(), "ok");
    assert_eq!(server.get("/docs/sub/index.html").status, 200);
    // `Docs` only includes HTML.
    assert_eq!(server.get("/docs/hello.txt").status, 404);
    assert_eq!(server.get("/static/hello.txt").status, 200);
    let index = server.get("/docs/");
    assert_eq!(index.status, 200);
    assert_eq!(index.body, Docs::get("index.html").unwrap().bytes());
}

#[test]
fn missing_files_and_traversal_attempts_get_client_errors() {
    let server = server();
    assert_eq!(server.get("/static/missing.txt").status, 404);
    for attack in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/outside/secret.txt",
        "/static/link-outside/secret.txt",
        "/static/..%2f..%2fCargo.toml",
        "/static/.env",
    ] {
        let reply = server.get(attack);
        assert!(reply.status.is_client_error(), "{attack}: {}", reply.status);
        assert_ne!(reply.body, b"outside the folder\n");
    }
}
