//! The fixed pipeline: parse → validate → walk → process → generate.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::attr::Attrs;
use crate::{fallback, folder, generate, process, valid, walk};

/// Debug builds read the live folder unless `debug-embed` is on. The macro
/// is built with the same `debug-assertions` setting as the crate using it
/// (Cargo's default profiles), so this matches the user's build.
const EMBED: bool = !cfg!(debug_assertions) || cfg!(feature = "debug-embed");

/// The derive's output: the impl, or the errors and a stub impl.
pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    try_expand(input).unwrap_or_else(|error| {
        let krate =
            Attrs::parse(input).map_or_else(|_| syn::parse_quote!(::static_embed), |a| a.krate());
        let stub = fallback::stub(input, &krate);
        let errors = error.to_compile_error();
        quote! { #errors #stub }
    })
}

fn try_expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let attrs = Attrs::parse(input)?;
    let rules = valid::validate(&attrs)?;
    let root = folder::locate(&attrs.folder)?;
    let files = walk::walk_folder(&attrs, &rules, &root)?;
    let source = if EMBED {
        let embedded = process::process(&input.ident, &attrs, &root, &files)?;
        generate::embedded_source(&attrs, &root, &embedded)?
    } else {
        walk::check_openable(&attrs, &files)?;
        generate::disk_source(&attrs, &root)
    };
    Ok(generate::implement(input, &attrs.krate(), &source))
}
