//! A responder called in process, the way tower's `oneshot` calls a
//! service: no socket, the [`Reply`] is the response exactly as built.

use http::{Method, Request, Response};
use static_embed::Body;
use tokio::runtime::Runtime;

use crate::server::build_request;
use crate::Reply;

/// Hands each request to a responder (`Assets::respond`,
/// `ServeAssets::respond`) in this thread and collects its body, for tests
/// of what is answered rather than of how it crosses the wire. It has the
/// request methods of [`TestServer`](crate::TestServer), so a test reads the
/// same either way; unlike a server's, the reply has no `Date`.
///
/// ```
/// # use static_embed::StaticAssets;
/// # use static_embed_suite::InProcess;
/// # #[derive(StaticAssets)]
/// # #[folder = "tests/fixtures/basic"]
/// # struct Assets;
/// let assets = InProcess::new(Assets::respond);
/// assert_eq!(assets.get("/hello.txt").text(), "Hello, world!\n");
/// ```
pub struct InProcess {
    respond: Box<Responder>,
    /// Drives the body to its end; an asset's body never waits.
    runtime: Runtime,
}

/// `Assets::respond`, `ServeAssets::respond` or a closure calling one.
type Responder = dyn Fn(&Request<()>) -> Response<Body>;

impl InProcess {
    /// Answers every request with `respond`.
    pub fn new(respond: impl Fn(&Request<()>) -> Response<Body> + 'static) -> InProcess {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("tokio runtime");
        InProcess {
            respond: Box::new(respond),
            runtime,
        }
    }

    /// A GET of `path` with no extra headers.
    pub fn get(&self, path: &str) -> Reply {
        self.request(Method::GET, path, &[])
    }

    /// The answer to `method path` with `headers` (a name may repeat to
    /// send several lines). `path` is the request target as given, `..` and
    /// percent-escapes included.
    pub fn request(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> Reply {
        let request = build_request(method, path, headers, ());
        let response = (self.respond)(&request);
        self.runtime.block_on(Reply::read(response))
    }
}
