//! The validators a request sends back (RFC 9110 §8.8): entity-tags and
//! HTTP-dates of its precondition fields, parsed into small typed values.
//! Nothing here allocates: values borrow from the request.

use http::HeaderValue;
use static_embed_common::metadata::parse_http_date;

use super::request_fields::Lines;

/// How two entity-tags are compared (RFC 9110 §8.8.3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Comparison {
    /// Both tags strong and equal: `If-Match`, `If-Range`.
    Strong,
    /// Equal opaque tags, weakness ignored: `If-None-Match`.
    Weak,
}

/// The value of `If-Match` or `If-None-Match`: `*` or a list of
/// entity-tags, possibly spread over several field lines.
#[derive(Debug)]
pub(super) struct EntityTagList<'a> {
    lines: Lines<'a>,
}

impl<'a> EntityTagList<'a> {
    pub(super) fn new(lines: Lines<'a>) -> Self {
        EntityTagList { lines }
    }

    /// True when the list is `*` or holds a tag that matches `etag` (our own
    /// strong tag, quotes included) under `comparison`. A malformed line
    /// matches through the tags read before the error, and nothing after it.
    pub(super) fn matches(&self, etag: &HeaderValue, comparison: Comparison) -> bool {
        let etag = etag.as_bytes();
        self.lines.iter().any(|line| {
            let line = line.as_bytes();
            // A client revalidating sends back exactly the tag it was given:
            // one strong tag, equal to ours under either comparison.
            line == etag
                || line.trim_ascii() == b"*"
                || EntityTags::new(line).any(|tag| tag.matches(etag, comparison))
        })
    }
}

/// One parsed entity-tag: `W/"x"` or `"x"` (RFC 9110 §8.8.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct EntityTag<'a> {
    weak: bool,
    /// The opaque tag, quotes included.
    opaque: &'a [u8],
}

impl EntityTag<'_> {
    /// Parses a whole field value holding exactly one entity-tag.
    pub(super) fn parse(value: &[u8]) -> Option<EntityTag<'_>> {
        let mut tags = EntityTags::new(value);
        let tag = tags.next()?;
        tags.rest.trim_ascii().is_empty().then_some(tag)
    }

    /// Compares with our own `etag`, which is always strong.
    pub(super) fn matches(&self, etag: &[u8], comparison: Comparison) -> bool {
        let weakness_allowed = comparison == Comparison::Weak || !self.weak;
        weakness_allowed && self.opaque == etag
    }
}

/// Iterates the entity-tags of a comma-separated list, stopping at the first
/// malformed element. Tags may contain commas, so this scans quotes rather
/// than splitting.
struct EntityTags<'a> {
    rest: &'a [u8],
}

impl<'a> EntityTags<'a> {
    fn new(value: &'a [u8]) -> Self {
        EntityTags { rest: value }
    }
}

impl<'a> Iterator for EntityTags<'a> {
    type Item = EntityTag<'a>;

    fn next(&mut self) -> Option<EntityTag<'a>> {
        let start = self
            .rest
            .iter()
            .position(|&b| !matches!(b, b' ' | b'\t' | b','))?;
        let rest = &self.rest[start..];
        let (weak, rest) = match rest.strip_prefix(b"W/") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let (b'"', inner) = rest.split_first()? else {
            self.rest = &[];
            return None;
        };
        let Some(close) = inner.iter().position(|&b| b == b'"') else {
            self.rest = &[];
            return None;
        };
        let opaque = &rest[..close + 2];
        self.rest = &rest[close + 2..];
        Some(EntityTag { weak, opaque })
    }
}

/// An HTTP-date field (`If-Modified-Since`, `If-Unmodified-Since`) as
/// seconds since the epoch. A field that is not one valid HTTP-date, or that
/// appears more than once (`value` is then `None`), is ignored (RFC 9110
/// §13.1.3, §13.1.4).
pub(super) fn date(value: Option<&HeaderValue>) -> Option<u64> {
    parse_http_date(value?.to_str().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(value: &str) -> Vec<(bool, &str)> {
        EntityTags::new(value.as_bytes())
            .map(|t| (t.weak, std::str::from_utf8(t.opaque).unwrap()))
            .collect()
    }

    #[test]
    fn lists_of_entity_tags_are_split_on_commas_outside_quotes() {
        assert_eq!(
            tags(r#""a", W/"b" ,"c,d""#),
            [(false, r#""a""#), (true, r#""b""#), (false, r#""c,d""#)]
        );
        assert_eq!(tags(r#" , "a",, "#), [(false, r#""a""#)]);
    }

    #[test]
    fn a_malformed_element_ends_the_list() {
        assert_eq!(tags(r#""a", b, "c""#), [(false, r#""a""#)]);
        assert_eq!(tags(r#""a", "unterminated"#), [(false, r#""a""#)]);
    }

    #[test]
    fn strong_comparison_refuses_weak_tags_and_weak_comparison_accepts_them() {
        let weak = EntityTag::parse(br#"W/"x""#).unwrap();
        assert!(!weak.matches(br#""x""#, Comparison::Strong));
        assert!(weak.matches(br#""x""#, Comparison::Weak));
        assert!(EntityTag::parse(br#""x""#)
            .unwrap()
            .matches(br#""x""#, Comparison::Strong));
        assert_eq!(EntityTag::parse(br#""x" "y""#), None);
    }
}
