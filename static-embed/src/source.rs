//! Where a derived type's assets come from: the embedded table or the disk.

use std::borrow::Cow;

use static_embed_common::path::normalize;

use crate::asset::Asset;
use crate::disk::DiskFolder;
use crate::table::{EmbeddedFile, Table};

/// What the derive macro generates for a type: its assets, embedded or on disk.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// Release builds and `debug-embed`: bytes baked into the binary.
    Embedded(&'static Table),
    /// Debug builds: the live folder.
    Disk(&'static DiskFolder),
}

impl Source {
    /// Looks `path` up after normalising it; see [`StaticAssets::get`](crate::StaticAssets::get).
    pub(crate) fn get(self, path: &str) -> Option<Asset> {
        let key = normalize(path)?;
        match self {
            Source::Embedded(table) => table.get(key).map(Asset::borrowed),
            Source::Disk(folder) => folder.get(key).map(Asset::owned),
        }
    }

    pub(crate) fn keys(self) -> Keys {
        Keys {
            inner: match self {
                Source::Embedded(table) => KeysInner::Embedded(table.files().iter()),
                Source::Disk(folder) => KeysInner::Disk(folder.keys().into_iter()),
            },
        }
    }
}

/// Iterator over every key of a derived type, sorted; see
/// [`StaticAssets::iter`](crate::StaticAssets::iter).
///
/// Keys borrow from the binary in release builds and are owned in debug
/// builds, where they come from walking the live folder.
#[derive(Debug)]
pub struct Keys {
    inner: KeysInner,
}

#[derive(Debug)]
enum KeysInner {
    Embedded(std::slice::Iter<'static, EmbeddedFile>),
    Disk(std::vec::IntoIter<String>),
}

impl Iterator for Keys {
    type Item = Cow<'static, str>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            KeysInner::Embedded(entries) => entries.next().map(|file| Cow::Borrowed(file.key)),
            KeysInner::Disk(keys) => keys.next().map(Cow::Owned),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            KeysInner::Embedded(entries) => entries.size_hint(),
            KeysInner::Disk(keys) => keys.size_hint(),
        }
    }
}

impl ExactSizeIterator for Keys {}
