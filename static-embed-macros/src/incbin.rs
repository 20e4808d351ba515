//! The opt-in `incbin` feature: the assembler reads the blob and every file
//! (`global_asm!` with `.incbin`) into one symbol, so rustc never holds
//! those bytes as a constant, which is most of the memory and time a big
//! embed costs it.
//!
//! Generated only for x86-64 Linux, what CI builds and runs, and not under
//! Miri or `--cfg static_embed_include_bytes`; `cfg` picks the
//! `include_bytes!` version everywhere else. Correctness rests on no guess:
//! the blob is always named in an `include_bytes!` too, in a function that
//! is never instantiated, so Cargo rebuilds the crate when the cache file
//! is missing or changed (a cleared cache before an LTO link, which reads
//! the files only then); each file is named the same way unless the
//! crate's build script tracks the folder. What it cannot cover: a build
//! cache that moves the rlib to a machine without the files (sccache or
//! remote builds with LTO).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::include::{include_bytes_of, FileBytes};

/// The assembled `__static_embed_data` module, `cfg`-gated: the blob at
/// `blob` (`blob_len` bytes, if any), then `files` in order; `watched` are
/// the `include_bytes!` that have Cargo watch them.
pub(crate) fn data_module(
    blob: Option<&Path>,
    blob_len: usize,
    files: &[FileBytes<'_>],
    watched: &[TokenStream],
) -> TokenStream {
    let total = files.iter().map(|f| f.len).sum::<u64>() + blob_len as u64;
    let watched = blob
        .map(include_bytes_of)
        .into_iter()
        .chain(watched.iter().cloned());
    let symbol = symbol_name(blob, files);
    let assembly = assembly(&symbol, blob, blob_len, files);
    let total = Literal::u64_unsuffixed(total);
    let predicate = predicate();
    quote! {
        #[cfg(#predicate)]
        mod __static_embed_data {
            ::core::arch::global_asm!(#assembly, options(raw));
            unsafe extern "C" {
                #[link_name = #symbol]
                safe static DATA: [u8; #total];
            }
            pub(super) static BLOB: &[u8] = &DATA;
            pub(super) static INCLUDED: [&[u8]; 0] = [];
            /// Never instantiated, so never compiled to code: its
            /// `include_bytes!` only tell Cargo which files to watch.
            #[allow(dead_code)]
            fn watch<T>() {
                #(let _ = #watched;)*
            }
        }
    }
}

/// The `cfg` predicate of the assembled version; the `include_bytes!`
/// version takes its negation.
pub(crate) fn predicate() -> TokenStream {
    quote! {
        all(
            target_os = "linux",
            target_arch = "x86_64",
            not(miri),
            not(static_embed_include_bytes),
        )
    }
}

/// The data as GNU assembler source: a section of its own, so `.org`
/// offsets are from the symbol, the blob, then each file at its offset.
/// `.org` and the explicit lengths keep every later file in place even if
/// one changed size after the macro read it (Cargo rebuilds then anyway).
fn assembly(symbol: &str, blob: Option<&Path>, blob_len: usize, files: &[FileBytes<'_>]) -> String {
    let mut lines = vec![
        format!(".pushsection .rodata.{symbol},\"a\""),
        format!(".globl {symbol}"),
        format!(".hidden {symbol}"),
        format!("{symbol}:"),
    ];
    let placed = blob.map(|path| (path, blob_len as u64));
    let placed = placed
        .into_iter()
        .chain(files.iter().map(|f| (f.path, f.len)));
    let mut offset = 0;
    for (path, len) in placed {
        if len > 0 {
            lines.push(format!(".org {offset}"));
            lines.push(format!(".incbin \"{}\",0,{len}", quoted(path)));
        }
        offset += len;
    }
    if offset > 0 {
        lines.push(format!(".org {offset}"));
    }
    lines.push(".popsection".to_owned());
    lines.join("\n")
}

/// A path in a GNU assembler string: `"` and `\` escaped, anything not
/// printable ASCII as an octal escape (its bytes, for non-ASCII names).
fn quoted(path: &Path) -> String {
    let mut out = String::new();
    for &byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x20..=0x7e => out.push(char::from(byte)),
            _ => out.push_str(&format!("\\{byte:03o}")),
        }
    }
    out
}

/// A symbol no other derive in the final link has: the crate, its version,
/// which expansion of this rustc run this is, and the data itself.
fn symbol_name(blob: Option<&Path>, files: &[FileBytes<'_>]) -> String {
    static EXPANSIONS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = blake3::Hasher::new();
    for variable in ["CARGO_CRATE_NAME", "CARGO_PKG_NAME", "CARGO_PKG_VERSION"] {
        hasher.update(std::env::var(variable).unwrap_or_default().as_bytes());
        hasher.update(&[0]);
    }
    hasher.update(&EXPANSIONS.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    if let Some(path) = blob {
        hasher.update(path.as_os_str().as_encoded_bytes());
    }
    for file in files {
        hasher.update(file.path.as_os_str().as_encoded_bytes());
        hasher.update(&file.len.to_le_bytes());
    }
    format!("__static_embed_{}", &hasher.finalize().to_hex()[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_assembler() {
        let path = Path::new("/a \"b\"\\c/d\u{e9}\n.txt");
        assert_eq!(quoted(path), "/a \\\"b\\\"\\\\c/d\\303\\251\\012.txt");
    }

    #[test]
    fn files_are_placed_after_the_blob_at_fixed_offsets() {
        let files = [
            FileBytes {
                path: Path::new("/f/a.css"),
                len: 10,
            },
            FileBytes {
                path: Path::new("/f/empty"),
                len: 0,
            },
            FileBytes {
                path: Path::new("/f/b.js"),
                len: 5,
            },
        ];
        let text = assembly("sym", Some(Path::new("/cache/x.blob")), 7, &files);
        assert_eq!(
            text,
            ".pushsection .rodata.sym,\"a\"\n.globl sym\n.hidden sym\nsym:\n\
             .org 0\n.incbin \"/cache/x.blob\",0,7\n\
             .org 7\n.incbin \"/f/a.css\",0,10\n\
             .org 17\n.incbin \"/f/b.js\",0,5\n\
             .org 22\n.popsection"
        );
        let no_copies = assembly("sym", None, 0, &files[..1]);
        assert!(
            no_copies.ends_with("sym:\n.org 0\n.incbin \"/f/a.css\",0,10\n.org 10\n.popsection")
        );
    }

    #[test]
    fn the_blob_is_watched_even_when_a_build_script_tracks_the_folder() {
        let files = [FileBytes {
            path: Path::new("/site/app.js"),
            len: 10,
        }];
        let text = data_module(Some(Path::new("/cache/x.blob")), 7, &files, &[]).to_string();
        let watch = &text[text.find("fn watch").unwrap()..];
        assert!(
            watch.contains(r#"include_bytes ! ("/cache/x.blob")"#),
            "{watch}"
        );
        assert!(!watch.contains("app.js"), "{watch}");
    }

    #[test]
    fn two_expansions_of_the_same_folder_get_two_symbols() {
        assert_ne!(symbol_name(None, &[]), symbol_name(None, &[]));
    }
}
