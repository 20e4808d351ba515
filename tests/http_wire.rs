//! What `respond` answers, as it crosses a real HTTP/1.1 connection
//! (hyper's server and client): the framing that the in-process tests
//! (`tests/http_*.rs`) cannot see. Every answer with content goes with its
//! exact `Content-Length`, never chunked; HEAD keeps GET's fields and sends
//! no body; a 204 or 304 has neither a body nor a `Content-Length`
//! (RFC 9110 §8.6, §9.3.2; RFC 9112 §6.3).

use http::{HeaderMap, Method};
use static_embed::StaticAssets;
use static_embed_suite::{Reply, TestServer};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

fn server() -> TestServer {
    TestServer::start(|request| Assets::respond(&request))
}

/// `Date` is the server's clock, which may tick between two requests.
fn without_date(mut headers: HeaderMap) -> HeaderMap {
    headers.remove(http::header::DATE);
    headers
}

/// A method, a path and header fields.
type Case<'a> = (Method, &'a str, &'a [(&'a str, &'a str)]);

#[track_caller]
fn assert_framed_by_content_length(reply: &Reply, case: &str) {
    let length = reply.body.len().to_string();
    assert_eq!(reply.header("content-length"), Some(&*length), "{case}");
    assert_eq!(reply.header("transfer-encoding"), None, "{case}");
}

#[test]
fn every_answer_with_content_is_sent_with_its_content_length_and_never_chunked() {
    let server = server();
    let cases: [Case<'_>; 10] = [
        (Method::GET, "/hello.txt", &[]),
        (Method::GET, "/empty.txt", &[]),
        (Method::GET, "/css/site.css", &[("accept-encoding", "br")]),
        (Method::GET, "/css/site.css", &[("accept-encoding", "gzip")]),
        (Method::GET, "/hello.txt", &[("range", "bytes=0-4")]),
        (
            Method::GET,
            "/css/site.css",
            &[("range", "bytes=0-9, 100-109")],
        ),
        (Method::GET, "/missing.txt", &[]),
        (Method::GET, "/sub", &[]),
        (Method::GET, "/hello.txt", &[("if-match", "\"other\"")]),
        (Method::POST, "/hello.txt", &[]),
    ];
    for (method, path, headers) in cases {
        let reply = server.request(method.clone(), path, headers);
        assert_framed_by_content_length(&reply, &format!("{method} {path} {headers:?}"));
    }
}

#[test]
fn head_sends_the_same_headers_as_get_and_no_body() {
    let server = server();
    for path in ["/hello.txt", "/css/site.css", "/missing.txt"] {
        let get = server.get(path);
        let head = server.request(Method::HEAD, path, &[]);
        assert_eq!(head.status, get.status, "{path}");
        assert_eq!(
            without_date(head.headers),
            without_date(get.headers),
            "{path}"
        );
        assert!(head.body.is_empty(), "{path}");
    }
    let head = server.request(Method::HEAD, "/hello.txt", &[]);
    assert_eq!(head.header("content-length"), Some("14"));
}

#[test]
fn a_304_and_a_204_have_no_body_and_no_content_length() {
    let server = server();
    let etag = Assets::get("hello.txt").unwrap().etag().to_owned();
    let not_modified = [("if-none-match", etag.as_str())];
    let replies = [
        server.request(Method::GET, "/hello.txt", &not_modified),
        server.request(Method::HEAD, "/hello.txt", &not_modified),
        server.request(Method::OPTIONS, "/hello.txt", &[]),
    ];
    for reply in replies {
        let status = reply.status;
        assert!(matches!(status.as_u16(), 204 | 304), "{status}");
        assert_eq!(reply.header("content-length"), None, "{status}");
        assert_eq!(reply.header("transfer-encoding"), None, "{status}");
        assert!(reply.body.is_empty(), "{status}");
    }
}
