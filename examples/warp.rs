//! Run with
//!
//! ```not_rust
//! cargo run --example warp --features warp
//! ```
//!
//! and open http://127.0.0.1:3000. The dashboard of `examples/assets/dashboard`,
//! embedded in the binary, served by warp: `ServeAssets::warp_filter` answers
//! every path that names an asset, and rejects the others so that the
//! `/api/assets` route after it gets them. `PORT=N` picks another port.

use std::net::{Ipv4Addr, SocketAddr};

use static_embed::StaticAssets;
use static_embed_suite::dashboard::{self, DashboardAssets};
use tokio::net::TcpSocket;
use warp::Filter;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = match std::env::var("PORT") {
        Ok(port) => port.parse().map_err(std::io::Error::other)?,
        Err(_) => 3000,
    };
    let api = warp::path!("api" / "assets").map(|| warp::reply::json(&dashboard::asset_list()));
    let routes = DashboardAssets::serve().warp_filter().or(api);

    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let socket = TcpSocket::new_v4()?;
    // warp takes a plain listener, so set TCP_NODELAY on it: Linux copies it
    // to every accepted connection, so small responses go out at once.
    socket.set_nodelay(true)?;
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    let listener = socket.listen(1024)?;
    println!("dashboard on http://{address}/ (Ctrl-C stops it)");
    warp::serve(routes)
        .incoming(listener)
        .graceful(ctrl_c())
        .run()
        .await;
    Ok(())
}

/// Resolves on Ctrl-C, so that connections in flight finish first.
async fn ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cannot listen for Ctrl-C ({error}); stop the server another way");
        std::future::pending::<()>().await;
    }
}
