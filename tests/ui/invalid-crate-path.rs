use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/plain"]
#[crate_path = "not a path"]
struct Assets;

fn main() {}
