//! Content codings a file can be stored in: the one place that says what
//! each coding is (its token, aliases and file extension) and where it
//! ranks. Every other file asks this one, so adding a coding is one variant
//! and one row of [`Encoding::ALL`].

/// A content coding (RFC 9110 §8.4.1) that static-embed stores and serves.
///
/// Variant order is server preference: when a client accepts several codings
/// equally, the smallest output wins, and brotli beats gzip on typical web
/// assets, with identity last. New codings may be added, so match with a
/// wildcard arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// `br` (RFC 7932).
    Brotli,
    /// `gzip` (RFC 1952).
    Gzip,
    /// `identity`: the bytes as they are.
    Identity,
}

impl Encoding {
    /// Every coding, most preferred first; identity is always last.
    pub const ALL: [Encoding; 3] = [Encoding::Brotli, Encoding::Gzip, Encoding::Identity];

    /// The codings of compressed copies: [`Encoding::ALL`] without identity.
    pub const COMPRESSED: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// The position of this coding in [`Encoding::ALL`]: an index for tables
    /// kept per coding. Compressed codings come first, so a table of copies
    /// is indexed the same way, with `ALL.len() - 1` slots.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The token used in `Accept-Encoding` and `Content-Encoding`.
    pub const fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
            Encoding::Identity => "identity",
        }
    }

    /// The coding a token names, ignoring ASCII case (tokens are
    /// case-insensitive, RFC 9110 §8.4.1), with RFC 9110 §8.4.1.3's
    /// `x-gzip` alias; `None` for a coding this crate never stores.
    pub fn from_token(token: &[u8]) -> Option<Encoding> {
        if token.eq_ignore_ascii_case(b"x-gzip") {
            return Some(Encoding::Gzip);
        }
        Encoding::ALL
            .into_iter()
            .find(|encoding| token.eq_ignore_ascii_case(encoding.token().as_bytes()))
    }

    /// The suffix added to a file name for the pre-compressed copy
    /// (`app.js.br`), as nginx's `gzip_static` and `brotli_static` expect;
    /// empty for identity.
    pub const fn file_extension(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gz",
            Encoding::Identity => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Encoding;

    #[test]
    fn indexes_follow_all_with_identity_last() {
        for (position, encoding) in Encoding::ALL.into_iter().enumerate() {
            assert_eq!(encoding.index(), position);
        }
        assert_eq!(Encoding::ALL.last(), Some(&Encoding::Identity));
        assert_eq!(
            Encoding::COMPRESSED,
            Encoding::ALL[..Encoding::ALL.len() - 1]
        );
    }

    #[test]
    fn tokens_read_back_in_any_case_with_the_gzip_alias() {
        for encoding in Encoding::ALL {
            let upper = encoding.token().to_ascii_uppercase();
            assert_eq!(Encoding::from_token(upper.as_bytes()), Some(encoding));
        }
        assert_eq!(Encoding::from_token(b"X-GZIP"), Some(Encoding::Gzip));
        for unknown in [&b"zstd"[..], b"deflate", b"*", b"", b"b r"] {
            assert_eq!(Encoding::from_token(unknown), None);
        }
    }
}
