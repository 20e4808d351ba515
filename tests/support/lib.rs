//! Helpers shared by the workspace's integration tests, examples and benchmarks.

use std::path::{Path, PathBuf};

pub mod dashboard;
pub mod mounted;
mod server;

pub use server::{Reply, TestServer};

/// The workspace root.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(name)
}

/// Every key the `basic` fixture must yield, sorted: hidden entries, links
/// out of the folder and folders themselves are absent.
pub const BASIC_KEYS: [&str; 12] = [
    "css/site.css",
    "data.json",
    "empty.txt",
    "filename with space.txt",
    "hello.txt",
    "img/logo.svg",
    "img/pixel.png",
    "index.html",
    "js/app.js",
    "link-inside.txt",
    "sub/index.html",
    "你好世界.txt",
];

/// True when this test binary was built with embedding (release, or the
/// `debug-embed` feature), false when it reads the folder from disk.
pub const EMBEDDED: bool = !cfg!(debug_assertions) || cfg!(feature = "debug-embed");
