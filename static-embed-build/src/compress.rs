//! Pre-compressing one file: which codings, with which settings, and whether
//! the result is worth keeping.

use static_embed_common::Encoding;

use crate::{brotli_c, gzip};

/// The codings made for each compressible file, most preferred first.
pub(crate) const CODINGS: [Encoding; 2] = Encoding::COMPRESSED;

/// A copy is kept only if it saves at least this share of the identity size
/// (1/20 = 5%) …
const MIN_SAVING_DIVISOR: u64 = 20;
/// … and at least this many bytes: smaller wins do not pay for the
/// decompression on the client and the extra bytes in the binary.
const MIN_SAVING_BYTES: u64 = 64;

/// Extensions of formats that are compressed already: compressing them again
/// wastes build time for no gain.
const PRECOMPRESSED: [&str; 25] = [
    "7z", "avif", "br", "bz2", "gif", "gz", "heic", "jpeg", "jpg", "jxl", "m4a", "m4v", "mov",
    "mp3", "mp4", "ogg", "opus", "png", "rar", "webm", "webp", "woff", "woff2", "xz", "zip",
];

/// Extensions of files that are served but not worth compressing at build
/// time: source maps are fetched only by developer tools, yet on a real
/// dashboard (swagger-ui) they are two thirds of the bytes, and so of a cold
/// build's brotli time.
const NOT_PRECOMPRESSED: [&str; 1] = ["map"];

/// True when a file at `key` should get compressed copies at all.
pub(crate) fn is_compressible(key: &str) -> bool {
    let extension = key.rsplit_once('.').map_or("", |(_, ext)| ext);
    let listed = |list: &[&str]| list.iter().any(|p| p.eq_ignore_ascii_case(extension));
    !listed(&PRECOMPRESSED) && !listed(&NOT_PRECOMPRESSED) && !extension.eq_ignore_ascii_case("zst")
}

/// True when a copy of `compressed` bytes is worth serving instead of
/// `identity` bytes.
pub(crate) fn worth_keeping(identity: u64, compressed: u64) -> bool {
    let saving = identity.saturating_sub(compressed);
    saving >= MIN_SAVING_BYTES && saving >= identity / MIN_SAVING_DIVISOR
}

/// Everything that decides the copies kept for a file of `len` bytes: the
/// cache key. Change a setting and every entry misses.
pub(crate) fn settings(len: u64) -> String {
    let mut settings = format!("keep: saves {MIN_SAVING_BYTES} B and 1/{MIN_SAVING_DIVISOR}");
    for encoding in CODINGS {
        settings.push_str("; ");
        settings.push_str(&coding_settings(encoding, len));
    }
    settings
}

/// One coding's settings for a file of `len` bytes, naming the encoder.
fn coding_settings(encoding: Encoding, len: u64) -> String {
    let halves = if in_halves(len) { " halves" } else { "" };
    match encoding {
        Encoding::Brotli => format!(
            "brotli-c {} q11 fitted-window max22{halves} v1",
            brotli_c::version()
        ),
        Encoding::Gzip => format!("flate2 gzip best mtime0{halves} v1"),
        _ => String::new(),
    }
}

/// Every coding of [`CODINGS`] of `bytes`, in that order, made in parallel;
/// a coding whose encoder failed is left out (never an empty or truncated
/// copy).
pub(crate) fn compress_all(bytes: &[u8]) -> Vec<(Encoding, Vec<u8>)> {
    if in_halves(bytes.len() as u64) {
        return all_in_halves(bytes);
    }
    let mut copies: [Option<Vec<u8>>; CODINGS.len()] = Default::default();
    rayon_core::scope(|scope| {
        for (copy, encoding) in copies.iter_mut().zip(CODINGS) {
            scope.spawn(move |_| *copy = compress(encoding, bytes));
        }
    });
    CODINGS
        .into_iter()
        .zip(copies)
        .filter_map(|(encoding, copy)| Some((encoding, copy?)))
        .collect()
}

fn compress(encoding: Encoding, bytes: &[u8]) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Brotli => brotli_c::compress(bytes, fitted_window(bytes.len())),
        Encoding::Gzip => gzip::compress(bytes),
        _ => None,
    }
}

/// Files from this size on are compressed in two halves at once.
const HALVES_FROM: u64 = 2 * MAX_WINDOW_BYTES;

/// True when a file is big enough that each copy is made in two halves
/// on two threads: one such file is otherwise the whole tail of a cold
/// build, on one core. Each half is at least a
/// brotli window long, so the second half starting without history costs
/// little.
fn in_halves(len: u64) -> bool {
    len >= HALVES_FROM
}

/// A big file's copies from four parts, each coding of each half. Two
/// threads each take one half's brotli part, then whichever gzip part is
/// left, so they end together; made whole, the gzip copy would land on
/// top of one thread's brotli half. More threads run all four at once. Always two halves, whatever
/// the machine, so every build makes the same bytes.
fn all_in_halves(bytes: &[u8]) -> Vec<(Encoding, Vec<u8>)> {
    let lgwin = fitted_window(bytes.len());
    let (first, second) = bytes.split_at(bytes.len() / 2);
    // `join` runs its first closure at once and offers the second to idle
    // threads, oldest offer first: the second half's pair goes before
    // the first half's gzip part.
    let ((brotli_first, gzip_first), (brotli_second, gzip_second)) = rayon_core::join(
        || {
            rayon_core::join(
                || brotli_c::compress_first_half(first, lgwin),
                || gzip::compress_first_half(first),
            )
        },
        || {
            rayon_core::join(
                || brotli_c::compress_second_half(second, first.len(), lgwin),
                || gzip::compress_second_half(second),
            )
        },
    );
    let brotli = brotli_first
        .zip(brotli_second)
        .map(|(first, second)| [first, second].concat());
    let gzip = gzip_first
        .zip(gzip_second)
        .map(|(first, second)| gzip::join_halves(first, second));
    [(Encoding::Brotli, brotli), (Encoding::Gzip, gzip)]
        .into_iter()
        .filter_map(|(encoding, copy)| Some((encoding, copy?)))
        .collect()
}

/// The smallest window (log2 bytes, 10 to 22) covering the whole file: a
/// larger one only costs the decoder memory.
///
/// Capped at 22 (4 MiB), as most servers do: a 16 MiB window only helps
/// files of several megabytes, costs every client that much decoder memory,
/// and makes brotli markedly slower on exactly those files.
fn fitted_window(len: usize) -> u32 {
    let bits = usize::BITS - len.saturating_sub(1).leading_zeros();
    bits.clamp(10, MAX_WINDOW_BITS)
}

const MAX_WINDOW_BITS: u32 = 22;
const MAX_WINDOW_BYTES: u64 = 1 << MAX_WINDOW_BITS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_fit_the_file() {
        assert_eq!(fitted_window(0), 10);
        assert_eq!(fitted_window(1024), 10);
        assert_eq!(fitted_window(1025), 11);
        assert_eq!(fitted_window(230_000), 18);
        assert_eq!(fitted_window(4 << 20), 22);
        assert_eq!(fitted_window(50 << 20), 22);
    }

    #[test]
    fn small_or_slight_savings_are_dropped() {
        assert!(!worth_keeping(100, 50));
        assert!(!worth_keeping(100_000, 96_000));
        assert!(worth_keeping(100_000, 94_000));
        assert!(worth_keeping(1_000, 900));
    }

    #[test]
    fn only_big_files_are_compressed_in_halves_under_their_own_cache_key() {
        assert!(!in_halves(8 * 1024 * 1024 - 1));
        assert!(in_halves(8 * 1024 * 1024));
        for encoding in CODINGS {
            let small = coding_settings(encoding, 1 << 20);
            assert_ne!(small, coding_settings(encoding, 50 << 20));
            assert_eq!(small, coding_settings(encoding, 1));
        }
        assert_ne!(settings(1 << 20), settings(50 << 20));
        assert_eq!(settings(1), settings(1 << 20));
    }

    #[test]
    fn halves_give_every_coding_in_order_each_decoding_to_the_input() {
        use std::io::Read as _;
        let input: Vec<u8> = (0..30_000u32)
            .flat_map(|i| format!("<li id=\"{i}\">{}</li>\n", i % 97).into_bytes())
            .collect();
        let copies = all_in_halves(&input);
        let encodings: Vec<Encoding> = copies.iter().map(|(encoding, _)| *encoding).collect();
        assert_eq!(encodings, CODINGS);
        for (encoding, copy) in &copies {
            let mut decoded = Vec::new();
            match encoding {
                Encoding::Brotli => brotli::BrotliDecompress(&mut &copy[..], &mut decoded).unwrap(),
                _ => drop(
                    flate2::read::GzDecoder::new(&copy[..])
                        .read_to_end(&mut decoded)
                        .unwrap(),
                ),
            }
            assert_eq!(decoded, input, "{encoding:?}");
            assert!(
                copy.len() < input.len() / 4,
                "{encoding:?}: {} bytes",
                copy.len()
            );
        }
        assert_eq!(all_in_halves(&input), copies, "deterministic");
    }

    #[test]
    fn compressed_formats_are_skipped() {
        assert!(!is_compressible("img/logo.PNG"));
        assert!(!is_compressible("fonts/a.woff2"));
        assert!(is_compressible("app.js"));
        assert!(is_compressible("LICENSE"));
        assert!(!is_compressible("swagger-ui-bundle.js.map"));
        assert!(!is_compressible("data.zst"));
    }
}
