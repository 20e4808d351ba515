//! Google's reference brotli encoder (C, built by `compu-brotli-sys`): the
//! one place in the workspace with `unsafe` code.
//!
//! Why C: Cargo builds a proc macro's dependencies unoptimised unless the
//! user sets `[profile.release.build-override] opt-level = 3`, and
//! unoptimised, the Rust port of brotli slows down far more than the C
//! library does (figures in `benches/README.md`). Optimised, the two are
//! about as fast. And the C encoder can make one stream
//! in independent parts (`BROTLI_PARAM_STREAM_OFFSET`), which is how a big
//! file keeps two cores busy.

use std::ptr::{self, NonNull};
use std::sync::OnceLock;

use compu_brotli_sys as sys;

const QUALITY: u32 = 11;
/// The largest value the encoder takes for a size hint or a stream offset.
const MAX_PARAMETER: usize = 1 << 30;

/// Compresses `bytes` at quality 11 with a window of `2^lgwin` bytes; `None`
/// if the encoder fails.
pub(crate) fn compress(bytes: &[u8], lgwin: u32) -> Option<Vec<u8>> {
    Encoder::new(lgwin, bytes.len(), 0)?.compress(bytes, Operation::Finish)
}

/// The first half of a stream that [`compress_second_half`] ends, for a
/// file compressed by two threads at once: everything encoded and flushed
/// to a byte boundary, the stream left open.
pub(crate) fn compress_first_half(first: &[u8], lgwin: u32) -> Option<Vec<u8>> {
    Encoder::new(lgwin, first.len(), 0)?.compress(first, Operation::Flush)
}

/// The rest of the stream [`compress_first_half`] began with the file's
/// first `offset` bytes: told the offset, the encoder leaves out the stream
/// header and encodes its first bytes in a way that does not depend on
/// what came before. The halves cannot refer to each other, which costs a
/// file of many windows next to nothing. Concatenated, the two are one
/// standard stream.
pub(crate) fn compress_second_half(second: &[u8], offset: usize, lgwin: u32) -> Option<Vec<u8>> {
    Encoder::new(lgwin, second.len(), offset)?.compress(second, Operation::Finish)
}

/// The library's version as `major.minor.patch`, for the cache key (asked
/// once, not per file).
#[allow(unsafe_code)]
pub(crate) fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        // SAFETY: reads a constant.
        let version = unsafe { sys::BrotliEncoderVersion() };
        let (major, minor, patch) = (version >> 24, (version >> 12) & 0xfff, version & 0xfff);
        format!("{major}.{minor}.{patch}")
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Operation {
    /// Everything given is encoded and the output ends on a byte boundary,
    /// without marking the stream finished.
    Flush,
    /// The stream ends here.
    Finish,
}

/// One encoder instance, destroyed when dropped.
struct Encoder(NonNull<sys::BrotliEncoderState>);

impl Encoder {
    /// Quality 11, a `2^lgwin` window, a size hint, and the number of stream
    /// bytes another encoder makes before this one's (0 for the first).
    #[allow(unsafe_code)]
    fn new(lgwin: u32, size_hint: usize, stream_offset: usize) -> Option<Self> {
        // SAFETY: no allocator functions means malloc and free.
        let state = unsafe { sys::BrotliEncoderCreateInstance(None, None, ptr::null_mut()) };
        let encoder = Encoder(NonNull::new(state)?);
        let parameters = [
            (sys::BrotliEncoderParameter_BROTLI_PARAM_QUALITY, QUALITY),
            (sys::BrotliEncoderParameter_BROTLI_PARAM_LGWIN, lgwin),
            (
                sys::BrotliEncoderParameter_BROTLI_PARAM_SIZE_HINT,
                size_hint.min(MAX_PARAMETER) as u32,
            ),
        ];
        // Offsets past the window all mean the same; 0 is the default.
        let offset = (stream_offset > 0).then(|| {
            let offset = stream_offset.min(MAX_PARAMETER) as u32;
            (
                sys::BrotliEncoderParameter_BROTLI_PARAM_STREAM_OFFSET,
                offset,
            )
        });
        for (parameter, value) in parameters.into_iter().chain(offset) {
            // SAFETY: a live instance that has not started encoding.
            if unsafe { sys::BrotliEncoderSetParameter(encoder.0.as_ptr(), parameter, value) } == 0
            {
                return None;
            }
        }
        Some(encoder)
    }

    /// Encodes all of `input`.
    #[allow(unsafe_code)]
    fn compress(mut self, input: &[u8], operation: Operation) -> Option<Vec<u8>> {
        let op = match operation {
            Operation::Flush => sys::BrotliEncoderOperation_BROTLI_OPERATION_FLUSH,
            Operation::Finish => sys::BrotliEncoderOperation_BROTLI_OPERATION_FINISH,
        };
        let mut available_in = input.len();
        let mut next_in = input.as_ptr();
        let (mut out, mut written) = (Vec::new(), 0);
        loop {
            // Room for the whole input compressed: one call usually does.
            let wanted = written + input.len() / 2 + 1024;
            if out.len() < wanted {
                out.resize(wanted, 0);
            }
            let mut available_out = out.len() - written;
            let mut next_out = out[written..].as_mut_ptr();
            // SAFETY: `next_in` and `available_in` describe the unread rest
            // of `input`, `next_out` and `available_out` the unwritten rest
            // of `out`; the encoder advances them past what it read and
            // wrote, and keeps neither pointer after it returns.
            let ok = unsafe {
                sys::BrotliEncoderCompressStream(
                    self.as_ptr(),
                    op,
                    &mut available_in,
                    &mut next_in,
                    &mut available_out,
                    &mut next_out,
                    ptr::null_mut(),
                )
            };
            written = out.len() - available_out;
            if ok == 0 {
                return None;
            }
            // SAFETY: a live instance.
            let (more_output, finished) = unsafe {
                let state = self.as_ptr();
                (
                    sys::BrotliEncoderHasMoreOutput(state) != 0,
                    sys::BrotliEncoderIsFinished(state) != 0,
                )
            };
            let done = match operation {
                Operation::Flush => available_in == 0 && !more_output,
                Operation::Finish => finished,
            };
            if done {
                out.truncate(written);
                // The copy is kept until the table is made: hand back the
                // room it did not need.
                out.shrink_to_fit();
                return Some(out);
            }
        }
    }

    fn as_ptr(&mut self) -> *mut sys::BrotliEncoderState {
        self.0.as_ptr()
    }
}

impl Drop for Encoder {
    #[allow(unsafe_code)]
    fn drop(&mut self) {
        // SAFETY: created by `BrotliEncoderCreateInstance`, destroyed once.
        unsafe { sys::BrotliEncoderDestroyInstance(self.as_ptr()) }
    }
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

    fn text(records: u32) -> Vec<u8> {
        (0..records)
            .flat_map(|i| format!("<li class=\"item-{}\">{}</li>\n", i % 13, i).into_bytes())
            .collect()
    }

    /// JSON records, repetitive but not trivially so (like
    /// `benches/gen-folders.sh --big`).
    fn records(count: u32) -> Vec<u8> {
        let events = ["click", "view", "scroll", "submit", "login", "share"];
        let mut seed = 42u64;
        let mut next = move || {
            seed = seed * 48_271 % 2_147_483_647;
            seed
        };
        (0..count)
            .flat_map(|i| {
                let (user, event, value) = (next() % 50_000, next() % 6, next() % 10_000);
                let event = events[event as usize];
                format!("{{\"id\":{i},\"user\":\"user-{user:05}\",\"event\":\"{event}\",\"value\":{value}}},\n")
                    .into_bytes()
            })
            .collect()
    }

    fn noise(len: u32) -> Vec<u8> {
        (0..len)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect()
    }

    /// `make` turns each input into a stream that decodes to it, declares
    /// the window asked for, and is the same every time.
    fn assert_round_trips(make: fn(&[u8], u32) -> Option<Vec<u8>>, cases: &[(&[u8], u32)]) {
        for &(input, lgwin) in cases {
            let stream = make(input, lgwin).unwrap();
            assert_eq!(decompress(&stream), input, "{} bytes", input.len());
            assert_eq!(window_bits(&stream), lgwin, "{} bytes", input.len());
            assert_eq!(make(input, lgwin).unwrap(), stream, "deterministic");
        }
    }

    #[test]
    fn streams_decode_to_their_input_and_declare_the_window_asked_for() {
        let (text, noise) = (text(20_000), noise(5_000));
        // An empty input is one byte that declares the default window.
        assert_eq!(decompress(&compress(b"", 10).unwrap()), b"");
        assert_round_trips(
            compress,
            &[(b"a", 10), (&text, 22), (&text, 19), (&noise, 13)],
        );
        assert!(compress(&text, 22).unwrap().len() < text.len() / 10);
    }

    fn in_halves(bytes: &[u8], lgwin: u32) -> Option<Vec<u8>> {
        let (first, second) = bytes.split_at(bytes.len() / 2);
        let first = compress_first_half(first, lgwin)?;
        Some([first, compress_second_half(second, bytes.len() / 2, lgwin)?].concat())
    }

    #[test]
    fn halves_make_one_stream_that_decodes_to_the_input() {
        let (text, noise) = (text(20_000), noise(70_000));
        let mixed: Vec<u8> = text.iter().chain(&noise).chain(&text).copied().collect();
        assert_round_trips(
            in_halves,
            &[
                (b"ab", 10),
                (b"abc", 10),
                (&text, 22),
                (&text, 16),
                (&noise, 17),
                (&mixed, 22),
            ],
        );
        // The second half starts without history, which costs little when
        // each half is many windows long, as it is for the files that are
        // split (8 MiB and more, 4 MiB windows): here 1.2 MB in 16 KiB.
        let records = records(20_000);
        let whole = compress(&records, 14).unwrap().len();
        let halves = in_halves(&records, 14).unwrap().len();
        assert!(halves < whole + whole / 200, "{halves} vs {whole}");
    }

    #[test]
    fn the_version_is_the_bundled_library() {
        assert!(version().starts_with("1."), "{}", version());
    }
}
