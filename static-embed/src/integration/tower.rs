//! `ServeAssets` as a tower `Service`, usable from hyper, axum, tonic and
//! anything else built on tower.

use crate::ServeAssets;

/// Implements `tower::Service` for `$type<A>`, a type with an inherent
/// `respond(&self, &Request<B>) -> Response<Body>`: always ready, never
/// failing, answered without awaiting anything.
macro_rules! ready_service {
    ($(#[$attribute:meta])* $type:ident) => {
        $(#[$attribute])*
        impl<A: $crate::StaticAssets, B> ::tower_service::Service<::http::Request<B>> for $type<A> {
            type Response = ::http::Response<$crate::Body>;
            type Error = ::std::convert::Infallible;
            type Future = ::std::future::Ready<Result<Self::Response, Self::Error>>;

            fn poll_ready(
                &mut self,
                _cx: &mut ::std::task::Context<'_>,
            ) -> ::std::task::Poll<Result<(), Self::Error>> {
                ::std::task::Poll::Ready(Ok(()))
            }

            fn call(&mut self, request: ::http::Request<B>) -> Self::Future {
                ::std::future::ready(Ok(self.respond(&request)))
            }
        }
    };
}
#[cfg(feature = "axum")]
pub(crate) use ready_service;

ready_service!(
    /// Always ready, never fails: client mistakes are statuses (404, 405,
    /// 412, 416), not errors.
    ///
    /// Embedded assets are answered without awaiting anything. In debug
    /// builds the answer reads the file synchronously, which is fine for a
    /// development server and keeps one code path for both modes.
    ServeAssets
);
