//! `ServeAssets` options: Cache-Control per glob, CORS, extra headers.
//! Answered in process; `tests/http_wire.rs` checks what crosses a real
//! connection.

use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LINK};
use http::{HeaderValue, Method};
use static_embed::cache_control::{IMMUTABLE, NO_CACHE};
use static_embed::{ServeAssets, StaticAssets};
use static_embed_suite::InProcess;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

fn start(serve: ServeAssets<Assets>) -> InProcess {
    InProcess::new(move |request| serve.respond(request))
}

#[test]
fn serve_assets_is_a_cheap_shareable_handle() {
    fn shareable<T: Clone + Send + Sync + 'static>(_: &T) {}
    let serve = Assets::serve();
    shareable(&serve);
    let request = http::Request::get("/hello.txt").body(()).unwrap();
    assert_eq!(serve.clone().respond(&request).status(), 200);
}

#[test]
fn cache_control_applies_per_glob_and_the_last_matching_rule_wins() {
    let week = HeaderValue::from_static("public, max-age=604800");
    let serve = Assets::serve()
        .cache_control("img/**", IMMUTABLE)
        .unwrap()
        .cache_control("**/*.svg", week)
        .unwrap()
        .cache_control("*.json", HeaderValue::from_static("no-store"))
        .unwrap();
    let assets = start(serve);
    let cases = [
        ("/img/pixel.png", "public, max-age=31536000, immutable"),
        ("/img/logo.svg", "public, max-age=604800"),
        ("/data.json", "no-store"),
        ("/hello.txt", "no-cache"),
        ("/", "no-cache"),
    ];
    for (path, expected) in cases {
        let reply = assets.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("cache-control"), Some(expected), "{path}");
    }
    let etag = assets
        .get("/img/pixel.png")
        .header("etag")
        .unwrap()
        .to_owned();
    let not_modified = assets.request(Method::GET, "/img/pixel.png", &[("if-none-match", &etag)]);
    assert_eq!(not_modified.status, 304);
    assert_eq!(
        not_modified.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[test]
fn cache_control_is_no_cache_by_default() {
    let assets = InProcess::new(Assets::respond);
    assert_eq!(
        assets.get("/css/site.css").header("cache-control"),
        Some("no-cache")
    );
    assert_eq!(NO_CACHE, "no-cache");
}

#[test]
fn an_invalid_glob_is_refused_when_configured() {
    let error = Assets::serve()
        .cache_control("img/[", IMMUTABLE)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid cache_control glob \"img/[\""),
        "{error}"
    );
}

#[test]
fn cors_allows_the_origin_on_every_response_and_answers_preflights() {
    let assets = start(Assets::serve().cors(HeaderValue::from_static("https://app.example")));
    for path in ["/hello.txt", "/missing.woff2"] {
        let reply = assets.get(path);
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("https://app.example")
        );
    }
    let preflight = assets.request(
        Method::OPTIONS,
        "/hello.txt",
        &[
            ("origin", "https://app.example"),
            ("access-control-request-method", "GET"),
        ],
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://app.example")
    );
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        Some("GET, HEAD")
    );
}

#[test]
fn cors_is_off_by_default() {
    let assets = InProcess::new(Assets::respond);
    assert_eq!(
        assets
            .get("/hello.txt")
            .header("access-control-allow-origin"),
        None
    );
}

#[test]
fn extra_headers_are_sent_on_every_response() {
    let csp = HeaderValue::from_static("default-src 'self'");
    let serve = Assets::serve()
        .header(CONTENT_SECURITY_POLICY, csp)
        .header(
            LINK,
            HeaderValue::from_static("</css/site.css>; rel=preload"),
        )
        .header(LINK, HeaderValue::from_static("</js/app.js>; rel=preload"));
    let assets = start(serve);
    let etag = Assets::get("index.html").unwrap().etag().to_owned();
    let replies = [
        assets.get("/"),
        assets.get("/missing.txt"),
        assets.request(Method::GET, "/", &[("if-none-match", &etag)]),
    ];
    for reply in replies {
        assert_eq!(
            reply.header("content-security-policy"),
            Some("default-src 'self'")
        );
        let links: Vec<_> = reply.headers.get_all(LINK).iter().collect();
        assert_eq!(
            links,
            ["</css/site.css>; rel=preload", "</js/app.js>; rel=preload"]
        );
    }
}

#[test]
fn an_extra_header_replaces_the_one_this_crate_would_send() {
    let serve = Assets::serve().header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let reply = start(serve).get("/hello.txt");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
}
