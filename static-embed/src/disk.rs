//! Debug builds: every lookup reads the live folder, so an edit shows on the
//! next request without recompiling.
//!
//! Keys, selection rules, MIME types and ETags come from the same code the
//! macro uses (`static_embed_common`), so a debug build answers like the
//! release build of the same folder, minus the compressed copies.

use std::fs::File;
use std::io::{self, Read as _};
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
    rules: OnceLock<Rules>,
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

    /// Reads the asset stored under `key` (already normalised): `Ok(None)`
    /// when there is no such file (or it is a folder), an error, logged
    /// with the file's path, when it is there but cannot be read.
    pub(crate) fn get(&self, key: &str) -> Result<Option<AssetData>, ReadError> {
        let Some(path) = self.path_of(key)? else {
            return Ok(None);
        };
        match read(&path) {
            Ok((bytes, last_modified)) => Ok(Some(AssetData::from_disk(
                key.to_owned(),
                bytes,
                last_modified,
            ))),
            // Removed, or replaced by a folder, since it was found.
            Err(error) if is_not_found(&error) => Ok(None),
            Err(error) => Err(unreadable(&path, &error)),
        }
    }

    /// Where the file of `key` is, if the folder has one under that key; an
    /// error when the path is there but cannot be resolved (a folder on it
    /// that the process may not search).
    fn path_of(&self, key: &str) -> Result<Option<PathBuf>, ReadError> {
        let (Some(relative), Some(root)) = (key.strip_prefix(self.prefix), self.canonical_root())
        else {
            return Ok(None);
        };
        walk::find_file(&root, relative, self.rules())
            .map_err(|unresolvable| unreadable(&unresolvable.path, &unresolvable.error))
    }

    /// Every key currently in the folder, sorted. A missing folder lists
    /// nothing; entries a release build would reject are left out.
    pub(crate) fn keys(&self) -> Vec<String> {
        let Some(root) = self.canonical_root() else {
            return Vec::new();
        };
        let files = walk::walk(&root, self.rules())
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

    fn rules(&self) -> &Rules {
        self.rules.get_or_init(|| {
            Rules::new(self.include, self.exclude, self.include_hidden)
                .expect("the derive checked the include and exclude globs")
        })
    }
}

/// A file that is there but could not be read (debug builds): answered
/// 403 or 500 rather than as if it were missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The process may not read it.
    PermissionDenied,
    /// Any other I/O error.
    Failed,
}

impl From<io::ErrorKind> for ReadError {
    fn from(kind: io::ErrorKind) -> ReadError {
        match kind {
            io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            _ => ReadError::Failed,
        }
    }
}

/// Logs why `path` cannot be read, naming it, and says how to answer.
fn unreadable(path: &Path, error: &io::Error) -> ReadError {
    log::error!("cannot read {}: {error}", path.display());
    ReadError::from(error.kind())
}

/// The bytes and modification time of the file at `path`, from one open
/// file, so both describe the same file.
fn read(path: &Path) -> io::Result<(Vec<u8>, Option<u64>)> {
    let mut file = File::open(path)?;
    let metadata = file.metadata()?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok((bytes, metadata::last_modified(&metadata)))
}

fn is_not_found(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::IsADirectory
    )
}
