use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/plain"]
#[include = "css/[a-"]
#[exclude = "**/*.{js"]
struct Assets;

fn main() {}
