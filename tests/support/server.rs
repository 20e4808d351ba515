//! A real HTTP/1.1 server on 127.0.0.1 for any `Fn(Request) -> Response`,
//! and a real client to talk to it, for tests that must cross the wire.

use std::convert::Infallible;
use std::error::Error;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

/// A server listening on `127.0.0.1:<free port>` until dropped.
///
/// ```no_run
/// # use static_embed_suite::TestServer;
/// let server = TestServer::start(|_request| http::Response::new(http_body_util::Empty::<bytes::Bytes>::new()));
/// let reply = server.get("/");
/// assert_eq!(reply.status, 200);
/// ```
pub struct TestServer {
    address: SocketAddr,
    runtime: Runtime,
    client: Client<HttpConnector, Empty<Bytes>>,
}

/// One response as the client received it, or as [`InProcess`] got it
/// from the responder.
///
/// [`InProcess`]: crate::InProcess
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: StatusCode,
    /// Every header line, as received.
    pub headers: HeaderMap,
    /// The body bytes, exactly as received (no decompression).
    pub body: Vec<u8>,
}

impl Reply {
    /// The single value of header `name`, or `None` when absent. Panics
    /// when the header appears more than once or is not visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        let value = values.next()?;
        assert!(values.next().is_none(), "{name} appears more than once");
        Some(value.to_str().expect("header is visible ASCII"))
    }

    /// The body as UTF-8.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("body is UTF-8")
    }

    /// Waits for the whole of `response`.
    pub(crate) async fn read<B>(response: Response<B>) -> Reply
    where
        B: http_body::Body,
        B::Error: std::fmt::Debug,
    {
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("whole body").to_bytes();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body: body.to_vec(),
        }
    }
}

impl TestServer {
    /// Starts serving `handler` on a runtime of its own (one worker thread),
    /// so the server also answers clients outside this process, like curl.
    pub fn start<F, B>(handler: F) -> TestServer
    where
        F: Fn(Request<Incoming>) -> Response<B> + Send + Sync + 'static,
        B: http_body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        TestServer::start_with(|listener| accept_loop(listener, Arc::new(handler)))
    }

    /// Starts a server whose accept loop is `serve(listener)`, for
    /// frameworks that bring their own (`axum::serve`, warp). It runs on a
    /// runtime of its own (one worker thread) until the server is dropped.
    pub fn start_with<F, Fut>(serve: F) -> TestServer
    where
        F: FnOnce(TcpListener) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("local address");
        runtime.spawn(serve(listener));
        let client = Client::builder(TokioExecutor::new()).build_http();
        TestServer {
            address,
            runtime,
            client,
        }
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A GET of `path` with no extra headers.
    pub fn get(&self, path: &str) -> Reply {
        self.request(Method::GET, path, &[])
    }

    /// Sends `method path` with `headers` (a name may repeat to send
    /// several lines) and waits for the whole response. `path` is sent as
    /// given, `..` and percent-escapes included.
    pub fn request(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> Reply {
        let uri = format!("{}{path}", self.url());
        let request = build_request(method, &uri, headers, Empty::new());
        self.runtime.block_on(async {
            let response = self.client.request(request).await.expect("response");
            Reply::read(response).await
        })
    }
}

/// `method uri` with `headers` (a name may repeat) and `body`.
pub(crate) fn build_request<B>(
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: B,
) -> Request<B> {
    let mut request = Request::builder().method(method).uri(uri);
    for &(name, value) in headers {
        request = request.header(name, value);
    }
    request.body(body).expect("valid request")
}

async fn accept_loop<F, B>(listener: TcpListener, handler: Arc<F>)
where
    F: Fn(Request<Incoming>) -> Response<B> + Send + Sync + 'static,
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn Error + Send + Sync>>,
{
    while let Ok((stream, _)) = listener.accept().await {
        let handler = Arc::clone(&handler);
        let service = service_fn(move |request| {
            let response = handler(request);
            async move { Ok::<_, Infallible>(response) }
        });
        tokio::spawn(async move {
            // A client that hangs up mid-response is not a test failure.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
