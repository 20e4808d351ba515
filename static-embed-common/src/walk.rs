//! Finding the assets of a folder: the whole tree at compile time
//! ([`walk`]) or one key at a time in debug builds ([`find_file`]). Both apply
//! the same [`Rules`] and the same symlink policy, so both modes see the same
//! files under the same keys.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::path::normalize;
use crate::Rules;

/// One asset found by [`walk`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkedFile {
    /// Path relative to the folder with `/` separators (the key, less any prefix).
    pub relative: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// Why a folder could not be walked.
#[derive(Debug)]
pub enum WalkError {
    /// The folder does not exist.
    Missing(PathBuf),
    /// The path exists but is not a folder.
    NotAFolder(PathBuf),
    /// A file or folder could not be read.
    Unreadable(PathBuf, io::Error),
    /// A selected file's name is not UTF-8, so it has no URL key.
    NonUtf8Name(PathBuf),
    /// A selected file's name cannot be a URL path segment (a backslash or a
    /// control character in it).
    UnservableName(String),
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WalkError::Missing(path) => write!(f, "folder `{}` does not exist", path.display()),
            WalkError::NotAFolder(path) => write!(f, "`{}` is a file, not a folder", path.display()),
            WalkError::Unreadable(path, error) => {
                write!(f, "cannot read `{}`: {error}", path.display())
            }
            WalkError::NonUtf8Name(path) => write!(
                f,
                "file name `{}` is not UTF-8 and cannot be a URL key; rename it or exclude it",
                path.display()
            ),
            WalkError::UnservableName(name) => write!(
                f,
                "file name {name:?} cannot be a URL key (backslash or control character); rename it or exclude it"
            ),
        }
    }
}

impl std::error::Error for WalkError {}

/// Everything a walk found: the assets, sorted by relative path, and the
/// entries that could not be taken.
#[derive(Debug, Default)]
pub struct Walk {
    /// The assets, sorted by relative path.
    pub files: Vec<WalkedFile>,
    /// Selected entries that could not be read or have no valid key. The
    /// macro turns these into compile errors; debug-build listings skip them.
    pub errors: Vec<WalkError>,
}

/// Lists every asset under `root`.
///
/// Hidden entries are pruned unless the rules opt in; symlinks are followed
/// only when their target stays inside `root` (links out, broken links and
/// loops are skipped). A selected file whose name is not valid as a key is
/// reported rather than silently dropped; non-UTF-8 names are matched
/// against the rules in their lossy form, so they can be excluded.
pub fn walk(root: &Path, rules: &Rules) -> Result<Walk, WalkError> {
    let root = canonical_folder(root)?;
    let mut walk = Walk::default();
    let entries = WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| keeps_entry(&root, rules, entry));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if is_link_problem(&error) => continue,
            Err(error) => {
                let path = error.path().unwrap_or(&root).to_path_buf();
                walk.errors.push(WalkError::Unreadable(path, error.into()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        match selected_file(&root, rules, entry.path()) {
            Ok(Some(file)) => walk.files.push(file),
            Ok(None) => {}
            Err(error) => walk.errors.push(error),
        }
    }
    walk.files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(walk)
}

/// The readable file of one relative key under `root`, found with the same
/// policy as [`walk`]: `Ok(None)` unless the key is canonical, selected by
/// the rules, and its real location (after symlinks) is a file inside
/// `root`. A path that is there but cannot be resolved (a folder the
/// process may not search, an I/O error) is an error naming it, so a debug
/// server can say so instead of answering as if nothing were there.
pub fn find_file(
    canonical_root: &Path,
    relative: &str,
    rules: &Rules,
) -> Result<Option<PathBuf>, Unresolvable> {
    if normalize(relative) != Some(relative) || !rules.selects(relative) {
        return Ok(None);
    }
    let (folders, file) = relative.rsplit_once('/').unwrap_or(("", relative));
    let Some(folder) = real_folder(canonical_root, folders)? else {
        return Ok(None);
    };
    let real = real_path(&folder.join(file))?;
    Ok(real.filter(|real| real.starts_with(canonical_root) && real.is_file()))
}

/// A path [`find_file`] met that is there but cannot be resolved: a folder
/// the process may not search, an I/O error.
#[derive(Debug)]
pub struct Unresolvable {
    /// The path, as far as it was resolved.
    pub path: PathBuf,
    /// Why it cannot be.
    pub error: io::Error,
}

/// Where `folders` (a key's folders, `a/b`) really are, symlinks followed,
/// one folder at a time; `None` if one is missing, or is (after symlinks)
/// the root or a folder already passed: a link back up, which [`walk`] does
/// not follow (walkdir compares each linked folder with its ancestors), so
/// a disk read must not either, or debug builds would serve keys such as
/// `a/up/a/file.txt` that release builds do not have.
fn real_folder(canonical_root: &Path, folders: &str) -> Result<Option<PathBuf>, Unresolvable> {
    let mut passed = vec![canonical_root.to_path_buf()];
    for folder in folders.split('/').filter(|folder| !folder.is_empty()) {
        let last = passed.last().expect("the root is never popped");
        let Some(real) = real_path(&last.join(folder))? else {
            return Ok(None);
        };
        if passed.contains(&real) {
            return Ok(None);
        }
        passed.push(real);
    }
    Ok(passed.pop())
}

/// `path` with symlinks resolved; `None` when nothing is there, or only a
/// link that leads nowhere (broken, or a loop), which [`walk`] skips too.
fn real_path(path: &Path) -> Result<Option<PathBuf>, Unresolvable> {
    let error = match path.canonicalize() {
        Ok(real) => return Ok(Some(real)),
        Err(error) => error,
    };
    match path.symlink_metadata() {
        Err(missing) if is_missing(&missing) => Ok(None),
        Ok(entry) if entry.file_type().is_symlink() => Ok(None),
        _ => Err(Unresolvable {
            path: path.to_path_buf(),
            error,
        }),
    }
}

fn is_missing(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// Canonicalises `root`, distinguishing a missing folder from a file.
pub fn canonical_folder(root: &Path) -> Result<PathBuf, WalkError> {
    let canonical = root.canonicalize().map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => WalkError::Missing(root.to_path_buf()),
        _ => WalkError::Unreadable(root.to_path_buf(), error),
    })?;
    if canonical.is_dir() {
        Ok(canonical)
    } else {
        Err(WalkError::NotAFolder(root.to_path_buf()))
    }
}

/// Prunes hidden entries and symlinks that lead out of the folder.
fn keeps_entry(root: &Path, rules: &Rules, entry: &DirEntry) -> bool {
    if entry.depth() == 0 {
        return true;
    }
    let name = entry.file_name().to_string_lossy();
    if !rules.allows_hidden(&name) {
        return false;
    }
    !entry.path_is_symlink() || link_stays_inside(root, entry.path())
}

fn link_stays_inside(root: &Path, link: &Path) -> bool {
    link.canonicalize()
        .is_ok_and(|target| target.starts_with(root))
}

/// Broken links and link loops are skipped, like links that lead outside.
fn is_link_problem(error: &walkdir::Error) -> bool {
    error.loop_ancestor().is_some()
        || error
            .path()
            .is_some_and(|path| path.is_symlink() && !path.exists())
}

fn selected_file(root: &Path, rules: &Rules, path: &Path) -> Result<Option<WalkedFile>, WalkError> {
    let relative_path = path.strip_prefix(root).unwrap_or(path);
    let lossy: Vec<String> = relative_path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let relative = lossy.join("/");
    if !rules.selects(&relative) {
        return Ok(None);
    }
    if relative_path.to_str().is_none() {
        return Err(WalkError::NonUtf8Name(path.to_path_buf()));
    }
    if normalize(&relative) != Some(relative.as_str()) {
        return Err(WalkError::UnservableName(relative));
    }
    Ok(Some(WalkedFile {
        relative,
        path: path.to_path_buf(),
    }))
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::os::unix::fs::symlink;
    use std::path::Path;

    use super::{find_file, walk};
    use crate::Rules;

    fn keys(root: &Path) -> Vec<String> {
        let rules = Rules::new(&[], &[], false).unwrap();
        let walked = walk(root, &rules).unwrap();
        assert!(walked.errors.is_empty(), "{:?}", walked.errors);
        walked.files.into_iter().map(|file| file.relative).collect()
    }

    fn finds(root: &Path, key: &str) -> bool {
        let rules = Rules::new(&[], &[], false).unwrap();
        find_file(&root.canonicalize().unwrap(), key, &rules)
            .unwrap()
            .is_some()
    }

    /// A folder with `a/file.txt`, plus `links`: (where it points, where
    /// it is).
    fn folder(links: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        fs::write(dir.path().join("a/file.txt"), "a file\n").unwrap();
        for (target, link) in links {
            symlink(target, dir.path().join(link)).unwrap();
        }
        dir
    }

    #[test]
    fn a_link_to_a_folder_inside_is_followed_in_both_modes() {
        let dir = folder(&[("a", "b")]);
        assert_eq!(keys(dir.path()), ["a/file.txt", "b/file.txt"]);
        assert!(finds(dir.path(), "b/file.txt"));
    }

    #[test]
    fn broken_links_are_skipped_in_both_modes() {
        let dir = folder(&[("missing.txt", "broken.txt"), ("missing", "a/broken")]);
        assert_eq!(keys(dir.path()), ["a/file.txt"]);
        assert!(!finds(dir.path(), "broken.txt"));
        assert!(!finds(dir.path(), "a/broken/file.txt"));
    }

    #[test]
    fn a_link_back_to_a_folder_it_is_in_is_not_followed_in_either_mode() {
        let dir = folder(&[("..", "a/up"), (".", "a/here")]);
        assert_eq!(keys(dir.path()), ["a/file.txt"]);
        assert!(finds(dir.path(), "a/file.txt"));
        for looped in ["a/up/a/file.txt", "a/here/file.txt", "a/up/a/up/a/file.txt"] {
            assert!(!finds(dir.path(), looped), "{looped}");
        }
    }

    #[test]
    fn links_that_loop_between_themselves_are_skipped() {
        let dir = folder(&[("y", "x"), ("x", "y")]);
        assert_eq!(keys(dir.path()), ["a/file.txt"]);
        assert!(!finds(dir.path(), "x"));
    }
}
