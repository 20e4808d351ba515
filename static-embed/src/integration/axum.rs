//! axum: a `Router` serving every asset at its key, to nest, and a mount
//! with one exact route per key, to merge.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::future::{ready, Ready};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::OriginalUri;
use axum::routing::any_service;
use http::{Request, Response};

use super::prefixed::PrefixedRequest;
use super::tower::ready_service;
use crate::serve::Target;
use crate::source::Source;
use crate::{Asset, Body, ServeAssets, StaticAssets};

impl<A: StaticAssets + 'static> ServeAssets<A> {
    /// An axum [`Router`](axum::Router) answering every request with these
    /// assets. Mount it under a path with
    /// [`Router::nest_service`](axum::Router::nest_service), or merge it as
    /// the fallback of an app that has routes of its own:
    ///
    /// ```
    /// use axum::{routing::get, Router};
    /// use static_embed::StaticAssets;
    ///
    /// #[derive(StaticAssets)]
    /// #[folder = "../tests/fixtures/basic"]
    /// struct Assets;
    ///
    /// let app: Router = Router::new()
    ///     .route("/api/health", get(|| async { "ok" }))
    ///     .nest_service("/static", Assets::serve().spa_fallback(false).router());
    /// ```
    ///
    /// For the fastest serving below a path, see [`ServeAssets::mount`].
    pub fn router(self) -> axum::Router {
        axum::Router::new().fallback_service(Nested(self))
    }

    /// An axum [`Router`](axum::Router) with one exact route per asset
    /// below `prefix` (`/static/css/site.css` for `css/site.css`), to
    /// [`merge`](axum::Router::merge) into an app:
    ///
    /// ```
    /// use axum::{routing::get, Router};
    /// use static_embed::StaticAssets;
    ///
    /// #[derive(StaticAssets)]
    /// #[folder = "../tests/fixtures/basic"]
    /// struct Assets;
    ///
    /// let app: Router = Router::new()
    ///     .route("/api/health", get(|| async { "ok" }))
    ///     .merge(Assets::serve().spa_fallback(false).mount("/static"));
    /// ```
    ///
    /// It answers exactly like `nest_service(prefix, self.router())`, but an
    /// asset's request costs axum one exact match: no wildcard parameters,
    /// no rewritten URI, no second router, and the route already knows its
    /// asset, so the path is not resolved either. `prefix`, `prefix/` and
    /// everything else below `prefix` (folder indexes, the folder redirect,
    /// the SPA fallback, 404s, paths spelled with other escapes, files added
    /// to the live folder in debug builds) go to one catch-all route that
    /// serves the path with the prefix stripped.
    ///
    /// The routes are the keys listed when `mount` is called, written as a
    /// browser sends them: percent-encoded except for RFC 3986 path
    /// characters, so `filename with space.txt` is
    /// `/static/filename%20with%20space.txt`. `{`, `}`, and a `:` or `*`
    /// opening a segment, which axum's routes give a meaning, are always
    /// encoded, so any key can be mounted.
    ///
    /// `prefix` is a path as in [`Router::nest_service`](axum::Router::nest_service):
    /// `"/static"` (a trailing `/` is ignored, a missing leading one added);
    /// `""` or `"/"` mounts at the root. Like [`Router::route`](axum::Router::route),
    /// merging panics when the app already has a route for one of these
    /// paths.
    pub fn mount<S>(self, prefix: &str) -> axum::Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let prefix = normalize_prefix(prefix);
        let route_prefix = prefix.replace('{', "{{").replace('}', "}}");
        let rest = Rest {
            serve: self.clone(),
            tail: prefix.len(),
        };
        // `any_service` makes each route a `MethodRouter`, which `merge`
        // moves as it is; a bare `route_service` would be boxed once more by
        // every merge, and cloned box by box on every request.
        let mut router = axum::Router::new()
            .route(&format!("{route_prefix}/"), any_service(rest.clone()))
            .route(
                &format!("{route_prefix}/{{*rest}}"),
                any_service(rest.clone()),
            );
        if !prefix.is_empty() {
            router = router.route(&route_prefix, any_service(rest.clone()));
        }
        for key in A::iter() {
            let exact = Exact(Arc::new(ExactRoute {
                known: Known::new::<A>(&key),
                rest: rest.clone(),
            }));
            let path = format!("{route_prefix}/{}", route_path(&key));
            router = router.route(&path, any_service(exact));
        }
        router
    }
}

/// `/static` for `static`, `/static/` or `/static`; empty for the root.
fn normalize_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

/// `key` as a route path: percent-encoded (uppercase hex, as browsers send
/// it) except for the characters RFC 3986 §3.3 allows in a path segment,
/// and always for `{`, `}` (axum's parameters) and a `:` or `*` opening a
/// segment (refused by axum's checks for 0.7-style routes).
fn route_path(key: &str) -> String {
    let mut path = String::with_capacity(key.len());
    let mut segment_start = true;
    for byte in key.bytes() {
        let allowed = byte.is_ascii_alphanumeric()
            || b"-._~!$&'()+,;=@/".contains(&byte)
            || (byte == b':' || byte == b'*') && !segment_start;
        if allowed {
            path.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(path, "%{byte:02X}");
        }
        segment_start = byte == b'/';
    }
    path
}

/// [`ServeAssets::router`]'s service. `nest_service("/static", ..)` hands
/// `/static` and `/static/` over alike, as `/`; the original URI, which
/// axum keeps, tells them apart, so `/static` gets the 308 to `/static/`
/// that `mount` sends and the index's relative links resolve below it.
#[derive(Debug)]
struct Nested<A>(ServeAssets<A>);

// By hand: a derive would require `A: Clone`.
impl<A> Clone for Nested<A> {
    fn clone(&self) -> Self {
        Nested(self.0.clone())
    }
}

impl<A: StaticAssets> Nested<A> {
    fn respond<B>(&self, request: &Request<B>) -> Response<Body> {
        // Only `/` can be the mount point: other paths skip the extension
        // lookup.
        let original = (request.uri().path() == "/")
            .then(|| request.extensions().get::<OriginalUri>())
            .flatten();
        let Some(path) = original
            .map(|uri| uri.path())
            .filter(|path| !path.ends_with('/'))
        else {
            return self.0.respond(request);
        };
        let request = PrefixedRequest {
            method: request.method(),
            headers: request.headers(),
            path,
            tail: path.len(),
            query: request.uri().query(),
        };
        request.respond(&self.0)
    }
}

ready_service!(Nested);

/// The catch-all below the prefix: the request path without its first
/// `tail` bytes (the prefix), served as [`ServeAssets::respond`] would.
#[derive(Debug)]
struct Rest<A> {
    serve: ServeAssets<A>,
    tail: usize,
}

// By hand: a derive would require `A: Clone`.
impl<A> Clone for Rest<A> {
    fn clone(&self) -> Self {
        Rest {
            serve: self.serve.clone(),
            tail: self.tail,
        }
    }
}

impl<A: StaticAssets> Rest<A> {
    fn respond<B>(&self, request: &Request<B>) -> Response<Body> {
        let request = PrefixedRequest {
            method: request.method(),
            headers: request.headers(),
            path: request.uri().path(),
            tail: self.tail,
            query: request.uri().query(),
        };
        request.respond(&self.serve)
    }
}

ready_service!(Rest);

/// The exact route of one key: its asset is known, so only the method and
/// the header fields are read. A key removed from the live folder since
/// `mount` is served by the catch-all instead. Behind one `Arc`, since axum
/// clones a route's service for every request.
#[derive(Debug)]
struct Exact<A>(Arc<ExactRoute<A>>);

#[derive(Debug)]
struct ExactRoute<A> {
    known: Known,
    rest: Rest<A>,
}

/// The asset of an exact route, found when the route was made.
#[derive(Debug)]
enum Known {
    /// An embedded file, found once.
    Asset(Asset),
    /// A key of the live folder (debug builds): read on each request, so
    /// edits show; it may have been removed since.
    Key(Box<str>),
}

impl Known {
    /// `key` (canonical, as [`StaticAssets::iter`] lists it) found now.
    fn new<A: StaticAssets>(key: &str) -> Known {
        let embedded = matches!(A::__source(), Source::Embedded(_));
        match embedded.then(|| A::get(key)).flatten() {
            Some(asset) => Known::Asset(asset),
            None => Known::Key(Box::from(key)),
        }
    }

    /// What the route's path names now.
    fn target<A: StaticAssets>(&self) -> Target {
        match self {
            Known::Asset(asset) => Target::found(asset.clone()),
            Known::Key(key) => Target::of_lookup(A::__source().lookup(key)),
        }
    }
}

impl<A> Clone for Exact<A> {
    fn clone(&self) -> Self {
        Exact(Arc::clone(&self.0))
    }
}

impl<A: StaticAssets, B> tower_service::Service<Request<B>> for Exact<A> {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let route = &self.0;
        let response = match route.known.target::<A>() {
            // A key removed from the live folder since `mount`.
            Target::NotFound => route.rest.respond(&request),
            target => {
                let serve = &route.rest.serve;
                serve.answer(request.method(), request.headers(), target)
            }
        };
        ready(Ok(response))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_the_paths_browsers_send() {
        assert_eq!(route_path("css/site.css"), "css/site.css");
        assert_eq!(
            route_path("filename with space.txt"),
            "filename%20with%20space.txt"
        );
        assert_eq!(
            route_path("你好世界.txt"),
            "%E4%BD%A0%E5%A5%BD%E4%B8%96%E7%95%8C.txt"
        );
        assert_eq!(route_path("100%.txt"), "100%25.txt");
        assert_eq!(route_path("a?b#c"), "a%3Fb%23c");
    }

    #[test]
    fn route_syntax_is_always_encoded() {
        assert_eq!(route_path("{id}.json"), "%7Bid%7D.json");
        assert_eq!(route_path(":x/a:b/*y/a*b"), "%3Ax/a:b/%2Ay/a*b");
    }

    #[test]
    fn prefixes_are_normalised() {
        assert_eq!(normalize_prefix("/static"), "/static");
        assert_eq!(normalize_prefix("static/"), "/static");
        assert_eq!(normalize_prefix("/a/b/"), "/a/b");
        assert_eq!(normalize_prefix("/"), "");
        assert_eq!(normalize_prefix(""), "");
    }
}
