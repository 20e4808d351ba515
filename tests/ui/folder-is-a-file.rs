use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "$UI_FIXTURES/a-file.txt"]
struct Assets;

fn main() {
    let _ = Assets::get("index.html");
}
