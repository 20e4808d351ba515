//! static-embed mounted with one exact route per key:
//! `Router::new().merge(Assets::mount("/static"))`. Same files, same URLs,
//! same responses as `static-embed` (`nest_service`).

use axum::Router;
use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "../../target/corpus/dashboard"]
struct Assets;

fn main() {
    static_embed_load_servers::serve(Router::new().merge(Assets::mount("/static")));
}
