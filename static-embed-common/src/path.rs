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
    if key.is_empty() || has_drive_prefix(key) {
        return None;
    }
    // Device names are refused segment by segment on Windows: no shortcut.
    if cfg!(not(windows)) && !may_be_irregular(key) {
        return Some(key);
    }
    let canonical =
        !key.chars().any(|c| c == '\\' || c.is_control()) && key.split('/').all(is_plain_segment);
    canonical.then_some(key)
}

/// A quick test, false for nearly every key a browser asks for: `key` (not
/// empty) has no byte that may start a forbidden character (a backslash, a
/// control character; `C2` leads U+0080–U+009F in UTF-8), and no place
/// where an empty, `.` or `..` segment could begin (`.` or `/` first, `/`
/// last, `//` or `/.` inside). Every request path comes through here, so
/// these are passes without early exit, which the compiler vectorizes;
/// a key it flags (a hidden file, say) gets the exact check.
fn may_be_irregular(key: &str) -> bool {
    let bytes = key.as_bytes();
    let first = bytes[0];
    let edges = first == b'.' || first == b'/' || bytes[bytes.len() - 1] == b'/';
    let suspect_byte = bytes.iter().fold(false, |found, &byte| {
        found | (byte < 0x20) | (byte == 0x7F) | (byte == b'\\') | (byte == 0xC2)
    });
    let pairs = bytes.iter().zip(&bytes[1..]);
    let suspect_pair = pairs.fold(false, |found, (&byte, &next)| {
        found | ((byte == b'/') & ((next == b'/') | (next == b'.')))
    });
    edges | suspect_byte | suspect_pair
}

/// True when `segment` (free of `/`, `\` and control characters) is a
/// single, ordinary path component.
fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty() && segment != "." && segment != ".." && !is_windows_device_name(segment)
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
    use super::{has_drive_prefix, is_windows_device_name, normalize};

    /// The char-based definition the byte scan must agree with.
    fn reference(input: &str) -> Option<&str> {
        let key = input.strip_prefix('/').unwrap_or(input);
        let plain = |segment: &str| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && !segment.chars().any(|c| c == '\\' || c.is_control())
                && !is_windows_device_name(segment)
        };
        let ok = !key.is_empty() && !has_drive_prefix(key) && key.split('/').all(plain);
        ok.then_some(key)
    }

    #[test]
    fn the_quick_scan_agrees_with_the_char_definition_on_every_short_string() {
        let alphabet = [
            'a', '.', '/', '\\', '\0', ':', 'C', '\u{85}', '\u{a0}', 'é', '\u{7f}',
        ];
        let mut inputs = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = inputs
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for input in inputs.iter().chain(&longer) {
                assert_eq!(normalize(input), reference(input), "{input:?}");
            }
            inputs = longer;
        }
    }

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
