//! memory-serve's build step: embed the corpus folder.

fn main() {
    memory_serve::load_directory("../../target/corpus/dashboard");
}
