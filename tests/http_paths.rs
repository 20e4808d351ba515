//! From the URL path to a file: decoding, folder indexes, redirects, the SPA
//! fallback, and never a file outside the folder. Answered in process: the
//! request target reaches the responder as sent, `..` and escapes included.

use http::Method;
use static_embed::{ServeAssets, StaticAssets};
use static_embed_suite::InProcess;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

fn assets() -> InProcess {
    InProcess::new(Assets::respond)
}

fn index_html() -> Vec<u8> {
    Assets::get("index.html").unwrap().bytes().to_vec()
}

#[test]
fn the_root_serves_index_html() {
    let reply = assets().get("/");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(reply.body, index_html());
}

#[test]
fn a_folder_with_a_trailing_slash_serves_its_index() {
    let reply = assets().get("/sub/");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Assets::get("sub/index.html").unwrap().bytes());
}

#[test]
fn a_folder_without_its_trailing_slash_redirects_to_it_keeping_the_query() {
    let assets = assets();
    let reply = assets.get("/sub");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("./sub/"));
    assert!(reply.body.is_empty());
    let reply = assets.get("/sub?lang=en&x=%20");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("./sub/?lang=en&x=%20"));
}

#[test]
fn percent_encoded_names_are_decoded_before_the_lookup() {
    let assets = assets();
    let reply = assets.get("/filename%20with%20space.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        Assets::get("filename with space.txt").unwrap().bytes()
    );
    let reply = assets.get("/%E4%BD%A0%E5%A5%BD%E4%B8%96%E7%95%8C.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "你好，世界\n");
    assert_eq!(assets.get("/css%2Fsite.css").status, 200);
}

#[test]
fn a_decoded_nul_or_invalid_utf8_is_a_bad_request() {
    let assets = assets();
    for path in ["/hello.txt%00", "/%00", "/%FF.txt", "/%C3%28"] {
        let reply = assets.get(path);
        assert_eq!(reply.status, 400, "{path}");
        assert_eq!(reply.text(), "400 Bad Request\n", "{path}");
    }
}

#[test]
fn unknown_paths_are_404_with_a_small_plain_body() {
    let assets = assets();
    for path in [
        "/missing.txt",
        "/missing/",
        "/HELLO.TXT",
        "/hello.txt/",
        "/css/",
    ] {
        let reply = assets.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
        assert_eq!(reply.header("content-length"), Some("14"));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.text(), "404 Not Found\n", "{path}");
    }
}

#[test]
fn no_path_reaches_a_file_outside_the_folder_or_a_hidden_one() {
    let assets = assets();
    let attempts = [
        "/../outside/secret.txt",
        "/%2e%2e/outside/secret.txt",
        "/%2E%2E%2Foutside%2Fsecret.txt",
        "/css/..%2f..%2foutside/secret.txt",
        "/..%5coutside%5csecret.txt",
        "//etc/passwd",
        "/%2F%2Fetc%2Fpasswd",
        "/link-outside.txt",
        "/link-outside/secret.txt",
        "/.env",
        "/.hidden/secret.txt",
        "/./hello.txt",
        "/css/../hello.txt",
        "/C:/Windows/win.ini",
    ];
    for path in attempts {
        let reply = assets.get(path);
        assert!(
            matches!(reply.status.as_u16(), 400 | 404),
            "{path}: {}",
            reply.status
        );
        assert!(!reply.text().contains("outside the folder"), "{path}");
        assert!(!reply.text().contains("SECRET"), "{path}");
    }
}

#[test]
fn the_spa_fallback_serves_the_index_for_unknown_paths_without_an_extension() {
    let serve = Assets::serve().spa_fallback(true);
    let assets = InProcess::new(move |request| serve.respond(request));
    for path in ["/settings", "/users/42/profile", "/deep/path/"] {
        let reply = assets.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(reply.header("cache-control"), Some("no-cache"));
        assert_eq!(reply.body, index_html(), "{path}");
    }
    assert_eq!(assets.get("/hello.txt").text(), "Hello, world!\n");
    assert_eq!(assets.get("/sub").status, 308);
}

#[test]
fn the_spa_fallback_leaves_missing_files_with_an_extension_404() {
    let serve = ServeAssets::<Assets>::new().spa_fallback(true);
    let assets = InProcess::new(move |request| serve.respond(request));
    for path in ["/missing.js", "/img/missing.png", "/app.3f2a.css"] {
        assert_eq!(assets.get(path).status, 404, "{path}");
    }
}

#[test]
fn the_spa_fallback_is_off_by_default() {
    assert_eq!(assets().get("/settings").status, 404);
}

#[test]
fn the_index_file_name_can_be_changed() {
    let serve = Assets::serve().index_file("hello.txt").unwrap();
    let assets = InProcess::new(move |request| serve.respond(request));
    assert_eq!(assets.get("/").text(), "Hello, world!\n");
    assert_eq!(assets.request(Method::HEAD, "/sub", &[]).status, 404);
    for bad in ["", "a/b.html", "..", "../index.html", "a\\b"] {
        let error = Assets::serve().index_file(bad).unwrap_err();
        assert!(
            error.to_string().contains("invalid index_file"),
            "{bad:?}: {error}"
        );
    }
}
