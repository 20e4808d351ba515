//! `ServeAssets` as a tower `Service`, driven by plain hyper through
//! hyper-util's tower adapter over a real socket.

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use static_embed::{ServeAssets, StaticAssets};
use static_embed_suite::TestServer;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Site;

fn server() -> TestServer {
    TestServer::start_with(|listener| async move {
        while let Ok((stream, _)) = listener.accept().await {
            let service = TowerToHyperService::new(ServeAssets::<Site>::new());
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

#[test]
fn the_tower_service_serves_assets_to_hyper() {
    let server = server();
    let reply = server.get("/js/app.js");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Site::get("js/app.js").unwrap().bytes());
    assert_eq!(
        reply.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn the_tower_service_answers_client_mistakes_with_statuses() {
    let server = server();
    assert_eq!(server.get("/missing.js").status, 404);
    let post = server.request(http::Method::POST, "/js/app.js", &[]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}
