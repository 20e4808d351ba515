//! Methods: GET and HEAD serve, OPTIONS answers, everything else is 405
//! (RFC 9110 §9.3, §15.5.6). Answered in process; HEAD against GET, where
//! the server's framing matters, is compared on a real connection in
//! `tests/http_wire.rs`.

use http::Method;
use static_embed::StaticAssets;
use static_embed_suite::InProcess;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

fn assets() -> InProcess {
    InProcess::new(Assets::respond)
}

#[test]
fn get_sends_the_bytes_with_every_representation_header() {
    let assets = assets();
    let asset = Assets::get("hello.txt").unwrap();
    let reply = assets.get("/hello.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"Hello, world!\n");
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("content-length"), Some("14"));
    assert_eq!(reply.header("etag"), Some(asset.etag()));
    assert!(reply.header("last-modified").unwrap().ends_with(" GMT"));
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("content-encoding"), None);
    assert_eq!(reply.header("vary"), None);
}

#[test]
fn an_empty_file_is_a_200_with_content_length_zero() {
    let reply = assets().get("/empty.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-length"), Some("0"));
    assert!(reply.body.is_empty());
}

#[test]
fn other_methods_are_405_with_allow() {
    let assets = assets();
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let reply = assets.request(method.clone(), "/hello.txt", &[]);
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method}");
        assert_eq!(reply.text(), "405 Method Not Allowed\n");
    }
}

#[test]
fn options_is_answered_with_204_and_allow() {
    let reply = assets().request(Method::OPTIONS, "/hello.txt", &[]);
    assert_eq!(reply.status, 204);
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    assert_eq!(reply.header("access-control-allow-methods"), None);
    assert!(reply.body.is_empty());
}
