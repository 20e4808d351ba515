//! No input to `get` reaches a file outside the folder, in either build mode
//! (`cargo test` reads the disk, `cargo test --release` embeds; whichever
//! the suite runs in, `tests/downstream.rs` tries the same inputs on a
//! binary built in each). The folder holds symlinks to `../outside`, whose
//! `secret.txt` must never be served.

use static_embed::StaticAssets;
use static_embed_suite::{fixture, traversal_attacks, OUTSIDE_SECRET};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Basic;

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
#[prefix = "static/"]
struct Prefixed;

fn attacks() -> Vec<String> {
    traversal_attacks(&fixture("outside/secret.txt"))
}

#[test]
fn the_secret_outside_the_folder_exists_so_these_tests_mean_something() {
    let secret = std::fs::read_to_string(fixture("basic/link-outside/secret.txt")).unwrap();
    assert_eq!(secret, OUTSIDE_SECRET);
    assert!(fixture("basic/.env").is_file());
}

#[test]
fn traversal_attempts_find_nothing() {
    for attack in attacks() {
        assert!(
            Basic::get(&attack).is_none(),
            "{attack:?} must not be served"
        );
    }
}

#[test]
fn traversal_attempts_find_nothing_behind_a_prefix() {
    for attack in attacks() {
        let path = format!("static/{attack}");
        assert!(
            Prefixed::get(&path).is_none(),
            "{path:?} must not be served"
        );
    }
}

#[test]
fn no_key_leads_outside_or_to_a_hidden_file() {
    for key in Basic::iter() {
        let asset = Basic::get(&key).unwrap();
        assert_ne!(asset.bytes(), OUTSIDE_SECRET.as_bytes(), "{key}");
        assert!(!key.split('/').any(|s| s.starts_with('.')), "{key}");
    }
}

#[test]
fn a_symlink_that_stays_inside_the_folder_is_followed() {
    assert_eq!(
        Basic::get("link-inside.txt").unwrap().bytes(),
        b"Hello, world!\n"
    );
}
