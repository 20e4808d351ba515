//! Debian's headless Chromium, started for one test and killed when dropped.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Where Debian's `chromium` package installs the browser.
const CHROMIUM: &str = "/usr/bin/chromium";

/// A running headless Chromium with a fresh profile.
pub(crate) struct Chromium {
    child: Child,
    /// The browser's DevTools endpoint, `ws://127.0.0.1:<port>/devtools/browser/<id>`.
    pub(crate) websocket_url: String,
    _profile: tempfile::TempDir,
}

/// What to do when Chromium is missing.
const INSTALL: &str = "run scripts/test-deps, which installs it, or `apt-get install chromium`";

/// What to do when it is there but does not work.
const REINSTALL: &str = "reinstall it with `apt-get install --reinstall chromium`";

/// How long Chromium may take to open its DevTools port.
const STARTUP: Duration = Duration::from_secs(30);

impl Chromium {
    /// Starts Chromium; fails the test, saying what to install or run, when
    /// it is not installed or does not start.
    pub(crate) fn start() -> Chromium {
        assert!(
            Path::new(CHROMIUM).exists(),
            "{CHROMIUM} not found: the browser test needs Debian's Chromium; {INSTALL}"
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
            .unwrap_or_else(|error| panic!("cannot start {CHROMIUM}: {error}; {REINSTALL}"));
        let lines = stderr_lines(&mut child);
        let deadline = Instant::now() + STARTUP;
        let mut seen = Vec::new();
        let websocket_url = loop {
            let line = lines.recv_timeout(deadline.saturating_duration_since(Instant::now()));
            let line = match line {
                Ok(line) => line,
                Err(RecvTimeoutError::Disconnected) => {
                    let status = child.wait().expect("Chromium's exit status");
                    panic!(
                        "{CHROMIUM} exited ({status}) before opening its DevTools port; \
                         {REINSTALL}. It printed:\n{}",
                        seen.join("\n")
                    );
                }
                Err(RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    panic!(
                        "{CHROMIUM} opened no DevTools port within {} s; {REINSTALL}. \
                         It printed:\n{}",
                        STARTUP.as_secs(),
                        seen.join("\n")
                    );
                }
            };
            if let Some(url) = line.strip_prefix("DevTools listening on ") {
                break url.trim().to_owned();
            }
            seen.push(line);
        };
        Chromium {
            child,
            websocket_url,
            _profile: profile,
        }
    }
}

/// Chromium's stderr, line by line, read on a thread of its own until it
/// closes, so that Chromium never blocks on a full pipe.
fn stderr_lines(child: &mut Child) -> Receiver<String> {
    let stderr = child.stderr.take().expect("stderr is piped");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            // Once the address is read nobody listens; keep draining.
            let _ = sender.send(line);
        }
    });
    receiver
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
