//! Google's reference brotli encoder (C, built by `compu-brotli-sys`): the
//! one place in the workspace with `unsafe` code.
//!
//! Why C: Cargo builds a proc macro's dependencies unoptimised unless the
//! user sets `[profile.release.build-override] opt-level = 3`, and the Rust
//! port of brotli runs about 4.5 times slower that way, the C library (at
//! `-O0`) about 2 times. Optimised, the two are as fast as each other.

/// Compresses `bytes` at quality 11 with a window of `2^lgwin` bytes, in one
/// call; `None` if the encoder fails or the input is too large for it.
#[allow(unsafe_code)]
pub(crate) fn compress(bytes: &[u8], lgwin: u32) -> Option<Vec<u8>> {
    use compu_brotli_sys as sys;

    const QUALITY: i32 = 11;
    // SAFETY: a pure function of its argument.
    let bound = unsafe { sys::BrotliEncoderMaxCompressedSize(bytes.len()) };
    // 0 means the input is too large to bound.
    if bound == 0 {
        return None;
    }
    let mut out = vec![0u8; bound];
    let mut len = out.len();
    // SAFETY: the input pointer and length come from one slice, and the
    // output pointer and `len` from one vector of `len` bytes. The encoder
    // writes at most `len` bytes, stores the count in `len`, and keeps no
    // pointer after it returns.
    let ok = unsafe {
        sys::BrotliEncoderCompress(
            QUALITY,
            lgwin as i32,
            sys::BrotliEncoderMode_BROTLI_MODE_GENERIC,
            bytes.len(),
            bytes.as_ptr(),
            &mut len,
            out.as_mut_ptr(),
        )
    };
    if ok == 0 || len > out.len() {
        return None;
    }
    out.truncate(len);
    // The bound is the input's size and more: hand back the rest, as the
    // copy lives until the table is generated.
    out.shrink_to_fit();
    Some(out)
}

/// The library's version as `major.minor.patch`, for the cache key.
#[allow(unsafe_code)]
pub(crate) fn version() -> String {
    // SAFETY: reads a constant.
    let version = unsafe { compu_brotli_sys::BrotliEncoderVersion() };
    format!(
        "{}.{}.{}",
        version >> 24,
        (version >> 12) & 0xfff,
        version & 0xfff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decompress(stream: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &stream[..], &mut out).unwrap();
        out
    }

    /// The window size a stream declares in its first bits (RFC 7932, 9.1).
    fn window_bits(stream: &[u8]) -> u32 {
        let bits = u32::from(stream[0]) | u32::from(*stream.get(1).unwrap_or(&0)) << 8;
        if bits & 1 == 0 {
            return 16;
        }
        match (bits >> 1) & 7 {
            0 => match (bits >> 4) & 7 {
                0 => 17,
                m => 8 + m,
            },
            n => 17 + n,
        }
    }

    #[test]
    fn streams_decode_to_their_input_and_declare_the_window_asked_for() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("<li class=\"item-{}\">{}</li>\n", i % 13, i).into_bytes())
            .collect();
        let noise: Vec<u8> = (0..5_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        // An empty input is one byte that declares the default window.
        assert_eq!(compress(b"", 10).unwrap(), [6]);
        for (input, lgwin) in [
            (&b"a"[..], 10),
            (&text[..], 22),
            (&text[..], 19),
            (&noise[..], 13),
        ] {
            let stream = compress(input, lgwin).unwrap();
            assert_eq!(decompress(&stream), input, "{} bytes", input.len());
            assert_eq!(window_bits(&stream), lgwin, "{} bytes", input.len());
            assert_eq!(compress(input, lgwin).unwrap(), stream, "deterministic");
        }
        assert!(compress(&text, 22).unwrap().len() < text.len() / 10);
    }

    #[test]
    fn the_version_is_the_bundled_library() {
        assert!(version().starts_with("1."), "{}", version());
    }
}
