//! Each derive attribute changes what is embedded, the same way in both
//! build modes.

use static_embed::StaticAssets;
use static_embed_suite::BASIC_KEYS;

fn keys<A: StaticAssets>() -> Vec<String> {
    A::iter().map(|key| key.into_owned()).collect()
}

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[prefix = "static/v1/"]
struct Prefixed;

#[test]
fn prefix_is_prepended_to_every_key() {
    let expected: Vec<String> = BASIC_KEYS
        .iter()
        .map(|k| format!("static/v1/{k}"))
        .collect();
    assert_eq!(keys::<Prefixed>(), expected);
    assert_eq!(
        Prefixed::get("/static/v1/hello.txt").unwrap().bytes(),
        b"Hello, world!\n"
    );
    assert_eq!(
        Prefixed::get("static/v1/hello.txt").unwrap().key(),
        "static/v1/hello.txt"
    );
    assert!(Prefixed::get("hello.txt").is_none());
    assert!(Prefixed::get("static/hello.txt").is_none());
}

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[include = "**/*.css"]
#[include = "*.html"]
#[exclude = "sub/**"]
#[exclude = "img/*"]
#[include = "img/*.svg"]
struct Filtered;

#[test]
fn include_and_exclude_globs_select_files_and_exclude_wins() {
    assert_eq!(keys::<Filtered>(), ["css/site.css", "index.html"]);
    assert!(Filtered::get("sub/index.html").is_none());
    assert!(Filtered::get("img/logo.svg").is_none());
    assert!(Filtered::get("hello.txt").is_none());
    assert!(Filtered::get("index.html").is_some());
}

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[include_hidden]
struct WithHidden;

#[test]
fn hidden_files_are_embedded_only_when_opted_in() {
    let keys = keys::<WithHidden>();
    assert!(keys.contains(&".env".to_owned()), "{keys:?}");
    assert!(keys.contains(&".hidden/secret.txt".to_owned()), "{keys:?}");
    assert_eq!(
        WithHidden::get(".env").unwrap().bytes(),
        b"SECRET=do-not-serve\n"
    );
    assert_eq!(keys.len(), BASIC_KEYS.len() + 2);
}

#[derive(StaticAssets)]
#[folder = "tests/fixtures/not-built-yet"]
#[allow_missing = true]
struct NotBuiltYet;

#[test]
fn allow_missing_turns_a_missing_folder_into_an_empty_set() {
    assert_eq!(NotBuiltYet::iter().count(), 0);
    assert!(NotBuiltYet::get("index.html").is_none());
}

#[derive(StaticAssets)]
#[folder = "$CARGO_MANIFEST_DIR/tests/fixtures/${NAME_FOR_TESTS}"]
struct FromEnvironment;

#[test]
fn folder_expands_environment_variables() {
    assert_eq!(keys::<FromEnvironment>(), BASIC_KEYS);
}

mod reexported {
    pub(crate) use static_embed as assets;
}

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[crate_path = "crate::reexported::assets"]
struct ThroughReexport;

#[test]
fn crate_path_lets_a_reexport_name_the_runtime() {
    assert_eq!(
        ThroughReexport::get("hello.txt").unwrap().bytes(),
        b"Hello, world!\n"
    );
}

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Generic<T>(std::marker::PhantomData<T>);

#[test]
fn generic_types_can_derive() {
    assert!(Generic::<u8>::get("hello.txt").is_some());
}
