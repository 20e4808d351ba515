//! The 200 and 304 header fields of embedded representations, kept per
//! configuration: those two answers, nearly every request, then copy a
//! finished map instead of inserting each field again.

use std::fmt;
use std::sync::OnceLock;

use http::HeaderMap;

use crate::Encoding;

/// One configuration's prepared fields: a cell per table entry and coding,
/// filled on first use, so every configuration of a type answers as fast
/// as any other. Cells are boxed, so an entry never served costs a few
/// words per configuration.
pub(super) struct Prepared {
    /// Indexed by [`Prepared::cell`].
    cells: Box<[OnceLock<Box<PreparedFields>>]>,
}

/// The ready header maps of one representation.
#[derive(Debug)]
pub(super) struct PreparedFields {
    pub(super) full: HeaderMap,
    pub(super) not_modified: HeaderMap,
}

impl Prepared {
    /// Empty cells for a table of `entries` files.
    pub(super) fn new(entries: usize) -> Prepared {
        let cells = (0..entries * Encoding::ALL.len())
            .map(|_| OnceLock::new())
            .collect();
        Prepared { cells }
    }

    /// The fields of the representation in `encoding` of the entry at
    /// `position`, made by `make` on first use.
    pub(super) fn get_or_make(
        &self,
        position: usize,
        encoding: Encoding,
        make: impl FnOnce() -> PreparedFields,
    ) -> &PreparedFields {
        let cell = self
            .cells
            .get(position * Encoding::ALL.len() + encoding.index())
            .expect("a configuration has cells for every entry of its type's table");
        cell.get_or_init(|| Box::new(make()))
    }

    /// How many representations have their fields made.
    #[cfg(test)]
    pub(super) fn made(&self) -> usize {
        self.cells
            .iter()
            .filter(|cell| cell.get().is_some())
            .count()
    }

    /// Forgets every field made: the options they were made with changed.
    pub(super) fn clear(&mut self) {
        self.cells.fill_with(OnceLock::new);
    }
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("cells", &self.cells.len())
            .finish_non_exhaustive()
    }
}
