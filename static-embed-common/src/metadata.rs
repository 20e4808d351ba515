//! Per-file metadata computed the same way at compile time and in debug
//! builds: MIME type, ETag, modification time.

use std::fs::Metadata;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Encoding;

/// Length of the hash prefix, in hex digits, that goes into an ETag: 128
/// bits, plenty to make collisions irrelevant, short enough for headers.
const ETAG_HEX_DIGITS: usize = 32;

/// The `Content-Type` for a key, from its extension; text types get
/// `; charset=utf-8` so browsers do not guess.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let essence = mime.essence_str();
    if is_text(&mime) {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

fn is_text(mime: &mime_guess::Mime) -> bool {
    const TEXT_LIKE: [&str; 9] = [
        "application/javascript",
        "application/json",
        "application/ld+json",
        "application/manifest+json",
        "application/xml",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "image/svg+xml",
    ];
    mime.type_() == mime_guess::mime::TEXT || TEXT_LIKE.contains(&mime.essence_str())
}

/// BLAKE3 of the identity bytes.
pub fn hash(bytes: &[u8]) -> [u8; 32] {
    *blake3::hash(bytes).as_bytes()
}

/// The strong ETag of one representation (RFC 9110 §8.8.3): the identity
/// bytes' hash, plus the coding for compressed representations, since their
/// bytes differ.
pub fn etag(hash: &[u8; 32], encoding: Encoding) -> String {
    let hex = blake3::Hash::from_bytes(*hash).to_hex();
    let digest = &hex[..ETAG_HEX_DIGITS];
    match encoding {
        Encoding::Identity => format!("\"{digest}\""),
        coded => format!("\"{digest}-{}\"", coded.file_extension()),
    }
}

/// Seconds since the Unix epoch to report as `Last-Modified`:
/// `SOURCE_DATE_EPOCH` when set (reproducible builds), else the file's mtime.
pub fn last_modified(metadata: &Metadata) -> Option<u64> {
    if let Some(epoch) = source_date_epoch() {
        return Some(epoch);
    }
    let modified = metadata.modified().ok()?;
    Some(modified.duration_since(UNIX_EPOCH).ok()?.as_secs())
}

fn source_date_epoch() -> Option<u64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Formats seconds since the epoch as an HTTP-date (RFC 9110 §5.6.7).
pub fn http_date(seconds: u64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Parses an HTTP-date into seconds since the epoch.
pub fn parse_http_date(value: &str) -> Option<u64> {
    let time: SystemTime = httpdate::parse_http_date(value).ok()?;
    Some(time.duration_since(UNIX_EPOCH).ok()?.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_types_carry_a_charset_and_binary_types_do_not() {
        assert_eq!(content_type("a/site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("data.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn etags_differ_per_representation() {
        let hash = hash(b"hello");
        let identity = etag(&hash, Encoding::Identity);
        assert_eq!(identity, "\"ea8f163db38682925e4491c5e58d4bb3\"");
        assert_eq!(
            etag(&hash, Encoding::Brotli),
            "\"ea8f163db38682925e4491c5e58d4bb3-br\""
        );
        assert_eq!(
            etag(&hash, Encoding::Gzip),
            "\"ea8f163db38682925e4491c5e58d4bb3-gz\""
        );
    }

    #[test]
    fn http_dates_round_trip() {
        assert_eq!(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784111777)
        );
        assert_eq!(parse_http_date("yesterday"), None);
    }
}
