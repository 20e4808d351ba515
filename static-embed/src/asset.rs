//! [`Asset`]: one file of the folder, with everything needed to serve it.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::HeaderValue;

use crate::Encoding;

/// One file of an asset folder: its bytes, the pre-compressed copies kept for
/// it, and its metadata, with every header value already made.
///
/// In release builds (and with the `debug-embed` feature) an `Asset` borrows
/// from tables baked into the binary, so getting and cloning one never
/// copies file bytes, and allocates nothing after the file's first lookup.
/// In debug builds it owns what was just read from disk.
///
/// ```
/// use static_embed::StaticAssets;
///
/// #[derive(StaticAssets)]
/// #[folder = "../tests/fixtures/basic"]
/// struct Assets;
///
/// let asset = Assets::get("/hello.txt").unwrap();
/// assert_eq!(asset.bytes(), b"Hello, world!\n");
/// assert_eq!(asset.content_type(), "text/plain; charset=utf-8");
/// assert!(asset.etag().starts_with('"'));
/// ```
#[derive(Clone, Debug)]
pub struct Asset {
    data: Data,
}

/// Where an [`Asset`]'s data lives. Two words either way, so an `Asset` is
/// cheap to move through the responder, and cloning a disk read shares it.
#[derive(Clone, Debug)]
enum Data {
    /// A compile-time table entry.
    Embedded(&'static EmbeddedData),
    /// A file read at run time (debug builds).
    Read(Arc<AssetData>),
}

impl std::ops::Deref for Data {
    type Target = AssetData;

    fn deref(&self) -> &AssetData {
        match self {
            Data::Embedded(embedded) => &embedded.data,
            Data::Read(data) => data,
        }
    }
}

/// The data of one embedded file and where its entry is in its table, so
/// that whoever keeps something per entry (the serving layer's prepared
/// header fields) finds it by index.
#[derive(Debug)]
pub(crate) struct EmbeddedData {
    pub(crate) position: usize,
    pub(crate) data: AssetData,
}

/// Everything needed to serve one file, with every header value made: built
/// once per embedded file, on its first lookup, from the compile-time table
/// (see `table.rs`), or from a disk read in debug builds.
#[derive(Clone, Debug)]
pub(crate) struct AssetData {
    key: Cow<'static, str>,
    hash: [u8; 32],
    content_type: HeaderValue,
    last_modified: Option<LastModified>,
    identity: Representation,
    encoded: Encoded,
}

/// One embedded file as its table holds it, every string and byte slice
/// `'static`: what [`AssetData::from_static`] makes its data from.
#[derive(Debug)]
pub(crate) struct StaticFile {
    pub(crate) key: &'static str,
    pub(crate) hash: [u8; 32],
    pub(crate) content_type: &'static str,
    /// Seconds since the epoch and the same time as an HTTP-date.
    pub(crate) last_modified: Option<(u64, &'static str)>,
    pub(crate) identity: StaticRepresentation,
}

/// One representation as a table holds it: coding, bytes, ETag and
/// `Content-Length` value.
#[derive(Debug)]
pub(crate) struct StaticRepresentation {
    pub(crate) encoding: Encoding,
    pub(crate) bytes: &'static [u8],
    pub(crate) etag: &'static str,
    pub(crate) length: &'static str,
}

/// `Last-Modified`, as seconds for comparisons and as a ready header value.
#[derive(Clone, Debug)]
pub(crate) struct LastModified {
    pub(crate) seconds: u64,
    pub(crate) header: HeaderValue,
}

/// One representation of a file (RFC 9110 §3.2): the identity bytes or one
/// compressed copy, each with its own strong ETag and length header.
#[derive(Clone, Debug)]
pub(crate) struct Representation {
    pub(crate) encoding: Encoding,
    pub(crate) bytes: Bytes,
    pub(crate) etag: HeaderValue,
    pub(crate) content_length: HeaderValue,
}

/// The compressed copies of a file, one slot per coding in preference order
/// ([`Encoding::COMPRESSED`]), so finding a coding's copy is one index. A fixed
/// array rather than a `Vec`, so building an embedded asset allocates
/// nothing beyond the box it is kept in.
#[derive(Clone, Debug, Default)]
struct Encoded {
    copies: [Option<Representation>; Encoding::COMPRESSED.len()],
}

impl Encoded {
    fn iter(&self) -> impl Iterator<Item = &Representation> + '_ {
        self.copies.iter().flatten()
    }

    /// The slot of `encoding`'s copy; identity is never a copy.
    fn slot(encoding: Encoding) -> Option<usize> {
        (encoding != Encoding::Identity).then(|| encoding.index())
    }

    fn get(&self, encoding: Encoding) -> Option<&Representation> {
        self.copies[Self::slot(encoding)?].as_ref()
    }

    fn insert(&mut self, copy: Representation) {
        if let Some(slot) = Self::slot(copy.encoding) {
            self.copies[slot] = Some(copy);
        }
    }

    fn is_empty(&self) -> bool {
        self.copies.iter().all(Option::is_none)
    }
}

impl AssetData {
    /// The data of one compile-time table entry, read from its table. The
    /// strings were made by the macro and are visible ASCII, so
    /// `from_static` (a validating scan, no allocation) cannot fail.
    pub(crate) fn from_static(
        file: StaticFile,
        copies: impl Iterator<Item = StaticRepresentation>,
    ) -> AssetData {
        let mut encoded = Encoded::default();
        for copy in copies {
            encoded.insert(Representation::from_static(copy));
        }
        AssetData {
            key: Cow::Borrowed(file.key),
            hash: file.hash,
            content_type: HeaderValue::from_static(file.content_type),
            last_modified: file.last_modified.map(|(seconds, date)| LastModified {
                seconds,
                header: HeaderValue::from_static(date),
            }),
            identity: Representation::from_static(file.identity),
            encoded,
        }
    }

    /// Builds the data of a file read at run time (debug builds).
    pub(crate) fn from_disk(key: String, bytes: Vec<u8>, last_modified: Option<u64>) -> AssetData {
        use static_embed_common::metadata;
        let hash = metadata::hash(&bytes);
        let header = |text: String| {
            HeaderValue::try_from(text)
                .expect("MIME types, quoted hex digests and HTTP-dates are visible ASCII")
        };
        AssetData {
            content_type: header(metadata::content_type(&key)),
            identity: Representation {
                encoding: Encoding::Identity,
                etag: header(metadata::etag(&hash, Encoding::Identity)),
                content_length: HeaderValue::from(bytes.len()),
                bytes: Bytes::from(bytes),
            },
            last_modified: last_modified.map(|seconds| LastModified {
                seconds,
                header: header(metadata::http_date(seconds)),
            }),
            key: Cow::Owned(key),
            hash,
            encoded: Encoded::default(),
        }
    }
}

impl Representation {
    fn from_static(representation: StaticRepresentation) -> Representation {
        Representation {
            encoding: representation.encoding,
            bytes: Bytes::from_static(representation.bytes),
            etag: HeaderValue::from_static(representation.etag),
            content_length: HeaderValue::from_static(representation.length),
        }
    }
}

impl Asset {
    pub(crate) fn borrowed(embedded: &'static EmbeddedData) -> Asset {
        Asset {
            data: Data::Embedded(embedded),
        }
    }

    pub(crate) fn owned(data: AssetData) -> Asset {
        Asset {
            data: Data::Read(Arc::new(data)),
        }
    }

    /// The key this asset was found under, without a leading `/`
    /// (`css/site.css`), prefix included.
    pub fn key(&self) -> &str {
        &self.data.key
    }

    /// The identity bytes, exactly as served without content coding.
    pub fn bytes(&self) -> &[u8] {
        &self.data.identity.bytes
    }

    /// The identity bytes as a [`Bytes`]: free to clone, never copied in
    /// release builds.
    pub fn to_bytes(&self) -> Bytes {
        self.data.identity.bytes.clone()
    }

    /// Length of the identity bytes.
    pub fn len(&self) -> usize {
        self.data.identity.bytes.len()
    }

    /// True for an empty file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// BLAKE3 hash of the identity bytes.
    pub fn hash(&self) -> [u8; 32] {
        self.data.hash
    }

    /// The strong ETag of the identity representation, quotes included
    /// (`"3f2a…"`). Each compressed copy has its own; see [`Asset::etag_for`].
    pub fn etag(&self) -> &str {
        header_str(&self.data.identity.etag)
    }

    /// The `Content-Type`, with `; charset=utf-8` on text types.
    pub fn content_type(&self) -> &str {
        header_str(&self.data.content_type)
    }

    /// When the file was last modified: `SOURCE_DATE_EPOCH` if it was set
    /// (at compile time for embedded assets, at run time for disk reads),
    /// else the file's mtime. `None` when the platform reports no mtime.
    pub fn last_modified(&self) -> Option<SystemTime> {
        let seconds = self.data.last_modified.as_ref()?.seconds;
        Some(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    /// The codings this asset is stored in, most preferred first, always
    /// ending with [`Encoding::Identity`]. Debug builds store identity only.
    pub fn encodings(&self) -> impl Iterator<Item = Encoding> + '_ {
        self.representations().map(|r| r.encoding)
    }

    /// The bytes stored for `encoding`, if a copy in that coding was kept
    /// (copies that would not save enough are dropped at compile time).
    pub fn encoded(&self, encoding: Encoding) -> Option<&[u8]> {
        self.representation(encoding).map(|r| &r.bytes[..])
    }

    /// The strong ETag of the representation in `encoding`, if one is stored.
    pub fn etag_for(&self, encoding: Encoding) -> Option<&str> {
        self.representation(encoding).map(|r| header_str(&r.etag))
    }

    /// The ready `Content-Type` header value.
    pub(crate) fn content_type_header(&self) -> &HeaderValue {
        &self.data.content_type
    }

    /// Where an embedded asset's entry is in its table; `None` for a disk
    /// read, which lives for one request.
    pub(crate) fn table_position(&self) -> Option<usize> {
        match &self.data {
            Data::Embedded(embedded) => Some(embedded.position),
            Data::Read(_) => None,
        }
    }

    /// `Last-Modified`, as seconds and as a ready header value.
    pub(crate) fn last_modified_header(&self) -> Option<&LastModified> {
        self.data.last_modified.as_ref()
    }

    /// True when compressed copies are stored, so responses depend on
    /// `Accept-Encoding`.
    pub(crate) fn has_encoded(&self) -> bool {
        !self.data.encoded.is_empty()
    }

    /// The representation in `encoding`, or the identity one when no copy in
    /// that coding is stored.
    pub(crate) fn representation_or_identity(&self, encoding: Encoding) -> &Representation {
        self.representation(encoding).unwrap_or(&self.data.identity)
    }

    pub(crate) fn representation(&self, encoding: Encoding) -> Option<&Representation> {
        match encoding {
            Encoding::Identity => Some(&self.data.identity),
            _ => self.data.encoded.get(encoding),
        }
    }

    pub(crate) fn representations(&self) -> impl Iterator<Item = &Representation> + '_ {
        self.data
            .encoded
            .iter()
            .chain(std::iter::once(&self.data.identity))
    }
}

/// Header values of an asset as a string: they were all checked to be
/// visible ASCII when made (`from_static`, or the checked disk values).
fn header_str(value: &HeaderValue) -> &str {
    value
        .to_str()
        .expect("an asset's header values are visible ASCII")
}
