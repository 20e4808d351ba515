//! The build pipeline of `static-embed`: what happens to each file of an
//! embedded folder before the table is generated. It reads and hashes each
//! file, takes its metadata, makes its pre-compressed copies (brotli,
//! gzip), and keeps those copies in an on-disk cache so an unchanged file
//! is never compressed twice.
//!
//! The derive calls it, and so can any other tool that must produce exactly
//! the bytes the derive embeds (a CLI, an export step):
//!
//! 1. [`Cache::open`] the cache folder of one derive;
//! 2. [`process`] the files [`walk`](static_embed_common::walk::walk)
//!    found, with the derive's key prefix, into [`ProcessedFile`]s;
//! 3. [`Cache::save`] the copies used, and [`Cache::write_blob`] the blob
//!    of every copy ([`blob::parts`]) that the generated code embeds.
//!
//! This crate is an implementation detail of `static-embed`: no stability
//! guarantees.

mod atomic;
pub mod blob;
mod blob_file;
mod brotli_c;
mod cache;
mod compress;
mod copies;
mod error;
mod gzip;
mod latest;
mod listing;
mod pack;
mod process;

pub use cache::Cache;
pub use copies::Copies;
pub use error::Error;
pub use process::{process, ProcessedFile};
