//! Writing a cache file so no reader ever sees it half written.

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// Writes `parts` to `path`, dated `modified` when given. Two crates, two
/// rustc processes or two threads (two files with the same content) may
/// fill the same entry at once: each writes to a temporary name of its own,
/// then renames it over.
pub(crate) fn write(path: &Path, parts: &[&[u8]], modified: Option<SystemTime>) -> io::Result<()> {
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
