//! Debian's headless Chromium, started for one test and killed when dropped.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Where Debian's `chromium` package installs the browser.
const CHROMIUM: &str = "/usr/bin/chromium";

/// A running headless Chromium with a fresh profile.
pub(crate) struct Chromium {
    child: Child,
    /// The browser's DevTools endpoint, `ws://127.0.0.1:<port>/devtools/browser/<id>`.
    pub(crate) websocket_url: String,
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts Chromium; fails the test when it is not installed.
    pub(crate) fn start() -> Chromium {
        assert!(
            Path::new(CHROMIUM).exists(),
            "{CHROMIUM} not found: the browser test needs Debian's Chromium. \
             Run scripts/test-deps, which installs it (apt-get install chromium chromium-driver)."
        );
        let profile = tempfile::tempdir().expect("a temporary profile folder");
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                // The machine's network is closed: no QUIC, no background
                // fetches, no component or sync updates, no first-run pages.
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1100,700",
                "--remote-debugging-port=0",
            ])
            .arg(user_data_dir(profile.path()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {CHROMIUM}: {error}"));
        let stderr = child.stderr.take().expect("stderr is piped");
        let mut lines = BufReader::new(stderr).lines();
        let mut seen = Vec::new();
        let websocket_url = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!(
                    "Chromium exited before listening; it printed:\n{}",
                    seen.join("\n")
                );
            };
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                break url.trim().to_owned();
            }
            seen.push(line);
        };
        // Keep reading so that Chromium never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Chromium {
            child,
            websocket_url,
            _profile: profile,
        }
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn user_data_dir(profile: &Path) -> OsString {
    let mut flag = OsString::from("--user-data-dir=");
    flag.push(profile);
    flag
}
