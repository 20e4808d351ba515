//! The blob: every compressed copy of one derive, one after another, in one
//! file the generated code embeds whole ([`Cache::write_blob`](crate::Cache::write_blob)).
//! Keeping the copies out of the token stream keeps the compiler from
//! holding them as constants.

use crate::ProcessedFile;

/// The blob's content for `files`: each file's copies in its order, the
/// files in theirs. The table addresses copies by their offset in it.
pub fn parts(files: &[ProcessedFile]) -> Vec<&[u8]> {
    files
        .iter()
        .flat_map(|file| &file.encoded)
        .map(|(_, copy)| &copy[..])
        .collect()
}
