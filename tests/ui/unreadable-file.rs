use static_embed::StaticAssets;

// The folder holds a file no one may read (mode 000, made by tests/ui.rs).
#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/unreadable"]
struct Assets;

// Excluding it makes the folder usable.
#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/unreadable"]
#[exclude = "secret.txt"]
struct Excluded;

fn main() {
    let _ = Assets::get("ok.txt");
    let _ = Excluded::get("ok.txt");
}
