//! The on-disk cache of compressed copies, so a rebuild with unchanged files
//! compresses nothing.
//!
//! Entries are content-addressed: the file name is a hash of the identity
//! bytes' BLAKE3 hash and the codec settings, so an edited file or a changed
//! setting simply misses. The generated code embeds all copies of one
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
                let mut file = fs::File::open(path)?;
                file.read_to_end(blob).map(drop)
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
        let path = dir.join(entry_name(hash, encoding, settings));
        if let Ok(meta) = fs::metadata(&path) {
            return Ok(Stored::File {
                path,
                len: meta.len(),
            });
        }
        let bytes = compress()?;
        Ok(match write_atomically(&path, &bytes) {
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
    pub(crate) fn blob(&self, blob: &[u8]) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let name = format!("{}.blob", &blake3::hash(blob).to_hex()[..40]);
        let path = dir.join(name);
        if fs::metadata(&path).is_ok_and(|meta| meta.len() == blob.len() as u64) {
            return Some(path);
        }
        write_atomically(&path, blob).ok().map(|()| path)
    }
}

fn entry_name(hash: &[u8; 32], encoding: Encoding, settings: &str) -> String {
    let mut key = blake3::Hasher::new();
    key.update(hash);
    key.update(settings.as_bytes());
    format!(
        "{}.{}",
        &key.finalize().to_hex()[..40],
        encoding.file_extension()
    )
}

/// Two crates (or two rustc processes) may fill the same entry at once:
/// write to a unique temporary name, then rename over.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = path.with_extension(format!("tmp{}", std::process::id()));
    let mut file = fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
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
