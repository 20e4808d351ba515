//! `ServeAssets` as a tower `Service`, usable from hyper, axum, tonic and
//! anything else built on tower.

use std::convert::Infallible;
use std::future::{ready, Ready};
use std::task::{Context, Poll};

use http::{Request, Response};

use crate::{Body, ServeAssets, StaticAssets};

/// Always ready, never fails: client mistakes are statuses (404, 405, 412,
/// 416), not errors.
///
/// Embedded assets are answered without awaiting anything. In debug builds
/// the answer reads the file synchronously, which is fine for a development
/// server and keeps one code path for both modes.
impl<A: StaticAssets, B> tower_service::Service<Request<B>> for ServeAssets<A> {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        ready(Ok(self.respond(&request)))
    }
}
