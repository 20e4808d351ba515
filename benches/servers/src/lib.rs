//! What every server of the load test shares: one tokio current-thread
//! runtime, a listener on the address given as the first argument
//! (default `127.0.0.1:3000`), `TCP_NODELAY` on every connection, and
//! `axum::serve`.

use axum::serve::ListenerExt as _;

#[cfg(feature = "floor")]
pub mod floor;

/// Serves `app` until the process is killed.
pub fn serve(app: axum::Router) {
    let address = std::env::args().nth(1);
    let address = address.as_deref().unwrap_or("127.0.0.1:3000");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .expect("the address is free");
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        eprintln!("listening on {address}");
        axum::serve(listener, app).await.expect("serving");
    });
}
