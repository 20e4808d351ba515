//! HTTP serving on the `http` crate alone, for any framework: a request in,
//! a response out, never an error.
//!
//! Each request is first *decided* ([`outcome::decide`]: method, path,
//! content coding, preconditions, ranges, in that order) into one
//! [`outcome::Outcome`], then *rendered* into a response
//! ([`render::render`]).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use http::header::HeaderName;
use http::{HeaderValue, Method, Request, Response};

use crate::source::Source;
use crate::{Body, StaticAssets};

mod conditional;
pub(crate) mod config;
mod encoding;
mod fields;
mod headers;
mod multipart;
mod outcome;
mod range;
mod render;
mod resolve;

use config::Config;
pub(crate) use render::Prepared;

/// Ready-made `Cache-Control` values for [`ServeAssets::cache_control`].
pub mod cache_control {
    use http::HeaderValue;

    /// `no-cache`: caches may store the asset but must revalidate it (a
    /// cheap 304 thanks to the ETag) before each use. The default for every
    /// path, since a URL like `/app.js` can change meaning with a deploy.
    pub const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

    /// `public, max-age=31536000, immutable`: cache for a year and never
    /// revalidate. Only for URLs whose content can never change, such as
    /// file names carrying a content hash (`app.3f2a9c.js`).
    pub const IMMUTABLE: HeaderValue =
        HeaderValue::from_static("public, max-age=31536000, immutable");
}

/// Serves a [`StaticAssets`] type over HTTP with options; a cheap handle
/// (one `Arc`) that is `Clone + Send + Sync` whatever `A` is.
///
/// [`StaticAssets::respond`] is the same with the default options. Options
/// that take a pattern or a name are checked when set, and header values are
/// taken as [`HeaderValue`]s, so nothing is parsed per request.
///
/// ```
/// use http::HeaderValue;
/// use static_embed::cache_control::IMMUTABLE;
/// use static_embed::{ServeAssets, StaticAssets};
///
/// #[derive(StaticAssets)]
/// #[folder = "../tests/fixtures/basic"]
/// struct Assets;
///
/// let serve = Assets::serve()
///     .spa_fallback(true)
///     .cache_control("img/**", IMMUTABLE)?
///     .cors(HeaderValue::from_static("*"))
///     .header(
///         http::header::CONTENT_SECURITY_POLICY,
///         HeaderValue::from_static("default-src 'self'"),
///     );
///
/// let request = http::Request::get("/img/logo.svg").body(()).unwrap();
/// let response = serve.respond(&request);
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["cache-control"], IMMUTABLE);
/// assert_eq!(response.headers()["access-control-allow-origin"], "*");
/// # Ok::<(), static_embed::ConfigError>(())
/// ```
pub struct ServeAssets<A> {
    config: Arc<Config>,
    assets: PhantomData<fn() -> A>,
}

impl<A: StaticAssets> ServeAssets<A> {
    /// Serves `A` with the defaults: no SPA fallback, `index.html` for
    /// folders, `Cache-Control: no-cache`, no CORS, no extra headers.
    pub fn new() -> Self {
        ServeAssets {
            config: Arc::clone(Config::shared()),
            assets: PhantomData,
        }
    }

    /// Answers one request; see the [crate docs](crate#serving-over-http)
    /// for what is answered when. Only the method, URI and headers are read.
    pub fn respond<B>(&self, request: &Request<B>) -> Response<Body> {
        respond::<A, B>(&self.config, request)
    }

    /// When on, a GET for an unknown path whose last segment has no
    /// extension (`/settings/profile`, not `/app.js`) gets the root index
    /// with `Cache-Control: no-cache`, for client-side routers. Off by
    /// default.
    pub fn spa_fallback(mut self, enabled: bool) -> Self {
        self.config_mut().set_spa_fallback(enabled);
        self
    }

    /// The file served for a folder (`/`, `/docs/`); `index.html` by
    /// default. Errors unless `name` is a single plain file name.
    pub fn index_file(mut self, name: &str) -> Result<Self, ConfigError> {
        self.config_mut().set_index_file(name)?;
        Ok(self)
    }

    /// Sends `value` as `Cache-Control` for the keys matching `glob`
    /// (`*` within a segment, `**` across: `"fonts/**"`, `"**/*.woff2"`);
    /// when several rules match, the last one added wins. Unmatched keys get
    /// [`cache_control::NO_CACHE`]. Errors when `glob` is not a valid
    /// pattern.
    ///
    /// Embedded tables resolve the rule against every key right here, so
    /// requests never match globs; in disk mode the rules are matched per
    /// request, since files come and go.
    pub fn cache_control(mut self, glob: &str, value: HeaderValue) -> Result<Self, ConfigError> {
        let keys = matches!(A::__source(), Source::Embedded(_)).then(A::iter);
        self.config_mut().add_cache_rule(glob, value, keys)?;
        Ok(self)
    }

    /// Sends `Access-Control-Allow-Origin: allow_origin` on every response
    /// (`*`, or one origin such as `https://app.example`), so pages on
    /// another origin may load the assets: fonts and `fetch` need it.
    /// Preflight `OPTIONS` requests also get
    /// `Access-Control-Allow-Methods: GET, HEAD`. Off by default.
    pub fn cors(mut self, allow_origin: HeaderValue) -> Self {
        self.config_mut().set_cors(allow_origin);
        self
    }

    /// Adds a header to every response, such as `Content-Security-Policy`
    /// or `Strict-Transport-Security`. Calling it again with the same name
    /// adds another line. A name this crate also sets (`Cache-Control`,
    /// `X-Content-Type-Options`) is replaced by the lines given here.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.config_mut().add_header(name, value);
        self
    }

    fn config_mut(&mut self) -> &mut Config {
        let config = Arc::make_mut(&mut self.config);
        config.renew_id();
        config
    }
}

impl<A: StaticAssets> Default for ServeAssets<A> {
    fn default() -> Self {
        ServeAssets::new()
    }
}

impl<A> Clone for ServeAssets<A> {
    fn clone(&self) -> Self {
        ServeAssets {
            config: Arc::clone(&self.config),
            assets: PhantomData,
        }
    }
}

impl<A> fmt::Debug for ServeAssets<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServeAssets")
            .field("assets", &std::any::type_name::<A>())
            .field("config", &self.config)
            .finish()
    }
}

/// An asset found before any request for it: what an exact route of the
/// axum mount answers with, so its requests resolve no path.
#[cfg(feature = "axum")]
#[derive(Clone, Debug)]
pub(crate) enum KnownAsset {
    /// An embedded file, found once.
    Embedded(&'static crate::asset::AssetData),
    /// A key of the live folder (debug builds): read on each request, so
    /// edits show; it may have been removed since.
    Disk(Arc<str>),
}

#[cfg(feature = "axum")]
impl<A: StaticAssets> ServeAssets<A> {
    /// `key` (canonical, as [`StaticAssets::iter`] lists it) found now.
    pub(crate) fn known(key: &str) -> KnownAsset {
        match A::__source() {
            Source::Embedded(table) => match table.get(key) {
                Some(data) => KnownAsset::Embedded(data),
                None => KnownAsset::Disk(Arc::from(key)),
            },
            Source::Disk(_) => KnownAsset::Disk(Arc::from(key)),
        }
    }

    /// Answers `request`, whose path names `known`: [`ServeAssets::respond`]
    /// without resolving the path. `None` when the asset is gone (a file
    /// removed from the live folder).
    ///
    pub(crate) fn respond_known<B>(
        &self,
        known: &KnownAsset,
        request: &Request<B>,
    ) -> Option<Response<Body>> {
        let asset = match known {
            KnownAsset::Embedded(data) => crate::Asset::borrowed(data),
            KnownAsset::Disk(key) => A::get(key)?,
        };
        let (method, headers) = (request.method(), request.headers());
        let outcome = outcome::decide_for(&self.config, method, headers, asset);
        Some(render::render(
            outcome,
            method == Method::HEAD,
            &self.config,
        ))
    }
}

/// Decides, then renders.
pub(crate) fn respond<A: StaticAssets, B>(config: &Config, request: &Request<B>) -> Response<Body> {
    let outcome = outcome::decide::<A>(config, request.method(), request.uri(), request.headers());
    render::render(outcome, request.method() == Method::HEAD, config)
}

/// A [`ServeAssets`] option that was refused: an invalid glob or index file
/// name. The message quotes the value as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    Glob { pattern: String, message: String },
    IndexFile(String),
}

impl ConfigError {
    fn glob(pattern: &str, message: String) -> ConfigError {
        let pattern = pattern.to_owned();
        ConfigError {
            kind: ErrorKind::Glob { pattern, message },
        }
    }

    fn index_file(name: &str) -> ConfigError {
        ConfigError {
            kind: ErrorKind::IndexFile(name.to_owned()),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Glob { pattern, message } => {
                write!(f, "invalid cache_control glob {pattern:?}: {message}")
            }
            ErrorKind::IndexFile(name) => {
                write!(f, "invalid index_file {name:?}: expected a plain file name such as \"index.html\"")
            }
        }
    }
}

impl std::error::Error for ConfigError {}
