//! [`ConfigError`]: a serving option that was refused.

use std::fmt;

/// A [`ServeAssets`](super::ServeAssets) option that was refused: an
/// invalid glob or index file name. The message quotes the value as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ErrorKind {
    Glob { pattern: String, message: String },
    IndexFile(String),
}

impl ConfigError {
    pub(super) fn glob(pattern: &str, message: String) -> ConfigError {
        let pattern = pattern.to_owned();
        ConfigError {
            kind: ErrorKind::Glob { pattern, message },
        }
    }

    pub(super) fn index_file(name: &str) -> ConfigError {
        ConfigError {
            kind: ErrorKind::IndexFile(name.to_owned()),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Glob { pattern, message } => {
                write!(f, "invalid cache_control glob {pattern:?}: {message}")
            }
            ErrorKind::IndexFile(name) => {
                write!(f, "invalid index_file {name:?}: expected a plain file name such as \"index.html\"")
            }
        }
    }
}

impl std::error::Error for ConfigError {}
