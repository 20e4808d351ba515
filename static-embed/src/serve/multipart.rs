//! `multipart/byteranges` (RFC 9110 §14.6): the body of a 206 for several
//! ranges.

use std::fmt::Write as _;

use bytes::Bytes;
use http::HeaderValue;

use super::range::ByteRange;
use crate::Body;

/// A multipart body, framed but not sent: its parts borrow the
/// representation's bytes, only the small part headers are formatted.
#[derive(Debug)]
pub(super) struct Multipart {
    content_type: HeaderValue,
    chunks: Vec<Bytes>,
    len: u64,
}

impl Multipart {
    /// Frames `ranges` of `bytes`; each part carries `content_type` and its
    /// own `Content-Range`. The boundary comes from the representation's
    /// ETag: a digest of the content, so the content cannot contain it by
    /// accident.
    pub(super) fn new(
        bytes: &Bytes,
        ranges: &[ByteRange],
        content_type: &HeaderValue,
        etag: &HeaderValue,
    ) -> Multipart {
        let boundary: String = etag
            .as_bytes()
            .iter()
            .filter(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .map(|&b| char::from(b))
            .collect();
        let boundary = format!("static-embed-{boundary}");
        let total = bytes.len();
        let mut chunks = Vec::with_capacity(ranges.len() * 2 + 1);
        for (index, range) in ranges.iter().enumerate() {
            let mut head = String::with_capacity(128);
            let separator = if index == 0 { "" } else { "\r\n" };
            let content_type = String::from_utf8_lossy(content_type.as_bytes());
            // Writing to a String cannot fail.
            let _ = write!(
                head,
                "{separator}--{boundary}\r\nContent-Type: {content_type}\r\nContent-Range: bytes {}-{}/{total}\r\n\r\n",
                range.start, range.end,
            );
            chunks.push(Bytes::from(head));
            chunks.push(slice(bytes, *range));
        }
        chunks.push(Bytes::from(format!("\r\n--{boundary}--\r\n")));
        let content_type = format!("multipart/byteranges; boundary={boundary}");
        Multipart {
            content_type: HeaderValue::try_from(content_type)
                .expect("the boundary was filtered to letters, digits and `-`"),
            len: chunks.iter().map(|c| c.len() as u64).sum(),
            chunks,
        }
    }

    /// The whole body's length.
    pub(super) fn len(&self) -> u64 {
        self.len
    }

    /// `multipart/byteranges; boundary=…`.
    pub(super) fn content_type(&self) -> &HeaderValue {
        &self.content_type
    }

    pub(super) fn into_body(self) -> Body {
        Body::from_chunks(self.chunks)
    }
}

/// The bytes of `range`, sharing `bytes`' storage. Ranges are evaluated
/// against `bytes.len()`, so they are in bounds (`Bytes::slice` panics
/// otherwise).
pub(super) fn slice(bytes: &Bytes, range: ByteRange) -> Bytes {
    let index = |at: u64| usize::try_from(at).expect("a range lies within bytes in memory");
    bytes.slice(index(range.start)..=index(range.end))
}
