//! Lookup cost: nanoseconds per `get` on the same generated folders
//! (10, 1,000 and 3,000 files) for static-embed and rust-embed, in one run.
//!
//! Run `benches/run-lookup.sh`: it writes the folders
//! (`benches/gen-folders.sh`) and then runs `cargo bench --bench lookup`.
//! Results and how to read them: `benches/README.md`.
//!
//! Both derives are only compiled in release-like builds (`cargo bench`),
//! where both embed; a debug build (`cargo clippy --all-targets`) compiles a
//! stub that embeds nothing, so it needs no generated folder and does not
//! pre-compress thousands of files with an unoptimised macro.

#[cfg(not(debug_assertions))]
mod folders {
    //! One type per (crate, folder size); `allow_missing` so that a release
    //! build without the generated folders still compiles (the bench then
    //! stops with a hint instead of measuring empty tables).

    /// What the benchmarks need from either crate.
    pub(crate) trait Lookup {
        /// What `get` returns; dropped outside the timed section by divan.
        type Found;
        /// Every key of the folder, in the crate's own listing order.
        fn keys() -> Vec<String>;
        /// The crate's public lookup.
        fn get(key: &str) -> Option<Self::Found>;
    }

    macro_rules! pair {
        ($static_embed:ident, $rust_embed:ident, $folder:literal) => {
            #[derive(static_embed::StaticAssets)]
            #[folder = $folder]
            #[allow_missing = true]
            pub(crate) struct $static_embed;

            impl Lookup for $static_embed {
                type Found = static_embed::Asset;
                fn keys() -> Vec<String> {
                    <Self as static_embed::StaticAssets>::iter()
                        .map(|k| k.into_owned())
                        .collect()
                }
                fn get(key: &str) -> Option<Self::Found> {
                    <Self as static_embed::StaticAssets>::get(key)
                }
            }

            #[derive(rust_embed::RustEmbed)]
            #[folder = $folder]
            #[allow_missing = true]
            pub(crate) struct $rust_embed;

            impl Lookup for $rust_embed {
                type Found = rust_embed::EmbeddedFile;
                fn keys() -> Vec<String> {
                    <Self as rust_embed::RustEmbed>::iter()
                        .map(|k| k.into_owned())
                        .collect()
                }
                fn get(key: &str) -> Option<Self::Found> {
                    <Self as rust_embed::RustEmbed>::get(key)
                }
            }
        };
    }

    pair!(StaticEmbed10, RustEmbed10, "target/bench-folders/files-10");
    pair!(
        StaticEmbed1000,
        RustEmbed1000,
        "target/bench-folders/files-1000"
    );
    pair!(
        StaticEmbed3000,
        RustEmbed3000,
        "target/bench-folders/files-3000"
    );
}

#[cfg(not(debug_assertions))]
mod bench {
    use divan::{black_box, Bencher};

    use crate::folders::*;

    /// The keys every benchmark of a folder cycles through: all of them, in
    /// a fixed shuffled order (so successive lookups do not walk the table
    /// in memory order), the same for both crates.
    fn shuffled_keys<T: Lookup>(expected: usize) -> Vec<String> {
        let mut keys = T::keys();
        assert_eq!(
            keys.len(),
            expected,
            "{}: the generated folder is missing or stale; run benches/run-lookup.sh",
            std::any::type_name::<T>()
        );
        keys.sort();
        // Fisher-Yates with a fixed xorshift seed: deterministic.
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for i in (1..keys.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            keys.swap(i, (state % (i as u64 + 1)) as usize);
        }
        keys
    }

    /// Folder size of each benchmarked type.
    trait Size {
        const FILES: usize;
    }
    macro_rules! size {
        ($($ty:ident = $n:literal),*) => { $(impl Size for $ty { const FILES: usize = $n; })* };
    }
    size!(
        StaticEmbed10 = 10,
        RustEmbed10 = 10,
        StaticEmbed1000 = 1000,
        RustEmbed1000 = 1000,
        StaticEmbed3000 = 3000,
        RustEmbed3000 = 3000
    );

    /// One `get` of an existing key per iteration, cycling through every key.
    #[divan::bench(types = [StaticEmbed10, RustEmbed10, StaticEmbed1000, RustEmbed1000, StaticEmbed3000, RustEmbed3000])]
    fn hit<T: Lookup + Size>(bencher: Bencher<'_, '_>) {
        let keys = shuffled_keys::<T>(T::FILES);
        for key in &keys {
            assert!(T::get(key).is_some(), "{key} not found");
        }
        let mut next = 0;
        bencher.bench_local(|| {
            let key = keys[next].as_str();
            next = if next + 1 == keys.len() { 0 } else { next + 1 };
            T::get(black_box(key))
        });
    }

    /// One `get` of a key that is not in the folder (a plausible miss: same
    /// folder, same extension, a name that does not exist).
    #[divan::bench(types = [StaticEmbed10, RustEmbed10, StaticEmbed1000, RustEmbed1000, StaticEmbed3000, RustEmbed3000])]
    fn miss<T: Lookup + Size>(bencher: Bencher<'_, '_>) {
        let _ = shuffled_keys::<T>(T::FILES);
        let key = "assets/js/chunk-ffff.js";
        assert!(T::get(key).is_none());
        bencher.bench_local(|| T::get(black_box(key)));
    }
}

fn main() {
    #[cfg(not(debug_assertions))]
    divan::main();
    #[cfg(debug_assertions)]
    eprintln!("the lookup benchmarks embed in release builds only: run benches/run-lookup.sh");
}
