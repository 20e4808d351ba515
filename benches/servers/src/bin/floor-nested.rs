//! The floor of the nested form: the same constant handler, in a router
//! nested with `nest_service("/static", ..)` as `Assets::router()` is. What
//! axum's nesting costs on top of `floor`: the URI rewritten without the
//! prefix, the wildcard parameter stored, a second router run.

use axum::routing::get;
use axum::Router;
use static_embed_load_servers::floor::handler;

fn main() {
    let nested = Router::new().route("/bootstrap/css/bootstrap.min.css", get(handler));
    static_embed_load_servers::serve(Router::new().nest_service("/static", nested));
}
