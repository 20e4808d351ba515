//! Gzip members (RFC 1952) at the best level, made whole or in two halves
//! that two threads compress at once.

use std::cell::RefCell;

use flate2::{Compress, Crc, FlushCompress, Status};

/// The header flate2's `GzEncoder` writes at the best level: no name,
/// mtime 0, "maximum compression", unknown OS.
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255];

thread_local! {
    /// Each thread's deflate state, reset for every use: a new one is
    /// ~300 KiB of tables to allocate and fault in.
    static DEFLATE: RefCell<Compress> =
        RefCell::new(Compress::new(flate2::Compression::best(), false));
}

/// One member holding `bytes`: the same bytes as flate2's `GzEncoder` at the
/// best level. `None` if the encoder fails.
pub(crate) fn compress(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut member = HEADER.to_vec();
    deflate(bytes, FlushCompress::Finish, &mut member)?;
    Some(finish(member, &crc(bytes)))
}

/// A half of a member's compressed data and the checksum of its input.
pub(crate) struct Half {
    deflated: Vec<u8>,
    crc: Crc,
}

/// The first half of a file: deflate blocks ending on a byte boundary
/// (a sync flush), the stream left open for the second half's blocks.
pub(crate) fn compress_first_half(first: &[u8]) -> Option<Half> {
    compress_half(first, FlushCompress::Sync)
}

/// The second half of a file: a deflate stream of its own, whose last block
/// ends the member's data. It cannot refer back into the first half, which
/// loses 32 KiB of history once per file.
pub(crate) fn compress_second_half(second: &[u8]) -> Option<Half> {
    compress_half(second, FlushCompress::Finish)
}

/// The member made of both halves: one valid deflate stream, one checksum
/// and length for the whole file.
pub(crate) fn join_halves(first: Half, second: Half) -> Vec<u8> {
    let mut member =
        Vec::with_capacity(HEADER.len() + first.deflated.len() + second.deflated.len() + 8);
    member.extend_from_slice(&HEADER);
    member.extend_from_slice(&first.deflated);
    member.extend_from_slice(&second.deflated);
    let mut crc = first.crc;
    crc.combine(&second.crc);
    finish(member, &crc)
}

fn compress_half(bytes: &[u8], flush: FlushCompress) -> Option<Half> {
    let mut deflated = Vec::new();
    deflate(bytes, flush, &mut deflated)?;
    deflated.shrink_to_fit();
    Some(Half {
        deflated,
        crc: crc(bytes),
    })
}

/// Appends `input` deflated with the thread's state to `out`, ending with
/// `flush` (`Finish` or `Sync`).
fn deflate(mut input: &[u8], flush: FlushCompress, out: &mut Vec<u8>) -> Option<()> {
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.borrow_mut();
        deflate.reset();
        loop {
            out.reserve(input.len() / 2 + 64);
            let before = deflate.total_in();
            let status = deflate.compress_vec(input, out, flush).ok()?;
            input = &input[(deflate.total_in() - before) as usize..];
            // A flush is complete once all input is taken and the encoder
            // stopped short of filling the room it had.
            let flushed = input.is_empty() && out.len() < out.capacity();
            match status {
                Status::StreamEnd => return Some(()),
                Status::Ok | Status::BufError if flush == FlushCompress::Sync && flushed => {
                    return Some(())
                }
                Status::Ok | Status::BufError => continue,
            }
        }
    })
}

fn crc(bytes: &[u8]) -> Crc {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc
}

/// Appends the trailer: the checksum and the length modulo 2^32.
fn finish(mut member: Vec<u8>, crc: &Crc) -> Vec<u8> {
    member.extend_from_slice(&crc.sum().to_le_bytes());
    member.extend_from_slice(&crc.amount().to_le_bytes());
    member.shrink_to_fit();
    member
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};

    use super::*;

    fn inputs() -> Vec<Vec<u8>> {
        vec![
            Vec::new(),
            b"a".to_vec(),
            b"ab".to_vec(),
            (0..200_000u32)
                .flat_map(|i| format!("{} {}\n", i % 251, i % 7).into_bytes())
                .collect(),
            (0..70_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ]
    }

    fn gunzip(member: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(member)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn in_halves(bytes: &[u8]) -> Vec<u8> {
        let (first, second) = bytes.split_at(bytes.len() / 2);
        let first = compress_first_half(first).unwrap();
        join_halves(first, compress_second_half(second).unwrap())
    }

    #[test]
    fn a_whole_member_is_what_flate2s_encoder_makes_file_after_file() {
        let inputs = inputs();
        for input in inputs.iter().chain(inputs.iter().rev()) {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(input).unwrap();
            let expected = encoder.finish().unwrap();
            assert_eq!(compress(input), Some(expected), "{} bytes", input.len());
        }
    }

    #[test]
    fn halves_make_one_member_that_decodes_to_the_input() {
        for input in inputs() {
            let member = in_halves(&input);
            assert_eq!(gunzip(&member), input, "{} bytes", input.len());
            assert_eq!(member[..HEADER.len()], HEADER);
            // The trailer: the whole input's checksum and length.
            let trailer = &member[member.len() - 8..];
            assert_eq!(trailer[..4], crc(&input).sum().to_le_bytes());
            assert_eq!(trailer[4..], (input.len() as u32).to_le_bytes());
            assert_eq!(in_halves(&input), member, "deterministic");
        }
    }

    #[test]
    fn halves_cost_next_to_nothing_on_a_big_file() {
        let big: Vec<u8> = (0..400_000u32)
            .flat_map(|i| {
                format!("{{\"id\":{i},\"v\":{}}},\n", i.wrapping_mul(7919) % 10_007).into_bytes()
            })
            .collect();
        let (whole, halves) = (compress(&big).unwrap().len(), in_halves(&big).len());
        assert!(halves < whole + whole / 1000, "{halves} vs {whole}");
    }
}
