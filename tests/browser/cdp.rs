//! A minimal Chrome DevTools Protocol client: one WebSocket to the browser,
//! commands answered in order, events kept until the test asks for them.
//!
//! Why not a CDP crate: `chromiumoxide` brings a generated protocol crate of
//! almost 6 MB of source plus reqwest, and, like `headless_chrome`, enables
//! domains and sets network options of its own on every page, while this
//! test must see exactly the requests the page makes. The handful of
//! commands it sends are plain JSON, so a WebSocket and `serde_json` do.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long one command or awaited event may take before the test fails
/// instead of hanging: a guard against a stuck browser, not a measurement.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// A connection to the browser, with at most one page session attached.
pub(crate) struct Cdp {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Events received and not yet taken, oldest first.
    events: Vec<Event>,
    /// The page session commands go to, once attached.
    session: Option<String>,
}

/// One CDP event: its method (`Network.responseReceived`) and parameters.
#[derive(Clone, Debug)]
pub(crate) struct Event {
    pub(crate) method: String,
    pub(crate) params: Value,
}

impl Cdp {
    /// Connects to the browser endpoint `ws://…/devtools/browser/…`.
    pub(crate) async fn connect(url: &str) -> Cdp {
        let (socket, _) = tokio_tungstenite::connect_async(url)
            .await
            .unwrap_or_else(|error| panic!("cannot connect to Chromium at {url}: {error}"));
        Cdp {
            socket,
            next_id: 1,
            events: Vec::new(),
            session: None,
        }
    }

    /// Opens a blank tab and sends every later command to it.
    pub(crate) async fn open_page(&mut self) {
        let target = self
            .call("Target.createTarget", json!({ "url": "about:blank" }))
            .await;
        let params = json!({ "targetId": target["targetId"], "flatten": true });
        let attached = self.call("Target.attachToTarget", params).await;
        let session = attached["sessionId"].as_str().expect("a session id");
        self.session = Some(session.to_owned());
    }

    /// Sends a command and returns its result; panics on a protocol error.
    pub(crate) async fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .await
            .unwrap_or_else(|error| panic!("cannot send {method}: {error}"));
        let reply = async {
            loop {
                let reply = self.receive().await;
                if reply["id"] == id {
                    return reply;
                }
            }
        };
        let mut reply = guard(reply, method).await;
        if let Some(error) = reply.get("error") {
            panic!("{method} failed: {error}");
        }
        reply["result"].take()
    }

    /// Evaluates a JavaScript expression in the page, awaiting it when it is
    /// a promise, and returns its value; panics when it throws.
    pub(crate) async fn evaluate(&mut self, expression: &str) -> Value {
        let params = json!({
            "expression": expression,
            "awaitPromise": true,
            "returnByValue": true,
        });
        let mut result = self.call("Runtime.evaluate", params).await;
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("`{expression}` threw: {exception}");
        }
        result["result"]["value"].take()
    }

    /// Waits until the main frame has navigated to `url` and fired its load
    /// event, then forgets that load's `Page` events, so that a reload is
    /// waited for anew. Other events stay queued.
    pub(crate) async fn wait_for_load(&mut self, url: &str) {
        let loaded = |events: &[Event]| {
            let navigated = events.iter().position(|e| {
                let frame = &e.params["frame"];
                e.method == "Page.frameNavigated"
                    && frame["url"] == url
                    && frame["parentId"].is_null()
            })?;
            let load = events[navigated..]
                .iter()
                .position(|e| e.method == "Page.loadEventFired")?;
            Some(navigated + load)
        };
        self.wait_until(&format!("the load of {url}"), |events| {
            loaded(events).is_some()
        })
        .await;
        let end = loaded(&self.events).expect("loaded");
        let mut index = 0;
        self.events.retain(|event| {
            index += 1;
            index > end + 1 || !event.method.starts_with("Page.")
        });
    }

    /// Reads messages until `done` holds for the events queued, which stay
    /// queued; `what` names the wait in the failure message.
    pub(crate) async fn wait_until(&mut self, what: &str, done: impl Fn(&[Event]) -> bool) {
        let finished = async {
            while !done(&self.events) {
                let message = self.receive().await;
                assert!(message.get("id").is_none(), "unexpected reply {message}");
            }
        };
        guard(finished, what).await;
    }

    /// Takes every event received so far.
    pub(crate) fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }

    /// Reads the next message; events are queued and also returned.
    async fn receive(&mut self) -> Value {
        let text = match self.socket.next().await {
            Some(Ok(Message::Text(text))) => text,
            other => panic!("Chromium's connection ended: {other:?}"),
        };
        let message: Value = serde_json::from_str(text.as_str()).expect("CDP messages are JSON");
        if let Some(method) = message["method"].as_str() {
            self.events.push(Event {
                method: method.to_owned(),
                params: message["params"].clone(),
            });
        }
        message
    }
}

/// Runs `future` to completion, or fails the test after [`HANG_GUARD`].
async fn guard<T>(future: impl std::future::Future<Output = T>, waiting_for: &str) -> T {
    tokio::time::timeout(HANG_GUARD, future)
        .await
        .unwrap_or_else(|_| panic!("no answer from Chromium in {HANG_GUARD:?} for {waiting_for}"))
}
