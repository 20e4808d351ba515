//! What both ways of embedding name: the files, and `include_bytes!`.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

/// One file's identity bytes.
pub(crate) struct FileBytes<'a> {
    pub(crate) path: &'a Path,
    pub(crate) len: u64,
}

/// `include_bytes!` of `path`, which also makes Cargo rebuild the crate when
/// the file changes or goes missing.
pub(crate) fn include_bytes_of(path: &Path) -> TokenStream {
    let path = path.to_string_lossy();
    quote!(::core::include_bytes!(#path))
}
