//! How a build script tells the derive that Cargo already watches a folder.
//!
//! `static_embed::build::track` prints `cargo::rerun-if-changed` for the
//! folder, so Cargo reruns the build script, and so rebuilds the crate,
//! whenever anything in it changes. It also sets a variable, for the
//! compilation of that crate only, named after the folder's canonical path.
//! A derive that finds it and embeds through the assembler (the `incbin`
//! feature) names none of the files for Cargo to watch, so the compiler
//! never reads them.

use std::ffi::OsString;
use std::path::Path;

const PREFIX: &str = "STATIC_EMBED_TRACKED_";

/// The `cargo::rustc-env` value (`NAME=VALUE`) that marks `folder` as
/// watched; `None` if the folder does not exist (yet) or its path is not
/// UTF-8, in which case the derive watches each file itself.
pub fn rustc_env(folder: &Path) -> Option<String> {
    let canonical = folder.canonicalize().ok()?;
    let value = canonical.to_str()?;
    Some(format!("{}={value}", variable(&canonical)))
}

/// True when the build script of the crate being compiled tracks `folder`
/// or a folder above it; `lookup` reads the environment the compiler (and
/// so the derive) runs in.
pub fn is_tracked(folder: &Path, lookup: impl Fn(&str) -> Option<OsString>) -> bool {
    let Ok(canonical) = folder.canonicalize() else {
        return false;
    };
    // The value is compared too, so a hash collision cannot mark a folder.
    canonical
        .ancestors()
        .any(|tracked| lookup(&variable(tracked)).is_some_and(|value| value == tracked.as_os_str()))
}

/// A variable name per folder: a build script may track several.
fn variable(canonical: &Path) -> String {
    let hash = blake3::hash(canonical.as_os_str().as_encoded_bytes());
    format!("{PREFIX}{}", &hash.to_hex()[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment holding only `line` (`NAME=VALUE`).
    fn environment(line: &str) -> impl Fn(&str) -> Option<OsString> + '_ {
        let (name, value) = line.split_once('=').unwrap();
        move |asked: &str| (asked == name).then(|| OsString::from(value))
    }

    #[test]
    fn a_folder_marked_by_its_rustc_env_is_tracked_and_others_are_not() {
        let folder = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let line = rustc_env(folder.path()).unwrap();
        let (name, value) = line.split_once('=').unwrap();
        assert!(name.starts_with(PREFIX), "{name}");
        assert_eq!(name.len(), PREFIX.len() + 32, "{name}");
        let canonical = folder.path().canonicalize().unwrap();
        assert_eq!(value, canonical.to_str().unwrap());

        assert!(is_tracked(folder.path(), environment(&line)));
        assert!(is_tracked(&folder.path().join("."), environment(&line)));
        let inside = folder.path().join("public");
        std::fs::create_dir(&inside).unwrap();
        assert!(is_tracked(&inside, environment(&line)), "a folder below");
        let below = rustc_env(&inside).unwrap();
        assert!(
            !is_tracked(folder.path(), environment(&below)),
            "a folder above"
        );
        assert!(!is_tracked(other.path(), environment(&line)));
        assert!(!is_tracked(folder.path(), |_| None));
        let elsewhere = format!("{name}=/elsewhere");
        assert!(!is_tracked(folder.path(), environment(&elsewhere)));
    }

    #[test]
    fn a_missing_folder_is_never_tracked() {
        let folder = tempfile::tempdir().unwrap();
        let missing = folder.path().join("missing");
        assert_eq!(rustc_env(&missing), None);
        assert!(!is_tracked(&missing, |_| Some(OsString::from("anything"))));
    }
}
