//! The on-disk cache of compressed copies, so a rebuild with unchanged files
//! compresses nothing.
//!
//! Each derive keeps the copies of every file it embeds in one pack file
//! (`pack.rs`), named after the crate, the type and the folder, and read
//! back whole by the next build. Entries are content-addressed: keyed by a
//! hash of the file's identity bytes' BLAKE3 hash and the codec settings,
//! so an edited file or a changed setting simply misses. A build looks in
//! every pack of the folder, so two derives of the same files share
//! copies. One file per derive, not per entry: on ext4 without a journal,
//! creating thousands of files right after deleting thousands (a cleared
//! cache) was an eighth of a cold build's CPU time. The other packs are
//! read only when a file misses in the derive's own, so a warm build reads
//! one pack, not the copies of every folder the target folder has seen.
//!
//! The generated code embeds all copies of one derive through one blob
//! file, named by its hash: that keeps big byte strings out of the token
//! stream, and the compiler from holding them as constants. A damaged pack
//! fails its checksum and a damaged blob its comparison, so they are made
//! again rather than embedded. Packs and blobs are never deleted;
//! `cargo clean` clears them.
//!
//! Location, first that applies: `$STATIC_EMBED_CACHE_DIR`; else
//! `target/<profile>/static-embed-cache/` next to the `deps` folder rustc
//! writes into (so `cargo clean` clears it); else
//! `$CARGO_TARGET_DIR/static-embed-cache/`; else the system temp folder.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

use bytes::Bytes;
use static_embed_common::Encoding;

use crate::pack::{self, EntryKey, KEY_LEN};

/// The compressed copies of one file worth serving, most preferred first.
/// Shared: a copy read from a pack is a slice of the pack's buffer, and the
/// table takes the same bytes.
pub(crate) type Copies = Vec<(Encoding, Bytes)>;

pub(crate) struct Cache {
    /// The cache folder; `None` when it cannot be created.
    dir: Option<PathBuf>,
    /// This derive's pack, and the keys it held when this build started.
    pack: PathBuf,
    found: HashSet<EntryKey>,
    entries: Mutex<Entries>,
}

struct Entries {
    /// The entries of this derive's pack, less those used.
    own: HashMap<EntryKey, Copies>,
    /// The entries of the folder's other packs, less those used; read at
    /// the first miss in `own`.
    others: Option<HashMap<EntryKey, Copies>>,
    /// The entries this build used: the next content of this derive's pack.
    used: HashMap<EntryKey, Copies>,
}

impl Cache {
    /// The cache of the derive named `derive` (anything that tells one
    /// derive from another: crate, type, folder).
    pub(crate) fn open(derive: &str) -> Cache {
        Cache::open_in(cache_dir(), derive)
    }

    fn open_in(dir: PathBuf, derive: &str) -> Cache {
        let name = format!("{}.pack", &blake3::hash(derive.as_bytes()).to_hex()[..40]);
        let pack = dir.join(name);
        let dir = fs::create_dir_all(&dir).is_ok().then_some(dir);
        let own = match dir {
            Some(_) => read_pack(&pack),
            None => HashMap::new(),
        };
        Cache {
            dir,
            found: own.keys().copied().collect(),
            pack,
            entries: Mutex::new(Entries {
                own,
                others: None,
                used: HashMap::new(),
            }),
        }
    }

    /// The copies of the file with `hash` made with `settings`, from the
    /// cache, or made by `make`.
    pub(crate) fn copies_or_make<E>(
        &self,
        hash: &[u8; 32],
        settings: &str,
        make: impl FnOnce() -> Result<Copies, E>,
    ) -> Result<Copies, E> {
        let key = entry_key(hash, settings);
        if let Some(copies) = self.entries().take(&key, || self.other_packs()) {
            return Ok(copies);
        }
        // Made outside the lock: this is the slow part, and it runs on
        // every thread at once.
        let copies = make()?;
        if self.dir.is_some() {
            self.entries().used.insert(key, copies.clone());
        }
        Ok(copies)
    }

    /// The entries of every pack in the folder but this derive's.
    fn other_packs(&self) -> HashMap<EntryKey, Copies> {
        let paths = self.dir.iter().flat_map(|dir| packs_in(dir));
        paths
            .filter(|path| *path != self.pack)
            .flat_map(|path| read_pack(&path))
            .collect()
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        // The entries stay whole whatever panicked while holding the lock.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes this derive's pack if this build used other entries than it
    /// holds (keys name contents, so the same keys are the same pack). A
    /// cache that cannot be written costs the next build time, not this
    /// one.
    pub(crate) fn save(&self) {
        let used = std::mem::take(&mut self.entries().used);
        let unchanged =
            used.len() == self.found.len() && used.keys().all(|key| self.found.contains(key));
        if self.dir.is_none() || unchanged {
            return;
        }
        let mut entries: Vec<(EntryKey, Copies)> = used.into_iter().collect();
        // Sorted, so the same entries make the same file.
        entries.sort_unstable_by_key(|(key, _)| *key);
        let _ = write_atomically(&self.pack, &[&pack::encode(&entries)], None);
    }

    /// A file holding `blob`, the concatenation of `parts` (every
    /// compressed copy of one derive), named by its hash so an unchanged
    /// folder reuses it; `None` when the cache folder cannot be written.
    /// The blob is never held whole: a warm build only compares it.
    ///
    /// The generated code names the file in an `include_bytes!`, so Cargo
    /// compares its modification time with the build's start: a new file is
    /// dated `inputs_modified` (the newest of the files it was made from),
    /// or the next build would compile the crate again for nothing.
    pub(crate) fn blob(&self, parts: &[&[u8]], inputs_modified: SystemTime) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let mut hasher = blake3::Hasher::new();
        for part in parts {
            hasher.update(part);
        }
        let name = format!("{}.blob", &hasher.finalize().to_hex()[..40]);
        let path = dir.join(name);
        // Compared in full: a blob damaged on disk is written again.
        if holds(&path, parts).unwrap_or(false) {
            return Some(path);
        }
        write_atomically(&path, parts, Some(inputs_modified))
            .ok()
            .map(|()| path)
    }
}

impl Entries {
    /// A copy of the entry at `key`, which this build now uses; the other
    /// packs come from `read_others` if it is not in this derive's.
    fn take(
        &mut self,
        key: &EntryKey,
        read_others: impl FnOnce() -> HashMap<EntryKey, Copies>,
    ) -> Option<Copies> {
        if let Some(copies) = self.used.get(key) {
            return Some(copies.clone());
        }
        let copies = match self.own.remove(key) {
            Some(copies) => copies,
            None => self.others.get_or_insert_with(read_others).remove(key)?,
        };
        self.used.insert(*key, copies.clone());
        Some(copies)
    }
}

/// The entries of the pack at `path`; none if it is missing or damaged (its
/// files are made again).
fn read_pack(path: &Path) -> HashMap<EntryKey, Copies> {
    let Ok(bytes) = fs::read(path) else {
        return HashMap::new();
    };
    let entries = pack::decode(&Bytes::from(bytes)).unwrap_or_default();
    entries.into_iter().collect()
}

/// The packs in the cache folder.
fn packs_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "pack")
        })
        .collect()
}

fn entry_key(hash: &[u8; 32], settings: &str) -> EntryKey {
    let mut key = blake3::Hasher::new();
    key.update(hash);
    key.update(settings.as_bytes());
    let mut entry_key = [0; KEY_LEN];
    entry_key.copy_from_slice(&key.finalize().as_bytes()[..KEY_LEN]);
    entry_key
}

/// True when the file at `path` holds exactly `parts`, one after another;
/// read in chunks, so a big blob is never held whole.
fn holds(path: &Path, parts: &[&[u8]]) -> std::io::Result<bool> {
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
    cache_dir_in(
        std::env::var_os("STATIC_EMBED_CACHE_DIR"),
        rustc_out_dir(std::env::args_os()),
        std::env::var_os("CARGO_TARGET_DIR"),
    )
}

/// The location rules of the module docs, given the variables and rustc's
/// `--out-dir`.
fn cache_dir_in(
    cache_variable: Option<OsString>,
    out_dir: Option<PathBuf>,
    target_variable: Option<OsString>,
) -> PathBuf {
    const NAME: &str = "static-embed-cache";
    if let Some(dir) = cache_variable {
        return PathBuf::from(dir);
    }
    if let Some(profile_dir) = out_dir.as_deref().and_then(Path::parent) {
        return profile_dir.join(NAME);
    }
    if let Some(target) = target_variable {
        return PathBuf::from(target).join(NAME);
    }
    std::env::temp_dir().join(NAME)
}

/// The macro runs inside rustc; Cargo passes it `--out-dir target/<profile>/deps`.
fn rustc_out_dir(mut args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
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

    /// A fresh folder under the system temp folder.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "static-embed-cache-test-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A cache in a fresh folder, for the derive "test".
    fn cache(name: &str) -> Cache {
        Cache::open_in(folder(name), "test")
    }

    fn remove(cache: Cache) {
        let _ = fs::remove_dir_all(cache.dir.unwrap());
    }

    #[test]
    fn the_cache_sits_next_to_the_deps_folder_unless_a_variable_says_otherwise() {
        let args = |args: &[&str]| rustc_out_dir(args.iter().map(OsString::from));
        let out_dir = args(&["--crate-name", "app", "--out-dir", "/t/release/deps", "-C"]);
        assert_eq!(out_dir.as_deref(), Some(Path::new("/t/release/deps")));
        let joined = args(&["--out-dir=/t/debug/deps"]);
        assert_eq!(joined.as_deref(), Some(Path::new("/t/debug/deps")));
        assert_eq!(args(&["--crate-name", "app"]), None);

        let variable = |value: &str| Some(OsString::from(value));
        assert_eq!(
            cache_dir_in(None, out_dir.clone(), variable("/elsewhere")),
            Path::new("/t/release/static-embed-cache")
        );
        assert_eq!(
            cache_dir_in(variable("/ci/cache"), out_dir, variable("/elsewhere")),
            Path::new("/ci/cache")
        );
        assert_eq!(
            cache_dir_in(None, None, variable("/elsewhere")),
            Path::new("/elsewhere/static-embed-cache")
        );
        assert_eq!(
            cache_dir_in(None, None, None),
            std::env::temp_dir().join("static-embed-cache")
        );
    }

    fn copies(brotli: &[u8], gzip: &[u8]) -> Copies {
        vec![
            (Encoding::Brotli, Bytes::copy_from_slice(brotli)),
            (Encoding::Gzip, Bytes::copy_from_slice(gzip)),
        ]
    }

    /// Gets the copies of the file with `hash`, reporting whether `make`
    /// had to run.
    fn get(cache: &Cache, hash: u8, made_if_missing: Copies) -> (Copies, bool) {
        let mut made = false;
        let copies = cache
            .copies_or_make(&[hash; 32], "test", || {
                made = true;
                Ok::<_, std::io::Error>(made_if_missing)
            })
            .unwrap();
        (copies, made)
    }

    /// Asserts that the file with `hash` is found in the cache, with
    /// `expected` as its copies, without running `make`.
    fn assert_cached(cache: &Cache, hash: u8, expected: Copies) {
        let (got, made) = get(cache, hash, copies(b"not", b"used"));
        assert!(!made, "file {hash} was made again");
        assert_eq!(got, expected);
    }

    /// Saves `cache` and opens it again, for `derive`.
    fn reopen(cache: Cache, derive: &str) -> Cache {
        let dir = cache.dir.clone().unwrap();
        cache.save();
        Cache::open_in(dir, derive)
    }

    #[test]
    fn copies_are_made_once_then_read_back() {
        let cache = cache("hit");
        let (got, made) = get(&cache, 1, copies(b"brotli bytes", b"gzip"));
        assert!(made);
        assert_eq!(got, copies(b"brotli bytes", b"gzip"));
        let (got, made) = get(&cache, 2, Vec::new());
        assert!(made);
        assert_eq!(got, Vec::new());

        let cache = reopen(cache, "test");
        assert_cached(&cache, 1, copies(b"brotli bytes", b"gzip"));
        // A file with no copy worth keeping is not compressed again either.
        assert_cached(&cache, 2, Vec::new());
        remove(cache);
    }

    #[test]
    fn another_derive_of_the_same_files_finds_their_copies() {
        let cache = cache("shared");
        get(&cache, 1, copies(b"brotli bytes", b"gzip"));
        let other = reopen(cache, "other");
        assert_cached(&other, 1, copies(b"brotli bytes", b"gzip"));
        remove(other);
    }

    #[test]
    fn the_other_packs_are_read_only_when_a_file_misses_in_its_own() {
        let cache = cache("lazy");
        get(&cache, 1, copies(b"one", b"1"));
        let other = reopen(cache, "other");
        get(&other, 2, copies(b"two", b"2"));
        let cache = reopen(other, "test");
        let others_read = |cache: &Cache| cache.entries().others.is_some();

        assert_cached(&cache, 1, copies(b"one", b"1"));
        assert!(!others_read(&cache), "a warm build reads its own pack only");
        assert_cached(&cache, 2, copies(b"two", b"2"));
        assert!(others_read(&cache));
        remove(cache);
    }

    #[test]
    fn a_pack_keeps_only_what_the_last_build_used_and_is_not_rewritten_unchanged() {
        let cache = cache("pruned");
        get(&cache, 1, copies(b"one", b"1"));
        let cache = reopen(cache, "test");
        get(&cache, 2, copies(b"two", b"2"));
        let cache = reopen(cache, "test");
        let (_, made) = get(&cache, 1, copies(b"one", b"1"));
        assert!(made, "the entry of a file no longer embedded was dropped");

        // Nothing new: the pack is left as it is.
        let dated = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let cache = reopen(cache, "test");
        fs::File::options()
            .write(true)
            .open(&cache.pack)
            .unwrap()
            .set_modified(dated)
            .unwrap();
        let cache = Cache::open_in(cache.dir.clone().unwrap(), "test");
        let (_, made) = get(&cache, 1, copies(b"one", b"1"));
        assert!(!made);
        let pack = cache.pack.clone();
        let cache = reopen(cache, "test");
        assert_eq!(fs::metadata(&pack).unwrap().modified().unwrap(), dated);
        remove(cache);
    }

    #[test]
    fn a_damaged_pack_is_made_again() {
        let cache = cache("damaged");
        get(&cache, 1, copies(b"brotli bytes", b"gzip"));
        let pack = cache.pack.clone();
        let cache = reopen(cache, "test");
        let written = fs::read(&pack).unwrap();
        let mut damaged = written.clone();
        damaged[40] ^= 1;
        fs::write(&pack, &damaged).unwrap();
        drop(cache);

        let cache = Cache::open_in(pack.parent().unwrap().to_owned(), "test");
        let (got, made) = get(&cache, 1, copies(b"brotli bytes", b"gzip"));
        assert!(made);
        assert_eq!(got, copies(b"brotli bytes", b"gzip"));
        let cache = reopen(cache, "test");
        assert_eq!(fs::read(&pack).unwrap(), written, "written again");
        remove(cache);
    }

    #[test]
    fn an_unwritable_cache_still_makes_every_copy() {
        let file = folder("unwritable").join("a file");
        fs::write(&file, b"").unwrap();
        let cache = Cache::open_in(file.join("cache"), "test");
        assert!(cache.dir.is_none());
        let (got, made) = get(&cache, 1, copies(b"brotli bytes", b"gzip"));
        assert!(made);
        assert_eq!(got, copies(b"brotli bytes", b"gzip"));
        cache.save();
        let _ = fs::remove_dir_all(file.parent().unwrap());
    }

    #[test]
    fn a_blob_is_its_parts_in_order_and_written_again_when_damaged() {
        let cache = cache("blob");
        let parts: [&[u8]; 3] = [b"all the copies", b"", b" of one derive"];
        let dated = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let path = cache.blob(&parts, dated).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"all the copies of one derive");
        let whole: [&[u8]; 1] = [b"all the copies of one derive"];
        assert_eq!(
            cache.blob(&whole, dated),
            Some(path.clone()),
            "named by content"
        );

        for damaged in [&b"all the copies of one derivX"[..], b"all the copies", b""] {
            fs::write(&path, damaged).unwrap();
            assert_eq!(cache.blob(&parts, dated), Some(path.clone()));
            assert_eq!(fs::read(&path).unwrap(), b"all the copies of one derive");
        }
        remove(cache);
    }

    #[test]
    fn a_new_blob_is_dated_like_its_newest_input() {
        let cache = cache("blob-date");
        let dated = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let path = cache.blob(&[b"copies"], dated).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), dated);
        remove(cache);
    }
}
