//! From the request target to an asset: percent-decoding, folder indexes,
//! the trailing-slash redirect and the single-page-app fallback.

use http::{HeaderValue, Uri};
use percent_encoding::percent_decode_str;

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
pub(super) fn resolve<A: StaticAssets>(uri: &Uri, config: &Config) -> Target {
    let raw = uri.path();
    // RFC 3986 §2.1: percent-encoded octets; paths are UTF-8 here.
    let Ok(path) = percent_decode_str(raw).decode_utf8() else {
        return Target::BadRequest;
    };
    if path.contains('\0') {
        return Target::BadRequest;
    }
    let index = config.index_file();
    if path.ends_with('/') {
        if let Some(asset) = A::get(&format!("{path}{index}")) {
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
    } else if A::get(&format!("{path}/{index}")).is_some() {
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

/// `raw` is still percent-encoded, so it is a valid header value.
fn redirect_to_folder(raw: &str, query: Option<&str>) -> Target {
    let location = match query {
        Some(query) => format!("{raw}/?{query}"),
        None => format!("{raw}/"),
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
