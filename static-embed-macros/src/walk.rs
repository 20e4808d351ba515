//! Walking the folder: every entry that cannot be embedded is a compile
//! error at `folder`, all of them reported together.

use std::fmt::Display;
use std::path::Path;

use static_embed_common::walk::{self, WalkError, WalkedFile};
use static_embed_common::Rules;

use crate::attr::{Attrs, Errors};

/// The files to embed: a missing folder is empty with `allow_missing`.
pub(crate) fn walk_folder(
    attrs: &Attrs,
    rules: &Rules,
    root: &Path,
) -> syn::Result<Vec<WalkedFile>> {
    let walk = match walk::walk(root, rules) {
        Err(WalkError::Missing(_)) if attrs.allow_missing => return Ok(Vec::new()),
        Err(error) => return Err(walk_error(attrs, &error)),
        Ok(walk) => walk,
    };
    let mut errors = Errors::default();
    for error in &walk.errors {
        errors.push(walk_error(attrs, error));
    }
    errors.finish()?;
    Ok(walk.files)
}

/// Debug builds do no pipeline work, but open each file (a listing, nothing
/// read) so they reject what a release build would.
pub(crate) fn check_openable(attrs: &Attrs, files: &[WalkedFile]) -> syn::Result<()> {
    let mut errors = Errors::default();
    for file in files {
        if let Err(error) = std::fs::File::open(&file.path) {
            let error = WalkError::Unreadable(file.path.clone(), error);
            errors.push(walk_error(attrs, &error));
        }
    }
    errors.finish()
}

fn walk_error(attrs: &Attrs, error: &WalkError) -> syn::Error {
    let hint = match error {
        WalkError::Missing(_) => " (add `#[allow_missing = true]` to embed nothing instead)",
        _ => "",
    };
    folder_error(attrs, format!("{error}{hint}"))
}

/// An error about the folder, at the `folder` attribute.
pub(crate) fn folder_error(attrs: &Attrs, message: impl Display) -> syn::Error {
    syn::Error::new(attrs.folder.span(), message)
}
