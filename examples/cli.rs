//! Run with
//!
//! ```not_rust
//! cargo run --release --example cli -- --open
//! ```
//!
//! A command-line tool that ships its own web UI: the dashboard is embedded
//! in the binary, so the one file is all a user installs. `--port N` picks
//! the port (default 3000), `--open` opens the page in the system browser,
//! `--help` lists the flags.

use std::net::{Ipv4Addr, SocketAddr};

use axum::serve::ListenerExt;
// clap's derive: the standard parser, with `--help`, `--version` and error
// messages generated from the struct below. Its compile cost is paid once
// and is small next to axum's; a tool with more flags keeps the same shape.
use clap::Parser;
use tokio::net::TcpListener;

/// Serve the embedded static-embed dashboard on 127.0.0.1.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// The port to listen on.
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// Open the dashboard in the system's web browser once it is served.
    #[arg(long)]
    open: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let listener = TcpListener::bind(address).await?.tap_io(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            eprintln!("could not set TCP_NODELAY: {error}");
        }
    });
    let url = format!("http://{address}/");
    println!("serving the dashboard on {url} (Ctrl-C stops it)");
    if args.open {
        open_browser(&url);
    }
    axum::serve(listener, static_embed_suite::dashboard::app())
        .with_graceful_shutdown(async {
            // Without a Ctrl-C handler there is nothing to wait for: the
            // default signal disposition still ends the process.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}

/// Opens `url` in the system browser (`xdg-open`, `open`, `start` or
/// `$BROWSER`, as the `webbrowser` crate finds them). The listener is already
/// bound, so the page loads. A machine with no browser only gets a message:
/// the server runs on.
fn open_browser(url: &str) {
    if let Err(error) = webbrowser::open(url) {
        eprintln!("could not open a browser ({error}); open {url} yourself");
    }
}
