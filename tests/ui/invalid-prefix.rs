use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/plain"]
#[prefix = "../up/"]
struct Assets;

fn main() {}
