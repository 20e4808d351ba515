//! The warp integration over a real socket: `ServeAssets::warp_filter`
//! mounted under `warp::path`, two asset types side by side, and routes
//! combined with `or` that still get the requests the assets do not match.
//! The scenarios every integration shares come from
//! `static_embed_suite::mounted`; the tests written out here are warp's own.

use http::Method;
use static_embed::StaticAssets;
use static_embed_suite::mounted::{Docs, Site};
use static_embed_suite::TestServer;
use warp::Filter;

fn server() -> TestServer {
    let health = warp::path!("api" / "health").map(|| "ok");
    // Under the assets' mount point, for paths that name no asset.
    let after_the_assets = warp::path!("static" / "from-a-route.txt").map(|| "a route");
    // Path first, then method: otherwise warp prefers this route's 405 to
    // the 404 of a GET that nothing matches.
    let upload = warp::path!("static" / "upload")
        .and(warp::post())
        .map(|| "uploaded");
    let routes = warp::path("static")
        .and(Site::serve().warp_filter())
        .or(warp::path("docs").and(Docs::serve().warp_filter()))
        .or(health)
        .or(after_the_assets)
        .or(upload);
    TestServer::start_with(|listener| warp::serve(routes).incoming(listener).run())
}

static_embed_suite::mounted_scenarios!(server);

#[test]
fn a_path_that_finds_no_asset_falls_through_to_the_next_route() {
    let server = server();
    let reply = server.get("/static/from-a-route.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "a route");
    let reply = server.request(Method::POST, "/static/upload", &[]);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "uploaded");
    // No route at all: warp's own 404.
    assert_eq!(server.get("/static/missing.txt").status, 404);
}
