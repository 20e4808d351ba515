//! Framework integrations, each behind its feature. Each is a thin adapter
//! around [`ServeAssets::respond`](crate::ServeAssets::respond): the HTTP
//! semantics live there once.

#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "tower")]
mod tower;
