//! static-embed as a user mounts it: `nest_service("/static", Assets::router())`.

use axum::Router;
use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "../../target/corpus/dashboard"]
struct Assets;

fn main() {
    static_embed_load_servers::serve(Router::new().nest_service("/static", Assets::router()));
}
