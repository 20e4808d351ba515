use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/no/such/folder"]
struct Assets;

fn main() {
    let _ = Assets::get("index.html");
}
