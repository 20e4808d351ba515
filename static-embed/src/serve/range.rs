//! `Range: bytes=…` (RFC 9110 §14.1.2, §14.2), evaluated against a length.

use http::HeaderValue;

/// More ranges than this in one request and the field is ignored: a 200 is
/// always a valid answer to a Range request (RFC 9110 §14.2), and many
/// small ranges are a known amplification attack (RFC 9110 §17.15).
pub(super) const MAX_RANGES: usize = 16;

/// An inclusive byte range inside a representation, `start <= end < len`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ByteRange {
    pub(super) start: u64,
    pub(super) end: u64,
}

impl ByteRange {
    pub(super) fn len(self) -> u64 {
        self.end - self.start + 1
    }
}

/// What a Range field asks for, once evaluated against the length.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Ranges {
    /// Not a valid `bytes` range set, or too many ranges: send a 200.
    Ignore,
    /// Valid, but no range overlaps the representation: 416.
    Unsatisfiable,
    /// One range (several that touch are merged into one): 206.
    One(ByteRange),
    /// Disjoint ranges, in ascending order: 206 `multipart/byteranges`.
    Many(Vec<ByteRange>),
}

/// Evaluates the Range field `value` against a representation of `len`
/// bytes: the satisfiable ranges it asks for. Overlapping and adjacent
/// ranges are merged and the result sorted, as RFC 9110 §14.2 allows, so no
/// byte is sent twice.
pub(super) fn satisfiable_ranges(value: &HeaderValue, len: u64) -> Ranges {
    let Some(set) = value.to_str().ok().and_then(range_set) else {
        return Ranges::Ignore;
    };
    let specs = set
        .split(',')
        .map(str::trim)
        .filter(|spec| !spec.is_empty());
    let mut ranges = Vec::new();
    for (count, spec) in specs.enumerate() {
        if count == MAX_RANGES {
            return Ranges::Ignore;
        }
        let Some(spec) = RangeSpec::parse(spec) else {
            return Ranges::Ignore;
        };
        ranges.extend(spec.satisfiable_part(len));
    }
    if ranges.is_empty() {
        return if set.trim().is_empty() {
            Ranges::Ignore
        } else {
            Ranges::Unsatisfiable
        };
    }
    coalesce(ranges)
}

/// The part after `bytes=`; the unit is case-insensitive (RFC 9110 §14.1).
fn range_set(value: &str) -> Option<&str> {
    let (unit, set) = value.trim().split_once('=')?;
    unit.trim().eq_ignore_ascii_case("bytes").then_some(set)
}

/// One element of a range set, before it meets a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RangeSpec {
    /// `first-last` or `first-`.
    FromTo { first: u64, last: Option<u64> },
    /// `-suffix`: the last `suffix` bytes.
    Suffix(u64),
}

impl RangeSpec {
    fn parse(spec: &str) -> Option<RangeSpec> {
        let (first, last) = spec.split_once('-')?;
        if first.is_empty() {
            return Some(RangeSpec::Suffix(digits(last)?));
        }
        let first = digits(first)?;
        let last = match last {
            "" => None,
            // `first > last` makes the whole field invalid (§14.1.2).
            last => Some(digits(last).filter(|&last| last >= first)?),
        };
        Some(RangeSpec::FromTo { first, last })
    }

    /// The satisfiable part of this spec, if any (RFC 9110 §14.1.2).
    fn satisfiable_part(self, len: u64) -> Option<ByteRange> {
        let last_byte = len.checked_sub(1)?;
        match self {
            RangeSpec::FromTo { first, last } => (first < len).then(|| ByteRange {
                start: first,
                end: last.map_or(last_byte, |last| last.min(last_byte)),
            }),
            RangeSpec::Suffix(suffix) => (suffix > 0).then(|| ByteRange {
                start: len - suffix.min(len),
                end: last_byte,
            }),
        }
    }
}

/// `1*DIGIT`, without the sign `str::parse` would accept.
fn digits(text: &str) -> Option<u64> {
    let all_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| text.parse().ok()).flatten()
}

fn coalesce(mut ranges: Vec<ByteRange>) -> Ranges {
    ranges.sort_unstable_by_key(|range| range.start);
    let mut merged: Vec<ByteRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(previous) if range.start <= previous.end.saturating_add(1) => {
                previous.end = previous.end.max(range.end);
            }
            _ => merged.push(range),
        }
    }
    match merged.as_slice() {
        [one] => Ranges::One(*one),
        _ => Ranges::Many(merged),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(value: &str, len: u64) -> Ranges {
        satisfiable_ranges(&HeaderValue::from_str(value).unwrap(), len)
    }

    fn one(start: u64, end: u64) -> Ranges {
        Ranges::One(ByteRange { start, end })
    }

    #[test]
    fn single_suffix_and_open_ended_ranges_are_clamped_to_the_length() {
        assert_eq!(ranges("bytes=0-4", 10), one(0, 4));
        assert_eq!(ranges("bytes=5-", 10), one(5, 9));
        assert_eq!(ranges("bytes=-3", 10), one(7, 9));
        assert_eq!(ranges("bytes=-30", 10), one(0, 9));
        assert_eq!(ranges("bytes=8-100", 10), one(8, 9));
        assert_eq!(ranges("Bytes = 1-1", 10), one(1, 1));
    }

    #[test]
    fn ranges_past_the_end_are_unsatisfiable() {
        assert_eq!(ranges("bytes=10-", 10), Ranges::Unsatisfiable);
        assert_eq!(ranges("bytes=-0", 10), Ranges::Unsatisfiable);
        assert_eq!(ranges("bytes=0-", 0), Ranges::Unsatisfiable);
        assert_eq!(ranges("bytes=20-30, 40-", 10), Ranges::Unsatisfiable);
    }

    #[test]
    fn malformed_fields_are_ignored() {
        for bad in [
            "bytes=5-1",
            "bytes=a-b",
            "bytes=+1-2",
            "items=0-1",
            "bytes=",
            "bytes=1",
            "0-1",
        ] {
            assert_eq!(ranges(bad, 10), Ranges::Ignore, "{bad}");
        }
    }

    #[test]
    fn overlapping_and_adjacent_ranges_merge_and_sort() {
        let r = |start, end| ByteRange { start, end };
        assert_eq!(ranges("bytes=0-2, 3-4", 10), one(0, 4));
        assert_eq!(
            ranges("bytes=5-6, 0-1, 1-2", 10),
            Ranges::Many(vec![r(0, 2), r(5, 6)])
        );
        assert_eq!(ranges("bytes=0-0, 0-0, 0-0", 10), one(0, 0));
    }

    #[test]
    fn more_than_the_maximum_number_of_ranges_is_ignored() {
        let many = vec!["0-0"; MAX_RANGES + 1].join(",");
        assert_eq!(ranges(&format!("bytes={many}"), 10), Ranges::Ignore);
        let allowed = vec!["0-0"; MAX_RANGES].join(",");
        assert_eq!(ranges(&format!("bytes={allowed}"), 10), one(0, 0));
    }
}
