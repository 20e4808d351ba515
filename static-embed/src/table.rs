//! The embedded table: what release builds (and `debug-embed`) look up.
//!
//! The macro emits plain data (string and byte-slice literals, integers), so
//! rustc stores it as constants instead of evaluating constructor calls for
//! every file at compile time. The header values an [`Asset`] serves are made
//! from those strings once per file, on its first lookup, and kept in a
//! `OnceLock` next to the entry.
//!
//! [`Asset`]: crate::Asset

use std::sync::OnceLock;

use static_embed_common::{index, Encoding};

use crate::asset::AssetData;

/// One embedded file, as the macro writes it.
#[doc(hidden)]
#[derive(Debug)]
pub struct EmbeddedFile {
    /// The key, prefix included.
    pub key: &'static str,
    /// BLAKE3 of the identity bytes.
    pub hash: [u8; 32],
    /// The `Content-Type` value.
    pub content_type: &'static str,
    /// Seconds since the epoch and the same time as an HTTP-date.
    pub last_modified: Option<(u64, &'static str)>,
    /// The identity bytes.
    pub bytes: &'static [u8],
    /// The identity representation's ETag, quotes included.
    pub etag: &'static str,
    /// The identity length, as the `Content-Length` value.
    pub length: &'static str,
    /// Compressed copies kept, most preferred first.
    pub encoded: &'static [EmbeddedCopy],
}

/// One compressed copy of an [`EmbeddedFile`].
#[doc(hidden)]
#[derive(Debug)]
pub struct EmbeddedCopy {
    /// Its content coding.
    pub encoding: Encoding,
    /// The compressed bytes.
    pub bytes: &'static [u8],
    /// Its own ETag (RFC 9110 §8.8.3).
    pub etag: &'static str,
    /// Its length, as the `Content-Length` value.
    pub length: &'static str,
}

/// Every asset of one derived type, sorted by key, with its hash index and
/// one lazily built [`AssetData`] per file.
#[doc(hidden)]
#[derive(Debug)]
pub struct Table {
    files: &'static [EmbeddedFile],
    slots: &'static [u32],
    built: &'static [OnceLock<AssetData>],
}

impl Table {
    /// A table with no assets (a missing folder with `allow_missing`, or the
    /// stand-in emitted next to a compile error).
    pub const EMPTY: Table = Table::new(&[], &[], &[]);

    /// Used by generated code: `slots` was built by
    /// `static_embed_common::index::build` over the keys of `files`, and
    /// `built` has one empty cell per file.
    pub const fn new(
        files: &'static [EmbeddedFile],
        slots: &'static [u32],
        built: &'static [OnceLock<AssetData>],
    ) -> Table {
        Table {
            files,
            slots,
            built,
        }
    }

    /// The entry stored under exactly `key` (already normalised).
    pub(crate) fn get(&self, key: &str) -> Option<&'static AssetData> {
        let files = self.files;
        let position = index::find(self.slots, key, |p| files[p].key)?;
        let file = &files[position];
        let cell = self.built.get(position)?;
        Some(cell.get_or_init(|| AssetData::from_embedded(file)))
    }

    pub(crate) fn files(&self) -> &'static [EmbeddedFile] {
        self.files
    }
}
