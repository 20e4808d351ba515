use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "no/such/folder"]
struct Assets;

fn main() {
    let _ = Assets::get("index.html");
}
