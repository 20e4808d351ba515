//! Helpers for the embedding crate's build script.
//!
//! Editing an embedded file already triggers a rebuild (the generated code
//! names every file in an `include_bytes!`). Adding or removing a file does
//! not: stable proc macros cannot watch a folder. Call [`track`] from
//! `build.rs` so Cargo reruns the build, and so re-embeds, whenever anything
//! in the folder changes:
//!
//! ```no_run
//! // build.rs: fn main() { ... }
//! static_embed::build::track("static");
//! ```
//!
//! with `static-embed` under `[build-dependencies]` too. Debug builds read
//! the live folder and need no rebuild at all; the helper matters for release
//! builds (and `debug-embed`).

use std::path::Path;

/// Tells Cargo to rerun the build script, and so rebuild the crate, when
/// anything under `folder` (relative to the package root) changes, a file
/// added or removed included, and when `SOURCE_DATE_EPOCH` changes (it sets
/// `Last-Modified`).
///
/// It also tells the derive, through a variable set for this crate's
/// compilation, that Cargo watches the folder (and every folder in it, so
/// a derive of `static/app` is covered by `track("static")`). Where the
/// `incbin` feature has the assembler embed the files, a release build then
/// has the compiler read none of them. Without the build script the derive
/// names each file in an `include_bytes!` to have Cargo watch it, and the
/// compiler reads each file for that.
pub fn track(folder: impl AsRef<Path>) {
    let folder = folder.as_ref();
    // Cargo scans a directory given to rerun-if-changed recursively.
    println!("cargo::rerun-if-changed={}", folder.display());
    println!("cargo::rerun-if-env-changed=SOURCE_DATE_EPOCH");
    if let Some(variable) = static_embed_common::tracked::rustc_env(folder) {
        println!("cargo::rustc-env={variable}");
    }
}
