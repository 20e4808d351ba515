//! The warp integration over a real socket: `ServeAssets::warp_filter`
//! mounted under `warp::path`, two asset types side by side, and routes
//! combined with `or` that still get the requests the assets do not match.

use http::Method;
use static_embed::StaticAssets;
use static_embed_suite::mounted::{self, Docs, Site};
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

#[test]
fn an_asset_under_the_mount_point_is_served_with_its_exact_bytes_and_headers() {
    mounted::an_asset_under_the_mount_point_is_served_with_its_exact_bytes_and_headers(&server());
}

#[test]
fn compressed_copies_are_negotiated_and_vary_on_accept_encoding() {
    mounted::compressed_copies_are_negotiated_and_vary_on_accept_encoding(&server());
}

#[test]
fn a_matching_if_none_match_gets_a_304_without_a_body() {
    mounted::a_matching_if_none_match_gets_a_304_without_a_body(&server());
}

#[test]
fn a_range_gets_a_206_with_those_bytes() {
    mounted::a_range_gets_a_206_with_those_bytes(&server());
}

#[test]
fn several_ranges_get_a_multipart_206_with_every_part() {
    mounted::several_ranges_get_a_multipart_206_with_every_part(&server());
}

#[test]
fn head_gets_the_get_headers_and_no_body() {
    mounted::head_gets_the_get_headers_and_no_body(&server());
}

#[test]
fn folders_and_the_mount_point_redirect_to_their_slash_form_under_the_prefix() {
    mounted::folders_and_the_mount_point_redirect_to_their_slash_form_under_the_prefix(&server());
}

#[test]
fn two_asset_types_are_served_side_by_side_next_to_app_routes() {
    mounted::two_asset_types_are_served_side_by_side_next_to_app_routes(&server());
}

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

#[test]
fn other_methods_on_an_existing_asset_are_answered_405_with_allow() {
    mounted::other_methods_on_an_existing_asset_are_answered_405_with_allow(&server());
}

#[test]
fn traversal_attempts_get_client_errors() {
    mounted::traversal_attempts_get_client_errors(&server());
}
