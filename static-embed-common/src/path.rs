//! The one path normaliser: every key looked up, in the embedded table or on
//! disk, goes through [`normalize`] first.
//!
//! It never rewrites its input (so it never allocates); it only strips one
//! leading `/` and rejects anything that is not already a canonical key. A
//! rejected key is simply "not found", which is what makes traversal
//! impossible: `..`, `.`, empty segments, backslashes, control characters
//! (NUL included) and Windows drive prefixes never reach the file system.
//! Percent-decoding is the HTTP layer's job; here `%2e%2e` is a literal name.

/// Returns the canonical key for `input`, or `None` when `input` cannot name a
/// file inside the folder.
///
/// ```
/// use static_embed_common::path::normalize;
/// assert_eq!(normalize("/css/site.css"), Some("css/site.css"));
/// assert_eq!(normalize("css/site.css"), Some("css/site.css"));
/// assert_eq!(normalize("../secret"), None);
/// assert_eq!(normalize("css//site.css"), None);
/// assert_eq!(normalize("c:/windows"), None);
/// ```
pub fn normalize(input: &str) -> Option<&str> {
    let key = input.strip_prefix('/').unwrap_or(input);
    if key.is_empty() {
        return None;
    }
    if has_drive_prefix(key) {
        return None;
    }
    key.split('/').all(is_plain_segment).then_some(key)
}

/// True when `segment` is a single, ordinary path component.
fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment.chars().any(|c| c == '\\' || c.is_control())
        && !is_windows_device_name(segment)
}

/// `C:`, `c:foo`: a drive letter would make `Path::join` discard the root on
/// Windows, so it is refused on every OS (keys must behave the same everywhere).
fn has_drive_prefix(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

/// `CON`, `nul.txt`, …: on Windows these open devices, not files.
#[cfg(windows)]
fn is_windows_device_name(segment: &str) -> bool {
    const DEVICES: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    let stem = segment.split('.').next().unwrap_or(segment).trim_end();
    DEVICES.iter().any(|d| d.eq_ignore_ascii_case(stem))
}

#[cfg(not(windows))]
fn is_windows_device_name(_segment: &str) -> bool {
    false
}

/// True for a segment that names a hidden file or folder (`.git`, `.env`).
pub fn is_hidden_segment(segment: &str) -> bool {
    segment.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn accepts_canonical_keys_with_or_without_one_leading_slash() {
        assert_eq!(normalize("index.html"), Some("index.html"));
        assert_eq!(normalize("/index.html"), Some("index.html"));
        assert_eq!(normalize("a b/你好.txt"), Some("a b/你好.txt"));
        assert_eq!(normalize("%2e%2e/x"), Some("%2e%2e/x"));
    }

    #[test]
    fn rejects_every_form_of_traversal() {
        for bad in [
            "",
            "/",
            "//etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "./a",
            "a/..",
            "a//b",
            "a/",
            "..\\x",
            "a\\b",
            "a\0b",
            "C:/Windows/win.ini",
            "c:x",
            "/C:/x",
            "a\nb",
        ] {
            assert_eq!(normalize(bad), None, "{bad:?} must be rejected");
        }
    }
}
