//! Where a derived type's assets come from: the embedded table or the disk.

use std::borrow::Cow;

use static_embed_common::path::normalize;

use crate::asset::Asset;
use crate::disk::{DiskFolder, ReadError};
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
    /// A file that cannot be read is `None` here (its failure was logged).
    pub(crate) fn get(self, path: &str) -> Option<Asset> {
        self.lookup(path).ok().flatten()
    }

    /// [`Source::get`], telling a file that is not there (`Ok(None)`) from
    /// one that is there but cannot be read (debug builds only).
    pub(crate) fn lookup(self, path: &str) -> Result<Option<Asset>, ReadError> {
        let Some(key) = normalize(path) else {
            return Ok(None);
        };
        match self {
            Source::Embedded(table) => Ok(table.get(key).map(Asset::borrowed)),
            Source::Disk(folder) => Ok(folder.get(key)?.map(Asset::owned)),
        }
    }

    /// How many table entries the source has: one per embedded file, none
    /// for a folder read at run time.
    pub(crate) fn entries(self) -> usize {
        match self {
            Source::Embedded(table) => table.len(),
            Source::Disk(_) => 0,
        }
    }

    /// True when both are the same table or folder (the same derived type).
    pub(crate) fn is(self, other: Source) -> bool {
        match (self, other) {
            (Source::Embedded(a), Source::Embedded(b)) => std::ptr::eq(a, b),
            (Source::Disk(a), Source::Disk(b)) => std::ptr::eq(a, b),
            _ => false,
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
