//! Accept-Encoding (RFC 9110 §12.5.3), answered in process. `css/site.css`
//! has brotli and gzip copies in embedded builds only; `hello.txt` never has.

use static_embed::{Encoding, StaticAssets};
use static_embed_suite::{InProcess, Reply, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

fn css(accept_encoding: &str) -> Reply {
    let assets = InProcess::new(Assets::respond);
    assets.request(
        http::Method::GET,
        "/css/site.css",
        &[("accept-encoding", accept_encoding)],
    )
}

/// Asserts `reply` is a 200 of the css in `encoding`, or in identity when
/// this build stores no copies.
#[track_caller]
fn assert_served_in(reply: &Reply, encoding: Encoding) {
    let asset = Assets::get("css/site.css").unwrap();
    let encoding = if EMBEDDED {
        encoding
    } else {
        Encoding::Identity
    };
    let bytes = asset.encoded(encoding).unwrap();
    assert_eq!(reply.status, 200);
    assert!(reply.body == bytes, "body is not the {encoding:?} copy");
    assert_eq!(
        reply.header("content-length"),
        Some(&*bytes.len().to_string())
    );
    assert_eq!(reply.header("etag"), asset.etag_for(encoding));
    assert_eq!(
        reply.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    let coding = (encoding != Encoding::Identity).then(|| encoding.token());
    assert_eq!(reply.header("content-encoding"), coding);
    assert_eq!(reply.header("vary"), EMBEDDED.then_some("accept-encoding"));
}

#[test]
fn brotli_is_preferred_among_equally_weighted_codings() {
    assert_served_in(&css("gzip, deflate, br, zstd"), Encoding::Brotli);
}

#[test]
fn gzip_is_served_to_clients_that_only_accept_gzip() {
    assert_served_in(&css("gzip"), Encoding::Gzip);
    assert_served_in(&css("x-gzip"), Encoding::Gzip);
}

#[test]
fn a_higher_weight_beats_the_server_preference() {
    assert_served_in(&css("br;q=0.5, gzip;q=0.8"), Encoding::Gzip);
    assert_served_in(&css("br;q=0.5, gzip;q=0.4"), Encoding::Brotli);
    assert_served_in(&css("br;q=0.1, identity"), Encoding::Identity);
}

#[test]
fn a_zero_weight_refuses_a_coding() {
    assert_served_in(&css("br;q=0, gzip"), Encoding::Gzip);
    assert_served_in(&css("br;q=0.000, gzip;q=0"), Encoding::Identity);
}

#[test]
fn codings_are_case_insensitive_and_spaces_around_semicolons_are_allowed() {
    assert_served_in(&css("BR ; Q=0 , GZip ;q=1.0"), Encoding::Gzip);
    assert_served_in(&css("  Br  "), Encoding::Brotli);
}

#[test]
fn star_accepts_every_coding_not_listed() {
    assert_served_in(&css("*"), Encoding::Brotli);
    assert_served_in(&css("br;q=0, *;q=0.5"), Encoding::Gzip);
}

#[test]
fn unknown_codings_and_malformed_weights_are_ignored() {
    assert_served_in(&css("compress, deflate, exi"), Encoding::Identity);
    assert_served_in(&css("br;q=2, gzip;q=abc, identity"), Encoding::Identity);
}

#[test]
fn no_accept_encoding_field_gets_identity() {
    let assets = InProcess::new(Assets::respond);
    assert_served_in(&assets.get("/css/site.css"), Encoding::Identity);
    assert_served_in(&css(""), Encoding::Identity);
}

#[test]
fn refusing_identity_is_406_only_when_no_stored_coding_is_acceptable() {
    let assets = InProcess::new(Assets::respond);
    for refusal in ["identity;q=0", "*;q=0", "zstd, identity;q=0"] {
        let reply = assets.request(
            http::Method::GET,
            "/hello.txt",
            &[("accept-encoding", refusal)],
        );
        assert_eq!(reply.status, 406, "{refusal}");
        assert_eq!(reply.text(), "406 Not Acceptable\n");
        assert_eq!(reply.header("vary"), None);
    }
    let reply = css("gzip, identity;q=0");
    if EMBEDDED {
        assert_served_in(&reply, Encoding::Gzip);
    } else {
        assert_eq!(reply.status, 406);
    }
    assert_served_in(&css("*;q=0, identity"), Encoding::Identity);
}

#[test]
fn vary_accept_encoding_is_on_every_response_for_a_resource_with_copies() {
    let assets = InProcess::new(Assets::respond);
    let vary = EMBEDDED.then_some("accept-encoding");
    let identity_etag = Assets::get("css/site.css").unwrap().etag().to_owned();
    let requests: [&[(&str, &str)]; 4] = [
        &[],
        &[("if-none-match", &identity_etag)],
        &[("range", "bytes=0-1")],
        &[("if-match", "\"other\"")],
    ];
    for headers in requests {
        let reply = assets.request(http::Method::GET, "/css/site.css", headers);
        assert_eq!(reply.header("vary"), vary, "{headers:?} → {}", reply.status);
    }
    assert_eq!(assets.get("/hello.txt").header("vary"), None);
}
