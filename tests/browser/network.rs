//! What crossed the wire while the page loaded, rebuilt from CDP `Network`
//! events.
//!
//! Statuses and headers come from the `*ExtraInfo` events, which report the
//! bytes on the wire: for a revalidated document, `Network.responseReceived`
//! reports the cached 200 while the server actually answered 304.

use serde_json::Value;

use crate::cdp::Event;

/// One request the page made and the answer it got.
#[derive(Debug)]
pub(crate) struct Exchange {
    request_id: String,
    /// The URL's path, `/app.css`.
    pub(crate) path: String,
    /// CDP's resource type: `Document`, `Stylesheet`, `Script`, `Image`,
    /// `Font`, `Fetch`.
    pub(crate) resource_type: String,
    /// The request headers as sent, `None` until reported.
    pub(crate) request_headers: Option<Value>,
    /// The status and response headers as received, `None` until reported.
    pub(crate) response: Option<(u64, Value)>,
}

impl Exchange {
    /// A request header, matched case-insensitively, or `"-"` when absent.
    pub(crate) fn request_header(&self, name: &str) -> String {
        header(self.request_headers.as_ref(), name)
    }

    /// A response header, matched case-insensitively, or `"-"` when absent.
    pub(crate) fn response_header(&self, name: &str) -> String {
        header(self.response.as_ref().map(|(_, headers)| headers), name)
    }

    fn complete(&self) -> bool {
        self.request_headers.is_some() && self.response.is_some()
    }
}

/// The exchanges of each document load, in load order, each load's sorted
/// by path. Left out: the favicon fetch (type `Other`), which the browser
/// makes for itself at a moment of its choosing, not for the page.
pub(crate) fn loads(events: &[Event]) -> Vec<Vec<Exchange>> {
    let mut loads: Vec<(String, Vec<Exchange>)> = Vec::new();
    for event in events
        .iter()
        .filter(|e| e.method == "Network.requestWillBeSent")
    {
        let params = &event.params;
        if params["type"] == "Other" {
            continue;
        }
        let loader = params["loaderId"].as_str().expect("a loader id").to_owned();
        let exchange = Exchange {
            request_id: string(&params["requestId"]),
            path: path_of(params["request"]["url"].as_str().expect("a URL")),
            resource_type: string(&params["type"]),
            request_headers: None,
            response: None,
        };
        match loads.iter_mut().find(|(id, _)| *id == loader) {
            Some((_, exchanges)) => exchanges.push(exchange),
            None => loads.push((loader, vec![exchange])),
        }
    }
    let mut loads: Vec<Vec<Exchange>> = loads.into_iter().map(|(_, load)| load).collect();
    for exchange in loads.iter_mut().flatten() {
        fill_in(exchange, events);
    }
    for load in &mut loads {
        load.sort_by(|a, b| a.path.cmp(&b.path));
    }
    loads
}

/// True once `count` loads were seen, each with at least `requests`
/// requests, every one of them sent and answered.
pub(crate) fn settled(events: &[Event], count: usize, requests: usize) -> bool {
    let loads = loads(events);
    loads.len() >= count
        && loads.iter().all(|load| load.len() >= requests)
        && loads.iter().flatten().all(Exchange::complete)
}

fn fill_in(exchange: &mut Exchange, events: &[Event]) {
    let of_this = |e: &&Event| e.params["requestId"].as_str() == Some(&exchange.request_id);
    for event in events.iter().filter(of_this) {
        let headers = event.params["headers"].clone();
        match event.method.as_str() {
            "Network.requestWillBeSentExtraInfo" => exchange.request_headers = Some(headers),
            "Network.responseReceivedExtraInfo" => {
                let status = event.params["statusCode"].as_u64().expect("a status code");
                exchange.response = Some((status, headers));
            }
            _ => {}
        }
    }
}

fn header(headers: Option<&Value>, name: &str) -> String {
    let found = headers.and_then(Value::as_object).and_then(|headers| {
        headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
    });
    match found {
        Some((_, value)) => string(value),
        None => "-".to_owned(),
    }
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let start = after_scheme.find('/').unwrap_or(after_scheme.len());
    after_scheme[start..].to_owned()
}

fn string(value: &Value) -> String {
    value.as_str().expect("a string").to_owned()
}
