//! What happens to each file at compile time: read, hash, metadata, and
//! compressed copies. Files are processed in parallel; only one file's bytes
//! per thread are in memory at a time.

use std::path::PathBuf;

use rayon::prelude::*;
use static_embed_common::walk::{WalkError, WalkedFile};
use static_embed_common::{metadata, Encoding};

use crate::cache::{Cache, Stored};
use crate::compress;

/// One file, ready to be turned into a table entry.
pub(crate) struct ProcessedFile {
    pub(crate) key: String,
    pub(crate) path: PathBuf,
    pub(crate) len: u64,
    pub(crate) hash: [u8; 32],
    pub(crate) content_type: String,
    pub(crate) last_modified: Option<u64>,
    /// Compressed copies worth keeping, most preferred first.
    pub(crate) encoded: Vec<(Encoding, Stored)>,
}

/// Processes every walked file; `prefix` is prepended to each key.
pub(crate) fn process(
    files: Vec<WalkedFile>,
    prefix: &str,
    cache: &Cache,
) -> Result<Vec<ProcessedFile>, WalkError> {
    files
        .into_par_iter()
        .map(|file| process_one(file, prefix, cache))
        .collect()
}

fn process_one(file: WalkedFile, prefix: &str, cache: &Cache) -> Result<ProcessedFile, WalkError> {
    let unreadable = |error| WalkError::Unreadable(file.path.clone(), error);
    let bytes = std::fs::read(&file.path).map_err(unreadable)?;
    let last_modified = std::fs::metadata(&file.path)
        .map_err(unreadable)
        .map(|m| metadata::last_modified(&m))?;
    let key = format!("{prefix}{}", file.relative);
    let hash = metadata::hash(&bytes);
    let encoded = if compress::is_compressible(&key) {
        compressed_copies(&bytes, &hash, cache)
    } else {
        Vec::new()
    };
    Ok(ProcessedFile {
        content_type: metadata::content_type(&key),
        key,
        path: file.path,
        len: bytes.len() as u64,
        hash,
        last_modified,
        encoded,
    })
}

fn compressed_copies(bytes: &[u8], hash: &[u8; 32], cache: &Cache) -> Vec<(Encoding, Stored)> {
    // In parallel per coding too, so one big file at the end of the walk
    // keeps both cores busy.
    compress::CODINGS
        .into_par_iter()
        .map(|encoding| {
            let settings = compress::settings(encoding);
            let stored = cache.get_or_make(hash, encoding, settings, || {
                compress::compress(encoding, bytes)
            });
            (encoding, stored)
        })
        .filter(|(_, stored)| compress::worth_keeping(bytes.len() as u64, stored.len()))
        .collect()
}
