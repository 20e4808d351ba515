//! From the request target to an asset: percent-decoding, folder indexes,
//! the trailing-slash redirect and the single-page-app fallback.

use std::borrow::Cow;

use http::{HeaderValue, Uri};
use percent_encoding::percent_decode;

use super::config::Config;
use crate::{Asset, StaticAssets};

/// Where a request path leads.
// Lives for one call on the stack; boxing the asset would cost an
// allocation per request.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(super) enum Target {
    /// An asset; `fallback` when it is the SPA index standing in for an
    /// unknown path.
    Asset { asset: Asset, fallback: bool },
    /// A folder named without its trailing slash: 308 to this `Location`.
    Redirect(HeaderValue),
    /// The path does not decode to UTF-8 without NUL: 400.
    BadRequest,
    /// Nothing there: 404.
    NotFound,
}

/// Resolves the path of `uri`. Every lookup goes through
/// [`StaticAssets::get`], so through the one normaliser, which refuses
/// anything that could leave the folder (`..`, `.`, `//`, `\`, drive
/// letters), after percent-decoding, so `%2e%2e` is refused as well.
///
/// The common cases build no string: a path without `%` is looked up as it
/// is, and the index and folder probes join their parts on the stack.
pub(super) fn resolve<A: StaticAssets>(uri: &Uri, config: &Config) -> Target {
    let raw = uri.path();
    let Some(path) = decode(raw) else {
        return Target::BadRequest;
    };
    let index = config.index_file();
    if path.ends_with('/') {
        if let Some(asset) = joined(&[&path, index], A::get) {
            return Target::Asset {
                asset,
                fallback: false,
            };
        }
    } else if let Some(asset) = A::get(&path) {
        return Target::Asset {
            asset,
            fallback: false,
        };
    } else if joined(&[&path, "/", index], A::get).is_some() {
        // A folder: relative links in its index resolve against the URL,
        // so send the client to the slash form, query kept.
        return redirect_to_folder(raw, uri.query());
    }
    if config.spa_fallback() && !has_extension(&path) {
        if let Some(asset) = A::get(index) {
            return Target::Asset {
                asset,
                fallback: true,
            };
        }
    }
    Target::NotFound
}

/// Percent-decodes a request path (RFC 3986 §2.1; paths are UTF-8 here),
/// `None` when the result is not UTF-8 or holds NUL. A path without `%` is
/// returned as it is: the `Uri` already checked it is a string without
/// control characters, so there is nothing to decode or validate. A `%` not
/// followed by two hex digits stays a literal `%`.
fn decode(raw: &str) -> Option<Cow<'_, str>> {
    // `str::find` of one ASCII byte is core's word-at-a-time `memchr`.
    let Some(first) = raw.find('%') else {
        return Some(Cow::Borrowed(raw));
    };
    let (plain, escaped) = raw.as_bytes().split_at(first);
    let mut decoded = Vec::with_capacity(raw.len());
    decoded.extend_from_slice(plain);
    for byte in percent_decode(escaped) {
        if byte == 0 {
            return None;
        }
        decoded.push(byte);
    }
    String::from_utf8(decoded).ok().map(Cow::Owned)
}

/// Calls `f` with `parts` joined: in a stack buffer when they fit, so
/// probing `<folder>/index.html` allocates nothing for ordinary paths.
fn joined<R>(parts: &[&str], f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0; 256];
    let len: usize = parts.iter().map(|part| part.len()).sum();
    let Some(target) = buffer.get_mut(..len) else {
        return f(&parts.concat());
    };
    let mut at = 0;
    for part in parts {
        target[at..at + part.len()].copy_from_slice(part.as_bytes());
        at += part.len();
    }
    // Whole strings joined: always UTF-8 (checked anyway, no unsafe).
    match std::str::from_utf8(target) {
        Ok(joined) => f(joined),
        Err(_) => f(&parts.concat()),
    }
}

/// `raw` is still percent-encoded, so it is a valid header value.
///
/// The `Location` is relative (`./sub/` for `/docs/sub`, RFC 9110 §10.2.2
/// allows it and clients resolve it against the request URL): the responder
/// does not know where it is mounted (axum's `nest_service`, a reverse proxy
/// under a path prefix), and a relative reference stays right everywhere.
/// The `./` keeps a segment with a colon from reading as a URI scheme.
fn redirect_to_folder(raw: &str, query: Option<&str>) -> Target {
    let last = raw.rsplit('/').next().unwrap_or(raw);
    let location = match query {
        Some(query) => format!("./{last}/?{query}"),
        None => format!("./{last}/"),
    };
    match HeaderValue::from_str(&location) {
        Ok(location) => Target::Redirect(location),
        Err(_) => Target::NotFound,
    }
}

/// True when the last segment has a dot (`app.js`): such paths name files,
/// and a missing file is a 404 even with the SPA fallback on.
fn has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_without_escapes_is_borrowed_as_it_is() {
        assert!(matches!(
            decode("/css/site.css"),
            Some(Cow::Borrowed("/css/site.css"))
        ));
    }

    #[test]
    fn escapes_are_decoded_and_bad_ones_kept_literally() {
        assert_eq!(decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(
            decode("/%E4%BD%A0%e5%a5%bd.txt").as_deref(),
            Some("/你好.txt")
        );
        assert_eq!(decode("/100%").as_deref(), Some("/100%"));
        assert_eq!(decode("/%zz%4").as_deref(), Some("/%zz%4"));
    }

    #[test]
    fn nul_and_invalid_utf8_are_refused() {
        assert_eq!(decode("/a%00b"), None);
        assert_eq!(decode("/%ff"), None);
        assert_eq!(decode("/%c3"), None);
    }

    #[test]
    fn joined_parts_are_the_same_on_the_stack_and_on_the_heap() {
        assert_eq!(
            joined(&["sub", "/", "index.html"], str::to_owned),
            "sub/index.html"
        );
        let long = "x".repeat(300);
        let expected = format!("{long}/index.html");
        assert_eq!(joined(&[&long, "/", "index.html"], str::to_owned), expected);
    }
}
