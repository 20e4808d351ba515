//! An actix-web service serving the assets below a path prefix, like
//! actix-files' `Files::new("/static", dir)`.
//!
//! actix-web 4 is built on `http` 0.2 while this crate uses `http` 1, so
//! methods, header names and values and statuses cross over as bytes; a
//! value the other side refuses is left out, never a panic.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use ::actix_web::body::{BodySize, MessageBody};
use ::actix_web::dev::{
    fn_service, AppService, HttpServiceFactory, ResourceDef, ServiceRequest, ServiceResponse,
};
use ::actix_web::http::header as actix_header;
use ::actix_web::http::StatusCode as ActixStatus;
use ::actix_web::{HttpRequest, HttpResponse};
use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_LENGTH};
use http::{Method, Response};
use http_body::Body as _;

use super::prefixed::PrefixedRequest;
use crate::{Body, ServeAssets, StaticAssets};

impl<A: StaticAssets + 'static> ServeAssets<A> {
    /// An actix-web service serving these assets below `mount_path`, the
    /// embedded counterpart of actix-files' `Files::new(mount_path, dir)`:
    /// register it with [`App::service`](::actix_web::App::service) or
    /// [`Scope::service`](::actix_web::Scope::service). Under `"/static"`,
    /// `/static/css/site.css` is the asset `css/site.css`; `"/"` (or `""`)
    /// serves every path. The path *after* the mount point, the method, the
    /// headers and the query reach [`ServeAssets::respond`], so every answer
    /// of the [crate docs](crate#serving-over-http) is kept, 404 included,
    /// and redirects keep the mount path in their `Location`.
    ///
    /// `mount_path` is an actix-web path pattern, matched on whole
    /// segments like a [`web::scope`](::actix_web::web::scope) (a trailing
    /// `/` is ignored); like a scope's, a malformed pattern panics when the
    /// app is built.
    ///
    /// ```
    /// use actix_web::{web, App, HttpServer};
    /// use static_embed::StaticAssets;
    ///
    /// #[derive(StaticAssets)]
    /// #[folder = "../tests/fixtures/basic"]
    /// struct Assets;
    ///
    /// let serve = Assets::serve();
    /// let server = HttpServer::new(move || {
    ///     App::new()
    ///         .route("/api/health", web::get().to(|| async { "ok" }))
    ///         .service(serve.clone().actix_service("/static"))
    /// });
    /// // server.bind(("127.0.0.1", 3000))?.run().await
    /// # let _ = server;
    /// ```
    ///
    /// Bodies are streamed as the asset's own [`Bytes`], without copying.
    pub fn actix_service(self, mount_path: &str) -> impl HttpServiceFactory + 'static {
        ActixService {
            prefix: mount_path.trim_end_matches('/').to_owned(),
            serve: self,
        }
    }
}

/// What [`ServeAssets::actix_service`] returns.
struct ActixService<A> {
    /// Without a trailing slash.
    prefix: String,
    serve: ServeAssets<A>,
}

impl<A: StaticAssets + 'static> HttpServiceFactory for ActixService<A> {
    fn register(self, config: &mut AppService) {
        let rdef = if config.is_root() {
            ResourceDef::root_prefix(&self.prefix)
        } else {
            ResourceDef::prefix(&self.prefix)
        };
        let serve = self.serve;
        let service = fn_service(move |request: ServiceRequest| {
            let response = respond(&serve, request.request());
            async move { Ok::<ServiceResponse, ::actix_web::Error>(request.into_response(response)) }
        });
        config.register_service(rdef, None, service, None);
    }
}

/// Answers one actix-web request.
fn respond<A: StaticAssets>(serve: &ServeAssets<A>, request: &HttpRequest) -> HttpResponse {
    let uri = request.uri();
    let path = uri.path();
    let Ok(method) = Method::from_bytes(request.method().as_str().as_bytes()) else {
        return HttpResponse::BadRequest().finish();
    };
    let headers = headers_from_actix(request.headers());
    let prefixed = PrefixedRequest {
        method: &method,
        headers: &headers,
        path,
        tail: tail_start(path, request.match_info()),
        query: uri.query(),
    };
    into_actix(prefixed.respond(serve), method == Method::HEAD)
}

/// Where the part after the prefix starts in `path`, the request path
/// as sent.
///
/// The router matched a *re-quoted* copy of the path (percent-escapes of
/// most characters decoded), so the length it consumed does not apply to
/// `path`. It never decodes `%2F`, though, so both have the same slashes:
/// the tail starts at the same slash, counted from the start.
fn tail_start(path: &str, match_info: &::actix_web::dev::Path<::actix_web::dev::Url>) -> usize {
    let requoted = match_info.as_str();
    let matched = requoted
        .len()
        .saturating_sub(match_info.unprocessed().len());
    let matched = requoted.get(..matched).unwrap_or_default();
    let slashes = matched.matches('/').count();
    let mut starts = path.match_indices('/').map(|(index, _)| index);
    match (matched.ends_with('/'), slashes.checked_sub(1)) {
        // `/static/` matched: the tail starts after the last matched slash.
        (true, Some(last)) => starts.nth(last).map_or(path.len(), |index| index + 1),
        // `/static` matched: the tail starts at the next slash, if any.
        _ => starts.nth(slashes).unwrap_or(path.len()),
    }
}

/// The request headers, as `http` 1 values.
fn headers_from_actix(headers: &actix_header::HeaderMap) -> HeaderMap {
    let mut converted = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers.iter() {
        let name = HeaderName::from_bytes(name.as_str().as_bytes());
        let value = HeaderValue::from_bytes(value.as_bytes());
        if let (Ok(name), Ok(value)) = (name, value) {
            converted.append(name, value);
        }
    }
    converted
}

/// The response, as an actix-web one; the body is streamed as is.
fn into_actix(response: Response<Body>, head: bool) -> HttpResponse {
    let (parts, body) = response.into_parts();
    let status =
        ActixStatus::from_u16(parts.status.as_u16()).unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR);
    // actix-web writes Content-Length from the body's size, replacing ours;
    // a HEAD answer has no body but must announce the GET length.
    let size = if head {
        parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse().ok())
            .unwrap_or(body.len())
    } else {
        body.len()
    };
    let mut actix = HttpResponse::with_body(status, ActixBody { body, size });
    let headers = actix.headers_mut();
    for (name, value) in &parts.headers {
        let name = actix_header::HeaderName::from_bytes(name.as_str().as_bytes());
        let value = actix_header::HeaderValue::from_bytes(value.as_bytes());
        if let (Ok(name), Ok(value)) = (name, value) {
            headers.append(name, value);
        }
    }
    actix.map_into_boxed_body()
}

/// A [`Body`] as an actix-web body: its chunks are sent as they are.
struct ActixBody {
    body: Body,
    /// The length actix-web announces: the body's, except for HEAD.
    size: u64,
}

impl MessageBody for ActixBody {
    type Error = Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.size)
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Infallible>>> {
        let body = &mut self.get_mut().body;
        loop {
            return match Pin::new(&mut *body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    // Not sent by `Body`; skip anything that is not data.
                    Err(_) => continue,
                },
                Poll::Ready(Some(Err(never))) => match never {},
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use ::actix_web::dev::{Path, Url};
    use ::actix_web::http::Uri;

    use super::*;

    /// The tail of `path` once a router matched `pattern` as a prefix.
    fn tail<'a>(path: &'a str, pattern: &str) -> &'a str {
        let uri: Uri = path.parse().unwrap();
        let mut match_info = Path::new(Url::new(uri));
        assert!(ResourceDef::prefix(pattern).capture_match_info(&mut match_info));
        &path[tail_start(path, &match_info)..]
    }

    #[test]
    fn the_tail_is_found_in_the_path_as_sent_even_when_the_router_decoded_it() {
        assert_eq!(tail("/static/css/site.css", "/static"), "/css/site.css");
        assert_eq!(tail("/st%61tic/a%20b.txt", "/static"), "/a%20b.txt");
        assert_eq!(tail("/static", "/static"), "");
        assert_eq!(tail("/static/", "/static"), "/");
        assert_eq!(tail("/anything", ""), "/anything");
        assert_eq!(tail("/a/b/c%2Fd", "/a/{x}"), "/c%2Fd");
    }
}
