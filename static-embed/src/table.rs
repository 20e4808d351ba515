//! The embedded table: what release builds (and `debug-embed`) look up.
//!
//! The macro emits plain data (string and byte-slice literals, integers), so
//! rustc stores it as constants instead of evaluating constructor calls for
//! every file at compile time. The header values an [`Asset`] serves are made
//! from those strings once per file, on its first lookup, and kept in a
//! [`Built`] cell next to the entry.
//!
//! [`Asset`]: crate::Asset

use std::sync::OnceLock;

use static_embed_common::{index, Encoding};

use crate::asset::{AssetData, EmbeddedData, StaticFile, StaticRepresentation};

/// Where one string or byte string lies in a table's text or blob: offset
/// times 2³² plus length. An integer rather than a struct, so rustc builds
/// no aggregate per span.
#[doc(hidden)]
pub type Span = u64;

/// Spans are written by the macro over the text and blob it writes next to
/// them, so one out of bounds is a bug of the macro, not an input to serve.
const SPAN_IN_BOUNDS: &str = "the macro writes spans inside the table's text and blob";

fn range(span: Span) -> std::ops::Range<usize> {
    let start = (span >> 32) as usize;
    start..start + (span & u64::from(u32::MAX)) as usize
}

/// One embedded file, as the macro writes it. Header strings are spans of
/// the table's text, so a derive emits one string literal, not one per value.
#[doc(hidden)]
#[derive(Debug)]
pub struct EmbeddedFile {
    /// The key, prefix included.
    pub key: &'static str,
    /// BLAKE3 of the identity bytes.
    pub hash: [u8; 32],
    /// The `Content-Type` value, in the text.
    pub content_type: Span,
    /// Seconds since the epoch and the same time as an HTTP-date in the text.
    pub last_modified: Option<(u64, Span)>,
    /// Where the identity bytes are in the blob when the assembler put the
    /// files there; unused when the table lists them as `include_bytes!`.
    pub bytes: Span,
    /// The identity representation's ETag, quotes included, in the text.
    pub etag: Span,
    /// The identity length, as the `Content-Length` value, in the text.
    pub length: Span,
    /// This file's compressed copies: a run of the table's copies.
    pub copies: Span,
}

/// One compressed copy of an [`EmbeddedFile`].
#[doc(hidden)]
#[derive(Debug)]
pub struct EmbeddedCopy {
    /// Its content coding.
    pub encoding: Encoding,
    /// The compressed bytes, in the blob.
    pub bytes: Span,
    /// Its own ETag (RFC 9110 §8.8.3), in the text.
    pub etag: Span,
    /// Its length, as the `Content-Length` value, in the text.
    pub length: Span,
}

/// Every asset of one derived type, sorted by key, with its hash index and
/// one lazily built [`EmbeddedData`] per file. All header strings are in one
/// text and all compressed copies in one blob: each literal and each
/// `include_bytes!` costs rustc memory. The files' identity bytes are either
/// one `include_bytes!` each (`included`, in file order), or, where the
/// `incbin` feature has the assembler embed them (so rustc never holds
/// them), in the blob after the copies, with `included` empty.
#[doc(hidden)]
#[derive(Debug)]
pub struct Table {
    files: &'static [EmbeddedFile],
    copies: &'static [EmbeddedCopy],
    slots: &'static [u32],
    built: &'static [Built],
    text: &'static str,
    blob: &'static [u8],
    included: &'static [&'static [u8]],
}

/// Where the [`EmbeddedData`] of one file is kept once its first lookup has
/// built it. Boxed, so an empty cell is two words of `.data` per file: an
/// empty cell holding the data inline is not all zeros, so it cannot go to
/// `.bss` and would cost the data's full size per file in the binary. The
/// box is one allocation per file served, made once per process.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Built(OnceLock<Box<EmbeddedData>>);

impl Built {
    /// A cell holding nothing yet; the generated code makes one per file.
    pub const fn new() -> Built {
        Built(OnceLock::new())
    }
}

impl Table {
    /// A table with no assets (a missing folder with `allow_missing`, or the
    /// stand-in emitted next to a compile error).
    pub const EMPTY: Table = Table::new(&[], &[], &[], &[], "", &[], &[]);

    /// Used by generated code: `slots` was built by
    /// `static_embed_common::index::build` over the keys of `files`, `built`
    /// has one empty cell per file, `included` is empty or has one slice per
    /// file, and every span is in bounds (and on character boundaries of
    /// `text`).
    pub const fn new(
        files: &'static [EmbeddedFile],
        copies: &'static [EmbeddedCopy],
        slots: &'static [u32],
        built: &'static [Built],
        text: &'static str,
        blob: &'static [u8],
        included: &'static [&'static [u8]],
    ) -> Table {
        Table {
            files,
            copies,
            slots,
            built,
            text,
            blob,
            included,
        }
    }

    /// The entry stored under exactly `key` (already normalised).
    pub(crate) fn get(&'static self, key: &str) -> Option<&'static EmbeddedData> {
        let files = self.files;
        let position = index::find(self.slots, key, |p| files[p].key)?;
        let file = &files[position];
        let cell = self
            .built
            .get(position)
            .expect("generated tables have one built cell per file");
        let data = cell.0.get_or_init(|| {
            let data = AssetData::from_static(self.file(position, file), self.copies(file));
            Box::new(EmbeddedData { position, data })
        });
        Some(data)
    }

    /// The strings and identity bytes of `file`, the entry at `position`.
    fn file(&self, position: usize, file: &EmbeddedFile) -> StaticFile {
        StaticFile {
            key: file.key,
            hash: file.hash,
            content_type: self.text(file.content_type),
            last_modified: file
                .last_modified
                .map(|(seconds, date)| (seconds, self.text(date))),
            identity: StaticRepresentation {
                encoding: Encoding::Identity,
                bytes: self.identity(position, file),
                etag: self.text(file.etag),
                length: self.text(file.length),
            },
        }
    }

    /// How many files the table holds.
    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// The identity bytes of `file`, the entry at `position`.
    pub(crate) fn identity(&self, position: usize, file: &EmbeddedFile) -> &'static [u8] {
        match self.included.get(position) {
            Some(bytes) => bytes,
            None => self.blob.get(range(file.bytes)).expect(SPAN_IN_BOUNDS),
        }
    }

    /// A string of the text.
    pub(crate) fn text(&self, span: Span) -> &'static str {
        self.text.get(range(span)).expect(SPAN_IN_BOUNDS)
    }

    /// The compressed copies of `file`, most preferred first.
    fn copies(&'static self, file: &EmbeddedFile) -> impl Iterator<Item = StaticRepresentation> {
        let copies = self.copies.get(range(file.copies)).expect(SPAN_IN_BOUNDS);
        copies.iter().map(|copy| StaticRepresentation {
            encoding: copy.encoding,
            bytes: self.blob.get(range(copy.bytes)).expect(SPAN_IN_BOUNDS),
            etag: self.text(copy.etag),
            length: self.text(copy.length),
        })
    }

    pub(crate) fn files(&self) -> &'static [EmbeddedFile] {
        self.files
    }
}
