//! Run with
//!
//! ```not_rust
//! cargo run --release --example dashboard
//! ```
//!
//! and open http://127.0.0.1:3000. An axum server for a dashboard whose
//! page, CSS, script, icon and web font are all embedded in the binary
//! (`examples/assets/dashboard`), with a JSON API, `GET /api/assets`, that
//! the page fetches to list them. `--port N` or `PORT=N` picks another port.
//! The app itself is `static_embed_suite::dashboard::app()`, which the
//! browser test (`tests/browser.rs`) drives in Chromium.

use std::net::{Ipv4Addr, SocketAddr};

use axum::serve::ListenerExt;
use clap::Parser;
use tokio::net::TcpListener;

/// Serve the embedded dashboard.
#[derive(Parser)]
struct Args {
    /// The port to listen on, on 127.0.0.1.
    #[arg(long, env = "PORT", default_value_t = 3000)]
    port: u16,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = TcpListener::bind(address).await?.tap_io(|stream| {
        // Small responses go out at once instead of waiting for an ACK.
        if let Err(error) = stream.set_nodelay(true) {
            eprintln!("could not set TCP_NODELAY: {error}");
        }
    });
    println!("dashboard on http://{address}/ (Ctrl-C stops it)");
    axum::serve(listener, static_embed_suite::dashboard::app())
        .with_graceful_shutdown(ctrl_c())
        .await
}

/// Resolves on Ctrl-C, so that connections in flight finish first.
async fn ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cannot listen for Ctrl-C ({error}); stop the server another way");
        std::future::pending::<()>().await;
    }
}
