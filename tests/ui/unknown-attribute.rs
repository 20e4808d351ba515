use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/plain"]
#[fodler = "static"]
struct Assets;

fn main() {}
