//! Every diagnostic of the derive, checked against its expected compiler
//! output (`tests/ui/*.stderr`). Regenerate with `TRYBUILD=overwrite`.

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
}

#[cfg(unix)]
fn write_non_utf8_name(folder: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff.txt");
    fs::write(folder.join(name), "latin-1 name\n").unwrap();
}

#[test]
fn every_diagnostic_points_at_the_attribute() {
    let fixtures = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ui-fixtures");
    make_fixtures(&fixtures);
    // The macro reads `$UI_FIXTURES` at compile time; trybuild's builds
    // inherit this process's environment.
    std::env::set_var("UI_FIXTURES", &fixtures);
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
