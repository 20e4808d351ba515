//! Serving below a path prefix (`/static/css/site.css` as `css/site.css`),
//! shared by the frameworks whose routers hand over the unmatched tail of
//! the path instead of rewriting the URI (warp and actix-web), and by the
//! catch-all route of axum's `ServeAssets::mount`.

use std::borrow::Cow;

use http::header::HeaderMap;
use http::{HeaderValue, Method, Response};

use crate::serve::Target;
use crate::{Body, ServeAssets, StaticAssets};

/// One request as a framework's router left it: `path` is the whole request
/// path as sent (percent-encoded), split at `tail` into the part the router
/// matched (the prefix) and the part left for the assets.
#[derive(Debug)]
pub(crate) struct PrefixedRequest<'a> {
    pub(crate) method: &'a Method,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) path: &'a str,
    pub(crate) tail: usize,
    pub(crate) query: Option<&'a str>,
}

impl PrefixedRequest<'_> {
    /// Answers the request for the tail of the path. (warp asks for the
    /// two halves, to reject what names nothing.)
    #[cfg(any(feature = "actix", feature = "axum", test))]
    pub(crate) fn respond<A: StaticAssets>(&self, serve: &ServeAssets<A>) -> Response<Body> {
        self.answer(serve, self.target(serve))
    }

    /// What the tail of the path names, so that the assets are looked up
    /// relative to the prefix.
    ///
    /// The prefix itself without its trailing slash (`/static`) is
    /// answered like any folder named without one: a 308 to `/static/`
    /// when there is something to serve there, so relative links in the
    /// index resolve below the prefix.
    pub(crate) fn target<A: StaticAssets>(&self, serve: &ServeAssets<A>) -> Target {
        let Some((prefix, tail)) = self.split() else {
            return Target::BadRequest;
        };
        let path = match (prefix.ends_with('/'), tail.starts_with('/')) {
            // `/static/` + `css/site.css`: the prefix's slash starts the
            // path. `/static/` + `/x` is an empty segment, which finds
            // nothing.
            (true, _) => Cow::Borrowed(&self.path[self.tail - 1..]),
            (false, true) => Cow::Borrowed(tail),
            (false, false) if tail.is_empty() && !prefix.is_empty() => {
                return self.prefix_root(serve);
            }
            (false, false) => Cow::Owned(format!("/{tail}")),
        };
        // Folder redirects are relative (`./sub/`), so they stay below the
        // prefix as they are.
        serve.locate(&path, self.query)
    }

    /// Answers the request for `target`, from [`PrefixedRequest::target`].
    pub(crate) fn answer<A: StaticAssets>(
        &self,
        serve: &ServeAssets<A>,
        target: Target,
    ) -> Response<Body> {
        serve.answer(self.method, self.headers, target)
    }

    /// The prefix and the tail, or `None` when `tail` is not a valid split
    /// of `path`.
    fn split(&self) -> Option<(&str, &str)> {
        Some((self.path.get(..self.tail)?, self.path.get(self.tail..)?))
    }

    /// `GET /static` when the assets have something at `/`: 308 to
    /// `/static/`, query kept. Otherwise whatever `/` gets (404, 405, ...).
    fn prefix_root<A: StaticAssets>(&self, serve: &ServeAssets<A>) -> Target {
        let root = serve.locate("/", self.query);
        if !matches!(*self.method, Method::GET | Method::HEAD) || root.is_nothing() {
            return root;
        }
        let location = match self.query {
            Some(query) => format!("{}/?{query}", self.path),
            None => format!("{}/", self.path),
        };
        match HeaderValue::from_str(&location) {
            Ok(location) => Target::Redirect(location),
            Err(_) => Target::BadRequest,
        }
    }
}

#[cfg(test)]
mod tests {
    use http::header::LOCATION;

    use super::*;
    use crate::StaticAssets;

    #[derive(crate::StaticAssets)]
    #[folder = "../tests/fixtures/basic"]
    #[crate_path = "crate"]
    struct Assets;

    fn get(path: &str, tail: usize, query: Option<&str>) -> Response<Body> {
        let request = PrefixedRequest {
            method: &Method::GET,
            headers: &HeaderMap::new(),
            path,
            tail,
            query,
        };
        request.respond(&Assets::serve())
    }

    #[test]
    fn the_tail_is_served_whether_or_not_it_keeps_its_leading_slash() {
        let hello = Assets::get("hello.txt").unwrap();
        for tail in [7, 8] {
            let response = get("/static/hello.txt", tail, None);
            assert_eq!(response.status(), 200);
            assert_eq!(response.body().len(), hello.len() as u64);
        }
    }

    #[test]
    fn a_folder_redirect_keeps_the_prefix_and_the_query() {
        let response = get("/static/sub", 8, Some("a=1"));
        assert_eq!(response.status(), 308);
        assert_eq!(response.headers()[LOCATION], "./sub/?a=1");
        let response = get("/sub", 1, None);
        assert_eq!(response.headers()[LOCATION], "./sub/");
    }

    #[test]
    fn the_prefix_without_its_slash_redirects_to_it() {
        let response = get("/static", 7, Some("x"));
        assert_eq!(response.status(), 308);
        assert_eq!(response.headers()[LOCATION], "/static/?x");
    }

    #[test]
    fn a_split_inside_a_character_is_a_bad_request_not_a_panic() {
        let response = get("/你好", 2, None);
        assert_eq!(response.status(), 400);
        let response = get("/static", 99, None);
        assert_eq!(response.status(), 400);
    }

    #[test]
    fn empty_segments_after_the_prefix_find_nothing() {
        let response = get("/static//hello.txt", 8, None);
        assert_eq!(response.status(), 404);
    }
}
