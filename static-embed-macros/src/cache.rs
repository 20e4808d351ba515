//! The on-disk cache of compressed copies, so a rebuild with unchanged files
//! compresses nothing.
//!
//! Entries are content-addressed: one file per source file, named by a hash
//! of its identity bytes' BLAKE3 hash and the codec settings, so an edited
//! file or a changed setting simply misses. Each entry carries a checksum,
//! and each blob is compared in full before it is reused, so whatever
//! happens to the files (a crash mid-write, a bad disk) a damaged copy is
//! made again rather than embedded. The generated code embeds all copies
//! of one derive through one blob file, also named by its hash: that keeps
//! big byte strings out of the token stream, and the compiler from
//! holding them as constants. Neither entries nor blobs are ever deleted;
//! `cargo clean` clears them.
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

/// The compressed copies of one file worth serving, most preferred first.
pub(crate) type Copies = Vec<(Encoding, Vec<u8>)>;

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

    /// The copies of the file with `hash` made with `settings`, from the
    /// cache, or made by `make` and stored.
    pub(crate) fn copies_or_make<E>(
        &self,
        hash: &[u8; 32],
        settings: &str,
        make: impl FnOnce() -> Result<Copies, E>,
    ) -> Result<Copies, E> {
        let Some(dir) = &self.dir else {
            return make();
        };
        let name = entry_name(hash, settings);
        // One folder per first two hex digits: thousands of entries in one
        // folder made every write of a cold build queue on its lock.
        let path = dir.join(&name[..2]).join(name);
        // A missing or damaged entry reads as a miss and is made again.
        if let Some(copies) = fs::read(&path).ok().and_then(|entry| decode(&entry)) {
            return Ok(copies);
        }
        let copies = make()?;
        // A cache that cannot be written costs the next build time, not
        // this one.
        let _ = write_entry(&path, &encode(&copies));
        Ok(copies)
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

/// An entry file holds all the copies of one file, so a cold build creates
/// one file per source file: on ext4, creating files right after deleting
/// thousands (a cleared cache) was an eighth of a cold build's CPU time.
/// Layout: the number of copies (one byte); per copy its coding (one
/// byte) and length (eight, little-endian); the copies' bytes; then the
/// BLAKE3 hash of all that, so a copy damaged on disk (a crash before its
/// data reached the disk, a bad sector) is never embedded. Checking is
/// cheaper than making every write durable: 6,000 `fsync`s were 4 s of a
/// cold build of 3,000 small files.
const CHECKSUM_LEN: usize = blake3::OUT_LEN;

fn encode(copies: &Copies) -> Vec<u8> {
    let total: usize = copies.iter().map(|(_, bytes)| 9 + bytes.len()).sum();
    let mut entry = Vec::with_capacity(1 + total + CHECKSUM_LEN);
    // At most one copy per coding, so the count fits.
    entry.push(copies.len() as u8);
    for (encoding, bytes) in copies {
        entry.push(tag(*encoding));
        entry.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    }
    for (_, bytes) in copies {
        entry.extend_from_slice(bytes);
    }
    let checksum = blake3::hash(&entry);
    entry.extend_from_slice(checksum.as_bytes());
    entry
}

/// The copies in `entry` (an entry file's content); `None` if it does not
/// match its checksum or layout.
fn decode(entry: &[u8]) -> Option<Copies> {
    let content_len = entry.len().checked_sub(CHECKSUM_LEN)?;
    let (content, checksum) = entry.split_at(content_len);
    if blake3::hash(content).as_bytes() != checksum {
        return None;
    }
    let (&count, mut rest) = content.split_first()?;
    let mut heads = Vec::with_capacity(count.into());
    for _ in 0..count {
        let (&tag, after) = rest.split_first()?;
        let (len, after) = after.split_first_chunk::<8>()?;
        heads.push((
            encoding_of(tag)?,
            usize::try_from(u64::from_le_bytes(*len)).ok()?,
        ));
        rest = after;
    }
    let mut copies = Vec::with_capacity(heads.len());
    for (encoding, len) in heads {
        let (bytes, after) = rest.split_at_checked(len)?;
        copies.push((encoding, bytes.to_vec()));
        rest = after;
    }
    rest.is_empty().then_some(copies)
}

/// The byte an entry stores for `encoding`.
fn tag(encoding: Encoding) -> u8 {
    match encoding {
        Encoding::Identity => 0,
        Encoding::Brotli => 1,
        Encoding::Gzip => 2,
        Encoding::Zstd => 3,
    }
}

fn encoding_of(tag: u8) -> Option<Encoding> {
    Encoding::ALL
        .into_iter()
        .find(|encoding| self::tag(*encoding) == tag)
}

fn write_entry(path: &Path, entry: &[u8]) -> std::io::Result<()> {
    if let Some(folder) = path.parent() {
        fs::create_dir_all(folder)?;
    }
    write_atomically(path, &[entry], None)
}

fn entry_name(hash: &[u8; 32], settings: &str) -> String {
    let mut key = blake3::Hasher::new();
    // The entry format: all copies of a file, then their checksum.
    key.update(b"copies v1 ");
    key.update(hash);
    key.update(settings.as_bytes());
    format!("{}.copies", &key.finalize().to_hex()[..40])
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

    const HASH: [u8; 32] = [7; 32];

    fn copies(brotli: &[u8], gzip: &[u8]) -> Copies {
        vec![
            (Encoding::Brotli, brotli.to_vec()),
            (Encoding::Gzip, gzip.to_vec()),
        ]
    }

    /// Gets the copies, reporting whether `make` had to run.
    fn get(cache: &Cache, made_if_missing: Copies) -> (Copies, bool) {
        let mut made = false;
        let copies = cache
            .copies_or_make(&HASH, "test", || {
                made = true;
                Ok::<_, std::io::Error>(made_if_missing)
            })
            .unwrap();
        (copies, made)
    }

    fn entry_path(cache: &Cache) -> PathBuf {
        let name = entry_name(&HASH, "test");
        cache.dir.as_ref().unwrap().join(&name[..2]).join(name)
    }

    #[test]
    fn copies_are_made_once_then_read_back() {
        let cache = cache("hit");
        let (got, made) = get(&cache, copies(b"brotli bytes", b"gzip"));
        assert!(made);
        assert_eq!(got, copies(b"brotli bytes", b"gzip"));
        let (got, made) = get(&cache, copies(b"not", b"used"));
        assert!(!made);
        assert_eq!(got, copies(b"brotli bytes", b"gzip"));
        remove(cache);
    }

    #[test]
    fn a_file_with_no_copy_worth_keeping_is_not_compressed_again() {
        let cache = cache("none");
        let (got, made) = get(&cache, Vec::new());
        assert!(made);
        assert_eq!(got, Vec::new());
        let (got, made) = get(&cache, copies(b"not", b"used"));
        assert!(!made);
        assert_eq!(got, Vec::new());
        remove(cache);
    }

    #[test]
    fn a_damaged_or_truncated_entry_is_made_again() {
        let cache = cache("damaged");
        get(&cache, copies(b"brotli bytes", b"gzip"));
        let path = entry_path(&cache);
        let entry = fs::read(&path).unwrap();
        let damaged = [
            // A flipped bit in each part: count, a coding, a length, bytes, checksum.
            (0, 1),
            (1, 4),
            (2, 1),
            (20, 8),
            (entry.len() - 1, 1),
        ];
        for (at, bit) in damaged {
            let mut on_disk = entry.clone();
            on_disk[at] ^= bit;
            fs::write(&path, &on_disk).unwrap();
            let (got, made) = get(&cache, copies(b"brotli bytes", b"gzip"));
            assert!(made, "byte {at} damaged");
            assert_eq!(got, copies(b"brotli bytes", b"gzip"));
            assert_eq!(fs::read(&path).unwrap(), entry, "written again");
        }
        for len in [0, 1, entry.len() - 1] {
            fs::write(&path, &entry[..len]).unwrap();
            let (_, made) = get(&cache, copies(b"brotli bytes", b"gzip"));
            assert!(made, "{len} bytes left");
        }
        remove(cache);
    }

    #[test]
    fn an_entry_whose_checksum_matches_but_layout_does_not_is_a_miss() {
        // Lengths that overrun the content, and bytes left over.
        for content in [&[1, 1, 99, 0, 0, 0, 0, 0, 0, 0, b'x'][..], &[0, b'x'][..]] {
            let mut entry = content.to_vec();
            entry.extend_from_slice(blake3::hash(content).as_bytes());
            assert_eq!(decode(&entry), None);
        }
        let empty = encode(&Vec::new());
        assert_eq!(decode(&empty), Some(Vec::new()));
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
