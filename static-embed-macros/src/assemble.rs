//! Where a table's bytes come from: the module `__static_embed_data`, with
//! `BLOB` (the compressed copies, then maybe the files) and `INCLUDED` (the
//! files' `include_bytes!`, or nothing). Only the compiler knows the target,
//! so the module is emitted in two versions and `cfg` picks one:
//!
//! - On ELF targets whose architecture has a stable `global_asm!`, the
//!   assembler reads the blob's cache file and every file (`.incbin`) into
//!   one symbol. rustc never holds those bytes as a constant, which is most
//!   of the memory and time a big embed costs it (one 50 MiB file in a
//!   bare crate: 834 MiB and 2.4 s with `include_bytes!`, 347 MiB and
//!   0.75 s this way). Unless the crate's build script tracks the folder,
//!   it still reads each file once, for an `include_bytes!` in a function
//!   that is never instantiated: that is what makes Cargo rebuild the
//!   crate when one changes (on a 21 MB folder, a fifth of the build's
//!   time and memory). The blob is
//!   watched the same way when this crate's object code may be made later,
//!   by an LTO link of another crate: a cleared cache then makes Cargo
//!   rebuild this crate first, so the file is there again. When rustc makes
//!   the object code now (a binary, or Cargo's `-C embed-bitcode=no`), that
//!   watch would only cost memory.
//! - Elsewhere (macOS, Windows, wasm, ...), under Miri, or with
//!   `--cfg static_embed_include_bytes`, the blob and each file are one
//!   `include_bytes!` each.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

/// The compressed copies of one derive, as the table embeds them.
pub(crate) enum Blob {
    /// A cache file holding them.
    File(PathBuf),
    /// Their bytes, when the cache cannot be written (or there are none).
    Inline(Vec<u8>),
}

/// One file's identity bytes.
pub(crate) struct FileBytes<'a> {
    pub(crate) path: &'a Path,
    pub(crate) len: u64,
}

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
    let blob_tokens = match blob {
        Blob::File(path) => include_bytes_of(path),
        Blob::Inline(bytes) => Literal::byte_string(bytes).into_token_stream(),
    };
    let paths: Vec<TokenStream> = files.iter().map(|f| include_bytes_of(f.path)).collect();
    let count = files.len();
    let included = quote! {
        mod __static_embed_data {
            pub(super) static BLOB: &[u8] = #blob_tokens;
            pub(super) static INCLUDED: [&[u8]; #count] = [#(#paths),*];
        }
    };
    let blob_file = match blob {
        Blob::File(path) => Some(path.as_path()),
        Blob::Inline(bytes) if bytes.is_empty() => None,
        // The assembler can only read copies from a file.
        Blob::Inline(_) => return included,
    };
    let total = files.iter().map(|f| f.len).sum::<u64>() + blob_len as u64;
    // Spans address at most 4 GiB.
    if total > u64::from(u32::MAX) {
        return included;
    }
    let watched_files = match watch {
        Watch::EachFile => paths.as_slice(),
        Watch::BuildScript => &[],
    };
    let watched = blob_file
        .filter(|_| !object_code_made_now(rustc_args()))
        .map(include_bytes_of)
        .into_iter()
        .chain(watched_files.iter().cloned());
    let symbol = symbol_name(blob_file, files);
    let assembly = assembly(&symbol, blob_file, blob_len, files);
    let total = Literal::u64_unsuffixed(total);
    let assembled = assembled();
    quote! {
        #[cfg(#assembled)]
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
        #[cfg(not(#assembled))]
        #included
    }
}

/// ELF systems and the architectures whose `global_asm!` is stable: where
/// the assembler embeds the files. The test suite runs on x86-64 Linux;
/// `llvm-mc` 14 also assembles the directives `assembly` writes to the
/// same bytes for i686, AArch64, ARMv7 and RISC-V 32/64 ELF (LoongArch was
/// not in that build), and GNU `as` accepts them.
const ELF_OSES: [&str; 8] = [
    "linux",
    "android",
    "freebsd",
    "netbsd",
    "openbsd",
    "dragonfly",
    "illumos",
    "solaris",
];
const ASM_ARCHES: [&str; 7] = [
    "x86_64",
    "x86",
    "aarch64",
    "arm",
    "riscv64",
    "riscv32",
    "loongarch64",
];

/// The `cfg` predicate of the assembled version: a target above, not Miri,
/// and not opted out.
fn assembled() -> TokenStream {
    let (oses, arches) = (ELF_OSES, ASM_ARCHES);
    quote! {
        all(
            any(#(target_os = #oses),*),
            any(#(target_arch = #arches),*),
            not(miri),
            not(static_embed_include_bytes),
        )
    }
}

/// The data as GNU assembler source (the syntax of LLVM's integrated
/// assembler on every ELF target): a section of its own, so `.org` offsets
/// are from the symbol, the blob, then each file at its offset. `.org` and
/// the explicit length keep every later file in place even if one changed
/// size after the macro read it (Cargo rebuilds then anyway).
fn assembly(symbol: &str, blob: Option<&Path>, blob_len: usize, files: &[FileBytes<'_>]) -> String {
    let mut lines = vec![
        format!(".pushsection .rodata.{symbol},\"a\""),
        format!(".globl {symbol}"),
        format!(".hidden {symbol}"),
        format!("{symbol}:"),
    ];
    let mut offset = 0;
    let mut place = |path: &Path, len: u64| {
        if len > 0 {
            lines.push(format!(".org {offset}"));
            lines.push(format!(".incbin \"{}\",0,{len}", quoted(path)));
        }
        offset += len;
    };
    if let Some(path) = blob {
        place(path, blob_len as u64);
    }
    for file in files {
        place(file.path, file.len);
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

/// rustc's arguments (the macro runs inside it), read lossily:
/// `std::env::args` would panic on one that is not Unicode, a path say.
fn rustc_args() -> impl Iterator<Item = String> {
    std::env::args_os().map(|arg| arg.to_string_lossy().into_owned())
}

/// Whether rustc (whose arguments `args` are: the macro runs inside it)
/// makes this crate's object code in this run, rather than leaving bitcode
/// for a later LTO link. Cargo passes `-C embed-bitcode=no` to every crate
/// no LTO will read, and any crate type but a library is compiled to the
/// end at once. Anything else counts as "maybe later".
fn object_code_made_now(args: impl Iterator<Item = String>) -> bool {
    let mut args = args.peekable();
    let mut crate_types = Vec::new();
    while let Some(arg) = args.next() {
        let codegen = match arg.as_str() {
            "-C" => args.peek().cloned(),
            _ => arg.strip_prefix("-C").map(str::to_owned),
        };
        if codegen.as_deref() == Some("embed-bitcode=no") {
            return true;
        }
        let crate_type = match arg.as_str() {
            "--crate-type" => args.peek().cloned(),
            _ => arg.strip_prefix("--crate-type=").map(str::to_owned),
        };
        crate_types.extend(crate_type);
    }
    !crate_types.is_empty()
        && crate_types
            .iter()
            .flat_map(|types| types.split(','))
            .all(|kind| kind != "lib" && kind != "rlib")
}

/// `include_bytes!` of `path`, which also makes Cargo rebuild the crate when
/// the file changes.
pub(crate) fn include_bytes_of(path: &Path) -> TokenStream {
    let path = path.to_string_lossy();
    quote!(::core::include_bytes!(#path))
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
    fn object_code_is_made_now_for_binaries_and_without_bitcode() {
        let made_now = |args: &str| object_code_made_now(args.split(' ').map(str::to_owned));
        assert!(made_now(
            "rustc --crate-type bin src/main.rs -C opt-level=3"
        ));
        assert!(made_now("rustc --crate-type=cdylib src/lib.rs"));
        assert!(made_now(
            "rustc --crate-type lib -C embed-bitcode=no src/lib.rs"
        ));
        assert!(made_now(
            "rustc --crate-type lib -Cembed-bitcode=no src/lib.rs"
        ));
        // A library with bitcode (Cargo's LTO builds), or unknown arguments.
        assert!(!made_now(
            "rustc --crate-type lib src/lib.rs -C opt-level=3"
        ));
        assert!(!made_now(
            "rustc --crate-type bin --crate-type rlib src/lib.rs"
        ));
        assert!(!made_now("rust-analyzer-proc-macro-srv"));
    }

    #[test]
    fn two_expansions_of_the_same_folder_get_two_symbols() {
        assert_ne!(symbol_name(None, &[]), symbol_name(None, &[]));
    }
}
