//! The axum integration over a real socket, in both forms: `Assets::router()`
//! mounted with `nest_service`, and `Assets::mount(prefix)` merged, several
//! asset types side by side, next to app routes. Each form runs every
//! scenario of `static_embed_suite::mounted` (modules `nest_service` and
//! `mount`); the tests written out here are axum's own.

use axum::routing::get;
use axum::Router;
use http::{HeaderValue, Method};
use static_embed::{Encoding, StaticAssets};
use static_embed_suite::mounted::{Docs, Site};
use static_embed_suite::{InProcess, TestServer, EMBEDDED};

/// Keys holding axum's route syntax.
#[derive(StaticAssets)]
#[folder = "tests/fixtures/route-syntax"]
struct RouteSyntax;

/// The routers of `Site` and `Docs` under `nest_service`.
fn nested_app() -> Router {
    Router::new()
        .route("/api/health", get(|| async { "ok" }))
        .nest_service("/static", Site::router())
        .nest_service("/docs", Docs::router())
}

/// The mounts of `Site`, `Docs` (its prefix with a trailing slash) and
/// `RouteSyntax`, merged.
fn mounted_app() -> Router {
    Router::new()
        .route("/api/health", get(|| async { "ok" }))
        .merge(Site::mount("/static"))
        .merge(Docs::serve().mount("/docs/"))
        .merge(RouteSyntax::mount("/syntax"))
}

fn start(app: Router) -> TestServer {
    TestServer::start_with(|listener| async move {
        let _ = axum::serve(listener, app).await;
    })
}

fn nested() -> TestServer {
    start(nested_app())
}

fn mounted() -> TestServer {
    start(mounted_app())
}

mod nest_service {
    static_embed_suite::mounted_scenarios!(super::nested);
}

mod mount {
    static_embed_suite::mounted_scenarios!(super::mounted);
}

#[test]
fn a_missing_file_is_a_404_from_the_responder_in_both_forms() {
    for server in [nested(), mounted()] {
        let missing = server.get("/static/missing.txt");
        assert_eq!(missing.status, 404);
        assert_eq!(missing.text(), "404 Not Found\n");
    }
}

#[test]
fn a_path_outside_every_mount_point_gets_axums_own_404_in_both_forms() {
    for server in [nested(), mounted()] {
        let reply = server.get("/elsewhere/hello.txt");
        assert_eq!(reply.status, 404);
        assert_eq!(reply.header("x-content-type-options"), None);
    }
}

#[test]
fn mount_serves_a_key_with_the_same_bytes_and_headers_as_respond() {
    let server = mounted();
    let respond = InProcess::new(Site::respond);
    for (path, key) in [
        ("/static/hello.txt", "hello.txt"),
        ("/static/css/site.css", "css/site.css"),
        ("/static/sub/index.html", "sub/index.html"),
    ] {
        let accept = [("accept-encoding", "gzip, br")];
        let mut reply = server.request(Method::GET, path, &accept);
        let expected = respond.request(Method::GET, &format!("/{key}"), &accept);
        assert_eq!(reply.status, 200, "{path}");
        // The server's own field.
        reply.headers.remove("date");
        assert_eq!(reply.headers, expected.headers, "{path}");
        let asset = Site::get(key).unwrap();
        let encoding = if EMBEDDED && asset.encodings().count() > 1 {
            Encoding::Brotli
        } else {
            Encoding::Identity
        };
        assert_eq!(reply.body, asset.encoded(encoding).unwrap(), "{path}");
    }
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
    let server = start(Router::new().merge(serve.clone().mount("/static")));
    let respond = InProcess::new(move |request| serve.respond(request));
    for key in ["css/site.css", "hello.txt", "img/logo.svg"] {
        let asset = Site::get(key).unwrap();
        for accept in ["br", "gzip", "identity"] {
            let encoding = match accept {
                "br" => Encoding::Brotli,
                "gzip" => Encoding::Gzip,
                _ => Encoding::Identity,
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
                let expected = respond.request(method.clone(), &format!("/{key}"), fields);
                for attempt in 0..2 {
                    let path = format!("/static/{key}");
                    let mut reply = server.request(method.clone(), &path, fields);
                    reply.headers.remove("date");
                    let case = format!("{method} {key} {fields:?} #{attempt}");
                    assert_eq!(reply.status, expected.status, "{case}");
                    assert_eq!(reply.headers, expected.headers, "{case}");
                    assert_eq!(reply.body, expected.body, "{case}");
                }
            }
        }
    }
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
fn mount_answers_an_empty_segment_or_a_nul_with_a_client_error() {
    let server = mounted();
    for attack in ["/static//hello.txt", "/static/%00"] {
        let reply = server.get(attack);
        assert!(reply.status.is_client_error(), "{attack}: {}", reply.status);
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
        ("nest_service", nested_app()),
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
