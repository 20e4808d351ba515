//! Listing the cache folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The files in `dir` whose name ends in `.{extension}`.
pub(crate) fn with_extension(dir: &Path, extension: &str) -> io::Result<Vec<PathBuf>> {
    let paths = fs::read_dir(dir)?.filter_map(|entry| entry.ok().map(|entry| entry.path()));
    Ok(paths
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect())
}
