//! The derive's attributes, parsed into typed values that keep their spans.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Expr, ExprLit, Lit, LitBool, LitStr, Meta};

/// Each attribute name, spelled once.
pub(crate) const FOLDER: &str = "folder";
pub(crate) const PREFIX: &str = "prefix";
pub(crate) const INCLUDE: &str = "include";
pub(crate) const EXCLUDE: &str = "exclude";
pub(crate) const ALLOW_MISSING: &str = "allow_missing";
pub(crate) const INCLUDE_HIDDEN: &str = "include_hidden";
pub(crate) const CRATE_PATH: &str = "crate_path";

/// The attributes of one derive, as written.
pub(crate) struct Attrs {
    pub(crate) folder: LitStr,
    pub(crate) prefix: Option<LitStr>,
    pub(crate) include: Vec<LitStr>,
    pub(crate) exclude: Vec<LitStr>,
    pub(crate) allow_missing: bool,
    pub(crate) include_hidden: bool,
    pub(crate) crate_path: Option<syn::Path>,
}

/// Collects every error instead of stopping at the first (serde's `Ctxt`).
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// What the attributes say, before the required ones are checked.
#[derive(Default)]
struct Parsed {
    /// Set even when the `folder` attribute is malformed, so that error is
    /// not followed by a misleading "missing folder".
    saw_folder: bool,
    folder: Option<LitStr>,
    prefix: Option<LitStr>,
    include: Vec<LitStr>,
    exclude: Vec<LitStr>,
    allow_missing: Option<LitBool>,
    include_hidden: Option<LitBool>,
    crate_path: Option<(LitStr, syn::Path)>,
}

impl Attrs {
    pub(crate) fn parse(input: &DeriveInput) -> syn::Result<Attrs> {
        let mut errors = Errors::default();
        let mut parsed = Parsed::default();
        for attr in &input.attrs {
            if let Err(error) = parsed.read(attr) {
                errors.push(error);
            }
        }
        if !parsed.saw_folder {
            errors.push(syn::Error::new_spanned(
                &input.ident,
                "missing `#[folder = \"...\"]`: name the folder to embed, relative to Cargo.toml",
            ));
        }
        errors.finish()?;
        Ok(Attrs {
            folder: parsed
                .folder
                .unwrap_or_else(|| LitStr::new("", Span::call_site())),
            prefix: parsed.prefix,
            include: parsed.include,
            exclude: parsed.exclude,
            allow_missing: parsed.allow_missing.is_some_and(|b| b.value),
            include_hidden: parsed.include_hidden.is_some_and(|b| b.value),
            crate_path: parsed.crate_path.map(|(_, path)| path),
        })
    }

    /// The key prefix, empty without `#[prefix]`.
    pub(crate) fn prefix(&self) -> String {
        self.prefix.as_ref().map(LitStr::value).unwrap_or_default()
    }

    /// The path to the runtime crate in generated code.
    pub(crate) fn krate(&self) -> syn::Path {
        self.crate_path
            .clone()
            .unwrap_or_else(|| syn::parse_quote!(::static_embed))
    }
}

impl Parsed {
    fn read(&mut self, attr: &Attribute) -> syn::Result<()> {
        let Some(name) = attr.path().get_ident().map(ToString::to_string) else {
            return Ok(());
        };
        self.saw_folder |= name == FOLDER;
        match name.as_str() {
            FOLDER => set_once(&mut self.folder, string(attr, FOLDER)?, attr),
            PREFIX => set_once(&mut self.prefix, string(attr, PREFIX)?, attr),
            INCLUDE => {
                self.include.push(string(attr, INCLUDE)?);
                Ok(())
            }
            EXCLUDE => {
                self.exclude.push(string(attr, EXCLUDE)?);
                Ok(())
            }
            ALLOW_MISSING => set_once(&mut self.allow_missing, flag(attr, ALLOW_MISSING)?, attr),
            INCLUDE_HIDDEN => set_once(&mut self.include_hidden, flag(attr, INCLUDE_HIDDEN)?, attr),
            CRATE_PATH => {
                let lit = string(attr, CRATE_PATH)?;
                let path = lit.parse::<syn::Path>().map_err(|_| {
                    syn::Error::new(
                        lit.span(),
                        "`crate_path` must be a path, like \"my_crate::static_embed\"",
                    )
                })?;
                set_once(&mut self.crate_path, (lit, path), attr)
            }
            _ => Ok(()),
        }
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, attr: &Attribute) -> syn::Result<()> {
    if slot.is_some() {
        let name = attr
            .path()
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(syn::Error::new_spanned(
            attr,
            format!("duplicate `#[{name}]` attribute"),
        ));
    }
    *slot = Some(value);
    Ok(())
}

/// `#[name = "value"]`.
fn string(attr: &Attribute, name: &str) -> syn::Result<LitStr> {
    match value(attr) {
        Some(Lit::Str(lit)) => Ok(lit.clone()),
        _ => Err(syn::Error::new_spanned(
            attr,
            format!("expected a string: `#[{name} = \"...\"]`"),
        )),
    }
}

/// `#[name]` or `#[name = true]`.
fn flag(attr: &Attribute, name: &str) -> syn::Result<LitBool> {
    if let Meta::Path(path) = &attr.meta {
        return Ok(LitBool::new(true, path.span()));
    }
    match value(attr) {
        Some(Lit::Bool(lit)) => Ok(lit.clone()),
        _ => Err(syn::Error::new_spanned(
            attr,
            format!("expected `#[{name}]` or `#[{name} = true]`"),
        )),
    }
}

fn value(attr: &Attribute) -> Option<&Lit> {
    match &attr.meta {
        Meta::NameValue(nv) => match &nv.value {
            Expr::Lit(ExprLit { lit, .. }) => Some(lit),
            _ => None,
        },
        _ => None,
    }
}
