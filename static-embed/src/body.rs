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
/// `Content-Length` without buffering.
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
    /// Chunks still to send, none of them empty.
    chunks: VecDeque<Bytes>,
    /// Sum of the lengths of `chunks`.
    remaining: u64,
}

impl Body {
    /// A body with no bytes.
    pub fn empty() -> Body {
        Body::default()
    }

    /// A body that sends `chunks` in order; empty chunks are dropped.
    pub(crate) fn from_chunks(chunks: impl IntoIterator<Item = Bytes>) -> Body {
        let chunks: VecDeque<Bytes> = chunks.into_iter().filter(|c| !c.is_empty()).collect();
        let remaining = chunks.iter().map(|c| c.len() as u64).sum();
        Body { chunks, remaining }
    }

    /// Number of bytes left to send.
    pub fn len(&self) -> u64 {
        self.remaining
    }

    /// True when no bytes are left to send.
    pub fn is_empty(&self) -> bool {
        self.remaining == 0
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Body {
        Body::from_chunks([bytes])
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let body = self.get_mut();
        let chunk = body.chunks.pop_front().map(|chunk| {
            body.remaining -= chunk.len() as u64;
            Ok(Frame::data(chunk))
        });
        Poll::Ready(chunk)
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
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
        assert_eq!(collect(body), [Bytes::from_static(b"cde")]);
    }
}
