//! A warp `Filter` serving the assets, mountable under any path prefix.

use std::future::{ready, Ready};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use ::warp::filters::path::{FullPath, Tail};
use ::warp::reject::Rejection;
use ::warp::reply::Response as WarpResponse;
use ::warp::Filter;
use bytes::{Bytes, BytesMut};
use http::header::HeaderMap;
use http::Method;
use http_body::Body as _;

use super::prefixed::PrefixedRequest;
use crate::{Body, ServeAssets, StaticAssets};

impl<A: StaticAssets + 'static> ServeAssets<A> {
    /// A warp [`Filter`] serving these assets, the embedded counterpart of
    /// `warp::fs::dir`. It serves the *unmatched tail* of the path, so it
    /// can be mounted under a prefix: behind `warp::path("static")`,
    /// `/static/css/site.css` is the asset `css/site.css`. The method,
    /// headers and query reach [`ServeAssets::respond`] unchanged, so every
    /// answer of the [crate docs](crate#serving-over-http) is kept:
    /// negotiation, 304, ranges, HEAD, folder indexes and redirects (whose
    /// `Location` keeps the prefix).
    ///
    /// When no asset matches, the filter *rejects* with
    /// [`warp::reject::not_found`](::warp::reject::not_found) instead of
    /// answering 404, so routes combined with
    /// [`or`](Filter::or) after it still get their turn. That covers a path
    /// that finds nothing or does not decode, and a method other than GET
    /// and HEAD (405, or 204 to `OPTIONS`) on a path that finds nothing;
    /// the same method on an existing asset is answered.
    ///
    /// ```
    /// use static_embed::StaticAssets;
    /// use warp::Filter;
    ///
    /// #[derive(StaticAssets)]
    /// #[folder = "../tests/fixtures/basic"]
    /// struct Assets;
    ///
    /// let health = warp::path!("api" / "health").map(|| "ok");
    /// let routes = warp::path("static")
    ///     .and(Assets::serve().warp_filter())
    ///     .or(health);
    /// // warp::serve(routes).run(([127, 0, 0, 1], 3000)).await;
    /// # let _ = routes;
    /// ```
    ///
    /// Each response body is one [`Bytes`]: an asset's bytes are handed
    /// over without copying; only a `multipart/byteranges` answer is joined
    /// into one buffer.
    pub fn warp_filter(
        self,
    ) -> impl Filter<Extract = (WarpResponse,), Error = Rejection> + Clone + Send + Sync + 'static
    {
        ::warp::method()
            .and(::warp::path::full())
            .and(::warp::path::tail())
            .and(raw_query())
            .and(::warp::header::headers_cloned())
            .and_then(
                move |method: Method,
                      full: FullPath,
                      tail: Tail,
                      query: Option<String>,
                      headers: HeaderMap| {
                    let path = full.as_str();
                    let prefixed = PrefixedRequest {
                        method: &method,
                        headers: &headers,
                        path,
                        // The tail is what is left of the full path.
                        tail: path.len().saturating_sub(tail.as_str().len()),
                        query: query.as_deref(),
                    };
                    answer(&self, &prefixed)
                },
            )
    }
}

/// The raw query string, `None` without a `?`.
fn raw_query() -> impl Filter<Extract = (Option<String>,), Error = std::convert::Infallible> + Clone
{
    ::warp::query::raw()
        .map(Some)
        .or(::warp::any().map(|| None))
        .unify()
}

/// Answers, or rejects when the path names nothing (see
/// [`ServeAssets::warp_filter`]): whatever the method, the path is located
/// once, and a 404 or 400 is never sent.
fn answer<A: StaticAssets>(
    serve: &ServeAssets<A>,
    prefixed: &PrefixedRequest<'_>,
) -> Ready<Result<WarpResponse, Rejection>> {
    let target = prefixed.target(serve);
    if target.is_nothing() {
        return ready(Err(::warp::reject::not_found()));
    }
    let response = prefixed.answer(serve, target);
    ready(Ok(response.map(|body| into_bytes(body).into())))
}

/// The whole body as one `Bytes`: the asset's own `Bytes` when there is one
/// chunk (always, except for `multipart/byteranges`).
fn into_bytes(mut body: Body) -> Bytes {
    let mut cx = Context::from_waker(Waker::noop());
    let mut chunks = Vec::new();
    // `Body` is always ready and never fails.
    while let Poll::Ready(Some(Ok(frame))) = Pin::new(&mut body).poll_frame(&mut cx) {
        chunks.extend(frame.into_data().ok());
    }
    match chunks.len() {
        0 => Bytes::new(),
        1 => chunks.swap_remove(0),
        _ => {
            let mut joined = BytesMut::with_capacity(chunks.iter().map(Bytes::len).sum());
            chunks
                .iter()
                .for_each(|chunk| joined.extend_from_slice(chunk));
            joined.freeze()
        }
    }
}
