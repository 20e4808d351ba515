//! The on-disk cache of compressed copies, so a rebuild with unchanged files
//! compresses nothing.
//!
//! Entries are content-addressed: the file name is a hash of the identity
//! bytes' BLAKE3 hash and the codec settings, so an edited file or a changed
//! setting simply misses. Each entry carries a checksum, and each blob is
//! compared in full before it is reused, so whatever happens to the files
//! (a crash mid-write, a bad disk) a damaged copy is made again rather than
//! embedded. The generated code embeds all copies of one
//! derive through one blob file, also named by its hash, with one
//! `include_bytes!`: that keeps big byte strings out of the token stream,
//! and costs rustc far less memory than one `include_bytes!` per copy.
//! Neither entries nor blobs are ever deleted; `cargo clean` clears them.
//!
//! Location, first that applies: `$STATIC_EMBED_CACHE_DIR`; else
//! `target/<profile>/static-embed-cache/` next to the `deps` folder rustc
//! writes into (so `cargo clean` clears it); else
//! `$CARGO_TARGET_DIR/static-embed-cache/`; else the system temp folder.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use static_embed_common::Encoding;

/// A compressed copy, stored in the cache or, when the cache folder cannot
/// be written, kept in memory to be embedded as a literal.
pub(crate) enum Stored {
    File { path: PathBuf, len: u64 },
    Inline(Vec<u8>),
}

impl Stored {
    pub(crate) fn len(&self) -> u64 {
        match self {
            Stored::File { len, .. } => *len,
            Stored::Inline(bytes) => bytes.len() as u64,
        }
    }

    /// Appends the bytes to `blob`.
    pub(crate) fn append_to(&self, blob: &mut Vec<u8>) -> std::io::Result<()> {
        match self {
            Stored::File { path, .. } => {
                // Read in place, then checked and the checksum cut off.
                let start = blob.len();
                fs::File::open(path)?.read_to_end(blob)?;
                match intact_len(&blob[start..]) {
                    Some(len) => {
                        blob.truncate(start + len);
                        Ok(())
                    }
                    None => {
                        blob.truncate(start);
                        Err(std::io::Error::other(format!(
                            "{} changed while the macro ran; build again",
                            path.display()
                        )))
                    }
                }
            }
            Stored::Inline(bytes) => {
                blob.extend_from_slice(bytes);
                Ok(())
            }
        }
    }
}

pub(crate) struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    pub(crate) fn open() -> Cache {
        let dir = cache_dir();
        Cache {
            dir: fs::create_dir_all(&dir).is_ok().then_some(dir),
        }
    }

    /// The copy of the file with `hash` in `encoding` made with `settings`,
    /// from the cache, or made by `compress` and stored.
    pub(crate) fn get_or_make<E>(
        &self,
        hash: &[u8; 32],
        encoding: Encoding,
        settings: &str,
        compress: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Stored, E> {
        let Some(dir) = &self.dir else {
            return compress().map(Stored::Inline);
        };
        let name = entry_name(hash, encoding, settings);
        // One folder per first two hex digits: thousands of entries in one
        // folder made every write of a cold build queue on its lock.
        let path = dir.join(&name[..2]).join(name);
        // A damaged entry reads as a miss and is made again.
        if let Ok(Some(len)) = stored_len(&path) {
            return Ok(Stored::File { path, len });
        }
        let bytes = compress()?;
        Ok(match write_entry(&path, &bytes) {
            Ok(()) => Stored::File {
                path,
                len: bytes.len() as u64,
            },
            Err(_) => Stored::Inline(bytes),
        })
    }

    /// A file holding `blob` (every compressed copy of one derive), named by
    /// its hash so an unchanged folder reuses it; `None` when the cache
    /// folder cannot be written.
    ///
    /// The generated code names the file in an `include_bytes!`, so Cargo
    /// compares its modification time with the build's start: a new file is
    /// dated `inputs_modified` (the newest of the files it was made from),
    /// or the next build would compile the crate again for nothing.
    pub(crate) fn blob(&self, blob: &[u8], inputs_modified: SystemTime) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let name = format!("{}.blob", &blake3::hash(blob).to_hex()[..40]);
        let path = dir.join(name);
        // Compared in full: a blob damaged on disk is written again.
        if holds(&path, blob).unwrap_or(false) {
            return Some(path);
        }
        write_atomically(&path, &[blob], Some(inputs_modified))
            .ok()
            .map(|()| path)
    }
}

/// An entry file is the compressed bytes followed by their BLAKE3 hash, so
/// a copy damaged on disk (a crash before its data reached the disk, a bad
/// sector) is never embedded. Checking is cheaper than making every write
/// durable: 6,000 `fsync`s were 4 s of a cold build of 3,000 small files.
const CHECKSUM_LEN: usize = blake3::OUT_LEN;

/// The length of the compressed bytes in the entry at `path`, `None` if they
/// do not match their checksum. Streamed: no copy of the entry is held.
fn stored_len(path: &Path) -> std::io::Result<Option<u64>> {
    let mut file = fs::File::open(path)?;
    let Some(len) = file.metadata()?.len().checked_sub(CHECKSUM_LEN as u64) else {
        return Ok(None);
    };
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader((&mut file).take(len))?;
    let mut checksum = [0; CHECKSUM_LEN];
    file.read_exact(&mut checksum)?;
    Ok((hasher.finalize().as_bytes() == &checksum).then_some(len))
}

/// The length of the compressed bytes in `entry` (an entry file's content),
/// `None` if they do not match their checksum.
fn intact_len(entry: &[u8]) -> Option<usize> {
    let len = entry.len().checked_sub(CHECKSUM_LEN)?;
    let (content, checksum) = entry.split_at(len);
    (blake3::hash(content).as_bytes() == checksum).then_some(len)
}

fn write_entry(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)?;
    }
    write_atomically(path, &[bytes, blake3::hash(bytes).as_bytes()], None)
}

fn entry_name(hash: &[u8; 32], encoding: Encoding, settings: &str) -> String {
    let mut key = blake3::Hasher::new();
    // The entry format: bytes, then their checksum.
    key.update(b"checksummed ");
    key.update(hash);
    key.update(settings.as_bytes());
    format!(
        "{}.{}",
        &key.finalize().to_hex()[..40],
        encoding.file_extension()
    )
}

/// True when the file at `path` holds exactly `expected`; read in chunks, so
/// a big blob is not held twice while rustc's peak memory is measured.
fn holds(path: &Path, expected: &[u8]) -> std::io::Result<bool> {
    let mut file = fs::File::open(path)?;
    if file.metadata()?.len() != expected.len() as u64 {
        return Ok(false);
    }
    let mut chunk = vec![0; 64 * 1024];
    let mut rest = expected;
    while !rest.is_empty() {
        let read = file.read(&mut chunk)?;
        if read == 0 || rest.get(..read) != Some(&chunk[..read]) {
            return Ok(false);
        }
        rest = &rest[read..];
    }
    Ok(true)
}

/// Writes `parts` to `path`, dated `modified` when given. Two crates, two
/// rustc processes or two threads (two files with the same content) may
/// fill the same entry at once: each writes to a temporary name of its own,
/// then renames it over.
fn write_atomically(
    path: &Path,
    parts: &[&[u8]],
    modified: Option<SystemTime>,
) -> std::io::Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let write = WRITES.fetch_add(1, Ordering::Relaxed);
    let temporary = path.with_extension(format!("tmp{}-{write}", std::process::id()));
    let mut file = fs::File::create(&temporary)?;
    for part in parts {
        file.write_all(part)?;
    }
    if let Some(modified) = modified {
        file.set_modified(modified)?;
    }
    drop(file);
    fs::rename(&temporary, path).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}

fn cache_dir() -> PathBuf {
    const NAME: &str = "static-embed-cache";
    if let Some(dir) = std::env::var_os("STATIC_EMBED_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(profile_dir) = rustc_out_dir().as_deref().and_then(Path::parent) {
        return profile_dir.join(NAME);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join(NAME);
    }
    std::env::temp_dir().join(NAME)
}

/// The macro runs inside rustc; Cargo passes it `--out-dir target/<profile>/deps`.
fn rustc_out_dir() -> Option<PathBuf> {
    let mut args = std::env::args_os();
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

    /// A cache in a fresh folder under the system temp folder.
    fn cache(name: &str) -> Cache {
        let dir = std::env::temp_dir().join(format!(
            "static-embed-cache-test-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Cache { dir: Some(dir) }
    }

    fn remove(cache: Cache) {
        let _ = fs::remove_dir_all(cache.dir.unwrap());
    }

    /// Gets the entry, reporting whether `compress` had to run.
    fn get(cache: &Cache, content: &[u8]) -> (Stored, bool) {
        let mut made = false;
        let stored = cache
            .get_or_make(&[7; 32], Encoding::Brotli, "test", || {
                made = true;
                Ok::<_, std::io::Error>(content.to_vec())
            })
            .unwrap();
        (stored, made)
    }

    fn bytes_of(stored: &Stored) -> Vec<u8> {
        let mut bytes = Vec::new();
        stored.append_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn an_entry_is_made_once_then_read_back() {
        let cache = cache("hit");
        let (stored, made) = get(&cache, b"compressed bytes");
        assert!(made);
        assert_eq!(bytes_of(&stored), b"compressed bytes");
        let (stored, made) = get(&cache, b"not used");
        assert!(!made);
        assert_eq!(stored.len(), 16);
        assert_eq!(bytes_of(&stored), b"compressed bytes");
        remove(cache);
    }

    #[test]
    fn a_damaged_or_truncated_entry_is_made_again() {
        let cache = cache("damaged");
        let (stored, _) = get(&cache, b"compressed bytes");
        let Stored::File { path, .. } = &stored else {
            panic!("the cache folder is writable");
        };
        let mut on_disk = fs::read(path).unwrap();
        on_disk[3] ^= 1;
        fs::write(path, &on_disk).unwrap();
        assert!(stored.append_to(&mut Vec::new()).is_err());
        let (stored, made) = get(&cache, b"compressed bytes");
        assert!(made);
        assert_eq!(bytes_of(&stored), b"compressed bytes");

        fs::write(path, b"short").unwrap();
        let (stored, made) = get(&cache, b"compressed bytes");
        assert!(made);
        assert_eq!(bytes_of(&stored), b"compressed bytes");
        remove(cache);
    }

    #[test]
    fn a_damaged_blob_is_written_again() {
        let cache = cache("blob");
        let blob = b"all the copies of one derive".as_slice();
        let dated = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let path = cache.blob(blob, dated).unwrap();
        fs::write(&path, b"all the copies of one derivX").unwrap();
        assert_eq!(cache.blob(blob, dated), Some(path.clone()));
        assert_eq!(fs::read(&path).unwrap(), blob);
        remove(cache);
    }

    #[test]
    fn a_new_blob_is_dated_like_its_newest_input() {
        let cache = cache("blob-date");
        let dated = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let path = cache.blob(b"copies", dated).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), dated);
        remove(cache);
    }
}
