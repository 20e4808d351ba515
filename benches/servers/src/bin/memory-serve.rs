//! memory-serve 2.x as its README shows it: `load!()` (the folder embedded
//! by build.rs), `into_router()`, nested under `/static`.

use axum::Router;

fn main() {
    let assets = memory_serve::load!().into_router();
    static_embed_load_servers::serve(Router::new().nest("/static", assets));
}
