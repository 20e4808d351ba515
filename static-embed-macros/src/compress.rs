//! Pre-compressing one file: which codings, with which settings, and whether
//! the result is worth keeping.

use std::cell::RefCell;

use flate2::FlushCompress;

use static_embed_common::Encoding;

use crate::brotli_c;

/// The codings made for each compressible file, most preferred first.
pub(crate) const CODINGS: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

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
    match encoding {
        Encoding::Brotli => {
            let halves = if brotli_halves(len) { " halves" } else { "" };
            format!(
                "brotli-c {} q11 fitted-window max22{halves} v1",
                brotli_c::version()
            )
        }
        Encoding::Gzip => "flate2 gzip best mtime0 v1".to_owned(),
        Encoding::Zstd => "zstd".to_owned(),
        Encoding::Identity => String::new(),
    }
}

/// Compresses `bytes`; `None` if the encoder fails, which leaves the file
/// with one copy fewer (never an empty or truncated one).
pub(crate) fn compress(encoding: Encoding, bytes: &[u8]) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Brotli => brotli(bytes),
        Encoding::Gzip => gzip(bytes),
        Encoding::Zstd | Encoding::Identity => None,
    }
}

/// Files from this size on are brotli-compressed in two halves at once.
const BROTLI_HALVES_FROM: u64 = 2 * MAX_WINDOW_BYTES;

/// True when a file is big enough that its brotli copy is made in two
/// halves on two threads: one such file is otherwise the whole tail of a
/// cold build (a 50 MiB file: 110 s on one core). Each half is at least a
/// window long, so the second half starting without history costs little.
fn brotli_halves(len: u64) -> bool {
    len >= BROTLI_HALVES_FROM
}

/// Quality 11 with a fitted window, big files in two halves.
fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let lgwin = fitted_window(bytes.len());
    match brotli_halves(bytes.len() as u64) {
        true => brotli_c::compress_in_halves(bytes, lgwin),
        false => brotli_c::compress(bytes, lgwin),
    }
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

/// The gzip header flate2 writes at the best level: no name, mtime 0,
/// "maximum compression", unknown OS. Same bytes as `flate2::GzEncoder`.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255];

thread_local! {
    /// Each thread's deflate state, reset for every file: a new one is
    /// ~300 KiB of tables to allocate and fault in, per file.
    static DEFLATE: RefCell<flate2::Compress> =
        RefCell::new(flate2::Compress::new(flate2::Compression::best(), false));
}

/// The gzip member flate2's `GzEncoder` makes at the best level, with the
/// thread's deflate state.
fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(GZIP_HEADER.len() + bytes.len() / 3 + 8);
    out.extend_from_slice(&GZIP_HEADER);
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.borrow_mut();
        deflate.reset();
        let mut input = bytes;
        loop {
            out.reserve(input.len() / 2 + 64);
            let before = deflate.total_in();
            let status = deflate.compress_vec(input, &mut out, FlushCompress::Finish);
            let consumed = (deflate.total_in() - before) as usize;
            input = &input[consumed..];
            match status {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => continue,
                // Cannot happen with a fresh stream and room to write.
                Err(_) => return None,
            }
        }
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        out.shrink_to_fit();
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_makes_what_flate2s_encoder_makes_file_after_file() {
        use std::io::Write as _;
        let inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a".to_vec(),
            (0..200_000u32)
                .flat_map(|i| format!("{} {}\n", i % 251, i % 7).into_bytes())
                .collect(),
            (0..70_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ];
        for input in inputs.iter().chain(inputs.iter().rev()) {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(input).unwrap();
            let expected = encoder.finish().unwrap();
            assert_eq!(gzip(input), Some(expected), "{} bytes", input.len());
        }
    }

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
        assert!(!brotli_halves(8 * 1024 * 1024 - 1));
        assert!(brotli_halves(8 * 1024 * 1024));
        let small = coding_settings(Encoding::Brotli, 1 << 20);
        let big = coding_settings(Encoding::Brotli, 50 << 20);
        assert_ne!(small, big);
        assert_eq!(
            coding_settings(Encoding::Gzip, 1),
            coding_settings(Encoding::Gzip, 50 << 20)
        );
        assert_ne!(settings(1 << 20), settings(50 << 20));
        assert_eq!(settings(1), settings(1 << 20));
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
