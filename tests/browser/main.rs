//! The dashboard example in a real browser: Debian's headless Chromium loads
//! the app that `examples/dashboard.rs` serves, driven over the Chrome
//! DevTools Protocol. `scripts/test-deps` installs Chromium; without it this
//! test fails and says so.

mod cdp;
mod chromium;
mod network;

use std::net::SocketAddr;
use std::path::PathBuf;

use base64::Engine as _;
use serde_json::json;
use static_embed::{Encoding, StaticAssets};
use static_embed_suite::dashboard::{self, DashboardAssets};
use tokio::net::TcpListener;

use cdp::Cdp;
use chromium::Chromium;
use network::Exchange;

/// Every key of `examples/assets/dashboard`, sorted.
const KEYS: [&str; 6] = [
    "app.css",
    "app.js",
    "fonts/LICENSE-OFL.txt",
    "fonts/inter-latin-400.woff2",
    "icon.svg",
    "index.html",
];

/// The assets the page loads, by path and CDP resource type; the license
/// is embedded but not part of the page.
const PAGE_ASSETS: [(&str, &str, &str); 5] = [
    ("/", "index.html", "Document"),
    ("/app.css", "app.css", "Stylesheet"),
    ("/app.js", "app.js", "Script"),
    (
        "/fonts/inter-latin-400.woff2",
        "fonts/inter-latin-400.woff2",
        "Font",
    ),
    ("/icon.svg", "icon.svg", "Image"),
];

/// Resolves, once `app.js` has filled the table, to `data-ready`.
const READY: &str = r#"new Promise(resolve => {
    const ready = () => document.body.dataset.ready;
    if (ready() !== undefined) return resolve(ready());
    new MutationObserver((_, observer) => {
        if (ready() !== undefined) { observer.disconnect(); resolve(ready()); }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-ready"] });
})"#;

/// What the page shows and how it is styled, once its fonts are loaded.
const PAGE_STATE: &str = r##"document.fonts.ready.then(() => ({
    ready: document.body.dataset.ready,
    status: document.getElementById("status").textContent,
    rows: Array.from(document.querySelectorAll("#assets tbody tr"),
        row => Array.from(row.cells, cell => cell.textContent)),
    headerBackground: getComputedStyle(document.querySelector("header")).backgroundColor,
    bodyFont: getComputedStyle(document.body).fontFamily,
    interLoaded: document.fonts.check("16px Inter"),
    fontFaces: Array.from(document.fonts, face => `${face.family} ${face.status}`),
    iconLoaded: document.querySelector("header img").complete,
    iconWidth: document.querySelector("header img").naturalWidth,
}))"##;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_runs_styled_in_chromium_and_revalidates_its_assets_on_reload() {
    assert_eq!(DashboardAssets::iter().collect::<Vec<_>>(), KEYS);
    let address = serve_dashboard().await;
    let chromium = Chromium::start();
    let mut cdp = Cdp::connect(&chromium.websocket_url).await;
    cdp.open_page().await;
    for domain in ["Page", "Network", "Runtime"] {
        cdp.call(&format!("{domain}.enable"), json!({})).await;
    }

    let url = format!("http://{address}/");
    cdp.call("Page.navigate", json!({ "url": url })).await;
    load_and_check_page(&mut cdp, &url).await;
    let screenshot = screenshot(&mut cdp).await;
    println!("screenshot: {}", screenshot.display());

    cdp.call("Page.reload", json!({})).await;
    load_and_check_page(&mut cdp, &url).await;

    let requests_per_load = PAGE_ASSETS.len() + 1;
    cdp.wait_until("every request sent and answered", |events| {
        network::settled(events, 2, requests_per_load)
    })
    .await;
    let events = cdp.take_events();
    let errors: Vec<_> = events
        .iter()
        .filter(|e| e.method == "Runtime.exceptionThrown")
        .collect();
    assert!(errors.is_empty(), "the page threw: {errors:?}");
    let loads = network::loads(&events);
    assert_eq!(loads.len(), 2, "one load and one reload: {loads:#?}");
    assert_eq!(summary(&loads[0]), expected_first_load());
    assert_eq!(summary(&loads[1]), expected_reload());
}

/// Serves `dashboard::app()`, the example's app, on a free port.
async fn serve_dashboard() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("a bound address");
    tokio::spawn(async move { axum::serve(listener, dashboard::app()).await });
    address
}

/// Waits for the page and its script, then checks what it shows.
async fn load_and_check_page(cdp: &mut Cdp, url: &str) {
    cdp.wait_for_load(url).await;
    assert_eq!(cdp.evaluate(READY).await, "true", "app.js reports an error");
    let state = cdp.evaluate(PAGE_STATE).await;
    let expected = json!({
        "ready": "true",
        "status": format!("{} embedded assets", KEYS.len()),
        "rows": expected_rows(),
        "headerBackground": "rgb(20, 33, 61)",
        "bodyFont": "Inter, system-ui, sans-serif",
        "interLoaded": true,
        "fontFaces": ["Inter loaded"],
        "iconLoaded": true,
        // The SVG has a viewBox but no width or height: the default object
        // size, 300×150, fitted to its square viewBox. A broken image is 0.
        "iconWidth": 150,
    });
    assert_eq!(state, expected);
}

/// The table `app.js` builds from `/api/assets`: key, type, length with
/// thousands separators, stored codings, ETag.
fn expected_rows() -> Vec<[String; 5]> {
    KEYS.iter()
        .map(|key| {
            let asset = DashboardAssets::get(key).expect("listed keys exist");
            let codings: Vec<&str> = asset.encodings().map(Encoding::token).collect();
            [
                key.to_string(),
                asset.content_type().to_owned(),
                thousands(asset.len()),
                codings.join(", "),
                asset.etag().to_owned(),
            ]
        })
        .collect()
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// One exchange as seen on the wire; `"-"` stands for an absent header.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Row {
    path: String,
    resource_type: String,
    status: u64,
    content_type: String,
    content_encoding: String,
    etag: String,
    cache_control: String,
    /// The `If-None-Match` the browser sent.
    if_none_match: String,
}

impl Row {
    fn of(exchange: &Exchange) -> Row {
        Row {
            path: exchange.path.clone(),
            resource_type: exchange.resource_type.clone(),
            status: exchange.response.as_ref().expect("answered").0,
            content_type: exchange.response_header("content-type"),
            content_encoding: exchange.response_header("content-encoding"),
            etag: exchange.response_header("etag"),
            cache_control: exchange.response_header("cache-control"),
            if_none_match: exchange.request_header("if-none-match"),
        }
    }

    /// A row from `[path, resource type, Content-Type, Content-Encoding,
    /// ETag, Cache-Control, If-None-Match]` and the status.
    fn new(status: u64, fields: [&str; 7]) -> Row {
        let [path, resource_type, content_type, content_encoding, etag, cache_control, if_none_match] =
            fields.map(str::to_owned);
        Row {
            path,
            resource_type,
            status,
            content_type,
            content_encoding,
            etag,
            cache_control,
            if_none_match,
        }
    }
}

fn summary(load: &[Exchange]) -> Vec<Row> {
    load.iter().map(Row::of).collect()
}

/// A fresh profile: every asset is fetched with 200, in the coding the
/// server prefers among those Chromium accepts (`br`, `zstd`, `gzip`: any
/// stored copy), with that copy's ETag.
fn expected_first_load() -> Vec<Row> {
    let mut rows: Vec<Row> = PAGE_ASSETS
        .iter()
        .map(|&(path, key, kind)| {
            let asset = DashboardAssets::get(key).expect("page assets exist");
            let (coding, etag) = served_coding(key);
            let fields = [
                path,
                kind,
                asset.content_type(),
                &coding,
                &etag,
                "no-cache",
                "-",
            ];
            Row::new(200, fields)
        })
        .collect();
    rows.push(api_row());
    rows.sort();
    rows
}

/// A reload: each asset is revalidated with its ETag and answered 304
/// (`Cache-Control: no-cache` allows no reuse without asking); the API,
/// `no-store`, is fetched again.
fn expected_reload() -> Vec<Row> {
    let mut rows: Vec<Row> = PAGE_ASSETS
        .iter()
        .map(|&(path, key, kind)| {
            let (_, etag) = served_coding(key);
            Row::new(304, [path, kind, "-", "-", &etag, "no-cache", &etag])
        })
        .collect();
    rows.push(api_row());
    rows.sort();
    rows
}

fn api_row() -> Row {
    let fields = [
        "/api/assets",
        "Fetch",
        "application/json",
        "-",
        "-",
        "no-store",
        "-",
    ];
    Row::new(200, fields)
}

/// The `Content-Encoding` (or `"-"`) and ETag of the copy served to a
/// browser that accepts every stored coding: the most preferred one.
fn served_coding(key: &str) -> (String, String) {
    let asset = DashboardAssets::get(key).expect("page assets exist");
    let coding = asset.encodings().next().expect("identity at least");
    let etag = asset.etag_for(coding).expect("stored").to_owned();
    match coding {
        Encoding::Identity => ("-".to_owned(), etag),
        coding => (coding.token().to_owned(), etag),
    }
}

/// Saves a PNG of the page in this test's output folder.
async fn screenshot(cdp: &mut Cdp) -> PathBuf {
    let shot = cdp
        .call("Page.captureScreenshot", json!({ "format": "png" }))
        .await;
    let data = shot["data"].as_str().expect("base64 PNG data");
    let png = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("valid base64");
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&folder).expect("the screenshot folder");
    let path = folder.join("dashboard.png");
    std::fs::write(&path, png).expect("the screenshot is written");
    path
}
