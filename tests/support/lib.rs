//! Helpers shared by the workspace's integration tests, examples and benchmarks.

use std::path::{Path, PathBuf};

pub mod dashboard;
mod in_process;
pub mod mounted;
mod server;

pub use in_process::InProcess;
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

/// What `outside/secret.txt`, the target of the `basic` fixture's links out
/// of the folder, holds: no lookup may ever return it.
pub const OUTSIDE_SECRET: &str = "outside the folder\n";

/// Paths that try to leave the `basic` fixture folder or reach what it
/// hides: `..`, absolute paths, backslashes, percent-encoded forms, NUL,
/// drive letters, symlinks out, hidden files, folders. `absolute_secret`
/// is where `outside/secret.txt` lies on this machine (tried as is and with
/// a leading `/`). `get` must find none of them, in either build mode.
pub fn traversal_attacks(absolute_secret: &Path) -> Vec<String> {
    let absolute_secret = absolute_secret.display().to_string();
    let mut attacks: Vec<String> = [
        "../outside/secret.txt",
        "/../outside/secret.txt",
        "sub/../../outside/secret.txt",
        "sub/../hello.txt",
        "./hello.txt",
        "..%2foutside%2fsecret.txt",
        "%2e%2e/outside/secret.txt",
        "%2e%2e%2foutside%2fsecret.txt",
        "..\\outside\\secret.txt",
        "sub\\..\\..\\outside\\secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "hello.txt\0",
        "hello.txt\0.png",
        "\0",
        "C:/Windows/win.ini",
        "c:\\windows\\win.ini",
        "C:hello.txt",
        "link-outside/secret.txt",
        "link-outside.txt",
        ".env",
        "/.env",
        ".hidden/secret.txt",
        "sub/../.env",
        "",
        "/",
        "sub/",
        "sub",
    ]
    .map(String::from)
    .to_vec();
    attacks.push(format!("/{absolute_secret}"));
    attacks.push(absolute_secret);
    attacks
}

/// True when this test binary was built with embedding (release, or the
/// `debug-embed` feature), false when it reads the folder from disk.
pub const EMBEDDED: bool = !cfg!(debug_assertions) || cfg!(feature = "debug-embed");
