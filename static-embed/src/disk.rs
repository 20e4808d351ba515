//! Debug builds: every lookup reads the live folder, so an edit shows on the
//! next request without recompiling.
//!
//! Keys, selection rules, MIME types and ETags come from the same code the
//! macro uses (`static_embed_common`), so a debug build answers like the
//! release build of the same folder, minus the compressed copies.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use static_embed_common::walk::{self, canonical_folder};
use static_embed_common::{metadata, Rules};

use crate::asset::AssetData;

/// A folder read at run time, as described by the derive attributes.
#[doc(hidden)]
#[derive(Debug)]
pub struct DiskFolder {
    root: &'static str,
    prefix: &'static str,
    include: &'static [&'static str],
    exclude: &'static [&'static str],
    include_hidden: bool,
    rules: OnceLock<Option<Rules>>,
}

impl DiskFolder {
    /// Used by generated code: `root` is absolute, the globs were checked by
    /// the macro.
    pub const fn new(
        root: &'static str,
        prefix: &'static str,
        include: &'static [&'static str],
        exclude: &'static [&'static str],
        include_hidden: bool,
    ) -> DiskFolder {
        DiskFolder {
            root,
            prefix,
            include,
            exclude,
            include_hidden,
            rules: OnceLock::new(),
        }
    }

    /// Reads the asset stored under `key` (already normalised), if any.
    pub(crate) fn get(&self, key: &str) -> Option<AssetData> {
        let relative = key.strip_prefix(self.prefix)?;
        let root = self.canonical_root()?;
        let path = walk::find_file(&root, relative, self.rules()?)?;
        let bytes = std::fs::read(&path).ok()?;
        let last_modified = std::fs::metadata(&path)
            .ok()
            .and_then(|m| metadata::last_modified(&m));
        Some(AssetData::from_disk(key.to_owned(), bytes, last_modified))
    }

    /// Every key currently in the folder, sorted. A missing folder lists
    /// nothing; entries a release build would reject are left out.
    pub(crate) fn keys(&self) -> Vec<String> {
        let (Some(root), Some(rules)) = (self.canonical_root(), self.rules()) else {
            return Vec::new();
        };
        let files = walk::walk(&root, rules)
            .map(|walk| walk.files)
            .unwrap_or_default();
        files
            .into_iter()
            .map(|file| format!("{}{}", self.prefix, file.relative))
            .collect()
    }

    /// Canonicalised on every call: the folder may be created or moved while
    /// a debug server runs.
    fn canonical_root(&self) -> Option<PathBuf> {
        canonical_folder(Path::new(self.root)).ok()
    }

    fn rules(&self) -> Option<&Rules> {
        self.rules
            .get_or_init(|| Rules::new(self.include, self.exclude, self.include_hidden).ok())
            .as_ref()
    }
}
