use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$STATIC_EMBED_SURELY_UNSET/static"]
struct Assets;

fn main() {}
