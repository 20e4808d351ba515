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

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};

use crate::process::Blob;

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
/// are from the symbol, the blob, then each file at its offset, read in
/// pieces of at most `piece_limit`. `.org` and the explicit lengths keep
/// every later file in place even if one changed size after the macro read
/// it (Cargo rebuilds then anyway).
fn assembly(symbol: &str, blob: Option<&Path>, blob_len: usize, files: &[FileBytes<'_>]) -> String {
    let mut lines = vec![
        format!(".pushsection .rodata.{symbol},\"a\""),
        format!(".globl {symbol}"),
        format!(".hidden {symbol}"),
        format!("{symbol}:"),
    ];
    let blob_lens = blob.map(|_| blob_len as u64);
    let lens: Vec<u64> = blob_lens
        .into_iter()
        .chain(files.iter().map(|f| f.len))
        .collect();
    let piece = piece_limit(&lens, files.len()).unwrap_or(u64::MAX);
    let mut offset = 0;
    let mut place = |path: &Path, len: u64| {
        if len > 0 {
            lines.push(format!(".org {offset}"));
        }
        for (skip, count) in pieces(len, piece) {
            lines.push(format!(".incbin \"{}\",{skip},{count}", quoted(path)));
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

/// The size of the pieces the data is read in, so the object file's buffer
/// ends up just big enough; `None` to read each file whole.
///
/// rustc writes an object file to a buffer that starts empty and grows as
/// LLVM's `SmallVector` does: to twice its capacity plus one, or to what
/// one write needs if that is more. LLVM's ELF writer makes one write per
/// `.incbin`. The buffer's peak is its last growth, when the full old
/// buffer and its copy are both held: left to chance, anywhere between one
/// and two object sizes (the 21 MB dashboard happened to grow at 23.5 MB
/// of a 24.2 MB object, 47 MB held for 24 MB of data). So the first piece
/// is `(total + headroom) / 2^k`: the first large write, it sets the
/// capacity, whose k-th doubling just holds the object; no later piece is
/// larger, so none resets the doubling. The peak is then about the data's
/// size plus the headroom, left for the rest of the object: the table
/// (about 1.2 KB per file, measured at 76 and 3,000 files, most of it the
/// cells of lazily built header values), and other code and symbols.
///
/// `lens` are the lengths of what is placed, in order (the blob, then the
/// files); the first piece comes from the first. Below 1 MiB the pieces are
/// too small to outweigh what precedes them in the object, so nothing is
/// split. Each piece has LLVM open its file again: that reads only the
/// piece's pages when LLVM maps the file, but all of it when it does not,
/// which is when the size is a multiple of the page size (it wants a NUL
/// after the end); a 50 MiB file in six pieces was read six times, 200 MB
/// more. Nothing is split then either. Should rustc or LLVM write or read
/// differently, this only stops helping.
fn piece_limit(lens: &[u64], file_count: usize) -> Option<u64> {
    const MIN_PIECE: u64 = 1 << 20;
    const TABLE_PER_FILE: u64 = 1536;
    // The smallest page size of the hosts rustc runs on; larger ones are
    // multiples of it.
    const PAGE: u64 = 4096;
    let total: u64 = lens.iter().sum();
    let first = lens.iter().copied().find(|&len| len > 0)?;
    let table = TABLE_PER_FILE * file_count as u64;
    let target = total + (total / 16).max(MIN_PIECE) + table;
    let piece = (1..u64::BITS)
        .map(|doublings| target.div_ceil(1 << doublings))
        .take_while(|&piece| piece >= MIN_PIECE)
        .find(|&piece| piece <= first)?;
    let read_whole_per_piece = |len: u64| len > piece && len % PAGE == 0;
    (!lens.iter().any(|&len| read_whole_per_piece(len))).then_some(piece)
}

/// `len` bytes in pieces of at most `limit`, each as (offset, length).
fn pieces(len: u64, limit: u64) -> impl Iterator<Item = (u64, u64)> {
    (0..len)
        .step_by(usize::try_from(limit).unwrap_or(usize::MAX))
        .map(move |skip| (skip, (len - skip).min(limit)))
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

    /// The peak of rustc's object buffer for `writes`, grown as LLVM's
    /// `SmallVector` grows: the old buffer and its copy at each growth.
    fn buffer_peak(writes: impl IntoIterator<Item = u64>) -> u64 {
        let (mut len, mut capacity, mut peak) = (0u64, 0u64, 0u64);
        for write in writes {
            if len + write > capacity {
                peak = peak.max(2 * len);
                capacity = (2 * capacity + 1).max(len + write);
            }
            len += write;
            peak = peak.max(len);
        }
        peak
    }

    /// An object's writes: `before` bytes of code, then the blob and the
    /// files each in pieces of at most `limit`, then `after` bytes of table
    /// and symbols in writes of 1 KB.
    fn object_writes(before: u64, blob: u64, files: &[u64], after: u64, limit: u64) -> Vec<u64> {
        let lengths = |len: u64| pieces(len, limit).map(|(_, count)| count);
        let mut writes = vec![64, before];
        writes.extend(lengths(blob));
        writes.extend(files.iter().flat_map(|&len| lengths(len)));
        writes.extend(std::iter::repeat_n(1_000, (after / 1_000) as usize));
        writes
    }

    #[test]
    fn the_first_piece_makes_the_buffer_double_to_just_above_the_object() {
        // The dashboard: 2.9 MB of compressed copies, then 21.2 MB in 76
        // files; 82 KB of table and symbols after them.
        let (blob, total) = (2_926_267, 24_082_759);
        // Its five biggest files, the rest as files of 300 KB.
        let mut files = vec![1_920_878, 1_760_913, 1_732_839, 1_732_593, 1_912_421];
        let rest = total - blob - files.iter().sum::<u64>();
        files.extend(std::iter::repeat_n(300_000, (rest / 300_000) as usize));
        files.push(rest % 300_000);
        let lens = [&[blob][..], &files].concat();
        let piece = piece_limit(&lens, 76).unwrap();
        assert_eq!(piece, 1_606_542);
        // Sixteen pieces (four doublings) hold the data and 1.6 MB more.
        assert!(piece * 16 >= total + total / 16 + 76 * 1536);
        let peak = |limit| buffer_peak(object_writes(10_000, blob, &files, 82_000, limit));
        assert!(peak(piece) < 26_000_000, "{}", peak(piece));
        // Read whole, the buffer last grows at 23.5 MB: 47 MB held.
        assert!(peak(u64::MAX) > 46_000_000, "{}", peak(u64::MAX));

        // 3,000 small files: 4.8 MB of copies, 7.8 MB of files, 3.6 MB of
        // table and symbols.
        let (blob, files) = (4_763_000, vec![2_608; 3_000]);
        let lens = [&[blob][..], &files].concat();
        let piece = piece_limit(&lens, files.len()).unwrap();
        let peak = |limit| buffer_peak(object_writes(10_000, blob, &files, 3_620_000, limit));
        assert!(peak(piece) < 18_500_000, "{}", peak(piece));
        assert!(peak(piece) < peak(u64::MAX));
    }

    #[test]
    fn small_data_and_files_read_whole_per_piece_are_not_split() {
        // Pieces under 1 MiB would be outweighed by the code before them.
        assert_eq!(piece_limit(&[900_000, 19_100_000], 10), None);
        assert_eq!(piece_limit(&[0, 0], 2), None);
        assert_eq!(piece_limit(&[], 0), None);
        // A file of whole pages (here 50 MiB) would be read once per piece.
        let copies = 16_000_001;
        assert_eq!(piece_limit(&[copies, 50 << 20], 1), None);
        assert!(piece_limit(&[copies, (50 << 20) + 1], 1).is_some());
        // Whole pages no bigger than a piece are read once: fine.
        assert!(piece_limit(&[copies, 4096, (50 << 20) + 1], 2).is_some());
    }

    #[test]
    fn big_files_are_read_in_pieces_at_the_same_offsets() {
        let (blob, big) = ((3 << 20) + 1, (5 << 20) + 1);
        let files = [FileBytes {
            path: Path::new("/f/big.json"),
            len: big,
        }];
        let text = assembly("sym", Some(Path::new("/c/x.blob")), blob as usize, &files);
        // (8 MiB + 1 MiB + 1.5 KiB headroom) / 4: the most the 3 MiB blob
        // can start.
        let piece = piece_limit(&[blob, big], 1).unwrap();
        assert_eq!(piece, 2_359_681);
        let expected = format!(
            "sym:\n.org 0\n\
             .incbin \"/c/x.blob\",0,{piece}\n.incbin \"/c/x.blob\",{piece},{}\n\
             .org {blob}\n\
             .incbin \"/f/big.json\",0,{piece}\n.incbin \"/f/big.json\",{piece},{piece}\n\
             .incbin \"/f/big.json\",{},{}\n\
             .org {}\n.popsection",
            blob - piece,
            2 * piece,
            big - 2 * piece,
            blob + big,
        );
        assert!(text.ends_with(&expected), "{text}");
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
