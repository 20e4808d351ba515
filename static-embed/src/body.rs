//! [`Body`]: the response body of every served asset.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// The body of a response built by [`StaticAssets::respond`] or
/// [`ServeAssets::respond`]: nothing, one [`Bytes`], or the few chunks of a
/// `multipart/byteranges` answer.
///
/// Bodies of embedded assets borrow from the binary: building one clones a
/// [`Bytes::from_static`] and copies nothing. Its length is always known, so
/// [`size_hint`](http_body::Body::size_hint) is exact and servers can send a
/// `Content-Length` without buffering. The one exception is the body of a
/// 204 or 304, which has no content by definition: it ends at once but
/// claims no length, so that no framework derives a `Content-Length: 0`
/// from it (RFC 9110 §8.6 forbids one there).
///
/// [`StaticAssets::respond`]: crate::StaticAssets::respond
/// [`ServeAssets::respond`]: crate::ServeAssets::respond
///
/// ```
/// use http_body::Body as _;
/// use static_embed::Body;
///
/// let body = Body::from(bytes::Bytes::from_static(b"hello"));
/// assert_eq!(body.size_hint().exact(), Some(5));
/// assert!(Body::empty().is_end_stream());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Body {
    inner: Inner,
}

/// What is still to send. A 200 is one chunk, so it gets a variant of its
/// own that needs no container (no allocation); only `multipart/byteranges`
/// bodies keep a queue.
#[derive(Clone, Debug, Default)]
enum Inner {
    /// Nothing left.
    #[default]
    Empty,
    /// The body of a 204 or a 304, which have no content by definition.
    /// Unlike `Empty` it claims no length: axum writes an exact size hint
    /// into `Content-Length` when the field is missing, and RFC 9110 §8.6
    /// forbids `Content-Length: 0` on these (a 304's would have to be the
    /// length of the 200's content).
    NoContent,
    /// One chunk, never empty.
    One(Bytes),
    /// Several chunks, none of them empty, and the sum of their lengths.
    Chunks {
        chunks: VecDeque<Bytes>,
        remaining: u64,
    },
}

impl Body {
    /// A body with no bytes.
    pub fn empty() -> Body {
        Body::default()
    }

    /// The body of a 204 or a 304: no bytes, and no length claimed.
    pub(crate) fn no_content() -> Body {
        Body {
            inner: Inner::NoContent,
        }
    }

    /// The body of the answer to a HEAD request with this body: nothing,
    /// claiming a length of 0 unless this is the body of a 204 or 304.
    pub(crate) fn without_content(self) -> Body {
        match self.inner {
            Inner::NoContent => self,
            _ => Body::empty(),
        }
    }

    /// A body that sends `chunks` in order; empty chunks are dropped.
    pub(crate) fn from_chunks(chunks: impl IntoIterator<Item = Bytes>) -> Body {
        let chunks: VecDeque<Bytes> = chunks.into_iter().filter(|c| !c.is_empty()).collect();
        let remaining = chunks.iter().map(|c| c.len() as u64).sum();
        let inner = match remaining {
            0 => Inner::Empty,
            _ => Inner::Chunks { chunks, remaining },
        };
        Body { inner }
    }

    /// Number of bytes left to send.
    pub fn len(&self) -> u64 {
        match &self.inner {
            Inner::Empty | Inner::NoContent => 0,
            Inner::One(bytes) => bytes.len() as u64,
            Inner::Chunks { remaining, .. } => *remaining,
        }
    }

    /// True when no bytes are left to send.
    pub fn is_empty(&self) -> bool {
        matches!(self.inner, Inner::Empty | Inner::NoContent)
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Body {
        let inner = if bytes.is_empty() {
            Inner::Empty
        } else {
            Inner::One(bytes)
        };
        Body { inner }
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let inner = &mut self.get_mut().inner;
        let chunk = match std::mem::take(inner) {
            Inner::Empty | Inner::NoContent => None,
            Inner::One(bytes) => Some(bytes),
            Inner::Chunks {
                mut chunks,
                remaining,
            } => {
                let chunk = chunks.pop_front();
                let left = remaining - chunk.as_ref().map_or(0, |c| c.len() as u64);
                if left > 0 {
                    *inner = Inner::Chunks {
                        chunks,
                        remaining: left,
                    };
                }
                chunk
            }
        };
        Poll::Ready(chunk.map(|chunk| Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        match self.inner {
            Inner::NoContent => SizeHint::new(),
            _ => SizeHint::with_exact(self.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::task::Waker;

    use http_body::Body as _;

    use super::*;

    fn collect(mut body: Body) -> Vec<Bytes> {
        let mut cx = Context::from_waker(Waker::noop());
        let mut frames = Vec::new();
        while let Poll::Ready(Some(Ok(frame))) = Pin::new(&mut body).poll_frame(&mut cx) {
            frames.extend(frame.into_data().ok());
        }
        frames
    }

    #[test]
    fn an_empty_body_ends_at_once_and_says_so() {
        let body = Body::empty();
        assert!(body.is_end_stream());
        assert_eq!(body.size_hint().exact(), Some(0));
        assert!(collect(body).is_empty());
    }

    #[test]
    fn the_body_of_a_204_or_304_ends_at_once_and_claims_no_length() {
        let body = Body::no_content();
        assert!(body.is_end_stream());
        assert_eq!(body.len(), 0);
        assert_eq!(body.size_hint().exact(), None);
        assert!(collect(body).is_empty());
    }

    #[test]
    fn one_chunk_is_sent_as_the_same_static_bytes() {
        static DATA: &[u8] = b"abc";
        let body = Body::from(Bytes::from_static(DATA));
        assert!(!body.is_end_stream());
        assert_eq!(body.size_hint().exact(), Some(3));
        let frames = collect(body);
        assert_eq!(frames.len(), 1);
        assert_eq!(frames[0].as_ptr(), DATA.as_ptr());
    }

    #[test]
    fn an_empty_chunk_makes_an_empty_body() {
        let body = Body::from(Bytes::new());
        assert!(body.is_end_stream());
        assert_eq!(body.size_hint().exact(), Some(0));
        assert!(Body::from_chunks([Bytes::new()]).is_end_stream());
    }

    #[test]
    fn chunks_are_sent_in_order_and_the_size_hint_shrinks_exactly() {
        let mut body = Body::from_chunks([
            Bytes::from_static(b"ab"),
            Bytes::new(),
            Bytes::from_static(b"cde"),
        ]);
        assert_eq!(body.size_hint().exact(), Some(5));
        let mut cx = Context::from_waker(Waker::noop());
        let first = Pin::new(&mut body).poll_frame(&mut cx);
        assert!(matches!(first, Poll::Ready(Some(Ok(_)))));
        assert_eq!(body.size_hint().exact(), Some(3));
        assert!(!body.is_end_stream());
        let second = Pin::new(&mut body).poll_frame(&mut cx);
        assert!(matches!(second, Poll::Ready(Some(Ok(_)))));
        assert!(body.is_end_stream());
        assert_eq!(body.size_hint().exact(), Some(0));
        assert!(collect(body).is_empty());
    }
}
