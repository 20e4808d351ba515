//! What happens to each file at compile time: read, hash, metadata, and
//! compressed copies. Files are processed in parallel; only one file's bytes
//! per thread are in memory at a time.

use std::cmp::Reverse;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use static_embed_common::metadata;
use static_embed_common::walk::{WalkError, WalkedFile};

use crate::cache::{Cache, Copies};
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
    pub(crate) encoded: Copies,
}

/// Processes every walked file; `prefix` is prepended to each key. The
/// result keeps the walk's order.
pub(crate) fn process(
    files: Vec<WalkedFile>,
    prefix: &str,
    cache: &Cache,
) -> Result<Vec<ProcessedFile>, WalkError> {
    let results: Vec<OnceLock<Result<ProcessedFile, WalkError>>> =
        files.iter().map(|_| OnceLock::new()).collect();
    // One task per file, started largest first, each taken by whichever
    // thread is free (longest processing time first). A cold build is
    // brotli's time, and a folder's biggest files often sit side by side in
    // walk order: split in halves as `par_iter` does, swagger-ui's two
    // 1.7 MB bundles landed on one thread while the other idled.
    rayon::scope_fifo(|scope| {
        for index in largest_work_first(&files) {
            let (file, result) = (&files[index], &results[index]);
            scope.spawn_fifo(move |_| {
                let _ = result.set(process_one(file, prefix, cache));
            });
        }
    });
    files
        .iter()
        .zip(results)
        .map(|(file, result)| {
            // Every task set its result, unless it panicked, which
            // `scope_fifo` would have passed on already.
            result.into_inner().unwrap_or_else(|| {
                let error = io::Error::other("not processed");
                Err(WalkError::Unreadable(file.path.clone(), error))
            })
        })
        .collect()
}

/// Indices of `files`, the ones with the most compression work first: by
/// size among the files that get compressed copies, then the rest (only
/// hashed, a thousand times faster). Ties keep walk order.
fn largest_work_first(files: &[WalkedFile]) -> Vec<usize> {
    let work = |file: &WalkedFile| match compress::is_compressible(&file.relative) {
        true => fs::metadata(&file.path).map_or(0, |m| m.len()),
        false => 0,
    };
    let mut order: Vec<usize> = (0..files.len()).collect();
    // A stable sort: ties keep walk order.
    order.sort_by_cached_key(|&index| Reverse(work(&files[index])));
    order
}

fn process_one(file: &WalkedFile, prefix: &str, cache: &Cache) -> Result<ProcessedFile, WalkError> {
    let unreadable = |error| WalkError::Unreadable(file.path.clone(), error);
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
        compressed_copies(&file.path, len, &hash, cache).map_err(unreadable)?
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

fn compressed_copies(path: &Path, len: u64, hash: &[u8; 32], cache: &Cache) -> io::Result<Copies> {
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
fn read_unchanged(path: &Path, hash: &[u8; 32]) -> io::Result<Vec<u8>> {
    let bytes = fs::read(path)?;
    if metadata::hash(&bytes) != *hash {
        let message = "the file changed while it was being embedded; build again";
        return Err(io::Error::other(message));
    }
    Ok(bytes)
}
