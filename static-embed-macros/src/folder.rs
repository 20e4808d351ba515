//! Turning `#[folder = "..."]` into an absolute path.

use std::path::PathBuf;

use syn::LitStr;

/// The folder named by the attribute: environment variables expanded
/// (`$OUT_DIR/site`, `${ASSETS}`), relative paths taken from the embedding
/// crate's `CARGO_MANIFEST_DIR`.
pub(crate) fn locate(lit: &LitStr) -> syn::Result<PathBuf> {
    let expanded = interpolate(&lit.value(), |name| std::env::var(name).ok())
        .map_err(|message| syn::Error::new(lit.span(), message))?;
    let path = PathBuf::from(expanded);
    if path.is_absolute() {
        return Ok(path);
    }
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").map_err(|_| {
        syn::Error::new(
            lit.span(),
            "CARGO_MANIFEST_DIR is not set; build with cargo or use an absolute path",
        )
    })?;
    Ok(PathBuf::from(manifest_dir).join(path))
}

/// Expands `$NAME` and `${NAME}`; `$$` is a literal `$`.
fn interpolate(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let (name, after) = match rest.strip_prefix('{') {
            Some(braced) => {
                let end = braced.find('}').ok_or("unclosed `${` in folder path")?;
                (&braced[..end], &braced[end + 1..])
            }
            None => {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            }
        };
        if name.is_empty() {
            return Err(
                "`$` must be followed by a variable name (write `$$` for a literal `$`)".into(),
            );
        }
        let value = lookup(name).ok_or_else(|| {
            format!("environment variable `{name}` is not set (OUT_DIR is only set for crates with a build script)")
        })?;
        out.push_str(&value);
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::interpolate;

    fn env(name: &str) -> Option<String> {
        (name == "OUT_DIR").then(|| "/target/out".to_owned())
    }

    #[test]
    fn expands_both_forms_and_escapes() {
        assert_eq!(
            interpolate("$OUT_DIR/site", env).unwrap(),
            "/target/out/site"
        );
        assert_eq!(
            interpolate("${OUT_DIR}site", env).unwrap(),
            "/target/outsite"
        );
        assert_eq!(interpolate("a$$b", env).unwrap(), "a$b");
        assert_eq!(interpolate("static", env).unwrap(), "static");
    }

    #[test]
    fn reports_unset_and_malformed_variables() {
        assert!(interpolate("$NOPE/x", env)
            .unwrap_err()
            .contains("`NOPE` is not set"));
        assert!(interpolate("${OUT_DIR", env)
            .unwrap_err()
            .contains("unclosed"));
        assert!(interpolate("$/x", env)
            .unwrap_err()
            .contains("variable name"));
    }
}
