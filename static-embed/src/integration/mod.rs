//! Framework integrations, each behind its feature. Each is a thin adapter
//! around [`ServeAssets::respond`](crate::ServeAssets::respond): the HTTP
//! semantics live there once.

#[cfg(feature = "actix")]
mod actix;
#[cfg(feature = "axum")]
mod axum;
#[cfg(any(feature = "actix", feature = "axum", feature = "warp"))]
mod prefixed;
#[cfg(feature = "tower")]
mod tower;
#[cfg(feature = "warp")]
mod warp;
