//! Checking the attributes' values: every bad glob and the prefix reported
//! together, then the selection rules compiled.

use static_embed_common::path::normalize;
use static_embed_common::Rules;
use syn::LitStr;

use crate::attr::{Attrs, Errors};

/// Checks the globs and the prefix, reporting every bad one together, and
/// compiles the selection rules.
pub(crate) fn validate(attrs: &Attrs) -> syn::Result<Rules> {
    let mut errors = Errors::default();
    for lit in attrs.include.iter().chain(&attrs.exclude) {
        if let Err(error) = Rules::check_pattern(&lit.value()) {
            errors.push(syn::Error::new(
                lit.span(),
                format!("invalid glob `{}`: {}", error.pattern, error.message),
            ));
        }
    }
    if let Some(error) = attrs.prefix.as_ref().and_then(check_prefix) {
        errors.push(error);
    }
    errors.finish()?;
    rules(attrs)
}

/// A prefix is a plain relative path: with any name after it, a valid key.
fn check_prefix(prefix: &LitStr) -> Option<syn::Error> {
    let sample = format!("{}x", prefix.value());
    (normalize(&sample) != Some(sample.as_str())).then(|| {
        syn::Error::new(
            prefix.span(),
            "`prefix` must be a plain relative path such as \"assets/\": no leading `/`, `.` or `..` segments, empty segments or backslashes",
        )
    })
}

fn rules(attrs: &Attrs) -> syn::Result<Rules> {
    let include: Vec<String> = attrs.include.iter().map(LitStr::value).collect();
    let exclude: Vec<String> = attrs.exclude.iter().map(LitStr::value).collect();
    let include: Vec<&str> = include.iter().map(String::as_str).collect();
    let exclude: Vec<&str> = exclude.iter().map(String::as_str).collect();
    Rules::new(&include, &exclude, attrs.include_hidden).map_err(|error| {
        syn::Error::new(
            attrs.folder.span(),
            format!("invalid globs `{}`: {}", error.pattern, error.message),
        )
    })
}
