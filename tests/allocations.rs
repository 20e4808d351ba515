//! Looking an asset up in an embedded table allocates nothing; counted with
//! a global allocator, so the check is exact rather than timed.

use static_embed::StaticAssets;
use static_embed_suite::{BASIC_KEYS, EMBEDDED};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Basic;

fn allocations_during(work: impl FnOnce()) -> u64 {
    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get().total_blocks;
    work();
    dhat::HeapStats::get().total_blocks - before
}

#[test]
fn get_and_clone_allocate_nothing_in_embedded_builds_and_read_the_disk_otherwise() {
    let count = allocations_during(|| {
        for key in BASIC_KEYS {
            let asset = Basic::get(key).unwrap();
            let copy = asset.clone();
            assert_eq!(copy.to_bytes().len(), asset.len());
            assert!(Basic::get("missing.txt").is_none());
        }
    });
    if EMBEDDED {
        assert_eq!(count, 0);
    } else {
        // Each disk read allocates at least the bytes it returns.
        assert!(count >= BASIC_KEYS.len() as u64, "{count}");
    }
}
