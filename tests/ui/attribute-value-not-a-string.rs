use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder("static")]
#[include = 3]
#[allow_missing = "yes"]
struct Assets;

fn main() {}
