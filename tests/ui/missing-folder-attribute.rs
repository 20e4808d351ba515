use static_embed::StaticAssets;

#[derive(StaticAssets)]
struct Assets;

fn main() {
    // No second error here: the macro emits a stand-in impl.
    let _ = Assets::get("index.html");
}
