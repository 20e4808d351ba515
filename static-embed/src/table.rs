//! The embedded table: what release builds (and `debug-embed`) look up.

use static_embed_common::index;

use crate::asset::AssetData;

/// Every asset of one derived type, sorted by key, with its hash index.
#[doc(hidden)]
#[derive(Debug)]
pub struct Table {
    entries: &'static [AssetData],
    slots: &'static [u32],
}

impl Table {
    /// A table with no assets (a missing folder with `allow_missing`, or the
    /// stand-in emitted next to a compile error).
    pub const EMPTY: Table = Table::new(&[], &[]);

    /// Used by generated code: `slots` was built by
    /// `static_embed_common::index::build` over the keys of `entries`.
    pub const fn new(entries: &'static [AssetData], slots: &'static [u32]) -> Table {
        Table { entries, slots }
    }

    /// The entry stored under exactly `key` (already normalised).
    pub(crate) fn get(&self, key: &str) -> Option<&'static AssetData> {
        let entries = self.entries;
        let position = index::find(self.slots, key, |p| entries[p].key())?;
        Some(&entries[position])
    }

    pub(crate) fn entries(&self) -> &'static [AssetData] {
        self.entries
    }
}
