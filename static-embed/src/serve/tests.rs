//! A file of the live folder (debug builds) that is there but cannot be
//! read is answered 403 or 500 with a log line naming it, not 404.
//!
//! The folders are made at run time (git keeps no mode 000) and served
//! through a `StaticAssets` type written by hand over a `DiskFolder`, so the
//! test reads the disk whatever the build mode and features.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::task::{Context, Poll, Waker};

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use http::{Request, Response, StatusCode};
use http_body::Body as _;

use crate::disk::DiskFolder;
use crate::source::Source;
use crate::{Body, StaticAssets};

/// Every log record of this test binary, as `(target, message)`.
struct Captured(Mutex<Vec<(String, String)>>);

static LOG: Captured = Captured(Mutex::new(Vec::new()));

impl log::Log for Captured {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = (record.target().to_owned(), record.args().to_string());
        self.0.lock().unwrap().push(line);
    }

    fn flush(&self) {}
}

fn capture_log() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        log::set_logger(&LOG).expect("no other logger in this test binary");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

fn logged(message: &str) -> bool {
    let lines = LOG.0.lock().unwrap();
    lines
        .iter()
        .any(|(target, line)| target == "static_embed::disk" && line == message)
}

/// `folder` served as a debug build serves it.
fn disk(folder: &Path) -> &'static DiskFolder {
    let root = folder
        .to_str()
        .expect("a UTF-8 temporary folder")
        .to_owned();
    let root: &'static str = Box::leak(root.into_boxed_str());
    Box::leak(Box::new(DiskFolder::new(root, "", &[], &[], false)))
}

fn get<A: StaticAssets>(path: &str) -> Response<Body> {
    A::respond(&Request::get(path).body(()).unwrap())
}

/// The whole body; `Body` is always ready.
fn text(response: Response<Body>) -> String {
    let mut body = response.into_body();
    let mut cx = Context::from_waker(Waker::noop());
    let mut bytes = Vec::new();
    while let Poll::Ready(Some(frame)) = std::pin::Pin::new(&mut body).poll_frame(&mut cx) {
        let frame = frame.unwrap_or_else(|never| match never {});
        bytes.extend_from_slice(&frame.into_data().unwrap());
    }
    String::from_utf8(bytes).unwrap()
}

/// Exactly the fields of a short `text/plain` error.
fn assert_plain_error(response: Response<Body>, status: StatusCode, body: &str) {
    assert_eq!(response.status(), status);
    let headers = response.headers();
    assert_eq!(headers.len(), 3, "{headers:?}");
    assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[CONTENT_TYPE], "text/plain; charset=utf-8");
    assert_eq!(headers[CONTENT_LENGTH], body.len().to_string().as_str());
    assert_eq!(text(response), body);
}

#[cfg(unix)]
mod permission_denied {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    const NAME: &str =
        "serve::tests::permission_denied::a_file_or_a_folder_that_may_not_be_read_is_a_403_with_a_log_line";

    /// A folder with a readable `ok.txt`, a mode-000 `secret.txt`, and a
    /// mode-000 folder `locked/` holding `inside.txt`, one per process (the
    /// test may run again in a child process).
    fn folder() -> PathBuf {
        static FOLDER: OnceLock<PathBuf> = OnceLock::new();
        FOLDER
            .get_or_init(|| {
                let folder = std::env::temp_dir()
                    .join(format!("static-embed-unreadable-{}", std::process::id()));
                let _ = fs::remove_dir_all(&folder);
                fs::create_dir_all(&folder).unwrap();
                fs::write(folder.join("ok.txt"), "ok\n").unwrap();
                let secret = folder.join("secret.txt");
                fs::write(&secret, "no one may read this\n").unwrap();
                fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
                let locked = folder.join("locked");
                fs::create_dir(&locked).unwrap();
                fs::write(
                    locked.join("inside.txt"),
                    "behind a folder no one may search\n",
                )
                .unwrap();
                fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
                folder.canonicalize().unwrap()
            })
            .clone()
    }

    struct Unreadable;

    impl StaticAssets for Unreadable {
        fn __source() -> Source {
            static FOLDER: OnceLock<&'static DiskFolder> = OnceLock::new();
            Source::Disk(FOLDER.get_or_init(|| disk(&folder())))
        }
    }

    /// Root reads a mode-000 file anyway (`CAP_DAC_OVERRIDE`,
    /// `CAP_DAC_READ_SEARCH`): run as root (CI containers), the test runs
    /// itself again without them, with util-linux's `setpriv`, as
    /// `tests/ui.rs` does.
    fn rerun_without_file_access_override() {
        let dropped = "-dac_override,-dac_read_search";
        let status = std::process::Command::new("setpriv")
            .arg(format!("--inh-caps={dropped}"))
            .arg(format!("--bounding-set={dropped}"))
            .arg(std::env::current_exe().unwrap())
            .args(["--exact", NAME])
            .status()
            .expect("run `setpriv` (util-linux) to drop root's file access override");
        assert!(status.success(), "the test failed without the override");
    }

    /// Removes the folder, once its locked folder may be searched again.
    fn remove(folder: &Path) {
        let _ = fs::set_permissions(folder.join("locked"), fs::Permissions::from_mode(0o755));
        let _ = fs::remove_dir_all(folder);
    }

    #[test]
    fn a_file_or_a_folder_that_may_not_be_read_is_a_403_with_a_log_line() {
        let folder = folder();
        let secret = folder.join("secret.txt");
        if fs::read(&secret).is_ok() {
            rerun_without_file_access_override();
            remove(&folder);
            return;
        }
        capture_log();
        assert_eq!(get::<Unreadable>("/ok.txt").status(), StatusCode::OK);
        let response = get::<Unreadable>("/secret.txt");
        assert_plain_error(response, StatusCode::FORBIDDEN, "403 Forbidden\n");
        let eacces = std::io::Error::from_raw_os_error(13);
        let message = format!("cannot read {}: {eacces}", secret.display());
        assert!(
            logged(&message),
            "{message:?} not in {:?}",
            LOG.0.lock().unwrap()
        );
        // `get` cannot say why; it finds nothing.
        assert!(Unreadable::get("secret.txt").is_none());

        let response = get::<Unreadable>("/locked/inside.txt");
        assert_plain_error(response, StatusCode::FORBIDDEN, "403 Forbidden\n");
        let inside = folder.join("locked/inside.txt");
        let message = format!("cannot read {}: {eacces}", inside.display());
        assert!(
            logged(&message),
            "{message:?} not in {:?}",
            LOG.0.lock().unwrap()
        );
        assert_eq!(
            get::<Unreadable>("/locked/missing.txt").status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get::<Unreadable>("/missing/inside.txt").status(),
            StatusCode::NOT_FOUND
        );
        remove(&folder);
    }
}

/// Linux's `/proc/<pid>/mem` is a regular file whose first page is never
/// mapped, so reading it fails with `EIO`: a real I/O error.
#[cfg(target_os = "linux")]
mod io_error {
    use super::*;

    struct Proc;

    impl StaticAssets for Proc {
        fn __source() -> Source {
            static FOLDER: OnceLock<&'static DiskFolder> = OnceLock::new();
            Source::Disk(FOLDER.get_or_init(|| disk(Path::new("/proc/self"))))
        }
    }

    #[test]
    fn a_file_whose_read_fails_is_a_500_with_a_log_line() {
        capture_log();
        let response = get::<Proc>("/mem");
        assert_plain_error(
            response,
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error\n",
        );
        let mem = PathBuf::from("/proc/self/mem").canonicalize().unwrap();
        let eio = std::io::Error::from_raw_os_error(5);
        let message = format!("cannot read {}: {eio}", mem.display());
        assert!(
            logged(&message),
            "{message:?} not in {:?}",
            LOG.0.lock().unwrap()
        );
    }
}
