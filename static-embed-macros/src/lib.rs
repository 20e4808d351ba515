//! The `#[derive(StaticAssets)]` macro of `static-embed`. Depend on
//! `static-embed`, which re-exports it and documents its attributes.
//!
//! The pipeline is fixed (`expand`): parse the attributes into typed values
//! (`attr`), validate them (`valid`), locate the folder (`folder`), walk it
//! (`walk`), process each file through `static-embed-build` (`process`,
//! with `cache_dir`), then generate code (`generate`, with `table` for the
//! table's layout and `assemble`, with `incbin`, for where the bytes come
//! from).
//! Errors point at the attribute that caused them, and a stub impl
//! (`fallback`) is emitted with them so call sites do not fail too.

mod assemble;
mod attr;
mod cache_dir;
mod expand;
mod fallback;
mod folder;
mod generate;
mod incbin;
mod include;
mod process;
mod table;
mod valid;
mod walk;

use proc_macro::TokenStream;

/// Embeds a folder; see the `static-embed` crate docs.
#[proc_macro_derive(
    StaticAssets,
    attributes(
        folder,
        prefix,
        include,
        exclude,
        allow_missing,
        include_hidden,
        crate_path
    )
)]
pub fn derive_static_assets(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::derive(&input).into()
}
