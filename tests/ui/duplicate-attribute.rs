use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/plain"]
#[folder = "$UI_FIXTURES/plain"]
#[prefix = "a/"]
#[prefix = "b/"]
struct Assets;

fn main() {}
