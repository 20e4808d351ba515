//! Every diagnostic of the derive, checked against its expected compiler
//! output (`tests/ui/*.stderr`). Regenerate with `TRYBUILD=overwrite`.
//!
//! Unix only: some cases need a file name that is not UTF-8, one holding a
//! backslash, and a file its owner cannot read.
#![cfg(unix)]

use std::fs;
use std::path::Path;

/// Folders the UI tests point at through `$UI_FIXTURES`. Names that git
/// cannot carry portably (not UTF-8, a backslash) are made here.
fn make_fixtures(root: &Path) {
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("plain")).unwrap();
    fs::write(root.join("plain/index.html"), "<!doctype html>\n").unwrap();
    fs::write(root.join("a-file.txt"), "not a folder\n").unwrap();
    fs::create_dir_all(root.join("non-utf8")).unwrap();
    fs::write(root.join("non-utf8/ok.txt"), "ok\n").unwrap();
    fs::create_dir_all(root.join("backslash")).unwrap();
    fs::write(root.join("backslash/back\\slash.txt"), "\\\n").unwrap();
    write_non_utf8_name(&root.join("non-utf8"));
    write_unreadable_file(&root.join("unreadable"));
}

/// A folder holding a file nobody may read (mode 000).
fn write_unreadable_file(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir_all(folder).unwrap();
    fs::write(folder.join("ok.txt"), "ok\n").unwrap();
    let secret = folder.join("secret.txt");
    fs::write(&secret, "no one may read this\n").unwrap();
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
}

/// Root reads a mode-000 file anyway, through the `CAP_DAC_OVERRIDE` and
/// `CAP_DAC_READ_SEARCH` capabilities. Run as root (CI containers), the test
/// runs itself again without them, with util-linux's `setpriv`, so the
/// unreadable-file case still meets an unreadable file.
fn rerun_without_file_access_override() {
    let test = std::env::current_exe().unwrap();
    let dropped = "-dac_override,-dac_read_search";
    let status = std::process::Command::new("setpriv")
        .arg(format!("--inh-caps={dropped}"))
        .arg(format!("--bounding-set={dropped}"))
        .arg(test)
        .args(["--exact", "every_diagnostic_points_at_the_attribute"])
        .status()
        .expect("run `setpriv` (util-linux) to drop root's file access override");
    assert!(status.success(), "the UI tests failed without the override");
}

fn write_non_utf8_name(folder: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff.txt");
    fs::write(folder.join(name), "latin-1 name\n").unwrap();
}

#[test]
fn every_diagnostic_points_at_the_attribute() {
    // Under the checkout, not the target folder, so that the expected
    // output names the same `$DIR/tests/ui-fixtures/..` wherever
    // `CARGO_TARGET_DIR` points; ignored by git.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui-fixtures");
    make_fixtures(&fixtures);
    if fs::read(fixtures.join("unreadable/secret.txt")).is_ok() {
        return rerun_without_file_access_override();
    }
    // The macro reads `$UI_FIXTURES` at compile time; trybuild's builds
    // inherit this process's environment.
    std::env::set_var("UI_FIXTURES", &fixtures);
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
