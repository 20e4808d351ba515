//! Behaviour every framework integration must show, checked over a real
//! socket: the app under test mounts [`Site`] at `/static` and [`Docs`] at
//! `/docs` (and may have routes of its own). `tests/axum.rs`,
//! `tests/warp.rs` and `tests/actix.rs` run every check with their own
//! server through [`mounted_scenarios!`](crate::mounted_scenarios).

use http::Method;
use static_embed::{Encoding, StaticAssets};

use crate::{TestServer, EMBEDDED};

/// Expands to one `#[test]` per scenario of [`mounted`](crate::mounted),
/// named after it, each against a fresh server from `$server()`:
/// `static_embed_suite::mounted_scenarios!(server);` in a test file whose
/// `fn server() -> TestServer` starts the app under test. A file testing
/// several setups calls it once per setup, each in a module of its own.
#[macro_export]
macro_rules! mounted_scenarios {
    ($server:path) => {
        $crate::mounted_scenarios!(@tests $server;
            the_mount_point_without_its_slash_redirects_to_its_slash_form,
            an_asset_under_the_mount_point_is_served_with_its_exact_bytes_and_headers,
            compressed_copies_are_negotiated_and_vary_on_accept_encoding,
            a_matching_if_none_match_gets_a_304_without_a_body,
            a_range_gets_a_206_with_those_bytes,
            several_ranges_get_a_multipart_206_with_every_part,
            head_gets_the_get_headers_and_no_body,
            folders_redirect_to_their_slash_form_under_the_prefix_and_serve_their_index,
            two_asset_types_are_served_side_by_side_next_to_app_routes,
            other_methods_on_an_existing_asset_are_answered_405_with_allow,
            traversal_attempts_get_client_errors,
        );
    };
    (@tests $server:path; $($scenario:ident,)*) => {
        $($crate::mounted_scenarios!(@test $server, $scenario);)*
    };
    (@test $server:path, $scenario:ident) => {
        #[test]
        fn $scenario() {
            $crate::mounted::$scenario(&$server());
        }
    };
}

/// The fixture folder, as served at `/static`.
#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
pub struct Site;

/// Only the HTML of the fixture folder, as served at `/docs`.
#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[include = "**/*.html"]
pub struct Docs;

/// An asset under the mount point is served with its exact bytes and headers.
pub fn an_asset_under_the_mount_point_is_served_with_its_exact_bytes_and_headers(
    server: &TestServer,
) {
    let reply = server.get("/static/hello.txt");
    let asset = Site::get("hello.txt").unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, asset.bytes());
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("content-length"), Some("14"));
    assert_eq!(reply.header("etag"), Some(asset.etag()));
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
}

/// Compressed copies are negotiated and vary on accept encoding.
pub fn compressed_copies_are_negotiated_and_vary_on_accept_encoding(server: &TestServer) {
    let css = Site::get("css/site.css").unwrap();
    let reply = server.request(
        Method::GET,
        "/static/css/site.css",
        &[("accept-encoding", "gzip, br")],
    );
    assert_eq!(reply.status, 200);
    // Embedded builds compress the fixture's CSS; disk reads compress nothing.
    assert_eq!(css.encoded(Encoding::Brotli).is_some(), EMBEDDED);
    match css.encoded(Encoding::Brotli) {
        Some(brotli) => {
            assert_eq!(reply.header("content-encoding"), Some("br"));
            assert_eq!(reply.header("vary"), Some("accept-encoding"));
            assert_eq!(reply.header("etag"), css.etag_for(Encoding::Brotli));
            assert_eq!(reply.body, brotli);
        }
        None => {
            assert_eq!(reply.header("content-encoding"), None);
            assert_eq!(reply.header("vary"), None);
            assert_eq!(reply.body, css.bytes());
        }
    }
    let identity = server.get("/static/css/site.css");
    assert_eq!(identity.body, css.bytes());
    assert_eq!(identity.header("etag"), Some(css.etag()));
    let vary = EMBEDDED.then_some("accept-encoding");
    assert_eq!(identity.header("vary"), vary);
}

/// A matching if none match gets a 304 without a body.
pub fn a_matching_if_none_match_gets_a_304_without_a_body(server: &TestServer) {
    let etag = Site::get("hello.txt").unwrap().etag().to_owned();
    let reply = server.request(
        Method::GET,
        "/static/hello.txt",
        &[("if-none-match", &etag)],
    );
    assert_eq!(reply.status, 304);
    assert_eq!(reply.header("etag"), Some(etag.as_str()));
    assert!(reply.body.is_empty());
}

/// A range gets a 206 with those bytes.
pub fn a_range_gets_a_206_with_those_bytes(server: &TestServer) {
    let reply = server.request(Method::GET, "/static/hello.txt", &[("range", "bytes=7-11")]);
    assert_eq!(reply.status, 206);
    assert_eq!(reply.body, b"world");
    assert_eq!(reply.header("content-range"), Some("bytes 7-11/14"));
    assert_eq!(reply.header("content-length"), Some("5"));
}

/// Several ranges get a multipart 206 with every part.
pub fn several_ranges_get_a_multipart_206_with_every_part(server: &TestServer) {
    let reply = server.request(
        Method::GET,
        "/static/css/site.css",
        &[("range", "bytes=0-9, 100-109")],
    );
    assert_eq!(reply.status, 206);
    let content_type = reply.header("content-type").unwrap();
    assert!(content_type.starts_with("multipart/byteranges; boundary="));
    assert_eq!(
        reply.header("content-length"),
        Some(reply.body.len().to_string().as_str())
    );
    let css = Site::get("css/site.css").unwrap();
    let len = css.len();
    let body = reply.text();
    for (first, last) in [(0, 9), (100, 109)] {
        assert!(body.contains(&format!("bytes {first}-{last}/{len}")));
        let part = std::str::from_utf8(&css.bytes()[first..=last]).unwrap();
        assert!(body.contains(&format!("\r\n\r\n{part}\r\n")), "{part:?}");
    }
}

/// Head gets the get headers and no body.
pub fn head_gets_the_get_headers_and_no_body(server: &TestServer) {
    let reply = server.request(Method::HEAD, "/static/hello.txt", &[]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-length"), Some("14"));
    assert_eq!(
        reply.header("etag"),
        Some(Site::get("hello.txt").unwrap().etag())
    );
    assert!(reply.body.is_empty());
}

/// Folders redirect to their slash form under the prefix and serve their
/// index there.
pub fn folders_redirect_to_their_slash_form_under_the_prefix_and_serve_their_index(
    server: &TestServer,
) {
    let reply = server.get("/static/sub?lang=en");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("./sub/?lang=en"));
    let reply = server.get("/static/");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Site::get("index.html").unwrap().bytes());
    let reply = server.get("/static/sub/");
    assert_eq!(reply.body, Site::get("sub/index.html").unwrap().bytes());
}

/// The mount point without its slash redirects to its slash form, so that
/// the index's relative links resolve below it.
pub fn the_mount_point_without_its_slash_redirects_to_its_slash_form(server: &TestServer) {
    let reply = server.get("/static");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("/static/"));
}

/// Two asset types are served side by side next to app routes.
pub fn two_asset_types_are_served_side_by_side_next_to_app_routes(server: &TestServer) {
    assert_eq!(server.get("/api/health").text(), "ok");
    let docs = server.get("/docs/sub/index.html");
    assert_eq!(docs.status, 200);
    assert_eq!(docs.body, Docs::get("sub/index.html").unwrap().bytes());
    // `Docs` only includes HTML.
    assert_eq!(server.get("/docs/hello.txt").status, 404);
    assert_eq!(server.get("/static/hello.txt").status, 200);
    assert_eq!(
        server.get("/docs/").body,
        Docs::get("index.html").unwrap().bytes()
    );
}

/// Other methods on an existing asset are answered 405 with allow.
pub fn other_methods_on_an_existing_asset_are_answered_405_with_allow(server: &TestServer) {
    let reply = server.request(Method::POST, "/static/hello.txt", &[]);
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
}

/// Traversal attempts get client errors.
pub fn traversal_attempts_get_client_errors(server: &TestServer) {
    for attack in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/outside/secret.txt",
        "/static/..%2f..%2fCargo.toml",
        "/static/link-outside/secret.txt",
        "/static//etc/passwd",
        "/static/.env",
        "/docs/../static/hello.txt",
    ] {
        let reply = server.get(attack);
        assert!(reply.status.is_client_error(), "{attack}: {}", reply.status);
        assert_ne!(reply.body, b"outside the folder\n");
    }
}
