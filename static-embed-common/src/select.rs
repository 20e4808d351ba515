//! Which files of the folder are assets: hidden-file policy and include /
//! exclude globs, matched against the key relative to the folder.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::path::is_hidden_segment;

/// The selection rules of one derived type.
#[derive(Clone, Debug)]
pub struct Rules {
    include: GlobSet,
    has_include: bool,
    exclude: GlobSet,
    include_hidden: bool,
}

/// An include or exclude pattern that is not a valid glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    /// The pattern as written.
    pub pattern: String,
    /// Why it is invalid.
    pub message: String,
}

impl Rules {
    /// Compiles the rules. Globs use `/` on every OS; `*` and `?` stay within
    /// one path segment and `**` crosses segments (`**/*.css` is every CSS
    /// file, `*.css` only those at the top).
    pub fn new(
        include: &[&str],
        exclude: &[&str],
        include_hidden: bool,
    ) -> Result<Rules, RulesError> {
        Ok(Rules {
            include: glob_set(include)?,
            has_include: !include.is_empty(),
            exclude: glob_set(exclude)?,
            include_hidden,
        })
    }

    /// Compiles one pattern alone, to report exactly which one is invalid.
    pub fn check_pattern(pattern: &str) -> Result<(), RulesError> {
        glob(pattern).map(drop)
    }

    /// True when the file at `relative` (relative to the folder, `/`
    /// separators) is an asset. Exclusion wins over inclusion.
    pub fn selects(&self, relative: &str) -> bool {
        self.allows_hidden(relative)
            && !self.exclude.is_match(relative)
            && (!self.has_include || self.include.is_match(relative))
    }

    /// True when `relative` has no hidden segment, or hidden files are opted in.
    pub fn allows_hidden(&self, relative: &str) -> bool {
        self.include_hidden || !relative.split('/').any(is_hidden_segment)
    }
}

fn glob(pattern: &str) -> Result<Glob, RulesError> {
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|error| RulesError {
            pattern: pattern.to_owned(),
            message: error.kind().to_string(),
        })
}

fn glob_set(patterns: &[&str]) -> Result<GlobSet, RulesError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(glob(pattern)?);
    }
    builder.build().map_err(|error| RulesError {
        pattern: patterns.join(", "),
        message: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::Rules;

    #[test]
    fn hidden_files_are_left_out_unless_opted_in() {
        let rules = Rules::new(&[], &[], false).unwrap();
        assert!(rules.selects("index.html"));
        assert!(!rules.selects(".env"));
        assert!(!rules.selects(".git/config"));
        assert!(!rules.selects("a/.DS_Store"));
        assert!(Rules::new(&[], &[], true)
            .unwrap()
            .selects(".well-known/security.txt"));
    }

    #[test]
    fn exclude_wins_over_include_and_star_stays_in_one_segment() {
        let rules = Rules::new(&["**/*.css", "*.html"], &["vendor/**"], false).unwrap();
        assert!(rules.selects("index.html"));
        assert!(!rules.selects("pages/about.html"));
        assert!(rules.selects("css/site.css"));
        assert!(!rules.selects("vendor/lib.css"));
        assert!(!rules.selects("app.js"));
    }

    #[test]
    fn invalid_patterns_are_reported_with_the_pattern() {
        let error = Rules::check_pattern("a/[b").unwrap_err();
        assert_eq!(error.pattern, "a/[b");
    }
}
