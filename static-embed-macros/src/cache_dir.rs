//! Where the compression cache lives. Only a matter of speed: a wrong or
//! missing location means slower builds (copies made again), never other
//! bytes, since every entry is checked against what it is made from.
//!
//! First that applies: `$STATIC_EMBED_CACHE_DIR`; else
//! `target/<profile>/static-embed-cache/`, next to the `deps` folder rustc
//! writes into (so `cargo clean` clears it); else
//! `$CARGO_TARGET_DIR/static-embed-cache/`; else the system temp folder.
//! Cargo tells a proc macro no output folder, so the second rule reads
//! rustc's `--out-dir`: the one place the macro reads rustc's arguments.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The cache folder of this build.
pub(crate) fn cache_dir() -> PathBuf {
    choose(
        std::env::var_os("STATIC_EMBED_CACHE_DIR"),
        rustc_out_dir(std::env::args_os()),
        std::env::var_os("CARGO_TARGET_DIR"),
    )
}

/// The rules of the module docs, given the variables and rustc's `--out-dir`.
fn choose(
    cache_variable: Option<OsString>,
    out_dir: Option<PathBuf>,
    target_variable: Option<OsString>,
) -> PathBuf {
    const NAME: &str = "static-embed-cache";
    if let Some(dir) = cache_variable {
        return PathBuf::from(dir);
    }
    if let Some(profile_dir) = out_dir.as_deref().and_then(Path::parent) {
        return profile_dir.join(NAME);
    }
    if let Some(target) = target_variable {
        return PathBuf::from(target).join(NAME);
    }
    std::env::temp_dir().join(NAME)
}

/// The macro runs inside rustc; Cargo passes it `--out-dir target/<profile>/deps`.
fn rustc_out_dir(mut args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    while let Some(arg) = args.next() {
        if arg == "--out-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--out-dir=")) {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_sits_next_to_the_deps_folder_unless_a_variable_says_otherwise() {
        let args = |args: &[&str]| rustc_out_dir(args.iter().map(OsString::from));
        let out_dir = args(&["--crate-name", "app", "--out-dir", "/t/release/deps", "-C"]);
        assert_eq!(out_dir.as_deref(), Some(Path::new("/t/release/deps")));
        let joined = args(&["--out-dir=/t/debug/deps"]);
        assert_eq!(joined.as_deref(), Some(Path::new("/t/debug/deps")));
        assert_eq!(args(&["--crate-name", "app"]), None);

        let variable = |value: &str| Some(OsString::from(value));
        assert_eq!(
            choose(None, out_dir.clone(), variable("/elsewhere")),
            Path::new("/t/release/static-embed-cache")
        );
        assert_eq!(
            choose(variable("/ci/cache"), out_dir, variable("/elsewhere")),
            Path::new("/ci/cache")
        );
        assert_eq!(
            choose(None, None, variable("/elsewhere")),
            Path::new("/elsewhere/static-embed-cache")
        );
        assert_eq!(
            choose(None, None, None),
            std::env::temp_dir().join("static-embed-cache")
        );
    }
}
