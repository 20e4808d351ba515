//! Serving below a mount point (`/static/css/site.css` as `css/site.css`),
//! shared by the frameworks whose routers hand over the unmatched tail of
//! the path instead of rewriting the URI (warp and actix-web), and by the
//! catch-all route of axum's `ServeAssets::mount`.

use http::header::{HeaderMap, LOCATION};
use http::uri::PathAndQuery;
use http::{HeaderValue, Method, Request, Response, StatusCode, Uri};

use crate::{Body, ServeAssets, StaticAssets};

/// One request as a framework's router left it: `path` is the whole request
/// path as sent (percent-encoded), split at `tail` into the part the router
/// matched (the mount point) and the part left for the assets.
#[derive(Debug)]
pub(crate) struct Mounted<'a> {
    pub(crate) method: Method,
    pub(crate) headers: HeaderMap,
    pub(crate) path: &'a str,
    pub(crate) tail: usize,
    pub(crate) query: Option<&'a str>,
}

impl<'a> Mounted<'a> {
    /// Answers the request for the tail of the path, so that the assets are
    /// looked up relative to the mount point.
    ///
    /// The mount point itself without its trailing slash (`/static`) is
    /// answered like any folder named without one: a 308 to `/static/`
    /// when there is something to serve there, so relative links in the
    /// index resolve below the mount point.
    pub(crate) fn respond<A: StaticAssets>(self, serve: &ServeAssets<A>) -> Response<Body> {
        let Some((mount, tail)) = self.split() else {
            return status(StatusCode::BAD_REQUEST);
        };
        let inner = match (mount.ends_with('/'), tail.starts_with('/')) {
            // `/static/` + `css/site.css`, or `/static/` + `/x` (an empty
            // segment, which finds nothing).
            (true, _) => format!("/{tail}"),
            (false, true) => tail.to_owned(),
            // `/static` itself: the mount point without its slash.
            (false, false) if tail.is_empty() && !mount.is_empty() => {
                return self.redirect_to_mount_root(serve);
            }
            (false, false) => format!("/{tail}"),
        };
        let Some(request) = self.inner_request(inner) else {
            return status(StatusCode::BAD_REQUEST);
        };
        // Folder redirects from the responder are relative (`./sub/`), so
        // they stay below the mount point as they are.
        serve.respond(&request)
    }

    /// The mount point and the tail, or `None` when `tail` is not a valid
    /// split of `path`.
    fn split(&self) -> Option<(&'a str, &'a str)> {
        let path: &'a str = self.path;
        Some((path.get(..self.tail)?, path.get(self.tail..)?))
    }

    /// The request the responder sees: the same method, headers and query,
    /// and `path` (which starts with `/`) instead of the full path.
    fn inner_request(self, path: String) -> Option<Request<()>> {
        let target = match self.query {
            Some(query) => format!("{path}?{query}"),
            None => path,
        };
        let mut request = Request::new(());
        *request.method_mut() = self.method;
        *request.uri_mut() = Uri::from(PathAndQuery::try_from(target).ok()?);
        *request.headers_mut() = self.headers;
        Some(request)
    }

    /// `GET /static` when the assets have something at `/`: 308 to
    /// `/static/`, query kept. Otherwise whatever `/` gets (404, 405, ...).
    fn redirect_to_mount_root<A: StaticAssets>(self, serve: &ServeAssets<A>) -> Response<Body> {
        let location = match self.query {
            Some(query) => format!("{}/?{query}", self.path),
            None => format!("{}/", self.path),
        };
        let get_or_head = matches!(self.method, Method::GET | Method::HEAD);
        let Some(request) = self.inner_request("/".to_owned()) else {
            return status(StatusCode::BAD_REQUEST);
        };
        let response = serve.respond(&request);
        let found = response.status() != StatusCode::NOT_FOUND;
        match HeaderValue::from_str(&location) {
            Ok(location) if get_or_head && found => {
                let mut redirect = status(StatusCode::PERMANENT_REDIRECT);
                redirect.headers_mut().insert(LOCATION, location);
                redirect
            }
            _ => response,
        }
    }
}

/// An empty response with `status`.
fn status(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StaticAssets;

    #[derive(crate::StaticAssets)]
    #[folder = "../tests/fixtures/basic"]
    #[crate_path = "crate"]
    struct Assets;

    fn get(path: &str, tail: usize, query: Option<&str>) -> Response<Body> {
        let mounted = Mounted {
            method: Method::GET,
            headers: HeaderMap::new(),
            path,
            tail,
            query,
        };
        mounted.respond(&Assets::serve())
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
    fn a_folder_redirect_keeps_the_mount_point_and_the_query() {
        let response = get("/static/sub", 8, Some("a=1"));
        assert_eq!(response.status(), 308);
        assert_eq!(response.headers()[LOCATION], "./sub/?a=1");
        let response = get("/sub", 1, None);
        assert_eq!(response.headers()[LOCATION], "./sub/");
    }

    #[test]
    fn the_mount_point_without_its_slash_redirects_to_it() {
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
    fn empty_segments_after_the_mount_point_find_nothing() {
        let response = get("/static//hello.txt", 8, None);
        assert_eq!(response.status(), 404);
    }
}
