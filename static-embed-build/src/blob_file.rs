//! The blob's file in the cache folder: its name, and writing it.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::atomic;

/// The file in `dir` named by the hash of `parts`, so an unchanged folder
/// finds its blob again.
pub(crate) fn path_in(dir: &Path, parts: &[&[u8]]) -> PathBuf {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(part);
    }
    dir.join(format!("{}.{EXTENSION}", &hasher.finalize().to_hex()[..40]))
}

pub(crate) const EXTENSION: &str = "blob";

/// Whether `name` is a blob's file name as [`path_in`] makes them.
pub(crate) fn is_name(name: &str) -> bool {
    let hash = name
        .strip_suffix(EXTENSION)
        .and_then(|n| n.strip_suffix('.'));
    hash.is_some_and(|hash| hash.len() == 40 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Makes sure `path` holds `parts`: compared in full, and written (dated
/// `modified`) when missing or damaged. Never held whole.
pub(crate) fn write(path: &Path, parts: &[&[u8]], modified: SystemTime) -> io::Result<()> {
    if holds(path, parts).unwrap_or(false) {
        return Ok(());
    }
    atomic::write(path, parts, Some(modified))
}

/// True when the file at `path` holds exactly `parts`, one after another;
/// read in chunks, so a big blob is never held whole.
fn holds(path: &Path, parts: &[&[u8]]) -> io::Result<bool> {
    let mut file = fs::File::open(path)?;
    let len: usize = parts.iter().map(|part| part.len()).sum();
    if file.metadata()?.len() != len as u64 {
        return Ok(false);
    }
    let mut chunk = vec![0; 64 * 1024];
    for part in parts {
        for expected in part.chunks(chunk.len()) {
            let read = &mut chunk[..expected.len()];
            file.read_exact(read)?;
            if read != expected {
                return Ok(false);
            }
        }
    }
    Ok(true)
}
