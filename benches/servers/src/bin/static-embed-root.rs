//! static-embed without axum's nesting: the keys carry the mount path
//! (`#[prefix = "static/"]`) and the service is the app's fallback, so
//! axum neither matches a wildcard nor rewrites the URI. Same files, same
//! URLs, same responses as `static-embed`; the difference between the two
//! is what `nest_service` costs.

use axum::Router;
use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "../../target/corpus/dashboard"]
#[prefix = "static/"]
struct Assets;

fn main() {
    static_embed_load_servers::serve(Router::new().fallback_service(Assets::serve()));
}
