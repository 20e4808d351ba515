//! The generated code: the impl, and the source of its bytes (the live
//! folder, or the embedded table). The only quote!-heavy file.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;
use static_embed_common::tracked;
use syn::DeriveInput;

use crate::assemble::{self, Watch};
use crate::attr::Attrs;
use crate::include::FileBytes;
use crate::process::Embedded;
use crate::table;
use crate::walk::folder_error;

/// Debug builds: a folder the runtime reads on each request.
pub(crate) fn disk_source(attrs: &Attrs, root: &Path) -> TokenStream {
    let krate = attrs.krate();
    let root = root.to_string_lossy();
    let prefix = attrs.prefix();
    let include = &attrs.include;
    let exclude = &attrs.exclude;
    let hidden = attrs.include_hidden;
    quote! {
        static FOLDER: #krate::__private::DiskFolder = #krate::__private::DiskFolder::new(
            #root, #prefix, &[#(#include),*], &[#(#exclude),*], #hidden,
        );
        #krate::__private::Source::Disk(&FOLDER)
    }
}

/// Release builds: the table of `embedded`, the files of `root`.
pub(crate) fn embedded_source(
    attrs: &Attrs,
    root: &Path,
    embedded: &Embedded,
) -> syn::Result<TokenStream> {
    let layout = table::layout(&embedded.files).map_err(|message| folder_error(attrs, message))?;
    let watch = if tracked::is_tracked(root, |name| std::env::var_os(name)) {
        Watch::BuildScript
    } else {
        Watch::EachFile
    };
    let file_bytes: Vec<FileBytes<'_>> = embedded
        .files
        .iter()
        .map(|file| FileBytes {
            path: &file.path,
            len: file.len,
        })
        .collect();
    let data = assemble::data_module(&embedded.blob, layout.blob_len, &file_bytes, watch);
    Ok(table_source(&attrs.krate(), &layout, &data))
}

/// The table of `layout`, whose bytes come from the module `data`.
fn table_source(krate: &syn::Path, layout: &table::Layout, data: &TokenStream) -> TokenStream {
    let private = quote!(#krate::__private);
    let table::Layout {
        entries,
        copies,
        slots,
        text,
        ..
    } = layout;
    let len = entries.len();
    let copy_count = copies.len();
    let slot_count = slots.len();
    quote! {
        #[allow(unused_imports)]
        use #private::{EmbeddedCopy as C, EmbeddedFile as F, Encoding as E};
        #[allow(unused_imports)]
        use ::core::option::Option::{None, Some};
        #data
        static FILES: [F; #len] = [#(#entries),*];
        static COPIES: [C; #copy_count] = [#(#copies),*];
        static SLOTS: [u32; #slot_count] = [#(#slots),*];
        static BUILT: [#private::Built; #len] = [const { #private::Built::new() }; #len];
        static TABLE: #private::Table = #private::Table::new(
            &FILES,
            &COPIES,
            &SLOTS,
            &BUILT,
            #text,
            __static_embed_data::BLOB,
            &__static_embed_data::INCLUDED,
        );
        #private::Source::Embedded(&TABLE)
    }
}

/// The impl of `StaticAssets` for the derive's type, reading `source`.
pub(crate) fn implement(
    input: &DeriveInput,
    krate: &syn::Path,
    source: &TokenStream,
) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl #impl_generics #krate::StaticAssets for #ident #ty_generics #where_clause {
                // `static_embed_include_bytes` is our cfg, not the crate's:
                // without this, `--check-cfg` warns about it at every derive.
                #[allow(unexpected_cfgs)]
                fn __source() -> #krate::__private::Source {
                    #source
                }
            }
        };
    }
}
