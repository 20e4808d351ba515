//! The compressed copies of one file: what the cache stores, the pack
//! format encodes and the table embeds.

use bytes::Bytes;
use static_embed_common::Encoding;

/// The compressed copies of one file worth serving, most preferred first.
/// Shared: a copy read from a pack is a slice of the pack's buffer, and the
/// table takes the same bytes.
pub type Copies = Vec<(Encoding, Bytes)>;
