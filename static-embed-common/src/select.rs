//! Which files of the folder are assets: hidden-file policy and include /
//! exclude globs, matched against the key relative to the folder; and the
//! one glob dialect every pattern of static-embed is written in.

use std::fmt;

use crate::path::is_hidden_segment;

/// A checked glob pattern, matched against keys (`/` separators).
///
/// `*` and `?` stay within one path segment, `**` as a whole segment
/// crosses segments (`**/*.css` is every CSS file, `*.css` only those at
/// the top), `[abc]`, `[a-z]` and `[!abc]` are classes, `{a,b}` are
/// alternatives, and `\` escapes the next character. Matching is done by
/// `fast-glob`, which interprets the pattern without compiling it; this
/// type only exists once the pattern passed `fast-glob`'s validation, so a
/// malformed pattern can never silently match nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: Box<str>,
}

/// A pattern that is not a valid glob.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    /// The pattern as written.
    pub pattern: String,
    /// Why it is invalid.
    pub message: String,
}

impl Glob {
    /// Checks `pattern`. A leading `!` is refused: other tools read it as a
    /// negation, which these rules express with `exclude` instead.
    pub fn new(pattern: &str) -> Result<Glob, RulesError> {
        let error = |message: String| RulesError {
            pattern: pattern.to_owned(),
            message,
        };
        if pattern.starts_with('!') {
            return Err(error(
                "a leading `!` is not supported; use an exclude rule, or `\\!` for a literal `!`"
                    .to_owned(),
            ));
        }
        fast_glob::validate(pattern).map_err(|invalid| error(invalid.to_string()))?;
        Ok(Glob {
            pattern: pattern.into(),
        })
    }

    /// True when `key` matches the whole pattern.
    pub fn is_match(&self, key: &str) -> bool {
        fast_glob::glob_match(self.pattern.as_bytes(), key.as_bytes())
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }
}

impl fmt::Debug for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Glob").field(&self.pattern).finish()
    }
}

/// The selection rules of one derived type.
#[derive(Clone, Debug)]
pub struct Rules {
    include: Vec<Glob>,
    exclude: Vec<Glob>,
    include_hidden: bool,
}

impl Rules {
    /// Checks and keeps the rules; see [`Glob`] for the pattern syntax.
    pub fn new(
        include: &[&str],
        exclude: &[&str],
        include_hidden: bool,
    ) -> Result<Rules, RulesError> {
        let globs = |patterns: &[&str]| {
            patterns
                .iter()
                .map(|p| Glob::new(p))
                .collect::<Result<_, _>>()
        };
        Ok(Rules {
            include: globs(include)?,
            exclude: globs(exclude)?,
            include_hidden,
        })
    }

    /// Checks one pattern alone, to report exactly which one is invalid.
    pub fn check_pattern(pattern: &str) -> Result<(), RulesError> {
        Glob::new(pattern).map(drop)
    }

    /// True when the file at `relative` (relative to the folder, `/`
    /// separators) is an asset. Exclusion wins over inclusion.
    pub fn selects(&self, relative: &str) -> bool {
        let matches = |globs: &[Glob]| globs.iter().any(|glob| glob.is_match(relative));
        self.allows_hidden(relative)
            && !matches(&self.exclude)
            && (self.include.is_empty() || matches(&self.include))
    }

    /// True when `relative` has no hidden segment, or hidden files are opted in.
    pub fn allows_hidden(&self, relative: &str) -> bool {
        self.include_hidden || !relative.split('/').any(is_hidden_segment)
    }
}

#[cfg(test)]
mod tests {
    use super::{Glob, Rules};

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
        assert!(rules.selects("site.css"));
        assert!(!rules.selects("vendor/lib.css"));
        assert!(!rules.selects("app.js"));
    }

    #[test]
    fn the_dialect_is_the_documented_one() {
        let matches = |pattern: &str, key: &str| Glob::new(pattern).unwrap().is_match(key);
        assert!(matches("**/*.{css,js}", "a/b/app.js"));
        assert!(matches("*.{css,js}", "app.css"));
        assert!(!matches("*.{css,js}", "app.html"));
        assert!(matches("img/[a-c]?.png", "img/b1.png"));
        assert!(!matches("img/[!a-c]?.png", "img/b1.png"));
        assert!(!matches("img/?.png", "img//.png"));
        assert!(!matches("*", "a/b"));
        assert!(!matches("a?b", "a/b"));
        assert!(matches("a/**", "a/b/c"));
        assert!(matches("a/**/c", "a/c"));
        assert!(matches("a/**/c", "a/b/b/c"));
        assert!(matches("\\*.txt", "*.txt"));
        assert!(!matches("\\*.txt", "a.txt"));
        assert!(!matches("*.CSS", "a.css"));
        assert!(matches(
            "filename with space.txt",
            "filename with space.txt"
        ));
        assert!(matches("你好*.txt", "你好世界.txt"));
    }

    #[test]
    fn invalid_patterns_are_reported_with_the_pattern() {
        for pattern in ["a/[b", "**/*.{js", "a\\", "!*.map"] {
            let error = Rules::check_pattern(pattern).unwrap_err();
            assert_eq!(error.pattern, pattern);
            assert!(!error.message.is_empty());
        }
        let error = Rules::new(&["ok"], &["bad/[x"], false).unwrap_err();
        assert_eq!(error.pattern, "bad/[x");
    }
}
