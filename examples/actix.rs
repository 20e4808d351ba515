//! Run with
//!
//! ```not_rust
//! cargo run --example actix --features actix
//! ```
//!
//! and open http://127.0.0.1:3000. The dashboard of `examples/assets/dashboard`,
//! embedded in the binary, served by actix-web: `ServeAssets::actix_service`
//! mounted at `/`, after the `/api/assets` route so that the route is matched
//! first. `PORT=N` picks another port.

use std::net::{Ipv4Addr, SocketAddr};

use actix_web::rt::net::TcpStream;
use actix_web::{web, App, HttpResponse, HttpServer};
use static_embed::StaticAssets;
use static_embed_suite::dashboard::{self, DashboardAssets};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = match std::env::var("PORT") {
        Ok(port) => port.parse().map_err(std::io::Error::other)?,
        Err(_) => 3000,
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let assets = DashboardAssets::serve();
    let server = HttpServer::new(move || {
        App::new()
            .route(
                dashboard::API_ASSETS,
                web::get().to(|| async { HttpResponse::Ok().json(dashboard::asset_list()) }),
            )
            .service(assets.clone().actix_service("/"))
    })
    .on_connect(|connection, _| {
        // Small responses go out at once instead of waiting for an ACK.
        if let Some(stream) = connection.downcast_ref::<TcpStream>() {
            if let Err(error) = stream.set_nodelay(true) {
                eprintln!("could not set TCP_NODELAY: {error}");
            }
        }
    })
    .bind(address)?;
    println!("dashboard on http://{address}/ (Ctrl-C stops it)");
    server.run().await
}
