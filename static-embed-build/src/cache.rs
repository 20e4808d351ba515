//! The on-disk cache of compressed copies, so a rebuild with unchanged files
//! compresses nothing.
//!
//! Each derive keeps the copies of every file it embeds in one pack file
//! (`pack.rs`), named after the derive and read back whole by the next
//! build. Entries are content-addressed: keyed by a hash of the file's
//! identity bytes' BLAKE3 hash and the codec settings, so an edited file or
//! a changed setting simply misses. On a miss, a build looks in every other
//! pack of the folder, so two derives of the same files share copies; a
//! warm build reads its own pack only. One file per derive, not per entry:
//! creating and deleting thousands of small files is slow on some file
//! systems.
//!
//! The generated code embeds all copies of one derive through one blob file
//! (`blob.rs`). A damaged pack fails its checksum and a damaged blob its
//! comparison, so they are made again rather than embedded.
//!
//! What is kept: per derive, one pack (the copies its last build used) and
//! one blob (the one its last build embedded; `latest.rs` deletes the
//! previous one). The files of a derive that no longer exists (renamed,
//! moved, or its attributes changed) stay until `cargo clean`.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use bytes::Bytes;

use crate::pack::{self, EntryKey, KEY_LEN};
use crate::{atomic, blob_file, latest, listing, Copies};

/// The cache of one derive: its pack of compressed copies, the other packs
/// of its folder, and its blob.
pub struct Cache {
    /// The cache folder; `None` when it cannot be created.
    dir: Option<PathBuf>,
    /// This derive's pack, and the keys it held when this build started.
    pack: PathBuf,
    /// The record of the blob this derive embeds.
    latest: PathBuf,
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
    /// The cache in the folder `dir` (created if missing) of the derive
    /// named `derive`: anything that tells one derive from another (crate,
    /// type, folder). A folder that cannot be created or written costs
    /// time, never correctness: every copy is then made again.
    pub fn open(dir: impl Into<PathBuf>, derive: &str) -> Cache {
        let dir = dir.into();
        let name = &blake3::hash(derive.as_bytes()).to_hex()[..40];
        let pack = dir.join(format!("{name}.pack"));
        let latest = dir.join(format!("{name}.{}", latest::EXTENSION));
        let dir = fs::create_dir_all(&dir).is_ok().then_some(dir);
        let own = match dir {
            Some(_) => read_pack(&pack),
            None => HashMap::new(),
        };
        Cache {
            dir,
            found: own.keys().copied().collect(),
            pack,
            latest,
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
        let paths = self
            .dir
            .iter()
            .flat_map(|dir| listing::with_extension(dir, "pack").unwrap_or_default());
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
    pub fn save(&self) {
        let used = std::mem::take(&mut self.entries().used);
        let unchanged =
            used.len() == self.found.len() && used.keys().all(|key| self.found.contains(key));
        if self.dir.is_none() || unchanged {
            return;
        }
        let mut entries: Vec<(EntryKey, Copies)> = used.into_iter().collect();
        // Sorted, so the same entries make the same file.
        entries.sort_unstable_by_key(|(key, _)| *key);
        let _ = atomic::write(&self.pack, &[&pack::encode(&entries)], None);
    }

    /// A file holding the blob made of `parts` (every compressed copy of
    /// one derive, [`blob::parts`](crate::blob::parts)), named by its hash so an unchanged
    /// folder reuses it; `None` when the cache folder cannot be written.
    /// The derive's previous blob is deleted, unless another derive uses
    /// it: call this once per build, with the blob the build embeds.
    ///
    /// The generated code names the file in an `include_bytes!`, so Cargo
    /// compares its modification time with the build's start: a new file is
    /// dated `inputs_modified` (the newest of the files it was made from),
    /// or the next build would compile the crate again for nothing.
    pub fn write_blob(&self, parts: &[&[u8]], inputs_modified: SystemTime) -> Option<PathBuf> {
        let path = blob_file::path_in(self.dir.as_ref()?, parts);
        blob_file::write(&path, parts, inputs_modified).ok()?;
        latest::keep_only(&self.latest, &path);
        Some(path)
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

fn entry_key(hash: &[u8; 32], settings: &str) -> EntryKey {
    let mut key = blake3::Hasher::new();
    key.update(hash);
    key.update(settings.as_bytes());
    let mut entry_key = [0; KEY_LEN];
    entry_key.copy_from_slice(&key.finalize().as_bytes()[..KEY_LEN]);
    entry_key
}

#[cfg(test)]
mod tests {
    use static_embed_common::Encoding;

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
        Cache::open(folder(name), "test")
    }

    fn remove(cache: Cache) {
        let _ = fs::remove_dir_all(cache.dir.unwrap());
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
        Cache::open(dir, derive)
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
        let cache = Cache::open(cache.dir.clone().unwrap(), "test");
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

        let cache = Cache::open(pack.parent().unwrap().to_owned(), "test");
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
        let cache = Cache::open(file.join("cache"), "test");
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
        let path = cache.write_blob(&parts, dated).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"all the copies of one derive");
        let whole: [&[u8]; 1] = [b"all the copies of one derive"];
        assert_eq!(
            cache.write_blob(&whole, dated),
            Some(path.clone()),
            "named by content"
        );

        for damaged in [&b"all the copies of one derivX"[..], b"all the copies", b""] {
            fs::write(&path, damaged).unwrap();
            assert_eq!(cache.write_blob(&parts, dated), Some(path.clone()));
            assert_eq!(fs::read(&path).unwrap(), b"all the copies of one derive");
        }
        remove(cache);
    }

    #[test]
    fn a_new_blob_is_dated_like_its_newest_input() {
        let cache = cache("blob-date");
        let dated = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let path = cache.write_blob(&[b"copies"], dated).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), dated);
        remove(cache);
    }

    fn blobs_in(cache: &Cache) -> Vec<PathBuf> {
        let mut blobs = listing::with_extension(cache.dir.as_ref().unwrap(), "blob").unwrap();
        blobs.sort();
        blobs
    }

    #[test]
    fn an_edit_leaves_exactly_one_blob_per_derive() {
        let cache = cache("latest");
        let first = cache.write_blob(&[b"copies"], dated()).unwrap();
        assert_eq!(cache.write_blob(&[b"copies"], dated()), Some(first.clone()));
        let cache = reopen(cache, "test");
        let edited = cache.write_blob(&[b"edited copies"], dated()).unwrap();
        assert_eq!(blobs_in(&cache), std::slice::from_ref(&edited));
        assert!(!first.exists(), "the previous blob was deleted");
        let cache = reopen(cache, "test");
        assert_eq!(
            cache.write_blob(&[b"edited copies"], dated()),
            Some(edited.clone())
        );
        assert_eq!(blobs_in(&cache), [edited]);
        remove(cache);
    }

    #[test]
    fn two_derives_keep_their_blobs_and_a_blob_another_uses_is_never_removed() {
        let a = cache("latest-shared");
        let dir = a.dir.clone().unwrap();
        let b = Cache::open(&dir, "other");
        let shared = a.write_blob(&[b"same files"], dated()).unwrap();
        assert_eq!(
            b.write_blob(&[b"same files"], dated()),
            Some(shared.clone())
        );
        let own = a.write_blob(&[b"a edited"], dated()).unwrap();
        assert!(shared.exists(), "b still embeds it");
        let other = b.write_blob(&[b"b edited"], dated()).unwrap();
        assert!(!shared.exists(), "no derive embeds it any more");
        let mut expected = vec![own, other];
        expected.sort();
        assert_eq!(blobs_in(&a), expected);
        remove(a);
    }

    #[test]
    fn a_damaged_record_deletes_nothing() {
        let cache = cache("latest-damaged");
        let dir = cache.dir.clone().unwrap();
        let bystander = dir.join("bystander.txt");
        fs::write(&bystander, b"keep").unwrap();
        fs::write(&cache.latest, "bystander.txt").unwrap();
        cache.write_blob(&[b"copies"], dated()).unwrap();
        assert!(bystander.exists());
        remove(cache);
    }

    fn dated() -> SystemTime {
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000)
    }
}
