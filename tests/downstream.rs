//! Builds a real downstream crate with cargo, in a temp dir, in debug and
//! release, and checks what its binary serves against the folder on disk.
//!
//! The crate's dependencies are built once into `target/downstream/` and
//! reused by later runs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use static_embed_suite::{fixture, traversal_attacks, workspace_root, BASIC_KEYS};

const MAIN_RS: &str = r#"
// The derive's output (`global_asm!`, an `extern` static) must not trip it.
#![forbid(unsafe_code)]

use std::path::Path;
use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "static"]
struct Assets;

/// Writes every asset under the folder given as the first argument, and
/// its compressed copies next to it (`css/site.css.br`), and prints one
/// line of metadata per asset. With `--probe`, prints for each line of
/// standard input the key `get` finds for it and its last-modified time in
/// seconds, or `-`.
fn main() {
    let out = std::env::args().nth(1).expect("output folder");
    if out == "--probe" {
        for path in std::io::stdin().lines() {
            match Assets::get(&path.unwrap()) {
                Some(asset) => {
                    let modified = asset.last_modified().unwrap();
                    let seconds = modified.duration_since(std::time::UNIX_EPOCH).unwrap();
                    println!("{}\t{}", asset.key(), seconds.as_secs());
                }
                None => println!("-"),
            }
        }
        return;
    }
    for key in Assets::iter() {
        let asset = Assets::get(&key).expect("every listed key is found");
        let path = Path::new(&out).join(&*key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, asset.bytes()).unwrap();
        for encoding in asset.encodings().filter(|e| *e != static_embed::Encoding::Identity) {
            let copy = format!("{}.{}", path.display(), encoding.file_extension());
            std::fs::write(copy, asset.encoded(encoding).unwrap()).unwrap();
        }
        println!("{key}\t{}\t{}\t{}", asset.etag(), asset.content_type(), asset.len());
    }
}
"#;

const BUILD_RS: &str = r#"
fn main() {
    static_embed::build::track("static");
}
"#;

/// A throwaway crate embedding a copy of `tests/fixtures/basic` as `static/`.
struct Downstream {
    dir: tempfile::TempDir,
    /// Unique per test: the tests share a target dir, so their binaries
    /// need different names.
    name: &'static str,
    /// Its target dir, relative to the workspace root.
    target: &'static str,
}

fn succeed(mut cargo: Command, profile: Profile) {
    let output = cargo.output().unwrap();
    assert!(
        output.status.success(),
        "{cargo:?} ({profile:?}) failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The manifest of a throwaway package, with `dependencies` (lines of the
/// `[dependencies]` table).
fn package_manifest(name: &str, dependencies: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{dependencies}"
    )
}

/// `static-embed = { path = ... }`: the dependency line for this workspace's
/// runtime crate.
fn runtime_dependency() -> String {
    runtime_dependency_with(&[])
}

/// The dependency line for the runtime crate with `features` on.
fn runtime_dependency_with(features: &[&str]) -> String {
    let runtime = workspace_root().join("static-embed");
    format!("static-embed = {{ path = {runtime:?}, features = {features:?} }}\n")
}

/// A temp dir holding a workspace of `members` (each written by the caller)
/// and this workspace's `Cargo.lock`, so no dependency is resolved anew.
fn workspace_of(members: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let manifest = format!("[workspace]\nmembers = {members:?}\nresolver = \"2\"\n");
    fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    fs::copy(
        workspace_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    dir
}

/// `cargo build -p PACKAGE` in the workspace at `root`, in `profile`, into
/// `target`.
fn build_package(root: &Path, package: &str, target: &Path, profile: Profile) -> Command {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .args(["build", "--quiet", "-p", package])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target);
    if let Profile::Release = profile {
        cargo.arg("--release");
    }
    cargo
}

#[derive(Clone, Copy, Debug)]
enum Profile {
    Debug,
    Release,
}

impl Downstream {
    /// The crate, with a build script that tracks `static/`.
    fn new(name: &'static str) -> Downstream {
        Downstream::create(name, true, &[])
    }

    /// The crate without a build script: the derive has Cargo watch each
    /// file itself.
    fn without_build_script(name: &'static str) -> Downstream {
        Downstream::create(name, false, &[])
    }

    /// The crate, with a build script, and the `incbin` feature on.
    fn with_incbin(name: &'static str) -> Downstream {
        Downstream::create(name, true, &["incbin"])
    }

    fn create(name: &'static str, build_script: bool, features: &[&str]) -> Downstream {
        let dir = tempfile::tempdir().unwrap();
        let dependency = runtime_dependency_with(features);
        let mut manifest = package_manifest(name, &dependency) + "\n[workspace]\n";
        if build_script {
            manifest += &format!("\n[build-dependencies]\n{}", runtime_dependency());
            fs::write(dir.path().join("build.rs"), BUILD_RS).unwrap();
        }
        fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
        fs::copy(
            workspace_root().join("Cargo.lock"),
            dir.path().join("Cargo.lock"),
        )
        .unwrap();
        fs::create_dir(dir.path().join("src")).unwrap();
        fs::write(dir.path().join("src/main.rs"), MAIN_RS).unwrap();
        // `cp -a` keeps the fixture's symlinks, and `outside/` is their target.
        for (from, to) in [("basic", "static"), ("outside", "outside")] {
            let status = Command::new("cp")
                .arg("-a")
                .arg(fixture(from))
                .arg(dir.path().join(to))
                .status()
                .unwrap();
            assert!(status.success());
        }
        Downstream {
            dir,
            name,
            target: "target/downstream",
        }
    }

    fn static_dir(&self) -> PathBuf {
        self.dir.path().join("static")
    }

    fn build(&self, profile: Profile) {
        self.build_with_cache(profile, None);
    }

    /// Builds with `STATIC_EMBED_CACHE_DIR` set to `cache`, when given.
    fn build_with_cache(&self, profile: Profile, cache: Option<&Path>) {
        let mut cargo = self.cargo("build", profile);
        if let Some(cache) = cache {
            cargo.env("STATIC_EMBED_CACHE_DIR", cache);
        }
        succeed(cargo, profile);
    }

    /// A release build whose own crate (not its dependencies) gets
    /// `--cfg static_embed_include_bytes`: every file an `include_bytes!`.
    fn build_including_bytes(&self) {
        let mut cargo = self.cargo("rustc", Profile::Release);
        cargo.args(["--", "--cfg", "static_embed_include_bytes"]);
        succeed(cargo, Profile::Release);
    }

    /// `cargo SUBCOMMAND` for this crate in `profile`, into the target dir
    /// the tests share (its dependencies are built once).
    fn cargo(&self, subcommand: &str, profile: Profile) -> Command {
        let mut cargo = Command::new(env!("CARGO"));
        cargo
            .arg(subcommand)
            .arg("--quiet")
            .current_dir(self.dir.path())
            .env("CARGO_TARGET_DIR", self.target_dir());
        if let Profile::Release = profile {
            cargo.arg("--release");
        }
        cargo
    }

    fn target_dir(&self) -> PathBuf {
        workspace_root().join(self.target)
    }

    fn binary(&self, profile: Profile) -> PathBuf {
        let folder = match profile {
            Profile::Debug => "debug",
            Profile::Release => "release",
        };
        self.target_dir().join(folder).join(self.name)
    }

    /// The files rustc read to compile the crate's binary in `profile`
    /// (its dep-info, which Cargo checks for changes), below the crate's
    /// folder, relative to it.
    fn compiler_inputs(&self, profile: Profile) -> Vec<String> {
        let deps = self.binary(profile).with_file_name("deps");
        let prefix = format!("{}-", self.name.replace('-', "_"));
        let newest = fs::read_dir(&deps)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| {
                let name = path.file_name().unwrap().to_str().unwrap();
                name.starts_with(&prefix) && name.ends_with(".d")
            })
            .max_by_key(|path| fs::metadata(path).unwrap().modified().unwrap())
            .expect("a dep-info file");
        let crate_dir = self.dir.path().canonicalize().unwrap();
        let dep_info = fs::read_to_string(newest).unwrap();
        let (rule, _) = dep_info.split_once('\n').unwrap();
        let (_, inputs) = rule.split_once(": ").unwrap();
        // Make escapes a space within a name as `\ `.
        let inputs = inputs.replace("\\ ", "\0");
        let mut inputs: Vec<String> = inputs
            .split_whitespace()
            .map(|input| input.replace('\0', " "))
            .filter_map(|input| {
                let relative = Path::new(&input).strip_prefix(&crate_dir).ok()?;
                Some(relative.to_str().unwrap().to_owned())
            })
            .collect();
        inputs.sort();
        inputs
    }

    /// Runs the built binary with `--probe`, with `SOURCE_DATE_EPOCH` set to
    /// `source_date` (or unset), and returns what it found for each path.
    fn probe(&self, profile: Profile, paths: &[String], source_date: Option<&str>) -> Vec<String> {
        use std::io::Write;
        use std::process::Stdio;

        // One path per line: none may hold a line break.
        assert!(paths.iter().all(|path| !path.contains('\n')));
        let mut command = Command::new(self.binary(profile));
        command.arg("--probe").env_remove("SOURCE_DATE_EPOCH");
        if let Some(seconds) = source_date {
            command.env("SOURCE_DATE_EPOCH", seconds);
        }
        let mut probe = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let input: String = paths.iter().map(|path| format!("{path}\n")).collect();
        let mut stdin = probe.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        let output = probe.wait_with_output().unwrap();
        assert!(output.status.success(), "{profile:?}");
        let found = String::from_utf8(output.stdout).unwrap();
        let found: Vec<String> = found.lines().map(String::from).collect();
        assert_eq!(found.len(), paths.len(), "{profile:?}");
        found
    }

    /// Runs the built binary (without rebuilding) and returns its metadata
    /// lines by key, plus the folder it wrote the assets to.
    fn run(&self, profile: Profile) -> (BTreeMap<String, String>, tempfile::TempDir) {
        let binary = self.binary(profile);
        let out = tempfile::tempdir().unwrap();
        let output = Command::new(binary).arg(out.path()).output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let lines = String::from_utf8(output.stdout).unwrap();
        let metadata = lines
            .lines()
            .map(|line| {
                let (key, rest) = line.split_once('\t').unwrap();
                (key.to_owned(), rest.to_owned())
            })
            .collect();
        (metadata, out)
    }
}

fn assert_same_files(served: &Path, folder: &Path, keys: &[&str]) {
    for key in keys {
        let expected = fs::read(folder.join(key)).unwrap();
        let got = fs::read(served.join(key)).unwrap_or_else(|_| panic!("{key} was not served"));
        assert_eq!(got, expected, "{key} differs from the folder");
    }
}

#[test]
fn debug_and_release_builds_serve_every_file_byte_for_byte_with_the_same_metadata() {
    let crate_ = Downstream::new("downstream-both-modes");
    let mut metadata_by_profile = Vec::new();
    for profile in [Profile::Debug, Profile::Release] {
        crate_.build(profile);
        let (metadata, served) = crate_.run(profile);
        let keys: Vec<&str> = metadata.keys().map(String::as_str).collect();
        assert_eq!(keys, BASIC_KEYS, "{profile:?}");
        assert_same_files(served.path(), &crate_.static_dir(), &BASIC_KEYS);
        metadata_by_profile.push(metadata);
    }
    // Keys, ETags, MIME types and lengths agree between the two modes.
    assert_eq!(metadata_by_profile[0], metadata_by_profile[1]);
}

/// `tests/traversal.rs` runs in one build mode per suite run; this tries
/// the same inputs on a binary built in each, reading the disk (debug) and
/// embedding (release), so either suite command covers both.
#[test]
fn no_input_finds_a_file_outside_the_folder_in_debug_or_release_builds() {
    let crate_ = Downstream::new("downstream-traversal");
    let mut paths = traversal_attacks(&crate_.dir.path().join("outside/secret.txt"));
    // A control: the binary really looks each line up.
    paths.push("hello.txt".to_owned());
    for profile in [Profile::Debug, Profile::Release] {
        crate_.build(profile);
        let found = crate_.probe(profile, &paths, None);
        for (attack, found) in paths.iter().zip(&found).take(paths.len() - 1) {
            assert_eq!(found, "-", "{profile:?}: {attack:?} must not be served");
        }
        assert!(
            found[paths.len() - 1].starts_with("hello.txt\t"),
            "{profile:?}"
        );
    }
}

/// `SOURCE_DATE_EPOCH` sets every asset's last-modified time: when a
/// release build embeds the folder, and when a debug build reads it. Without
/// it, the file's modification time counts, and a release build rebuilds
/// when it changes (`build::track` watches the variable).
#[test]
fn source_date_epoch_sets_last_modified_in_debug_and_release_builds() {
    let crate_ = Downstream::new("downstream-source-date");
    let file = fs::File::options()
        .write(true)
        .open(crate_.static_dir().join("hello.txt"))
        .unwrap();
    let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_600_000_000);
    file.set_modified(mtime).unwrap();
    let paths = ["hello.txt".to_owned()];
    let dated = ["hello.txt\t1700000000"];
    let undated = ["hello.txt\t1600000000"];

    crate_.build(Profile::Debug);
    let probe = |source_date| crate_.probe(Profile::Debug, &paths, source_date);
    assert_eq!(probe(Some("1700000000")), dated);
    assert_eq!(probe(None), undated);

    let mut cargo = crate_.cargo("build", Profile::Release);
    cargo.env("SOURCE_DATE_EPOCH", "1700000000");
    succeed(cargo, Profile::Release);
    // Read at compile time: the variable of the run does not count.
    let probe = |source_date| crate_.probe(Profile::Release, &paths, source_date);
    assert_eq!(probe(None), dated);
    let mut cargo = crate_.cargo("build", Profile::Release);
    cargo.env_remove("SOURCE_DATE_EPOCH");
    succeed(cargo, Profile::Release);
    assert_eq!(probe(Some("1700000000")), undated);
}

/// Every file under `folder`, by path relative to it.
fn tree(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![folder.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(folder).unwrap();
                let key = relative.to_str().unwrap().replace('\\', "/");
                files.insert(key, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Checks that every compressed copy in `served` (from [`tree`]) decodes to
/// the identity bytes next to it; returns how many there were.
fn assert_copies_decode(served: &BTreeMap<String, Vec<u8>>) -> usize {
    use std::io::Read as _;
    let mut copies = 0;
    for (name, bytes) in served {
        let (key, decoded) = if let Some(key) = name.strip_suffix(".br") {
            let mut out = Vec::new();
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_end(&mut out)
                .unwrap();
            (key, out)
        } else if let Some(key) = name.strip_suffix(".gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .unwrap();
            (key, out)
        } else {
            continue;
        };
        assert_eq!(&decoded, &served[key], "{name}");
        copies += 1;
    }
    copies
}

/// True when the binary at `path` defines the symbol the assembler gives a
/// derive's bytes: `__static_embed_` and 32 hex digits, in its symbol names.
fn has_assembled_data(path: &Path) -> bool {
    let binary = fs::read(path).unwrap();
    let marker = b"__static_embed_";
    binary.windows(marker.len() + 33).any(|window| {
        let (name, rest) = window.split_at(marker.len());
        name == marker
            && rest[..32]
                .iter()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && rest[32] == 0
    })
}

/// `len` bytes from a fixed-seed xorshift generator, each drawn from
/// `alphabet` (all 256 byte values when empty).
fn noise(len: usize, alphabet: &[u8]) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            match alphabet {
                [] => state as u8,
                _ => alphabet[(state % alphabet.len() as u64) as usize],
            }
        })
        .collect()
}

/// True on the targets where the `incbin` feature has the assembler embed
/// the files.
const ASSEMBLES: bool = cfg!(all(target_os = "linux", target_arch = "x86_64"));

/// Adds a big text file (copies of about 0.9 MB each, in the blob) and a
/// big file of a type never compressed to `crate_`'s folder.
fn add_big_files(crate_: &Downstream) {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    fs::write(
        crate_.static_dir().join("noise.txt"),
        noise(1_200_000, letters),
    )
    .unwrap();
    fs::write(crate_.static_dir().join("big.png"), noise(2_500_001, &[])).unwrap();
}

/// Builds `crate_` in release and checks it serves every file of its
/// folder and every copy whole; returns its metadata and what it served.
fn assert_release_serves_the_folder(
    crate_: &Downstream,
) -> (BTreeMap<String, String>, BTreeMap<String, Vec<u8>>) {
    let (metadata, served_dir) = crate_.run(Profile::Release);
    let keys: Vec<&str> = metadata.keys().map(String::as_str).collect();
    assert_same_files(served_dir.path(), &crate_.static_dir(), &keys);
    let served = tree(served_dir.path());
    assert!(served.contains_key("noise.txt.br") && served.contains_key("noise.txt.gz"));
    assert!(!served.contains_key("big.png.br"));
    assert!(assert_copies_decode(&served) >= 5);
    (metadata, served)
}

#[test]
fn default_release_builds_embed_through_include_bytes() {
    let crate_ = Downstream::new("downstream-include-bytes");
    add_big_files(&crate_);
    crate_.build(Profile::Release);
    assert!(!has_assembled_data(&crate_.binary(Profile::Release)));
    let (metadata, _) = assert_release_serves_the_folder(&crate_);
    let mut keys: Vec<&str> = metadata.keys().map(String::as_str).collect();
    keys.retain(|key| !["big.png", "noise.txt"].contains(key));
    assert_eq!(keys, BASIC_KEYS);
}

#[test]
fn the_incbin_feature_embeds_the_same_bytes_as_include_bytes() {
    let crate_ = Downstream::with_incbin("downstream-incbin");
    add_big_files(&crate_);
    crate_.build(Profile::Release);
    assert_eq!(
        has_assembled_data(&crate_.binary(Profile::Release)),
        ASSEMBLES
    );
    let (metadata, served) = assert_release_serves_the_folder(&crate_);

    crate_.build_including_bytes();
    assert!(!has_assembled_data(&crate_.binary(Profile::Release)));
    let (included_metadata, included) = crate_.run(Profile::Release);
    assert_eq!(included_metadata, metadata);
    assert_eq!(tree(included.path()), served);
}

/// Files of already-compressed types get no copies, even when their bytes
/// would shrink (here: text under their names), while the same bytes as
/// `.txt` get both.
#[test]
fn files_of_compressed_types_get_no_copies_even_when_they_would_shrink() {
    let crate_ = Downstream::new("downstream-compressed-types");
    let text = "a line of text that compresses well\n".repeat(200);
    let skipped = [
        "woff2", "woff", "png", "jpg", "jpeg", "gif", "webp", "avif", "mp4", "zip", "gz", "br",
        "zst", "map",
    ];
    let dir = crate_.static_dir().join("typed");
    fs::create_dir(&dir).unwrap();
    for extension in skipped.iter().chain(&["txt"]) {
        fs::write(dir.join(format!("file.{extension}")), &text).unwrap();
    }
    crate_.build(Profile::Release);
    let (_, served) = crate_.run(Profile::Release);
    let served = tree(served.path());
    let typed: Vec<&str> = served
        .keys()
        .filter_map(|name| name.strip_prefix("typed/"))
        .collect();
    let mut expected: Vec<String> = skipped.iter().map(|e| format!("file.{e}")).collect();
    expected.extend(["file.txt", "file.txt.br", "file.txt.gz"].map(String::from));
    expected.sort();
    assert_eq!(typed, expected);
}

/// The scale the derive must take: 3,000 files of text (each compressed)
/// and one file of 50 MB, in one folder, build in debug and release, and
/// every file comes back whole. Build time and memory at this scale are
/// benchmarks (`benches/build-cost.sh`), not checked here.
#[test]
fn three_thousand_files_and_one_of_50_mb_build_and_come_back_whole() {
    let crate_ = Downstream::new("downstream-scale");
    let static_dir = crate_.static_dir();
    let text = noise(9_000_000, b"abcdefghijklmnopqrstuvwxyz      \n");
    let mut offset = 0;
    for i in 0..3_000 {
        let path = static_dir.join(format!("many/{:02}/file-{i:04}.txt", i % 50));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let len = 1024 + i * 37 % 2048;
        fs::write(path, &text[offset..offset + len]).unwrap();
        offset += len;
    }
    // A type never compressed: the size is the point, not brotli's time.
    fs::write(static_dir.join("video.mp4"), noise(50_000_000, &[])).unwrap();
    for profile in [Profile::Debug, Profile::Release] {
        crate_.build(profile);
        let (metadata, served) = crate_.run(profile);
        assert_eq!(metadata.len(), BASIC_KEYS.len() + 3_001, "{profile:?}");
        assert_eq!(metadata["video.mp4"].rsplit('\t').next(), Some("50000000"));
        let keys: Vec<&str> = metadata.keys().map(String::as_str).collect();
        assert_same_files(served.path(), &static_dir, &keys);
        if let Profile::Release = profile {
            let served = tree(served.path());
            assert!(served.contains_key("many/00/file-0000.txt.br"));
            assert!(assert_copies_decode(&served) >= 6_000);
        }
    }
}

#[test]
fn lto_release_builds_serve_every_file_and_copy() {
    // With LTO the object code, and so the assembled data, is made when the
    // binary links, from the crate's bitcode.
    let mut crate_ = Downstream::new("downstream-lto");
    crate_.target = "target/downstream-lto";
    let mut cargo = crate_.cargo("build", Profile::Release);
    cargo.env("CARGO_PROFILE_RELEASE_LTO", "fat");
    succeed(cargo, Profile::Release);
    let (metadata, served) = crate_.run(Profile::Release);
    let keys: Vec<&str> = metadata.keys().map(String::as_str).collect();
    assert_eq!(keys, BASIC_KEYS);
    assert_same_files(served.path(), &crate_.static_dir(), &BASIC_KEYS);
    assert!(assert_copies_decode(&tree(served.path())) >= 3);
}

#[test]
fn an_lto_build_survives_a_cleared_cache_when_a_library_embeds_the_folder() {
    assert_an_lto_build_survives_a_cleared_cache("lto", &[]);
}

#[test]
fn with_incbin_an_lto_build_survives_a_cleared_cache_when_a_library_embeds_the_folder() {
    // With LTO, a library's object code (and so its assembled data, the
    // cache's blob of compressed copies included) is made when a binary
    // links. The blob is always watched, so a cleared cache makes Cargo
    // rebuild the library first instead of failing that link.
    assert_an_lto_build_survives_a_cleared_cache("lto-incbin", &["incbin"]);
}

/// A library embedding the folder and a binary serving it, built with fat
/// LTO, the cache cleared, and built again: the binary serves the same.
/// `name` tells the packages from those of other tests.
fn assert_an_lto_build_survives_a_cleared_cache(name: &str, features: &[&str]) {
    let dir = workspace_of(&["assets", "app"]);
    let root = dir.path();
    let manifest = |name: &str, extra: &str| {
        package_manifest(name, &(runtime_dependency_with(features) + extra))
    };
    let (assets, app) = (format!("{name}-assets"), format!("{name}-app"));
    fs::create_dir_all(root.join("assets/src")).unwrap();
    fs::write(root.join("assets/Cargo.toml"), manifest(&assets, "")).unwrap();
    fs::write(
        root.join("assets/src/lib.rs"),
        "#[derive(static_embed::StaticAssets)]\n#[folder = \"static\"]\npub struct Assets;\n",
    )
    .unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(fixture("basic"))
        .arg(root.join("assets/static"))
        .status()
        .unwrap();
    assert!(status.success());
    fs::create_dir_all(root.join("app/src")).unwrap();
    fs::write(
        root.join("app/Cargo.toml"),
        manifest(&app, &format!("{assets} = {{ path = \"../assets\" }}\n")),
    )
    .unwrap();
    let main_rs = MAIN_RS.replace(
        "#[derive(StaticAssets)]\n#[folder = \"static\"]\nstruct Assets;",
        &format!("use {}::Assets;", assets.replace('-', "_")),
    );
    assert_ne!(main_rs, MAIN_RS);
    fs::write(root.join("app/src/main.rs"), &main_rs).unwrap();

    let cache = tempfile::tempdir().unwrap();
    let target = workspace_root().join("target/downstream-lto");
    let build = || {
        let mut cargo = build_package(root, &app, &target, Profile::Release);
        cargo
            .env("CARGO_PROFILE_RELEASE_LTO", "fat")
            .env("STATIC_EMBED_CACHE_DIR", cache.path());
        succeed(cargo, Profile::Release);
    };
    let serve = || {
        let out = tempfile::tempdir().unwrap();
        let output = Command::new(target.join("release").join(&app))
            .arg(out.path())
            .output()
            .unwrap();
        assert!(output.status.success());
        (String::from_utf8(output.stdout).unwrap(), tree(out.path()))
    };
    build();
    let (listing, served) = serve();
    assert!(assert_copies_decode(&served) >= 3);
    for key in BASIC_KEYS {
        let on_disk = fs::read(root.join("assets/static").join(key)).unwrap();
        assert_eq!(served[key], on_disk, "{key}");
    }

    // The cache is cleared and only the binary's source changes.
    for entry in fs::read_dir(cache.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }
    fs::write(
        root.join("app/src/main.rs"),
        format!("{main_rs}\n// edited\n"),
    )
    .unwrap();
    build();
    assert_eq!(serve(), (listing, served));
}

/// `crate_path` for an app that reaches static-embed only through a crate
/// re-exporting it, so `::static_embed` does not resolve there: the derive
/// builds and serves in debug and release, and when another attribute is
/// wrong, the app gets that one error.
#[test]
fn crate_path_serves_an_app_that_depends_only_on_a_reexport() {
    let dir = workspace_of(&["facade", "app"]);
    let root = dir.path();
    let files = [
        (
            "facade/Cargo.toml",
            package_manifest("crate-path-facade", &runtime_dependency()),
        ),
        ("facade/src/lib.rs", "pub use static_embed;\n".to_owned()),
        (
            "app/Cargo.toml",
            package_manifest(
                "crate-path-app",
                "facade = { package = \"crate-path-facade\", path = \"../facade\" }\n",
            ),
        ),
        (
            "app/static/hello.txt",
            "Hello through a facade\n".to_owned(),
        ),
    ];
    for (path, text) in files {
        fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        fs::write(root.join(path), text).unwrap();
    }
    let derive = "use facade::static_embed::StaticAssets;\n\n\
                  #[derive(StaticAssets)]\n#[crate_path = \"facade::static_embed\"]\n";
    let main_rs = root.join("app/src/main.rs");
    fs::create_dir_all(main_rs.parent().unwrap()).unwrap();
    let target = workspace_root().join("target/downstream");
    let cargo = |profile| build_package(root, "crate-path-app", &target, profile);

    fs::write(
        &main_rs,
        format!(
            "{derive}#[folder = \"static\"]\nstruct Assets;\n\n\
             fn main() {{\n    let hello = Assets::get(\"hello.txt\").unwrap();\n    \
             print!(\"{{}}\", std::str::from_utf8(hello.bytes()).unwrap());\n}}\n"
        ),
    )
    .unwrap();
    for (profile, folder) in [(Profile::Debug, "debug"), (Profile::Release, "release")] {
        succeed(cargo(profile), profile);
        let output = Command::new(target.join(folder).join("crate-path-app"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{profile:?}");
        assert_eq!(output.stdout, b"Hello through a facade\n", "{profile:?}");
    }

    // No `folder`: one error, and none from the call below.
    fs::write(
        &main_rs,
        format!(
            "{derive}struct Assets;\n\nfn main() {{\n    let _ = Assets::get(\"hello.txt\");\n}}\n"
        ),
    )
    .unwrap();
    let output = cargo(Profile::Debug).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("error: missing `#[folder = \"...\"]`"),
        "{stderr}"
    );
    assert!(stderr.contains("due to 1 previous error"), "{stderr}");
}

/// Edits `hello.txt`, builds in release, and checks the binary serves the
/// new bytes.
fn assert_a_release_build_serves_an_edit(crate_: &Downstream) {
    fs::write(crate_.static_dir().join("hello.txt"), "edited\n").unwrap();
    crate_.build(Profile::Release);
    let (_, served) = crate_.run(Profile::Release);
    assert_eq!(
        fs::read_to_string(served.path().join("hello.txt")).unwrap(),
        "edited\n"
    );
}

/// `#[folder = "$OUT_DIR/site"]` embeds what the crate's build script
/// generated, in debug and release builds alike.
#[test]
fn a_folder_under_out_dir_serves_what_the_build_script_generated() {
    let crate_ = Downstream::new("downstream-out-dir");
    let build_rs = r#"
fn main() {
    let site = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("site");
    std::fs::create_dir_all(site.join("css")).unwrap();
    std::fs::write(site.join("index.html"), "<p>generated</p>\n").unwrap();
    std::fs::write(site.join("css/app.css"), "p { color: red }\n").unwrap();
    println!("cargo::rerun-if-changed=build.rs");
}
"#;
    fs::write(crate_.dir.path().join("build.rs"), build_rs).unwrap();
    let main_rs = crate_.dir.path().join("src/main.rs");
    let source = fs::read_to_string(&main_rs).unwrap();
    let with_out_dir = source.replace("#[folder = \"static\"]", "#[folder = \"$OUT_DIR/site\"]");
    assert_ne!(with_out_dir, source);
    fs::write(&main_rs, with_out_dir).unwrap();
    for profile in [Profile::Debug, Profile::Release] {
        crate_.build(profile);
        let (metadata, served) = crate_.run(profile);
        let keys: Vec<&str> = metadata.keys().map(String::as_str).collect();
        assert_eq!(keys, ["css/app.css", "index.html"], "{profile:?}");
        let served = tree(served.path());
        assert_eq!(served["index.html"], b"<p>generated</p>\n");
        assert_eq!(served["css/app.css"], b"p { color: red }\n");
    }
}

#[test]
fn release_builds_pick_up_edited_added_and_removed_files() {
    let crate_ = Downstream::new("downstream-rebuilds");
    crate_.build(Profile::Release);

    assert_a_release_build_serves_an_edit(&crate_);

    fs::write(crate_.static_dir().join("css/added.css"), "body{}\n").unwrap();
    crate_.build(Profile::Release);
    let (metadata, served) = crate_.run(Profile::Release);
    assert!(metadata.contains_key("css/added.css"), "{metadata:?}");
    assert_eq!(
        fs::read_to_string(served.path().join("css/added.css")).unwrap(),
        "body{}\n"
    );

    fs::remove_file(crate_.static_dir().join("data.json")).unwrap();
    crate_.build(Profile::Release);
    let (metadata, _) = crate_.run(Profile::Release);
    assert!(!metadata.contains_key("data.json"), "{metadata:?}");
}

#[test]
fn without_a_build_script_release_builds_watch_each_embedded_file() {
    let crate_ = Downstream::without_build_script("downstream-untracked");
    crate_.build(Profile::Release);
    // The symlinks of the fixture are embedded through their own paths.
    let mut expected: Vec<String> = BASIC_KEYS
        .iter()
        .map(|key| format!("static/{key}"))
        .collect();
    expected.sort();
    assert_eq!(crate_.compiler_inputs(Profile::Release), expected);

    assert_a_release_build_serves_an_edit(&crate_);
}

/// With `incbin`, the assembler reads the files; without it (or where it
/// is not generated), each is an `include_bytes!`.
#[test]
fn with_incbin_a_folder_its_build_script_tracks_is_not_read_by_the_compiler() {
    let crate_ = Downstream::with_incbin("downstream-tracked");
    crate_.build(Profile::Release);
    if ASSEMBLES {
        assert_eq!(
            crate_.compiler_inputs(Profile::Release),
            Vec::<String>::new()
        );
    }
    // Cargo still rebuilds on an edit: `release_builds_pick_up_edited_added_and_removed_files`.
    let (metadata, served) = crate_.run(Profile::Release);
    assert_eq!(metadata.len(), BASIC_KEYS.len());
    assert_same_files(served.path(), &crate_.static_dir(), &BASIC_KEYS);
}

/// Every file of the cache folder, its subfolders included, by relative
/// path, with its length and modification time.
fn cache_listing(cache: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    let mut listing = BTreeMap::new();
    let mut pending = vec![cache.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::metadata(&path).unwrap();
            if meta.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path
                .strip_prefix(cache)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            listing.insert(name, (meta.len(), meta.modified().unwrap()));
        }
    }
    listing
}

fn with_extension<'a>(
    listing: &'a BTreeMap<String, (u64, std::time::SystemTime)>,
    extension: &str,
) -> Vec<&'a String> {
    let suffix = format!(".{extension}");
    listing
        .keys()
        .filter(|name| name.ends_with(&suffix))
        .collect()
}

#[test]
fn release_rebuilds_take_compressed_copies_from_the_cache() {
    // A target dir of its own: whether the second build links nothing must
    // not depend on what other tests build into a shared one meanwhile.
    let mut crate_ = Downstream::new("downstream-cache");
    crate_.target = "target/downstream-cache";
    let cache = tempfile::tempdir().unwrap();
    crate_.build_with_cache(Profile::Release, Some(cache.path()));
    let first = cache_listing(cache.path());

    // Nothing changed: Cargo finds the crate fresh and links nothing. (The
    // blob is watched like the files; written during the first build, it
    // must not look newer than that build.)
    let binary = crate_.binary(Profile::Release);
    let built = fs::metadata(&binary).unwrap().modified().unwrap();
    crate_.build_with_cache(Profile::Release, Some(cache.path()));
    let rebuilt = fs::metadata(&binary).unwrap().modified().unwrap();
    assert_eq!(
        rebuilt, built,
        "a build with nothing changed compiled the crate again"
    );
    // One pack holding the copies of every file the derive compresses, one
    // blob (the copies as the binary embeds them), and the record naming it.
    assert_eq!(with_extension(&first, "pack").len(), 1, "{first:?}");
    assert_eq!(with_extension(&first, "blob").len(), 1, "{first:?}");
    assert_eq!(with_extension(&first, "latest").len(), 1, "{first:?}");
    assert_eq!(first.len(), 3, "{first:?}");

    // The macro runs again (the crate's source changed), the files did not:
    // no entry is made or written again.
    let main_rs = crate_.dir.path().join("src/main.rs");
    fs::write(&main_rs, format!("{MAIN_RS}\n// edited\n")).unwrap();
    crate_.build_with_cache(Profile::Release, Some(cache.path()));
    assert_eq!(cache_listing(cache.path()), first);

    // One file edited: the pack is written again and a new blob made, the
    // old blob is deleted, and the binary serves the new bytes.
    let css = crate_.static_dir().join("css/site.css");
    let mut edited = fs::read_to_string(&css).unwrap();
    edited.push_str("\n.edited { color: red; }\n");
    fs::write(&css, &edited).unwrap();
    crate_.build_with_cache(Profile::Release, Some(cache.path()));
    let second = cache_listing(cache.path());
    let (old_blob, pack) = (
        with_extension(&first, "blob")[0],
        with_extension(&first, "pack")[0],
    );
    assert_eq!(second.get(old_blob), None, "the previous blob was kept");
    assert_ne!(
        second.get(pack),
        first.get(pack),
        "the pack was not written again"
    );
    assert_eq!(with_extension(&second, "blob").len(), 1, "{second:?}");
    assert_eq!(second.len(), 3, "{second:?}");
    let (_, served) = crate_.run(Profile::Release);
    assert_eq!(
        fs::read_to_string(served.path().join("css/site.css")).unwrap(),
        edited
    );
}

#[test]
fn debug_builds_read_edits_and_new_files_without_rebuilding() {
    let crate_ = Downstream::new("downstream-live");
    crate_.build(Profile::Debug);
    fs::write(crate_.static_dir().join("hello.txt"), "edited live\n").unwrap();
    fs::write(crate_.static_dir().join("live.txt"), "new file\n").unwrap();
    fs::remove_file(crate_.static_dir().join("data.json")).unwrap();

    let (metadata, served) = crate_.run(Profile::Debug);
    assert_eq!(
        fs::read_to_string(served.path().join("hello.txt")).unwrap(),
        "edited live\n"
    );
    assert_eq!(
        fs::read_to_string(served.path().join("live.txt")).unwrap(),
        "new file\n"
    );
    assert!(!metadata.contains_key("data.json"));
}
