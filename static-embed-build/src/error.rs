//! Why a file could not be processed.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// A file of the folder could not be processed: it could not be read, or it
/// changed while it was. Its `Display` names the file.
#[derive(Debug)]
pub struct Error {
    path: PathBuf,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Read(io::Error),
    /// Its bytes no longer match the hash taken earlier in the build.
    Changed,
}

impl Error {
    pub(crate) fn read(path: &Path, error: io::Error) -> Error {
        Error {
            path: path.to_owned(),
            kind: Kind::Read(error),
        }
    }

    pub(crate) fn changed(path: &Path) -> Error {
        Error {
            path: path.to_owned(),
            kind: Kind::Changed,
        }
    }

    /// The file that could not be processed.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            Kind::Read(error) => write!(f, "cannot read `{path}`: {error}"),
            Kind::Changed => write!(
                f,
                "cannot read `{path}`: the file changed while it was being embedded; build again"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            Kind::Read(error) => Some(error),
            Kind::Changed => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_names_the_file_and_keeps_its_source() {
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let error = Error::read(Path::new("/site/a.css"), denied);
        assert!(error.to_string().starts_with("cannot read `/site/a.css`: "));
        assert!(std::error::Error::source(&error).is_some());
        let changed = Error::changed(Path::new("/site/a.css"));
        assert!(changed
            .to_string()
            .contains("changed while it was being embedded"));
        assert_eq!(changed.path(), Path::new("/site/a.css"));
    }
}
