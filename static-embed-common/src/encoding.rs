//! Content codings a file can be stored in.

/// A content coding (RFC 9110 §8.4.1).
///
/// Variant order is server preference: when a client accepts several codings
/// equally, the smallest output wins, and brotli beats zstd beats gzip on
/// typical web assets, with identity last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Encoding {
    /// `br` (RFC 7932).
    Brotli,
    /// `zstd` (RFC 8878).
    Zstd,
    /// `gzip` (RFC 1952).
    Gzip,
    /// `identity`: the bytes as they are.
    Identity,
}

impl Encoding {
    /// Every coding, most preferred first.
    pub const ALL: [Encoding; 4] = [
        Encoding::Brotli,
        Encoding::Zstd,
        Encoding::Gzip,
        Encoding::Identity,
    ];

    /// The token used in `Accept-Encoding` and `Content-Encoding`.
    pub const fn token(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Zstd => "zstd",
            Encoding::Gzip => "gzip",
            Encoding::Identity => "identity",
        }
    }

    /// The suffix added to a file name for the pre-compressed copy
    /// (`app.js.br`), as nginx's `gzip_static` and `brotli_static` expect.
    pub const fn file_extension(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Zstd => "zst",
            Encoding::Gzip => "gz",
            Encoding::Identity => "",
        }
    }
}
