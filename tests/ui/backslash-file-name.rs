use static_embed::StaticAssets;

// The folder holds `back\slash.txt` (made by tests/ui.rs): no URL key can name it.
#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/backslash"]
struct Assets;

fn main() {}
