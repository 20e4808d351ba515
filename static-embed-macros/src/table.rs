//! The table's layout: each file's entry, the list of compressed copies, the
//! lookup slots, and the text every header string is a span of. Plain data
//! only (literals, no constructor calls): rustc stores it without
//! evaluating code per file, which keeps big folders cheap to build. The
//! runtime wraps an entry into header values on first use.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use static_embed_build::ProcessedFile;
use static_embed_common::{index, metadata, Encoding};

/// The parts of one table, as tokens. Entries and copies use the short
/// local names `F`, `C` and `E` the generated code imports: a path per
/// span would be most of the tokens.
pub(crate) struct Layout {
    pub(crate) entries: Vec<TokenStream>,
    pub(crate) copies: Vec<TokenStream>,
    pub(crate) slots: Vec<u32>,
    pub(crate) text: String,
    /// The length of the blob the copies' spans point into.
    pub(crate) blob_len: usize,
}

/// The layout of `files`, whose copies are in the blob in
/// [`static_embed_build::blob::parts`]'s order, and whose identity bytes, if
/// the assembler places them, follow the blob in file order.
pub(crate) fn layout(files: &[ProcessedFile]) -> Result<Layout, String> {
    let keys: Vec<&str> = files.iter().map(|f| f.key.as_str()).collect();
    let mut parts = Parts::default();
    let copy_runs: Vec<TokenStream> = files.iter().map(|file| copies(file, &mut parts)).collect();
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
    Ok(Layout {
        entries,
        copies: parts.copies,
        slots: index::build(&keys),
        text: parts.text,
        blob_len: parts.blob_len,
    })
}

/// What the entries of one table share: the text all header strings are
/// spans of (each distinct string once), the blob's length so far, and the
/// list of copies.
#[derive(Default)]
struct Parts {
    text: String,
    spans: HashMap<String, (usize, usize)>,
    blob_len: usize,
    copies: Vec<TokenStream>,
}

impl Parts {
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

/// Appends `file`'s compressed copies to the list of copies, at the blob's
/// next bytes; returns the span of the list they take.
fn copies(file: &ProcessedFile, parts: &mut Parts) -> TokenStream {
    let first_copy = parts.copies.len();
    for (encoding, copy) in &file.encoded {
        let variant = encoding_variant(*encoding);
        let bytes = span(parts.blob_len, copy.len());
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
    parts: &mut Parts,
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
