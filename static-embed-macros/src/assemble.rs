//! Where a table's bytes come from: the one seam for how they get into the
//! binary. It emits the module `__static_embed_data`, with `BLOB` (the
//! compressed copies, then maybe the files) and `INCLUDED` (the files, or
//! nothing).
//!
//! By default, on every target, the blob is one `include_bytes!` of its
//! cache file (inline bytes when the cache cannot be written) and each file
//! one `include_bytes!`, as rust-embed and include_dir do. That rests on
//! stable interfaces only, so it holds with LTO, build caches and remote
//! builds, a cleared cache and cross builds, and it is also how Cargo
//! learns which files to watch.
//!
//! With the `incbin` feature the module is emitted in two versions, and
//! `cfg` picks the assembled one (`incbin.rs`) where it is generated.

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use crate::incbin;
use crate::include::{include_bytes_of, FileBytes};
use crate::process::Blob;

/// Whether the assembled version names each file for Cargo to watch.
#[derive(Clone, Copy)]
pub(crate) enum Watch {
    /// Each file in an `include_bytes!`, so an edit rebuilds the crate.
    EachFile,
    /// None: the crate's build script tracks the folder
    /// (`static_embed::build::track`), so Cargo watches it already.
    BuildScript,
}

/// The `__static_embed_data` module for a table whose blob is `blob_len`
/// bytes long, followed, in the assembled version, by `files` in order.
pub(crate) fn data_module(
    blob: &Blob,
    blob_len: usize,
    files: &[FileBytes<'_>],
    watch: Watch,
) -> TokenStream {
    let paths: Vec<TokenStream> = files.iter().map(|f| include_bytes_of(f.path)).collect();
    let included = included(blob, &paths);
    let blob_file = match blob {
        Blob::File(path) => Some(path.as_path()),
        Blob::Inline(bytes) if bytes.is_empty() => None,
        // The assembler can only read copies from a file.
        Blob::Inline(_) => return included,
    };
    let total = files.iter().map(|f| f.len).sum::<u64>() + blob_len as u64;
    // Spans address at most 4 GiB.
    if !cfg!(feature = "incbin") || total > u64::from(u32::MAX) {
        return included;
    }
    let watched = match watch {
        Watch::EachFile => paths.as_slice(),
        Watch::BuildScript => &[],
    };
    let assembled = incbin::data_module(blob_file, blob_len, files, watched);
    let predicate = incbin::predicate();
    quote! {
        #assembled
        #[cfg(not(#predicate))]
        #included
    }
}

/// The `include_bytes!` version: the blob, then each file of `paths`.
fn included(blob: &Blob, paths: &[TokenStream]) -> TokenStream {
    let blob = match blob {
        Blob::File(path) => include_bytes_of(path),
        Blob::Inline(bytes) => Literal::byte_string(bytes).into_token_stream(),
    };
    let count = paths.len();
    quote! {
        mod __static_embed_data {
            pub(super) static BLOB: &[u8] = #blob;
            pub(super) static INCLUDED: [&[u8]; #count] = [#(#paths),*];
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn module(blob: &Blob) -> String {
        let files = [FileBytes {
            path: Path::new("/site/app.js"),
            len: 10,
        }];
        data_module(blob, 7, &files, Watch::EachFile).to_string()
    }

    #[test]
    fn the_blob_and_each_file_are_an_include_bytes_and_the_assembler_is_opt_in() {
        let text = module(&Blob::File(PathBuf::from("/cache/x.blob")));
        assert!(
            text.contains(r#"include_bytes ! ("/cache/x.blob")"#),
            "{text}"
        );
        assert!(
            text.contains(r#"include_bytes ! ("/site/app.js")"#),
            "{text}"
        );
        assert_eq!(text.contains("global_asm"), cfg!(feature = "incbin"));
    }

    #[test]
    fn inline_copies_never_go_through_the_assembler() {
        let text = module(&Blob::Inline(b"copies".to_vec()));
        assert!(text.contains(r#"b"copies""#), "{text}");
        assert!(!text.contains("global_asm"), "{text}");
    }
}
