//! From a request path to what it names: percent-decoding, folder
//! indexes, the trailing-slash redirect and the single-page-app fallback.

use std::borrow::Cow;

use http::HeaderValue;
use percent_encoding::percent_decode;

use super::config::Config;
use crate::disk::ReadError;
use crate::{Asset, StaticAssets};

/// What a request path names, before the method and header fields are read.
// Lives for one call on the stack; boxing the asset would cost an
// allocation per request.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum Target {
    /// An asset; `fallback` when it is the SPA index standing in for an
    /// unknown path.
    Asset { asset: Asset, fallback: bool },
    /// A folder named without its trailing slash: 308 to this `Location`.
    Redirect(HeaderValue),
    /// The path does not decode to UTF-8 without NUL: 400.
    BadRequest,
    /// Nothing there: 404.
    NotFound,
    /// A file of the live folder that is there but cannot be read (debug
    /// builds): 403 or 500.
    Unreadable(ReadError),
}

impl Target {
    /// The asset found at its own path.
    pub(crate) fn found(asset: Asset) -> Target {
        Target::Asset {
            asset,
            fallback: false,
        }
    }

    /// What the lookup of one key gave.
    pub(crate) fn of_lookup(lookup: Result<Option<Asset>, ReadError>) -> Target {
        match lookup {
            Ok(Some(asset)) => Target::found(asset),
            Ok(None) => Target::NotFound,
            Err(error) => Target::Unreadable(error),
        }
    }

    /// True when the path names nothing to answer with (404 or 400).
    #[cfg(any(feature = "actix", feature = "axum", feature = "warp"))]
    pub(crate) fn is_nothing(&self) -> bool {
        matches!(self, Target::NotFound | Target::BadRequest)
    }
}

/// What the request path `raw` (still percent-encoded, with its leading
/// `/`) names; `query` is kept in a folder redirect. Every lookup goes
/// through [`StaticAssets::get`]'s normaliser, which refuses anything that
/// could leave the folder (`..`, `.`, `//`, `\`, drive letters), after
/// percent-decoding, so `%2e%2e` is refused as well.
///
/// The common cases build no string: a path without `%` is looked up as it
/// is, and the index and folder probes join their parts on the stack.
pub(crate) fn locate<A: StaticAssets>(raw: &str, query: Option<&str>, config: &Config) -> Target {
    let Some(path) = decode(raw) else {
        return Target::BadRequest;
    };
    let lookup = |key: &str| A::__source().lookup(key);
    let index = config.index_file();
    let target = if path.ends_with('/') {
        Target::of_lookup(joined(&[&path, index], lookup))
    } else {
        let target = Target::of_lookup(lookup(&path));
        // A folder (its index is there, readable or not): relative links in
        // its index resolve against the URL, so send the client to the
        // slash form, query kept.
        let folder = || !matches!(joined(&[&path, "/", index], lookup), Ok(None));
        if matches!(target, Target::NotFound) && folder() {
            return redirect_to_folder(raw, query);
        }
        target
    };
    if matches!(target, Target::NotFound) && config.spa_fallback() && !has_extension(&path) {
        return match Target::of_lookup(lookup(index)) {
            Target::Asset { asset, .. } => Target::Asset {
                asset,
                fallback: true,
            },
            other => other,
        };
    }
    target
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
///
/// A path or query holding a byte no header value may (a control
/// character, which no URI may hold either) is a 400.
fn redirect_to_folder(raw: &str, query: Option<&str>) -> Target {
    let last = raw.rsplit('/').next().unwrap_or(raw);
    let location = match query {
        Some(query) => format!("./{last}/?{query}"),
        None => format!("./{last}/"),
    };
    match HeaderValue::from_str(&location) {
        Ok(location) => Target::Redirect(location),
        Err(_) => Target::BadRequest,
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
