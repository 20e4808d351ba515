//! The actix-web integration over a real socket: `ServeAssets::actix_service`
//! mounted at `/static` and `/docs` (two asset types side by side) next to
//! app routes, and at the root of a scope. The scenarios every integration
//! shares come from `static_embed_suite::mounted`; the tests written out
//! here are actix-web's own.

use actix_web::{web, App, HttpServer};
use static_embed::StaticAssets;
use static_embed_suite::mounted::{Docs, Site};
use static_embed_suite::TestServer;

fn server() -> TestServer {
    TestServer::start_with(|listener| {
        // Built here, outside the async block: an `HttpServer` is not
        // `Send`, the `Server` future it runs as is. Dropping that future
        // (with the test's runtime) stops the workers.
        let server = listener.into_std().and_then(|listener| {
            HttpServer::new(|| {
                App::new()
                    .route("/api/health", web::get().to(|| async { "ok" }))
                    .service(Site::serve().actix_service("/static"))
                    .service(Docs::serve().actix_service("/docs/"))
                    .service(web::scope("/app").service(Site::serve().actix_service("/")))
            })
            .workers(1)
            .disable_signals()
            .listen(listener)
            .map(HttpServer::run)
        });
        async move {
            let _ = server.expect("actix-web listens").await;
        }
    })
}

static_embed_suite::mounted_scenarios!(server);

#[test]
fn a_missing_file_is_a_404_from_the_responder() {
    let reply = server().get("/static/missing.txt");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.text(), "404 Not Found\n");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn percent_encoded_names_are_found_although_actix_decodes_the_routing_path() {
    let server = server();
    let reply = server.get("/static/filename%20with%20space.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        Site::get("filename with space.txt").unwrap().bytes()
    );
    let reply = server.get("/st%61tic/%E4%BD%A0%E5%A5%BD%E4%B8%96%E7%95%8C.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Site::get("你好世界.txt").unwrap().bytes());
}

#[test]
fn a_service_mounted_at_the_root_of_a_scope_serves_below_the_scope() {
    let server = server();
    let reply = server.get("/app/css/site.css");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, Site::get("css/site.css").unwrap().bytes());
    let reply = server.get("/app/sub");
    assert_eq!(reply.status, 308);
    assert_eq!(reply.header("location"), Some("./sub/"));
}
