//! Each derive keeps only its latest blob: a small record next to its pack
//! (`<derive>.latest`) names the blob its last build embedded, and when a
//! build embeds another, the one named before is deleted, unless another
//! derive's record names it too (two derives of the same files make the
//! same blob).
//!
//! Deleting is safe because the generated code always names its blob in an
//! `include_bytes!`: a binary or rlib that still names the old blob was
//! built from the files as they were before the edit, so Cargo compiles it
//! again (an input is missing, and a file it watches changed) before
//! anything reads the blob, including an LTO link with the `incbin`
//! feature.

use std::fs;
use std::path::Path;

use crate::{atomic, blob_file, listing};

pub(crate) const EXTENSION: &str = "latest";

/// Records that the derive whose record is at `record` now embeds `blob`,
/// and deletes the blob it embedded before if no other derive's record
/// names it. Anything that fails leaves a file behind, never deletes one
/// in use.
pub(crate) fn keep_only(record: &Path, blob: &Path) {
    let (Some(dir), Some(name)) = (record.parent(), blob.file_name().and_then(|n| n.to_str()))
    else {
        return;
    };
    let previous = fs::read_to_string(record).ok();
    if previous.as_deref() == Some(name) || atomic::write(record, &[name.as_bytes()], None).is_err()
    {
        return;
    }
    // A damaged record must not name any other file.
    let Some(previous) = previous.filter(|previous| blob_file::is_name(previous)) else {
        return;
    };
    if !named_by_another(dir, record, &previous) {
        let _ = fs::remove_file(dir.join(previous));
    }
}

/// Whether a record in `dir` other than `record` names the blob `name`;
/// true when the folder cannot be listed.
fn named_by_another(dir: &Path, record: &Path, name: &str) -> bool {
    let Ok(records) = listing::with_extension(dir, EXTENSION) else {
        return true;
    };
    records
        .iter()
        .filter(|other| *other != record)
        .any(|other| fs::read_to_string(other).is_ok_and(|named| named == name))
}
