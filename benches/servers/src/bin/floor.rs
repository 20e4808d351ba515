//! The floor: the constant handler (`floor::handler`) at the file's path,
//! one route: what axum costs per request.

use axum::routing::get;
use axum::Router;
use static_embed_load_servers::floor::handler;

fn main() {
    let app = Router::new().route("/static/bootstrap/css/bootstrap.min.css", get(handler));
    static_embed_load_servers::serve(app);
}
