//! The axum integration over a real socket: `Assets::router()` mounted with
//! `nest_service`, and `Assets::mount(prefix)` merged, several asset types
//! side by side, next to app routes.

use axum::routing::get;
use axum::Router;
use http::{HeaderValue, Method};
use http_body_util::BodyExt;
use static_embed::{ServeAssets, StaticAssets};
use static_embed_suite::{TestServer, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Site;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[include = "**/*.html"]
struct Docs;

/// Keys holding axum's route syntax.
#[derive(StaticAssets)]
#[folder = "tests/fixtures/route-syntax"]
struct RouteSyntax;

fn app() -> Router {
    Router::new()
        .route("/api/health", get(|| async { "ok" }))
        .nest_service("/static", Site::router())
        .nest_service("/docs", Docs::router())
}

fn server() -> TestServer {
    TestServer::start_with(|listener| async move {
        let _ = axum::serve(listener, app()).await;
    })
}

#[test]
fn nested_router_serves_assets_under_the_mount_point_with_their_headers() {
    let server = server();
    let reply = server.get("/static/hello.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, b"Hello, world!\n");
    let asset = Site::get("hello.txt").unwrap();
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.header("content-length"), Some("14"));
    assert_eq!(reply.header("etag"), Some(asset.etag()));
    assert_eq!(reply.header("accept-ranges"), Some("bytes"));
}

#[test]
fn nested_router_negotiates_brotli_when_the_build_embeds_it() {
    let server = server();
    let reply = server.request(
        Method::GET,
        "/static/css/site.css",
        &[("accept-encoding", "gzip, br")],
    );
    assert_eq!(reply.status, 200);
    let css = Site::get("css/site.css").unwrap();
    if EMBEDDED {
        assert_eq!(reply.header("content-encoding"), Some("br"));
        assert_eq!(reply.header("vary"), Some("accept-encoding"));
        assert_eq!(
            reply.body,
            css.encoded(static_embed::Encoding::Brotli).unwrap()
        );
    } else {
        assert_eq!(reply.header("content-encoding"), None);
        assert_eq!(reply.body, css.bytes());
    }
}

#[test]
fn nested_router_answers_conditional_range_and_head_requests() {
    let server = server();
    let etag = Site::get("hello.txt").unwrap().etag().to_owned();
    let not_modified = server.request(
        Method::GET,
        "/static/hello.txt",
        &[("if-none-match", &etag)],
    );
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());

    let partial = server.request(Method::GET, "/static/hello.txt", &[("range", "bytes=0-4")]);
    assert_eq!(partial.status, 206);
    assert_eq!(partial.body, b"Hello");
    assert_eq!(partial.header("content-range"), Some("bytes 0-4/14"));

    let head = server.request(Method::HEAD, "/static/hello.txt", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("14"));
    assert!(head.body.is_empty());
}

#[test]
fn two_asset_types_mount_side_by_side_next_to_app_routes() {
    let server = server();
    assert_eq!(server.get("/api/health").text(), "ok");
    assert_eq!(server.get("/docs/sub/index.html").status, 200);
    // `Docs` only includes HTML.
    assert_eq!(server.get("/docs/hello.txt").status, 404);
    assert_eq!(server.get("/static/hello.txt").status, 200);
    // The folder redirect is relative, so it stays under the mount point
    // even though `nest_service` hides the prefix from the responder.
    let folder = server.get("/docs/sub?x=1");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("location"), Some("./sub/?x=1"));
    let index = server.get("/docs/");
    assert_eq!(index.status, 200);
    assert_eq!(index.body, Docs::get("index.html").unwrap().bytes());
}

#[test]
fn missing_files_and_traversal_attempts_get_client_errors() {
    let server = server();
    assert_eq!(server.get("/static/missing.txt").status, 404);
    for attack in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/outside/secret.txt",
        "/static/link-outside/secret.txt",
        "/static/..%2f..%2fCargo.toml",
        "/static/.env",
    ] {
        let reply = server.get(attack);
        assert!(reply.status.is_client_error(), "{attack}: {}", reply.status);
        assert_ne!(reply.body, b"outside the folder\n");
    }
}

fn mounted() -> TestServer {
    TestServer::start_with(|listener| async move {
        let app = Router::new()
            .route("/api/health", get(|| async { "ok" }))
            .merge(Site::mount("/static"))
            .merge(Docs::serve().mount("/docs/"))
            .merge(RouteSyntax::mount("/syntax"));
        let _ = axum::serve(listener, app).await;
    })
}

#[test]
fn mount_serves_a_key_with_the_same_bytes_and_headers_as_respond() {
    let server = mounted();
    for (path, key) in [
        ("/static/hello.txt", "hello.txt"),
        ("/static/css/site.css", "css/site.css"),
        ("/static/sub/index.html", "sub/index.html"),
    ] {
        let reply = server.request(Method::GET, path, &[("accept-encoding", "gzip, br")]);
        let request = http::Request::get(format!("/{key}"))
            .header("accept-encoding", "gzip, br")
            .body(())
            .unwrap();
        let expected = Site::respond(&request);
        assert_eq!(reply.status, 200, "{path}");
        let mut headers = reply.headers.clone();
        // The server's own field.
        headers.remove("date");
        assert_eq!(headers, *expected.headers(), "{path}");
        let asset = Site::get(key).unwrap();
        let encoding = match EMBEDDED && asset.has_copies() {
            true => static_embed::Encoding::Brotli,
            false => static_embed::Encoding::Identity,
        };
        assert_eq!(reply.body, asset.encoded(encoding).unwrap(), "{path}");
    }
}

/// What `respond` of `serve` answers for `key` with `fields`, without the
/// server's `date`, as (status, headers, body).
fn expected(
    serve: &ServeAssets<Site>,
    method: Method,
    key: &str,
    fields: &[(&str, &str)],
) -> (u16, http::HeaderMap, Vec<u8>) {
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("/{key}"));
    for &(name, value) in fields {
        request = request.header(name, value);
    }
    let response = serve.respond(&request.body(()).unwrap());
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = collect(response.into_body());
    (status, headers, body)
}

fn collect(body: static_embed::Body) -> Vec<u8> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async { body.collect().await.unwrap().to_bytes().to_vec() })
}

#[test]
fn mount_answers_repeated_requests_exactly_like_respond_with_the_same_options() {
    // The exact routes of a mount make each representation's 200 and 304
    // fields once and copy them afterwards: every answer, first or later,
    // must still be the one `respond` gives with the same options.
    let serve = Site::serve()
        .cache_control("css/**", static_embed::cache_control::IMMUTABLE)
        .unwrap()
        .cors(HeaderValue::from_static("https://app.example"))
        .header(
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'"),
        );
    let mount = serve.clone();
    let server = TestServer::start_with(move |listener| async move {
        let _ = axum::serve(listener, Router::new().merge(mount.mount("/static"))).await;
    });
    for key in ["css/site.css", "hello.txt", "img/logo.svg"] {
        let asset = Site::get(key).unwrap();
        for accept in ["br", "gzip", "identity"] {
            let encoding = match accept {
                "br" => static_embed::Encoding::Brotli,
                "gzip" => static_embed::Encoding::Gzip,
                _ => static_embed::Encoding::Identity,
            };
            let etag = asset.etag_for(encoding).unwrap_or(asset.etag()).to_owned();
            let cases: [(Method, Vec<(&str, &str)>); 3] = [
                (Method::GET, vec![("accept-encoding", accept)]),
                (Method::HEAD, vec![("accept-encoding", accept)]),
                (
                    Method::GET,
                    vec![("accept-encoding", accept), ("if-none-match", &etag)],
                ),
            ];
            for (method, fields) in &cases {
                let (status, headers, body) = expected(&serve, method.clone(), key, fields);
                for attempt in 0..2 {
                    let path = format!("/static/{key}");
                    let mut reply = server.request(method.clone(), &path, fields);
                    reply.headers.remove("date");
                    let case = format!("{method} {key} {fields:?} #{attempt}");
                    assert_eq!(reply.status, status, "{case}");
                    assert_eq!(reply.headers, headers, "{case}");
                    assert_eq!(reply.body, body, "{case}");
                }
            }
        }
    }
}

trait Copies {
    fn has_copies(&self) -> bool;
}

impl Copies for static_embed::Asset {
    fn has_copies(&self) -> bool {
        self.encodings().count() > 1
    }
}

#[test]
fn mount_answers_conditional_range_head_and_other_methods() {
    let server = mounted();
    let etag = Site::get("hello.txt").unwrap().etag().to_owned();
    let not_modified = server.request(
        Method::GET,
        "/static/hello.txt",
        &[("if-none-match", &etag)],
    );
    assert_eq!(not_modified.status, 304);
    assert_eq!(not_modified.header("etag"), Some(etag.as_str()));
    assert!(not_modified.body.is_empty());

    let partial = server.request(Method::GET, "/static/hello.txt", &[("range", "bytes=7-11")]);
    assert_eq!(partial.status, 206);
    assert_eq!(partial.body, b"world");
    assert_eq!(partial.header("content-range"), Some("bytes 7-11/14"));

    let head = server.request(Method::HEAD, "/static/hello.txt", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("14"));
    assert!(head.body.is_empty());

    let post = server.request(Method::POST, "/static/hello.txt", &[]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn mount_serves_folder_indexes_and_redirects_below_the_prefix() {
    let server = mounted();
    let index = server.get("/static/");
    assert_eq!(index.status, 200);
    assert_eq!(index.body, Site::get("index.html").unwrap().bytes());
    let sub = server.get("/static/sub/");
    assert_eq!(sub.body, Site::get("sub/index.html").unwrap().bytes());

    let folder = server.get("/static/sub?x=1");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("location"), Some("./sub/?x=1"));
    let root = server.get("/static");
    assert_eq!(root.status, 308);
    assert_eq!(root.header("location"), Some("/static/"));
}

#[test]
fn mount_serves_keys_with_spaces_and_non_ascii_characters() {
    let server = mounted();
    for (path, key) in [
        (
            "/static/filename%20with%20space.txt",
            "filename with space.txt",
        ),
        (
            "/static/%E4%BD%A0%E5%A5%BD%E4%B8%96%E7%95%8C.txt",
            "你好世界.txt",
        ),
        // Other spellings of the same key go through the catch-all.
        (
            "/static/%e4%bd%a0%e5%a5%bd%e4%b8%96%e7%95%8c.txt",
            "你好世界.txt",
        ),
        ("/static/h%65llo.txt", "hello.txt"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.body, Site::get(key).unwrap().bytes(), "{path}");
    }
}

#[test]
fn mount_serves_keys_that_look_like_route_parameters() {
    let server = mounted();
    for (path, body) in [
        ("/syntax/%7Bid%7D.txt", "braces\n"),
        ("/syntax/{id}.txt", "braces\n"),
        ("/syntax/a%7Db%7B.txt", "inside out\n"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.text(), body, "{path}");
    }
    assert_eq!(server.get("/syntax/other.txt").status, 404);
}

#[test]
fn mounted_types_sit_side_by_side_next_to_app_routes() {
    let server = mounted();
    assert_eq!(server.get("/api/health").text(), "ok");
    assert_eq!(server.get("/docs/sub/index.html").status, 200);
    assert_eq!(server.get("/docs/hello.txt").status, 404);
    assert_eq!(
        server.get("/docs/").body,
        Docs::get("index.html").unwrap().bytes()
    );
    assert_eq!(server.get("/static/hello.txt").status, 200);
    // Outside every mount point: axum's own 404.
    assert_eq!(server.get("/elsewhere/hello.txt").status, 404);
}

#[test]
fn mount_answers_missing_files_and_traversal_attempts_with_client_errors() {
    let server = mounted();
    let missing = server.get("/static/missing.txt");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.text(), "404 Not Found\n");
    for attack in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/outside/secret.txt",
        "/static/link-outside/secret.txt",
        "/static/..%2f..%2fCargo.toml",
        "/static/.env",
        "/static//hello.txt",
        "/static/%00",
    ] {
        let reply = server.get(attack);
        assert!(reply.status.is_client_error(), "{attack}: {}", reply.status);
        assert_ne!(reply.body, b"outside the folder\n");
    }
}

/// The answer of `app` to `method` on `path` with `fields`, taken from the
/// router itself: what axum hands to the server, before hyper drops fields
/// a status cannot have.
fn answer_in_process(
    app: Router,
    method: Method,
    path: &str,
    fields: &[(&str, &str)],
) -> http::Response<()> {
    use tower_service::Service as _;
    let mut request = http::Request::builder().method(method).uri(path);
    for &(name, value) in fields {
        request = request.header(name, value);
    }
    let request = request.body(axum::body::Body::empty()).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut app = app;
    let response = runtime.block_on(app.call(request)).unwrap();
    response.map(|_| ())
}

#[test]
fn axum_adds_no_content_length_to_304_and_204_answers() {
    // axum fills a missing Content-Length from the body's size hint; on a
    // 304 or 204 that would be `Content-Length: 0`, which RFC 9110 §8.6
    // forbids (hyper drops it on the wire, other servers and layers may not).
    let etag = Site::get("hello.txt").unwrap().etag().to_owned();
    let path = "/static/hello.txt";
    let apps = [
        ("nest_service", app()),
        ("mount", Router::new().merge(Site::serve().mount("/static"))),
    ];
    for (setup, app) in apps {
        for method in [Method::GET, Method::HEAD] {
            let conditional = [("if-none-match", etag.as_str())];
            let response = answer_in_process(app.clone(), method.clone(), path, &conditional);
            let case = format!("{setup} {method}");
            assert_eq!(response.status(), 304, "{case}");
            assert_eq!(response.headers().get("etag").unwrap(), &etag);
            assert_eq!(response.headers().get("content-length"), None, "{case}");
        }
        let response = answer_in_process(app.clone(), Method::OPTIONS, path, &[]);
        assert_eq!(response.status(), 204, "{setup}");
        assert_eq!(response.headers().get("allow").unwrap(), "GET, HEAD");
        assert_eq!(response.headers().get("content-length"), None, "{setup}");

        let response = answer_in_process(app.clone(), Method::HEAD, path, &[]);
        assert_eq!(response.status(), 200, "{setup}");
        assert_eq!(response.headers().get("content-length").unwrap(), "14");
    }
}
