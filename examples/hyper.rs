//! Run with
//!
//! ```not_rust
//! cargo run --release --example hyper
//! ```
//!
//! and open http://127.0.0.1:3000. The dashboard served by plain hyper 1,
//! without a framework: `ServeAssets` is a `tower::Service`, composed here
//! with the `/api/assets` route into one service, which
//! `hyper_util::service::TowerToHyperService` hands to hyper.

use std::convert::Infallible;
use std::future::{ready, Ready};
use std::net::{Ipv4Addr, SocketAddr};
use std::task::{Context, Poll};

use http::{Request, Response};
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use static_embed::{Body, ServeAssets, StaticAssets};
use static_embed_suite::dashboard::{self, DashboardAssets};
use tokio::net::TcpListener;
use tower_service::Service;

/// The app: `/api/assets`, and every other path from the embedded folder.
#[derive(Clone)]
struct App {
    assets: ServeAssets<DashboardAssets>,
}

impl<B> Service<Request<B>> for App {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Response<Body>, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request<B>>::poll_ready(&mut self.assets, cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        if request.uri().path() == dashboard::API_ASSETS {
            return ready(Ok(dashboard::asset_list_response()));
        }
        self.assets.call(request)
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = App {
        assets: DashboardAssets::serve(),
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, 3000));
    let listener = TcpListener::bind(address).await?;
    println!("dashboard on http://{address}/ (Ctrl-C stops it)");
    loop {
        let (stream, _) = listener.accept().await?;
        // Small responses go out at once instead of waiting for an ACK.
        if let Err(error) = stream.set_nodelay(true) {
            eprintln!("could not set TCP_NODELAY: {error}");
        }
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            if let Err(error) = connection.await {
                eprintln!("connection failed: {error}");
            }
        });
    }
}
