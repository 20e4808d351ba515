//! From attributes to generated code: the only quote!-heavy file.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use static_embed_common::path::normalize;
use static_embed_common::walk::{self, WalkError};
use static_embed_common::{index, metadata, tracked, Encoding, Rules};
use syn::{DeriveInput, LitStr};

use crate::assemble::{self, Blob, FileBytes, Watch};
use crate::attr::{Attrs, Errors};
use crate::cache::Cache;
use crate::pipeline::{self, ProcessedFile};
use crate::{fallback, folder};

/// Debug builds read the live folder unless `debug-embed` is on. The macro
/// is built with the same `debug-assertions` setting as the crate using it
/// (Cargo's default profiles), so this matches the user's build.
const EMBED: bool = !cfg!(debug_assertions) || cfg!(feature = "debug-embed");

pub(crate) fn derive(input: &DeriveInput) -> TokenStream {
    match try_expand(input) {
        Ok(tokens) => tokens,
        Err(error) => {
            let krate = Attrs::parse(input)
                .map_or_else(|_| syn::parse_quote!(::static_embed), |a| a.krate());
            let stub = fallback::stub(input, &krate);
            let errors = error.to_compile_error();
            quote! { #errors #stub }
        }
    }
}

fn try_expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let attrs = Attrs::parse(input)?;
    let rules = validate(&attrs)?;
    let root = folder::resolve(&attrs.folder)?;
    let source = if EMBED {
        embedded_source(&input.ident, &attrs, &rules, &root)?
    } else {
        disk_source(&attrs, &rules, &root)?
    };
    Ok(implement(input, &attrs.krate(), &source))
}

/// Checks the globs and the prefix, reporting every bad one together, and
/// compiles the selection rules.
fn validate(attrs: &Attrs) -> syn::Result<Rules> {
    let mut errors = Errors::default();
    for lit in attrs.include.iter().chain(&attrs.exclude) {
        if let Err(error) = Rules::check_pattern(&lit.value()) {
            errors.push(syn::Error::new(
                lit.span(),
                format!("invalid glob `{}`: {}", error.pattern, error.message),
            ));
        }
    }
    if let Some(prefix) = &attrs.prefix {
        let sample = format!("{}x", prefix.value());
        if normalize(&sample) != Some(sample.as_str()) {
            errors.push(syn::Error::new(
                prefix.span(),
                "`prefix` must be a plain relative path such as \"assets/\": no leading `/`, `.` or `..` segments, empty segments or backslashes",
            ));
        }
    }
    errors.finish()?;
    let include: Vec<String> = attrs.include.iter().map(LitStr::value).collect();
    let exclude: Vec<String> = attrs.exclude.iter().map(LitStr::value).collect();
    let include: Vec<&str> = include.iter().map(String::as_str).collect();
    let exclude: Vec<&str> = exclude.iter().map(String::as_str).collect();
    Rules::new(&include, &exclude, attrs.include_hidden).map_err(|error| {
        syn::Error::new(
            attrs.folder.span(),
            format!("invalid globs `{}`: {}", error.pattern, error.message),
        )
    })
}

fn prefix(attrs: &Attrs) -> String {
    attrs.prefix.as_ref().map(LitStr::value).unwrap_or_default()
}

fn folder_error(attrs: &Attrs, error: &WalkError) -> syn::Error {
    let hint = match error {
        WalkError::Missing(_) => " (add `#[allow_missing = true]` to embed nothing instead)",
        _ => "",
    };
    syn::Error::new(attrs.folder.span(), format!("{error}{hint}"))
}

/// Walks the folder: a missing folder is empty with `allow_missing`, and
/// every entry that cannot be embedded is a compile error at `folder`.
fn walk_folder(attrs: &Attrs, rules: &Rules, root: &Path) -> syn::Result<Vec<walk::WalkedFile>> {
    let walk = match walk::walk(root, rules) {
        Err(WalkError::Missing(_)) if attrs.allow_missing => return Ok(Vec::new()),
        Err(error) => return Err(folder_error(attrs, &error)),
        Ok(walk) => walk,
    };
    let mut errors = Errors::default();
    for error in &walk.errors {
        errors.push(folder_error(attrs, error));
    }
    errors.finish()?;
    Ok(walk.files)
}

/// Debug builds: no pipeline work. The folder is still walked and each file
/// opened (a listing, nothing read) so a debug build rejects what a release
/// build would.
fn disk_source(attrs: &Attrs, rules: &Rules, root: &Path) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    for file in walk_folder(attrs, rules, root)? {
        if let Err(error) = std::fs::File::open(&file.path) {
            errors.push(folder_error(
                attrs,
                &WalkError::Unreadable(file.path, error),
            ));
        }
    }
    errors.finish()?;
    let krate = attrs.krate();
    let root = root.to_string_lossy();
    let prefix = prefix(attrs);
    let include = &attrs.include;
    let exclude = &attrs.exclude;
    let hidden = attrs.include_hidden;
    Ok(quote! {
        static FOLDER: #krate::__private::DiskFolder = #krate::__private::DiskFolder::new(
            #root, #prefix, &[#(#include),*], &[#(#exclude),*], #hidden,
        );
        #krate::__private::Source::Disk(&FOLDER)
    })
}

/// Release builds: walk, process, and bake the table.
fn embedded_source(
    ident: &syn::Ident,
    attrs: &Attrs,
    rules: &Rules,
    root: &Path,
) -> syn::Result<TokenStream> {
    let files = walk_folder(attrs, rules, root)?;
    // Which derive this is, to name its pack of compressed copies.
    let crate_name = std::env::var("CARGO_CRATE_NAME").unwrap_or_default();
    let cache = Cache::open(&format!("{crate_name} {ident} {}", root.display()));
    let processed = pipeline::process(files, &prefix(attrs), &cache)
        .map_err(|error| folder_error(attrs, &error))?;
    cache.save();
    let watch = match tracked::is_tracked(root, |name| std::env::var_os(name)) {
        true => Watch::BuildScript,
        false => Watch::EachFile,
    };
    table(&attrs.krate(), &processed, &cache, watch)
        .map_err(|message| syn::Error::new(attrs.folder.span(), message))
}

fn table(
    krate: &syn::Path,
    files: &[ProcessedFile],
    cache: &Cache,
    watch: Watch,
) -> Result<TokenStream, String> {
    let keys: Vec<&str> = files.iter().map(|f| f.key.as_str()).collect();
    let slots = index::build(&keys);
    let private = quote!(#krate::__private);
    let mut parts = Parts::default();
    let copy_runs: Vec<TokenStream> = files.iter().map(|file| copies(file, &mut parts)).collect();
    // Where the assembler puts the files, if it does: after the blob.
    let mut offset = parts.blob_len as u64;
    let mut entries = Vec::with_capacity(files.len());
    for (file, copies) in files.iter().zip(copy_runs) {
        let bytes = span(offset as usize, file.len as usize);
        entries.push(entry(file, bytes, copies, &mut parts));
        offset += file.len;
    }
    let limit = u32::MAX as usize;
    if parts.text.len() > limit || parts.blob_len > limit || parts.copies.len() > limit {
        return Err("too much to embed: the compressed copies or the header strings of one derive exceed 4 GiB".into());
    }
    let Parts {
        text,
        blob,
        blob_len,
        copies,
        ..
    } = parts;
    // Seconds, rounded down: never after the newest file's own date.
    let newest_input = files.iter().filter_map(|f| f.last_modified).max();
    let inputs_modified = UNIX_EPOCH + Duration::from_secs(newest_input.unwrap_or(0));
    let blob = match blob_len {
        0 => Blob::Inline(Vec::new()),
        _ => match cache.blob(&blob, inputs_modified) {
            Some(path) => Blob::File(path),
            None => Blob::Inline(blob.concat()),
        },
    };
    let file_bytes: Vec<FileBytes<'_>> = files
        .iter()
        .map(|file| FileBytes {
            path: &file.path,
            len: file.len,
        })
        .collect();
    let data = assemble::data_module(&blob, blob_len, &file_bytes, watch);
    let len = files.len();
    let copy_count = copies.len();
    let slot_count = slots.len();
    // Plain data only (literals, no constructor calls): rustc stores it
    // without evaluating code per file, which keeps big folders cheap to
    // build. The runtime wraps an entry into header values on first use.
    // Short local names: a path per span would be most of the tokens.
    Ok(quote! {
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
    })
}

/// What the entries of one table share: the text all header strings are
/// spans of (each distinct string once), the blob of compressed bytes (as
/// the copies it is made of, one after another), and the list of copies.
#[derive(Default)]
struct Parts<'a> {
    text: String,
    spans: HashMap<String, (usize, usize)>,
    blob: Vec<&'a [u8]>,
    blob_len: usize,
    copies: Vec<TokenStream>,
}

impl Parts<'_> {
    fn text(&mut self, string: String) -> TokenStream {
        let text = &mut self.text;
        let (start, len) = *self.spans.entry(string).or_insert_with_key(|string| {
            text.push_str(string);
            (text.len() - string.len(), string.len())
        });
        span(start, len)
    }
}

fn span(start: usize, len: usize) -> TokenStream {
    let span = ((start as u64) << 32) | len as u64;
    Literal::u64_unsuffixed(span).into_token_stream()
}

/// Appends `file`'s compressed copies to the blob and the list of copies;
/// returns the span of the list they take.
fn copies<'a>(file: &'a ProcessedFile, parts: &mut Parts<'a>) -> TokenStream {
    let first_copy = parts.copies.len();
    for (encoding, copy) in &file.encoded {
        let variant = encoding_variant(*encoding);
        let bytes = span(parts.blob_len, copy.len());
        parts.blob.push(copy);
        parts.blob_len += copy.len();
        let etag = parts.text(metadata::etag(&file.hash, *encoding));
        let length = parts.text(copy.len().to_string());
        parts.copies.push(quote! {
            C {
                encoding: E::#variant,
                bytes: #bytes,
                etag: #etag,
                length: #length,
            }
        });
    }
    span(first_copy, file.encoded.len())
}

/// `file`'s entry: `bytes` is where the assembler puts its identity bytes,
/// `copies` the span of its compressed copies.
fn entry(
    file: &ProcessedFile,
    bytes: TokenStream,
    copies: TokenStream,
    parts: &mut Parts<'_>,
) -> TokenStream {
    let key = &file.key;
    let hash = Literal::byte_string(&file.hash);
    let content_type = parts.text(file.content_type.clone());
    let last_modified = match file.last_modified {
        Some(seconds) => {
            let date = parts.text(metadata::http_date(seconds));
            let seconds = Literal::u64_unsuffixed(seconds);
            quote!(Some((#seconds, #date)))
        }
        None => quote!(None),
    };
    let etag = parts.text(metadata::etag(&file.hash, Encoding::Identity));
    let length = parts.text(file.len.to_string());
    quote! {
        F {
            key: #key,
            hash: *#hash,
            content_type: #content_type,
            last_modified: #last_modified,
            bytes: #bytes,
            etag: #etag,
            length: #length,
            copies: #copies,
        }
    }
}

/// `encoding` in generated code: its row of `Encoding::ALL`, a constant
/// index, so the macro names no variant.
fn encoding_variant(encoding: Encoding) -> TokenStream {
    let index = encoding.index();
    quote!(ALL[#index])
}

fn implement(input: &DeriveInput, krate: &syn::Path, source: &TokenStream) -> TokenStream {
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
