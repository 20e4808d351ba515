//! The server as real curl sees it: runs `tests/curl.sh` against a live
//! server. curl is required; without it this test fails, it does not skip.

use std::process::Command;

use static_embed::StaticAssets;
use static_embed_suite::{workspace_root, TestServer, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Assets;

#[test]
fn curl_sees_the_expected_status_lines_and_headers() {
    let curl = Command::new("curl").arg("--version").output();
    assert!(
        curl.is_ok_and(|output| output.status.success()),
        "curl not found on PATH: this test runs real curl; \
         run scripts/test-deps, which installs it, or `apt-get install curl`"
    );
    let server = TestServer::start(|request| Assets::respond(&request));
    let mode = if EMBEDDED { "embedded" } else { "disk" };
    let output = Command::new("bash")
        .arg(workspace_root().join("tests/curl.sh"))
        .args([server.url().as_str(), mode])
        .output()
        .expect("run bash tests/curl.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "tests/curl.sh failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("curl checks passed"), "{stdout}");
}
