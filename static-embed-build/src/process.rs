//! What happens to each file at compile time: read, hash, metadata, and
//! compressed copies. Files are processed in parallel; only one file's bytes
//! per thread are in memory at a time.

use std::cmp::Reverse;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use static_embed_common::metadata;
use static_embed_common::walk::WalkedFile;

use crate::{compress, Cache, Copies, Error};

/// One file, ready to be turned into a table entry.
#[derive(Debug)]
#[non_exhaustive]
pub struct ProcessedFile {
    /// Its key: the prefix, then its path relative to the folder.
    pub key: String,
    /// Where it was read.
    pub path: PathBuf,
    /// Its length in bytes.
    pub len: u64,
    /// The BLAKE3 hash of its bytes.
    pub hash: [u8; 32],
    /// Its `Content-Type`, from its key's extension.
    pub content_type: String,
    /// Its last-modified time in seconds since the Unix epoch
    /// (`SOURCE_DATE_EPOCH` when set), if known.
    pub last_modified: Option<u64>,
    /// Compressed copies worth keeping, most preferred first.
    pub encoded: Copies,
}

/// Processes every walked file; `prefix` is prepended to each key. The
/// result keeps the walk's order; the first file that fails, in that
/// order, is the error.
pub fn process(
    files: &[WalkedFile],
    prefix: &str,
    cache: &Cache,
) -> Result<Vec<ProcessedFile>, Error> {
    let results: Vec<OnceLock<Result<ProcessedFile, Error>>> =
        files.iter().map(|_| OnceLock::new()).collect();
    // One task per file, started largest first, each taken by whichever
    // thread is free (longest processing time first). A cold build is
    // brotli's time, and a folder's biggest files often sit side by side in
    // walk order: split in halves as `par_iter` does, they can land on one
    // thread while the other idles.
    rayon_core::scope_fifo(|scope| {
        for index in largest_work_first(files) {
            let (file, result) = (&files[index], &results[index]);
            scope.spawn_fifo(move |_| {
                let _ = result.set(process_one(file, prefix, cache));
            });
        }
    });
    results
        .into_iter()
        .map(|result| {
            let unset = "every task sets its result or panics, and `scope_fifo` passes a panic on";
            result.into_inner().expect(unset)
        })
        .collect()
}

/// Indices of `files`, the ones with the most compression work first: by
/// size among the files that get compressed copies, then the rest (only
/// hashed, a thousand times faster). Ties keep walk order.
fn largest_work_first(files: &[WalkedFile]) -> Vec<usize> {
    let work = |file: &WalkedFile| {
        if compress::is_compressible(&file.relative) {
            fs::metadata(&file.path).map_or(0, |m| m.len())
        } else {
            0
        }
    };
    let mut order: Vec<usize> = (0..files.len()).collect();
    // A stable sort: ties keep walk order.
    order.sort_by_cached_key(|&index| Reverse(work(&files[index])));
    order
}

fn process_one(file: &WalkedFile, prefix: &str, cache: &Cache) -> Result<ProcessedFile, Error> {
    let unreadable = |error| Error::read(&file.path, error);
    let last_modified = fs::metadata(&file.path)
        .map_err(unreadable)
        .map(|m| metadata::last_modified(&m))?;
    // Streamed: a warm build never holds a whole file (rustc reads it
    // again for `include_bytes!`), which keeps the compiler's peak down.
    let mut hasher = blake3::Hasher::new();
    let len = hasher
        .update_reader(fs::File::open(&file.path).map_err(unreadable)?)
        .map_err(unreadable)?
        .count();
    let hash = *hasher.finalize().as_bytes();
    let key = format!("{prefix}{}", file.relative);
    let encoded = if compress::is_compressible(&key) {
        compressed_copies(&file.path, len, &hash, cache)?
    } else {
        Vec::new()
    };
    Ok(ProcessedFile {
        content_type: metadata::content_type(&key),
        key,
        path: file.path.clone(),
        len,
        hash,
        last_modified,
        encoded,
    })
}

fn compressed_copies(
    path: &Path,
    len: u64,
    hash: &[u8; 32],
    cache: &Cache,
) -> Result<Copies, Error> {
    cache.copies_or_make(hash, &compress::settings(len), || {
        // Read only on a miss.
        let bytes = read_unchanged(path, hash)?;
        // In parallel per coding too (and per half of a big file), so one
        // big file at the end of the walk keeps both cores busy.
        let mut copies: Copies = compress::compress_all(&bytes)
            .into_iter()
            .map(|(encoding, copy)| (encoding, copy.into()))
            .collect();
        copies.retain(|(_, copy)| compress::worth_keeping(len, copy.len() as u64));
        Ok(copies)
    })
}

/// The file's bytes, checked against the hash taken earlier: a copy filed
/// under the hash of other bytes would be served long after the edit.
fn read_unchanged(path: &Path, hash: &[u8; 32]) -> Result<Vec<u8>, Error> {
    let bytes = fs::read(path).map_err(|error| Error::read(path, error))?;
    if metadata::hash(&bytes) != *hash {
        return Err(Error::changed(path));
    }
    Ok(bytes)
}
