//! What `get` and `iter` return, in whichever mode this test binary was
//! built in (`cargo test` reads the disk, `cargo test --release` embeds).

use std::io::Read;

use static_embed::{Encoding, StaticAssets};
use static_embed_suite::{fixture, BASIC_KEYS, EMBEDDED};

#[derive(StaticAssets)]
#[folder = "tests/fixtures/basic"]
struct Basic;

#[test]
fn iter_lists_every_asset_once_in_sorted_order() {
    let keys: Vec<String> = Basic::iter().map(|k| k.to_string()).collect();
    assert_eq!(keys, BASIC_KEYS);
}

#[test]
fn every_asset_matches_the_file_on_disk_byte_for_byte() {
    for key in BASIC_KEYS {
        let asset = Basic::get(key).unwrap_or_else(|| panic!("{key} missing"));
        let on_disk = std::fs::read(fixture("basic").join(key)).unwrap();
        assert_eq!(asset.bytes(), &on_disk[..], "{key}");
        assert_eq!(asset.len(), on_disk.len(), "{key}");
        assert_eq!(asset.key(), key);
        assert_eq!(asset.hash(), *blake3::hash(&on_disk).as_bytes(), "{key}");
    }
}

#[test]
fn a_leading_slash_finds_the_same_asset() {
    assert_eq!(
        Basic::get("/hello.txt").unwrap().bytes(),
        b"Hello, world!\n"
    );
    assert_eq!(
        Basic::get("/你好世界.txt").unwrap().bytes(),
        "你好，世界\n".as_bytes()
    );
    assert_eq!(Basic::get("/filename with space.txt").unwrap().len(), 20);
}

#[test]
fn content_types_come_from_the_extension_with_a_charset_on_text() {
    let expected = [
        ("index.html", "text/html; charset=utf-8"),
        ("css/site.css", "text/css; charset=utf-8"),
        ("js/app.js", "text/javascript; charset=utf-8"),
        ("img/logo.svg", "image/svg+xml; charset=utf-8"),
        ("img/pixel.png", "image/png"),
        ("data.json", "application/json; charset=utf-8"),
        ("hello.txt", "text/plain; charset=utf-8"),
    ];
    for (key, content_type) in expected {
        assert_eq!(
            Basic::get(key).unwrap().content_type(),
            content_type,
            "{key}"
        );
    }
}

#[test]
fn etags_are_strong_and_derived_from_the_blake3_hash() {
    let asset = Basic::get("hello.txt").unwrap();
    let hex = blake3::hash(b"Hello, world!\n").to_hex();
    assert_eq!(asset.etag(), format!("\"{}\"", &hex[..32]));
    assert_eq!(asset.etag_for(Encoding::Identity), Some(asset.etag()));
}

#[test]
fn last_modified_is_the_file_mtime_to_the_second() {
    let asset = Basic::get("hello.txt").unwrap();
    let mtime = std::fs::metadata(fixture("basic/hello.txt"))
        .unwrap()
        .modified()
        .unwrap();
    let expected = mtime
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let got = asset
        .last_modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(epoch) => assert_eq!(got, epoch.parse::<u64>().unwrap()),
        Err(_) => assert_eq!(got, expected),
    }
}

#[test]
fn unknown_paths_find_nothing() {
    for path in [
        "missing.txt",
        "css",
        "css/",
        "sub",
        "HELLO.TXT",
        "hello.txt/",
    ] {
        assert!(Basic::get(path).is_none(), "{path}");
    }
}

#[test]
fn compressed_copies_exist_only_in_embedded_builds_and_decode_to_the_identity_bytes() {
    let css = Basic::get("css/site.css").unwrap();
    if !EMBEDDED {
        assert_eq!(css.encodings().collect::<Vec<_>>(), [Encoding::Identity]);
        return;
    }
    assert_eq!(
        css.encodings().collect::<Vec<_>>(),
        [Encoding::Brotli, Encoding::Gzip, Encoding::Identity]
    );
    let mut from_brotli = Vec::new();
    brotli::Decompressor::new(css.encoded(Encoding::Brotli).unwrap(), 4096)
        .read_to_end(&mut from_brotli)
        .unwrap();
    assert_eq!(from_brotli, css.bytes());
    let mut from_gzip = Vec::new();
    flate2::read::GzDecoder::new(css.encoded(Encoding::Gzip).unwrap())
        .read_to_end(&mut from_gzip)
        .unwrap();
    assert_eq!(from_gzip, css.bytes());
    let identity_etag = css.etag().trim_matches('"').to_owned();
    assert_eq!(
        css.etag_for(Encoding::Brotli),
        Some(&*format!("\"{identity_etag}-br\""))
    );
    assert_eq!(
        css.etag_for(Encoding::Gzip),
        Some(&*format!("\"{identity_etag}-gz\""))
    );
}

#[test]
fn tiny_and_already_compressed_files_get_no_compressed_copies() {
    for key in ["hello.txt", "img/pixel.png", "empty.txt"] {
        let asset = Basic::get(key).unwrap();
        assert_eq!(
            asset.encodings().collect::<Vec<_>>(),
            [Encoding::Identity],
            "{key}"
        );
        assert_eq!(asset.encoded(Encoding::Brotli), None);
    }
}

#[test]
fn cloning_an_asset_keeps_its_bytes() {
    let asset = Basic::get("css/site.css").unwrap();
    let copy = asset.clone();
    assert_eq!(copy.bytes(), asset.bytes());
    assert_eq!(copy.to_bytes(), asset.bytes());
}
