//! HTTP serving on the `http` crate alone, for any framework: a request in,
//! a response out, never an error.
//!
//! Each request is first *decided* ([`outcome::decide`]: method, path,
//! content coding, preconditions, ranges, in that order) into one
//! [`outcome::Outcome`], then *rendered* into a response
//! ([`render::render`]). Framework adapters that route by path themselves
//! ask for the two halves: [`ServeAssets::locate`] (what a path names) and
//! [`ServeAssets::answer`] (the response for it).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use http::header::{HeaderMap, HeaderName};
use http::{HeaderValue, Method, Request, Response};

use crate::source::Source;
use crate::{Body, StaticAssets};

pub mod cache_control;
mod conditional;
mod config;
mod encoding;
mod error;
mod multipart;
mod outcome;
mod prepared;
mod range;
mod render;
mod request_fields;
mod state;
mod target;
#[cfg(test)]
mod tests;
mod validators;

use config::Config;
pub use error::ConfigError;
use state::State;
pub(crate) use target::Target;

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
    state: Arc<State>,
    assets: PhantomData<fn() -> A>,
}

impl<A: StaticAssets> ServeAssets<A> {
    /// Serves `A` with the defaults: no SPA fallback, `index.html` for
    /// folders, `Cache-Control: no-cache`, no CORS, no extra headers.
    pub fn new() -> Self {
        ServeAssets {
            state: Arc::clone(State::default_for(A::__source())),
            assets: PhantomData,
        }
    }

    /// Answers one request; see the [crate docs](crate#serving-over-http)
    /// for what is answered when. Only the method, URI and headers are read.
    pub fn respond<B>(&self, request: &Request<B>) -> Response<Body> {
        respond::<A, B>(&self.state, request)
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

    /// What every clone of this handle shares.
    #[cfg(test)]
    pub(crate) fn state(&self) -> &State {
        &self.state
    }

    /// The options, to change: this handle's own state from now on, with no
    /// header fields prepared under the options before the change.
    fn config_mut(&mut self) -> &mut Config {
        match Arc::get_mut(&mut self.state) {
            Some(state) => state.prepared.clear(),
            None => {
                let config = self.state.config.clone();
                self.state = Arc::new(State::new(config, A::__source()));
            }
        }
        let state = Arc::get_mut(&mut self.state).expect("the state was made unique above");
        &mut state.config
    }
}

/// The two halves of [`ServeAssets::respond`], for the framework adapters
/// that route by path themselves (`integration/`).
#[cfg(any(feature = "actix", feature = "axum", feature = "warp"))]
impl<A: StaticAssets> ServeAssets<A> {
    /// What the request path `path` (percent-encoded, with its leading `/`)
    /// names with these options; `query` is kept in a folder redirect.
    pub(crate) fn locate(&self, path: &str, query: Option<&str>) -> Target {
        target::locate::<A>(path, query, &self.state.config)
    }

    /// Answers a request with `method` and `headers` for `target`, found by
    /// [`ServeAssets::locate`] or known to the caller (an exact route).
    pub(crate) fn answer(
        &self,
        method: &Method,
        headers: &HeaderMap,
        target: Target,
    ) -> Response<Body> {
        answer(&self.state, method, headers, || target)
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
            state: Arc::clone(&self.state),
            assets: PhantomData,
        }
    }
}

impl<A> fmt::Debug for ServeAssets<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServeAssets")
            .field("assets", &std::any::type_name::<A>())
            .field("config", &self.state.config)
            .finish()
    }
}

/// Answers `request` for `A` with the default options.
pub(crate) fn respond_by_default<A: StaticAssets, B>(request: &Request<B>) -> Response<Body> {
    respond::<A, B>(State::default_for(A::__source()), request)
}

/// Locates the request path, then answers.
fn respond<A: StaticAssets, B>(state: &State, request: &Request<B>) -> Response<Body> {
    let uri = request.uri();
    let target = || target::locate::<A>(uri.path(), uri.query(), &state.config);
    answer(state, request.method(), request.headers(), target)
}

/// Decides, then renders.
fn answer(
    state: &State,
    method: &Method,
    headers: &HeaderMap,
    target: impl FnOnce() -> Target,
) -> Response<Body> {
    let outcome = outcome::decide(&state.config, method, headers, target);
    render::render(outcome, method == Method::HEAD, state)
}
