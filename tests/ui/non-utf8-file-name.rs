use static_embed::StaticAssets;

// The folder holds a file whose name is not UTF-8 (made by tests/ui.rs).
#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/non-utf8"]
struct Assets;

// Excluding it by its lossy name makes the folder usable.
#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/non-utf8"]
#[exclude = "bad-*"]
struct Excluded;

fn main() {
    let _ = Assets::get("ok.txt");
    let _ = Excluded::get("ok.txt");
}
