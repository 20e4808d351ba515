//! Rules shared by the `static-embed` proc macro (at compile time) and the
//! `static-embed` runtime (for debug-build disk reads and lookups).
//!
//! Everything that decides *which* files exist, *what key* they have, and
//! *which metadata* they carry lives here once, so that debug builds (reading
//! the live folder) and release builds (reading the embedded table) agree by
//! construction. This crate is an implementation detail of `static-embed`:
//! depend on `static-embed` instead.

pub mod encoding;
pub mod index;
pub mod metadata;
pub mod path;
pub mod select;
pub mod tracked;
pub mod walk;

pub use encoding::Encoding;
pub use select::{Rules, RulesError};
