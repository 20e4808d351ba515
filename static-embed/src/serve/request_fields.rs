//! The request header fields the responder reads, found in one pass over
//! the request's header map: no hashing and no probing per field, and a field
//! the request does not carry costs nothing more.

use http::header::{
    GetAll, HeaderMap, HeaderName, ValueIter, ACCEPT_ENCODING, IF_MATCH, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, IF_RANGE, IF_UNMODIFIED_SINCE, RANGE,
};
use http::HeaderValue;

/// Where each field the responder reads was seen.
#[derive(Clone, Copy, Debug)]
pub(super) struct RequestFields<'a> {
    headers: &'a HeaderMap,
    pub(super) accept_encoding: Seen<'a>,
    pub(super) range: Seen<'a>,
    pub(super) if_range: Seen<'a>,
    pub(super) if_match: Seen<'a>,
    pub(super) if_none_match: Seen<'a>,
    pub(super) if_modified_since: Seen<'a>,
    pub(super) if_unmodified_since: Seen<'a>,
}

/// One field: its first line, and whether more lines follow.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Seen<'a> {
    first: Option<&'a HeaderValue>,
    repeated: bool,
}

impl<'a> Seen<'a> {
    fn note(&mut self, value: &'a HeaderValue) {
        match self.first {
            None => self.first = Some(value),
            Some(_) => self.repeated = true,
        }
    }

    pub(super) fn is_present(&self) -> bool {
        self.first.is_some()
    }

    /// The first line, for fields defined as a single value.
    pub(super) fn first(&self) -> Option<&'a HeaderValue> {
        self.first
    }

    /// The value of a field that must appear once, such as an HTTP-date:
    /// `None` when it is absent or repeated (RFC 9110 §5.3).
    pub(super) fn single(&self) -> Option<&'a HeaderValue> {
        self.first.filter(|_| !self.repeated)
    }
}

impl<'a> RequestFields<'a> {
    /// Notes every field of interest in one pass over `headers`.
    pub(super) fn scan(headers: &'a HeaderMap) -> RequestFields<'a> {
        let mut fields = RequestFields {
            headers,
            accept_encoding: Seen::default(),
            range: Seen::default(),
            if_range: Seen::default(),
            if_match: Seen::default(),
            if_none_match: Seen::default(),
            if_modified_since: Seen::default(),
            if_unmodified_since: Seen::default(),
        };
        for (name, value) in headers {
            // Standard names compare as small integers.
            let seen = if name == ACCEPT_ENCODING {
                &mut fields.accept_encoding
            } else if name == IF_NONE_MATCH {
                &mut fields.if_none_match
            } else if name == IF_MODIFIED_SINCE {
                &mut fields.if_modified_since
            } else if name == RANGE {
                &mut fields.range
            } else if name == IF_RANGE {
                &mut fields.if_range
            } else if name == IF_MATCH {
                &mut fields.if_match
            } else if name == IF_UNMODIFIED_SINCE {
                &mut fields.if_unmodified_since
            } else {
                continue;
            };
            seen.note(value);
        }
        fields
    }

    /// True when any precondition field is present.
    pub(super) fn has_preconditions(&self) -> bool {
        self.if_match.is_present()
            || self.if_none_match.is_present()
            || self.if_modified_since.is_present()
            || self.if_unmodified_since.is_present()
    }

    /// Every line of a list field (`seen` is the field `name`'s), in order.
    pub(super) fn lines(&self, seen: Seen<'a>, name: HeaderName) -> Lines<'a> {
        if seen.repeated {
            Lines::All(self.headers.get_all(name))
        } else {
            Lines::One(seen.first)
        }
    }
}

/// The lines of one field.
#[derive(Debug)]
pub(super) enum Lines<'a> {
    /// At most one line: the common case, no lookup.
    One(Option<&'a HeaderValue>),
    /// Several lines, read from the map.
    All(GetAll<'a, HeaderValue>),
}

impl<'a> Lines<'a> {
    pub(super) fn iter(&self) -> LineIter<'a> {
        match self {
            Lines::One(line) => LineIter::One(*line),
            Lines::All(lines) => LineIter::All(lines.iter()),
        }
    }
}

/// Iterates the lines of one field.
#[derive(Debug)]
pub(super) enum LineIter<'a> {
    One(Option<&'a HeaderValue>),
    All(ValueIter<'a, HeaderValue>),
}

impl<'a> Iterator for LineIter<'a> {
    type Item = &'a HeaderValue;

    fn next(&mut self) -> Option<&'a HeaderValue> {
        match self {
            LineIter::One(line) => line.take(),
            LineIter::All(lines) => lines.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(fields: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for &(name, value) in fields {
            headers.append(name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn every_line_of_a_repeated_list_field_is_read_in_order() {
        let headers = map(&[
            ("if-none-match", "\"a\""),
            ("host", "x"),
            ("if-none-match", "\"b\""),
        ]);
        let fields = RequestFields::scan(&headers);
        let lines = fields.lines(fields.if_none_match, IF_NONE_MATCH);
        let lines: Vec<_> = lines.iter().collect();
        assert_eq!(lines, ["\"a\"", "\"b\""]);
        assert_eq!(fields.if_none_match.single(), None);
        assert!(fields.has_preconditions());
    }

    #[test]
    fn a_single_line_is_read_without_a_lookup() {
        let headers = map(&[("accept-encoding", "br"), ("range", "bytes=0-1")]);
        let fields = RequestFields::scan(&headers);
        let lines = fields.lines(fields.accept_encoding, ACCEPT_ENCODING);
        let lines: Vec<_> = lines.iter().collect();
        assert_eq!(lines, ["br"]);
        assert_eq!(fields.range.single().unwrap(), "bytes=0-1");
        assert!(!fields.if_range.is_present());
        assert!(!fields.has_preconditions());
    }
}
