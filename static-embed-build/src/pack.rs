//! The file format of a pack: the compressed copies of every file one
//! derive embeds, keyed by content and settings, in one file.
//!
//! Layout: `MAGIC`; the number of entries (four bytes, little-endian); per
//! entry its key (`KEY_LEN` bytes), the number of copies (one byte), per
//! copy its coding (its token's length in one byte, then the token: a
//! pack outlives a change of [`Encoding::ALL`]'s order) and length (eight
//! bytes, little-endian), then the
//! copies' bytes; and last the BLAKE3 hash of everything before it, so a
//! pack damaged on disk (a crash before its data reached the disk, a bad
//! sector) is never used. Checking is cheaper than making every write
//! durable (an `fsync` per file).

use bytes::Bytes;
use static_embed_common::Encoding;

use crate::Copies;

/// Which file and settings an entry holds copies for.
pub(crate) type EntryKey = [u8; KEY_LEN];
pub(crate) const KEY_LEN: usize = 20;

const MAGIC: &[u8] = b"static-embed copies pack v2\n";
const CHECKSUM_LEN: usize = blake3::OUT_LEN;

/// The pack holding `entries`, in the order given.
pub(crate) fn encode(entries: &[(EntryKey, Copies)]) -> Vec<u8> {
    let copies_len: usize = entries
        .iter()
        .flat_map(|(_, copies)| copies)
        .map(|(encoding, bytes)| 9 + encoding.token().len() + bytes.len())
        .sum();
    let mut pack = Vec::with_capacity(
        MAGIC.len() + 4 + entries.len() * (KEY_LEN + 1) + copies_len + CHECKSUM_LEN,
    );
    pack.extend_from_slice(MAGIC);
    // A derive of more than 4 billion files does not build anyway.
    pack.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (key, copies) in entries {
        pack.extend_from_slice(key);
        // At most one copy per coding, so the count fits.
        pack.push(copies.len() as u8);
        for (encoding, bytes) in copies {
            let token = encoding.token().as_bytes();
            // Tokens are a few bytes long.
            pack.push(token.len() as u8);
            pack.extend_from_slice(token);
            pack.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        }
        for (_, bytes) in copies {
            pack.extend_from_slice(bytes);
        }
    }
    let checksum = blake3::hash(&pack);
    pack.extend_from_slice(checksum.as_bytes());
    pack
}

/// The entries of `pack` (a pack file's content), whose copies share its
/// buffer; `None` if it does not match its checksum or the layout.
pub(crate) fn decode(pack: &Bytes) -> Option<Vec<(EntryKey, Copies)>> {
    let content_len = pack.len().checked_sub(CHECKSUM_LEN)?;
    let (content, checksum) = pack.split_at(content_len);
    if blake3::hash(content).as_bytes() != checksum {
        return None;
    }
    let mut rest = content.strip_prefix(MAGIC)?;
    let count = u32::from_le_bytes(*take::<4>(&mut rest)?);
    let mut entries = Vec::with_capacity(count.min(1 << 16) as usize);
    for _ in 0..count {
        let key = *take::<KEY_LEN>(&mut rest)?;
        let [copy_count] = *take::<1>(&mut rest)?;
        let mut heads = Vec::with_capacity(copy_count.into());
        for _ in 0..copy_count {
            let [token_len] = *take::<1>(&mut rest)?;
            let (token, after) = rest.split_at_checked(token_len.into())?;
            rest = after;
            let encoding = Encoding::from_token(token).filter(|e| *e != Encoding::Identity)?;
            let len = u64::from_le_bytes(*take::<8>(&mut rest)?);
            heads.push((encoding, usize::try_from(len).ok()?));
        }
        let mut copies = Vec::with_capacity(heads.len());
        for (encoding, len) in heads {
            let start = content_len - rest.len();
            rest = rest.get(len..)?;
            copies.push((encoding, pack.slice(start..start + len)));
        }
        entries.push((key, copies));
    }
    rest.is_empty().then_some(entries)
}

/// The next `N` bytes of `rest`, which moves past them.
fn take<'a, const N: usize>(rest: &mut &'a [u8]) -> Option<&'a [u8; N]> {
    let (bytes, after) = rest.split_first_chunk::<N>()?;
    *rest = after;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<(EntryKey, Copies)> {
        vec![
            (
                [1; KEY_LEN],
                vec![
                    (Encoding::Brotli, Bytes::from_static(b"brotli bytes")),
                    (Encoding::Gzip, Bytes::from_static(b"gzip")),
                ],
            ),
            // A file no copy of which was worth keeping.
            ([2; KEY_LEN], Vec::new()),
            (
                [3; KEY_LEN],
                vec![(Encoding::Gzip, Bytes::from_static(b"z"))],
            ),
        ]
    }

    #[test]
    fn a_pack_reads_back_what_was_written() {
        let pack = Bytes::from(encode(&entries()));
        assert!(pack.starts_with(MAGIC));
        assert_eq!(decode(&pack), Some(entries()));
        assert_eq!(decode(&Bytes::from(encode(&[]))), Some(Vec::new()));
    }

    #[test]
    fn a_damaged_or_truncated_pack_is_refused() {
        let pack = encode(&entries());
        for at in 0..pack.len() {
            let mut damaged = pack.clone();
            damaged[at] ^= 0x10;
            assert_eq!(decode(&Bytes::from(damaged)), None, "byte {at} flipped");
        }
        for len in 0..pack.len() {
            let truncated = Bytes::copy_from_slice(&pack[..len]);
            assert_eq!(decode(&truncated), None, "{len} bytes left");
        }
    }

    #[test]
    fn a_pack_whose_checksum_matches_but_layout_does_not_is_refused() {
        let sealed = |content: &[u8]| {
            let mut pack = content.to_vec();
            pack.extend_from_slice(blake3::hash(content).as_bytes());
            Bytes::from(pack)
        };
        let mut overrun = MAGIC.to_vec();
        overrun.extend_from_slice(&1u32.to_le_bytes());
        overrun.extend_from_slice(&[9; KEY_LEN]);
        overrun.extend_from_slice(&[1, 2]);
        overrun.extend_from_slice(b"br");
        overrun.extend_from_slice(&99u64.to_le_bytes());
        overrun.extend_from_slice(b"short");
        let mut left_over = MAGIC.to_vec();
        left_over.extend_from_slice(&0u32.to_le_bytes());
        left_over.push(b'x');
        let mut unknown_coding = MAGIC.to_vec();
        unknown_coding.extend_from_slice(&1u32.to_le_bytes());
        unknown_coding.extend_from_slice(&[9; KEY_LEN]);
        unknown_coding.extend_from_slice(&[1, 4]);
        unknown_coding.extend_from_slice(b"zstd");
        unknown_coding.extend_from_slice(&0u64.to_le_bytes());
        for content in [overrun, left_over, unknown_coding, b"not a pack".to_vec()] {
            assert_eq!(decode(&sealed(&content)), None);
        }
    }
}
