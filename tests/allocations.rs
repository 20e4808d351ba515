//! Looking an asset up in an embedded table allocates nothing once the file
//! has been looked up (its first lookup boxes its header values), and
//! answering a request allocates only the response's `HeaderMap`; counted
//! with a global allocator, so the check is exact rather than timed.

use http::Request;
use static_embed::{Encoding, StaticAssets};
use static_embed_suite::{BASIC_KEYS, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Basic;

/// Counts only the calling thread's allocations (the crate installs its own
/// global allocator), so the test harness and parallel tests never show up
/// in a count.
fn allocations_during(work: impl FnOnce()) -> u64 {
    allocation_counter::measure(work).count_total
}

#[test]
fn get_and_clone_allocate_nothing_in_embedded_builds_and_read_the_disk_otherwise() {
    let get_all = || {
        for key in BASIC_KEYS {
            let asset = Basic::get(key).unwrap();
            let copy = asset.clone();
            assert_eq!(copy.to_bytes().len(), asset.len());
            assert!(Basic::get("missing.txt").is_none());
        }
    };
    let first = allocations_during(get_all);
    let again = allocations_during(get_all);
    let files = BASIC_KEYS.len() as u64;
    if EMBEDDED {
        // At most one box per file: another test may have looked some up.
        assert!(first <= files, "{first}");
        assert_eq!(again, 0);
    } else {
        // Each disk read allocates at least the bytes it returns.
        assert!(first >= files, "{first}");
        assert!(again >= files, "{again}");
    }
}

#[test]
fn common_answers_allocate_only_the_two_blocks_of_their_header_map() {
    if !EMBEDDED {
        return;
    }
    let etag = Basic::get("css/site.css").unwrap();
    let etag = etag.etag_for(Encoding::Brotli).unwrap();
    let requests = [
        (
            "/css/site.css",
            vec![("accept-encoding", "gzip, deflate, br")],
        ),
        (
            "/css/site.css",
            vec![("accept-encoding", "br"), ("if-none-match", etag)],
        ),
        ("/%E4%BD%A0%E5%A5%BD%E4%B8%96%E7%95%8C.txt", vec![]),
        ("/", vec![]),
        ("/sub/", vec![]),
        ("/css/missing.css", vec![]),
        ("/missing", vec![]),
    ];
    for (path, headers) in requests {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let request = request.body(()).unwrap();
        // The first answer builds the shared default options.
        drop(Basic::respond(&request));
        let count = allocations_during(|| drop(Basic::respond(&request)));
        // The percent-encoded path decodes into one string.
        let expected = if path.contains('%') { 3 } else { 2 };
        assert_eq!(count, expected, "{path}");
    }
}
