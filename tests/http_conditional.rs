//! Validators and preconditions (RFC 9110 §8.8, §13): ETag per
//! representation, 304 and 412, in the order of §13.2.2. Answered in
//! process; `tests/http_wire.rs` checks what crosses a real connection.

use http::Method;
use static_embed::{Encoding, StaticAssets};
use static_embed_suite::{InProcess, Reply, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

const LONG_AGO: &str = "Sun, 06 Nov 1994 08:49:37 GMT";
const FAR_FUTURE: &str = "Fri, 01 Jan 2100 00:00:00 GMT";

struct Hello {
    assets: InProcess,
    etag: String,
    last_modified: String,
}

fn hello() -> Hello {
    let assets = InProcess::new(Assets::respond);
    let first = assets.get("/hello.txt");
    Hello {
        etag: first.header("etag").unwrap().to_owned(),
        last_modified: first.header("last-modified").unwrap().to_owned(),
        assets,
    }
}

impl Hello {
    fn get(&self, headers: &[(&str, &str)]) -> Reply {
        self.assets.request(Method::GET, "/hello.txt", headers)
    }
}

#[track_caller]
fn assert_not_modified(reply: &Reply, etag: &str, last_modified: &str) {
    assert_eq!(reply.status, 304);
    assert_eq!(reply.header("etag"), Some(etag));
    assert_eq!(reply.header("last-modified"), Some(last_modified));
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert_eq!(reply.header("content-type"), None);
    assert_eq!(reply.header("content-encoding"), None);
    assert!(reply.body.is_empty());
}

#[test]
fn the_etag_is_strong_and_the_one_of_the_asset() {
    let hello = hello();
    assert_eq!(hello.etag, Assets::get("hello.txt").unwrap().etag());
    assert!(hello.etag.starts_with('"') && !hello.etag.starts_with("W/"));
}

#[test]
fn if_none_match_with_the_current_etag_is_304_with_validators_and_no_body() {
    let hello = hello();
    let reply = hello.get(&[("if-none-match", &hello.etag)]);
    assert_not_modified(&reply, &hello.etag, &hello.last_modified);
    let head = hello.assets.request(
        Method::HEAD,
        "/hello.txt",
        &[("if-none-match", &hello.etag)],
    );
    assert_eq!(head.status, 304);
}

#[test]
fn if_none_match_uses_weak_comparison_over_lists_and_star() {
    let hello = hello();
    let weak = format!("W/{}", hello.etag);
    let list = format!("\"other\", {weak}");
    for value in [weak.as_str(), list.as_str(), "*"] {
        let reply = hello.get(&[("if-none-match", value)]);
        assert_not_modified(&reply, &hello.etag, &hello.last_modified);
    }
    let lines = hello.get(&[("if-none-match", "\"a\""), ("if-none-match", &hello.etag)]);
    assert_eq!(lines.status, 304);
}

#[test]
fn if_none_match_with_another_etag_is_200() {
    let reply = hello().get(&[("if-none-match", "\"other\", W/\"another\"")]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "Hello, world!\n");
}

#[test]
fn if_modified_since_the_last_modification_is_304() {
    let hello = hello();
    for since in [hello.last_modified.as_str(), FAR_FUTURE] {
        let reply = hello.get(&[("if-modified-since", since)]);
        assert_not_modified(&reply, &hello.etag, &hello.last_modified);
    }
}

#[test]
fn if_modified_since_an_earlier_date_is_200() {
    assert_eq!(hello().get(&[("if-modified-since", LONG_AGO)]).status, 200);
}

#[test]
fn an_invalid_if_modified_since_is_ignored() {
    let reply = hello().get(&[("if-modified-since", "yesterday")]);
    assert_eq!(reply.status, 200);
}

#[test]
fn if_none_match_takes_precedence_over_if_modified_since() {
    let hello = hello();
    let reply = hello.get(&[
        ("if-none-match", "\"other\""),
        ("if-modified-since", FAR_FUTURE),
    ]);
    assert_eq!(reply.status, 200);
    let reply = hello.get(&[
        ("if-none-match", &hello.etag),
        ("if-modified-since", LONG_AGO),
    ]);
    assert_eq!(reply.status, 304);
}

#[test]
fn if_match_uses_strong_comparison_and_fails_with_412() {
    let hello = hello();
    let weak = format!("W/{}", hello.etag);
    for value in ["\"other\"", weak.as_str()] {
        let reply = hello.get(&[("if-match", value)]);
        assert_eq!(reply.status, 412, "{value}");
        assert!(reply.body.is_empty());
    }
    let list = format!("\"other\", {}", hello.etag);
    for value in [hello.etag.as_str(), list.as_str(), "*"] {
        assert_eq!(hello.get(&[("if-match", value)]).status, 200, "{value}");
    }
}

#[test]
fn if_unmodified_since_an_earlier_date_is_412() {
    let hello = hello();
    assert_eq!(hello.get(&[("if-unmodified-since", LONG_AGO)]).status, 412);
    assert_eq!(
        hello
            .get(&[("if-unmodified-since", &hello.last_modified)])
            .status,
        200
    );
}

#[test]
fn if_match_takes_precedence_over_if_unmodified_since() {
    let hello = hello();
    let reply = hello.get(&[("if-match", &hello.etag), ("if-unmodified-since", LONG_AGO)]);
    assert_eq!(reply.status, 200);
}

#[test]
fn a_failed_if_match_wins_over_a_matching_if_none_match() {
    let hello = hello();
    let reply = hello.get(&[("if-match", "\"other\""), ("if-none-match", &hello.etag)]);
    assert_eq!(reply.status, 412);
}

#[test]
fn each_representation_is_validated_by_its_own_etag() {
    let assets = InProcess::new(Assets::respond);
    let css = Assets::get("css/site.css").unwrap();
    let identity = css.etag();
    let brotli = css.etag_for(Encoding::Brotli).unwrap_or(identity);
    let br = [("accept-encoding", "br"), ("if-none-match", brotli)];
    let reply = assets.request(Method::GET, "/css/site.css", &br);
    assert_eq!(reply.status, 304);
    assert_eq!(reply.header("etag"), Some(brotli));
    assert_eq!(reply.header("vary"), EMBEDDED.then_some("accept-encoding"));
    let plain = [("if-none-match", brotli)];
    let reply = assets.request(Method::GET, "/css/site.css", &plain);
    assert_eq!(reply.status, if EMBEDDED { 200 } else { 304 });
    assert_eq!(reply.header("etag"), Some(identity));
}
