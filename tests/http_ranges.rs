//! Range requests (RFC 9110 §14), answered in process. `hello.txt` is
//! `Hello, world!\n`, 14 bytes.

use http::Method;
use static_embed::StaticAssets;
use static_embed_suite::{InProcess, Reply, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

fn assets() -> InProcess {
    InProcess::new(Assets::respond)
}

fn hello(headers: &[(&str, &str)]) -> Reply {
    assets().request(Method::GET, "/hello.txt", headers)
}

#[track_caller]
fn assert_partial(reply: &Reply, content_range: &str, body: &str) {
    assert_eq!(reply.status, 206);
    assert_eq!(reply.header("content-range"), Some(content_range));
    assert_eq!(
        reply.header("content-length"),
        Some(&*body.len().to_string())
    );
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        reply.header("etag"),
        Some(Assets::get("hello.txt").unwrap().etag())
    );
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
    assert_eq!(reply.text(), body);
}

#[track_caller]
fn assert_whole(reply: &Reply) {
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-range"), None);
    assert_eq!(reply.header("content-length"), Some("14"));
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
    assert_eq!(reply.text(), "Hello, world!\n");
}

#[test]
fn a_single_range_is_206_with_content_range() {
    assert_partial(&hello(&[("range", "bytes=0-4")]), "bytes 0-4/14", "Hello");
    assert_partial(&hello(&[("range", "bytes=7-11")]), "bytes 7-11/14", "world");
}

#[test]
fn a_suffix_range_serves_the_last_bytes() {
    assert_partial(&hello(&[("range", "bytes=-6")]), "bytes 8-13/14", "orld!\n");
    assert_partial(
        &hello(&[("range", "bytes=-100")]),
        "bytes 0-13/14",
        "Hello, world!\n",
    );
}

#[test]
fn an_open_ended_range_serves_to_the_end() {
    assert_partial(
        &hello(&[("range", "bytes=7-")]),
        "bytes 7-13/14",
        "world!\n",
    );
    assert_partial(
        &hello(&[("range", "bytes=10-99")]),
        "bytes 10-13/14",
        "ld!\n",
    );
}

#[test]
fn a_range_past_the_end_is_416_with_the_current_length() {
    for range in ["bytes=14-", "bytes=-0", "bytes=20-30, 40-50"] {
        let reply = hello(&[("range", range)]);
        assert_eq!(reply.status, 416, "{range}");
        assert_eq!(reply.header("content-range"), Some("bytes */14"));
        assert!(reply.body.is_empty());
    }
    let empty = assets().request(Method::GET, "/empty.txt", &[("range", "bytes=0-")]);
    assert_eq!(empty.status, 416);
    assert_eq!(empty.header("content-range"), Some("bytes */0"));
}

#[test]
fn a_malformed_range_or_another_unit_is_ignored() {
    for range in [
        "bytes=5-1",
        "bytes=x-y",
        "bytes=+1-2",
        "items=0-1",
        "bytes=",
    ] {
        assert_whole(&hello(&[("range", range)]));
    }
}

#[test]
fn head_ignores_range() {
    let reply = assets().request(Method::HEAD, "/hello.txt", &[("range", "bytes=0-4")]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-length"), Some("14"));
    assert_eq!(reply.header("content-range"), None);
}

#[test]
fn overlapping_and_adjacent_ranges_are_merged_into_one() {
    assert_partial(
        &hello(&[("range", "bytes=0-4, 2-8")]),
        "bytes 0-8/14",
        "Hello, wo",
    );
    assert_partial(
        &hello(&[("range", "bytes=5-6,0-4")]),
        "bytes 0-6/14",
        "Hello, ",
    );
}

#[test]
fn several_ranges_are_sent_as_multipart_byteranges() {
    let css = Assets::get("css/site.css").unwrap();
    let reply = assets().request(
        Method::GET,
        "/css/site.css",
        &[("range", "bytes=100-109, 0-9")],
    );
    assert_eq!(reply.status, 206);
    let content_type = reply.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap();
    assert!(boundary.starts_with("static-embed-"));
    let len = css.len();
    let bytes = css.bytes();
    let mut expected = Vec::new();
    for (index, (start, end)) in [(0, 9), (100, 109)].into_iter().enumerate() {
        let separator = if index == 0 { "" } else { "\r\n" };
        expected.extend_from_slice(
            format!(
                "{separator}--{boundary}\r\nContent-Type: text/css; charset=utf-8\r\n\
                 Content-Range: bytes {start}-{end}/{len}\r\n\r\n"
            )
            .as_bytes(),
        );
        expected.extend_from_slice(&bytes[start..=end]);
    }
    expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&reply.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(
        reply.header("content-length"),
        Some(&*expected.len().to_string())
    );
    assert_eq!(reply.header("content-range"), None);
    assert_eq!(reply.header("etag"), Some(css.etag()));
}

#[test]
fn multipart_that_would_outweigh_the_file_is_answered_with_the_whole_file() {
    assert_whole(&hello(&[("range", "bytes=0-0, 2-2, 4-4")]));
}

#[test]
fn more_than_sixteen_ranges_are_answered_with_the_whole_file() {
    let ranges: Vec<String> = (0..17)
        .map(|i| format!("{}-{}", i * 1000, i * 1000))
        .collect();
    let range = format!("bytes={}", ranges.join(","));
    let reply = assets().request(Method::GET, "/css/site.css", &[("range", &range)]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Assets::get("css/site.css").unwrap().bytes());
}

#[test]
fn if_range_with_the_current_etag_or_date_serves_the_range() {
    let etag = Assets::get("hello.txt").unwrap().etag().to_owned();
    let last_modified = assets()
        .get("/hello.txt")
        .header("last-modified")
        .unwrap()
        .to_owned();
    for validator in [etag.as_str(), last_modified.as_str()] {
        let reply = hello(&[("range", "bytes=0-4"), ("if-range", validator)]);
        assert_partial(&reply, "bytes 0-4/14", "Hello");
    }
}

#[test]
fn if_range_with_another_validator_serves_the_whole_file() {
    let etag = Assets::get("hello.txt").unwrap().etag().to_owned();
    let weak = format!("W/{etag}");
    for validator in [
        "\"other\"",
        weak.as_str(),
        "Sun, 06 Nov 1994 08:49:37 GMT",
        "junk",
    ] {
        assert_whole(&hello(&[("range", "bytes=0-4"), ("if-range", validator)]));
    }
}

#[test]
fn ranges_are_served_from_the_identity_representation_even_when_brotli_is_accepted() {
    let css = Assets::get("css/site.css").unwrap();
    let headers = [("accept-encoding", "br, gzip"), ("range", "bytes=0-9")];
    let reply = assets().request(Method::GET, "/css/site.css", &headers);
    assert_eq!(reply.status, 206);
    assert_eq!(reply.header("content-encoding"), None);
    assert_eq!(reply.header("etag"), Some(css.etag()));
    assert_eq!(reply.header("vary"), EMBEDDED.then_some("accept-encoding"));
    assert_eq!(reply.body, &css.bytes()[..10]);
    assert_eq!(
        reply.header("content-range"),
        Some(&*format!("bytes 0-9/{}", css.len()))
    );
}

#[test]
fn a_range_request_that_refuses_identity_gets_the_whole_coded_representation() {
    let headers = [
        ("accept-encoding", "gzip, identity;q=0"),
        ("range", "bytes=0-9"),
    ];
    let reply = assets().request(Method::GET, "/css/site.css", &headers);
    if EMBEDDED {
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-encoding"), Some("gzip"));
        assert_eq!(reply.header("content-range"), None);
    } else {
        assert_eq!(reply.status, 406);
    }
}

#[test]
fn preconditions_are_checked_before_ranges() {
    let etag = Assets::get("hello.txt").unwrap().etag().to_owned();
    let reply = hello(&[("range", "bytes=0-4"), ("if-none-match", &etag)]);
    assert_eq!(reply.status, 304);
    let reply = hello(&[("range", "bytes=99-"), ("if-match", "\"other\"")]);
    assert_eq!(reply.status, 412);
}
