//! Release builds: each file through the pipeline of `static-embed-build`,
//! with this derive's cache.

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use static_embed_build::{blob, Cache, ProcessedFile};
use static_embed_common::walk::WalkedFile;
use syn::LitStr;

use crate::attr::Attrs;
use crate::cache_dir::cache_dir;
use crate::walk::folder_error;

/// What the table is made of: the files, and the blob of their copies.
pub(crate) struct Embedded {
    pub(crate) files: Vec<ProcessedFile>,
    pub(crate) blob: Blob,
}

/// The compressed copies of one derive, as the table embeds them.
pub(crate) enum Blob {
    /// A cache file holding them.
    File(PathBuf),
    /// Their bytes, when the cache cannot be written (or there are none).
    Inline(Vec<u8>),
}

/// Processes `files` (of the folder `root`) for the derive of `ident`.
pub(crate) fn process(
    ident: &syn::Ident,
    attrs: &Attrs,
    root: &Path,
    files: &[WalkedFile],
) -> syn::Result<Embedded> {
    let prefix = attrs.prefix();
    let cache = Cache::open(cache_dir(), &derive_name(ident, attrs, root, &prefix));
    let files = static_embed_build::process(files, &prefix, &cache)
        .map_err(|error| folder_error(attrs, error))?;
    cache.save();
    let blob = write_blob(&cache, &files);
    Ok(Embedded { files, blob })
}

/// Which derive this is, to name its pack and its record of the blob it
/// embeds: two compilations with the same name (a library and its test
/// harness, say) select the same files, so they embed the same blob.
fn derive_name(ident: &syn::Ident, attrs: &Attrs, root: &Path, prefix: &str) -> String {
    let crate_name = std::env::var("CARGO_CRATE_NAME").unwrap_or_default();
    let globs = |lits: &[LitStr]| lits.iter().map(LitStr::value).collect::<Vec<_>>();
    let selection = (
        globs(&attrs.include),
        globs(&attrs.exclude),
        attrs.include_hidden,
    );
    format!(
        "{crate_name} {ident} {} {prefix:?} {selection:?}",
        root.display()
    )
}

/// The blob in a cache file, or inline when there is none to write.
fn write_blob(cache: &Cache, files: &[ProcessedFile]) -> Blob {
    let parts = blob::parts(files);
    if parts.iter().all(|part| part.is_empty()) {
        return Blob::Inline(Vec::new());
    }
    // Seconds, rounded down: never after the newest file's own date.
    let newest_input = files.iter().filter_map(|f| f.last_modified).max();
    let inputs_modified = UNIX_EPOCH + Duration::from_secs(newest_input.unwrap_or(0));
    match cache.write_blob(&parts, inputs_modified) {
        Some(path) => Blob::File(path),
        None => Blob::Inline(parts.concat()),
    }
}
