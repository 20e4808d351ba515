//! `Accept-Encoding` negotiation (RFC 9110 §12.5.3).

use http::HeaderValue;

use super::request_fields::Lines;

use crate::Encoding;

/// A quality value in thousandths: `q=0.5` is 500 (RFC 9110 §12.4.2).
type Quality = u16;

const MAX_QUALITY: Quality = 1000;

/// Identity when not listed: acceptable, but the least preferred.
const UNLISTED_IDENTITY: Quality = 1;

/// What the client said about each coding we can store; codings we never
/// store are skipped while parsing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct AcceptEncoding {
    /// Explicit weights, indexed like [`Encoding::ALL`].
    explicit: [Option<Quality>; Encoding::ALL.len()],
    /// The weight of `*`, if given.
    any: Option<Quality>,
}

impl AcceptEncoding {
    /// Reads every `Accept-Encoding` line. Tokens are case-insensitive;
    /// elements with an unknown coding or a malformed weight are ignored.
    /// For one coding listed twice, the higher weight counts.
    pub(super) fn from_lines(lines: &Lines<'_>) -> AcceptEncoding {
        let mut accept = AcceptEncoding::default();
        for line in lines.iter() {
            if !accept.add_plain_list(line.as_bytes()) {
                accept.add_line(line);
            }
        }
        accept
    }

    /// The full parser for one field line: weights, `*`, anything.
    fn add_line(&mut self, line: &HeaderValue) {
        let Ok(line) = line.to_str() else {
            return;
        };
        for element in line.split(',') {
            if let Some((coding, quality)) = parse_element(element) {
                self.add(coding, quality);
            }
        }
    }

    /// The form browsers and tools send, a plain list of tokens without
    /// weights or `*` (`gzip, deflate, br, zstd`), read in one byte scan:
    /// every listed coding gets weight 1, as the full parser would give it.
    /// Returns false, having added nothing, for any other line.
    fn add_plain_list(&mut self, line: &[u8]) -> bool {
        let plain = |&b: &u8| (b' '..=b'~').contains(&b) && b != b';' && b != b'*' || b == b'\t';
        if !line.iter().all(plain) {
            return false;
        }
        for token in line.split(|&b| b == b',') {
            if let Some(encoding) = Encoding::from_token(token.trim_ascii()) {
                self.add(Some(encoding), MAX_QUALITY);
            }
        }
        true
    }

    /// One element; for a coding listed twice, the higher weight counts.
    fn add(&mut self, coding: Option<Encoding>, quality: Quality) {
        let slot = match coding {
            Some(encoding) => &mut self.explicit[encoding.index()],
            None => &mut self.any,
        };
        *slot = Some(slot.map_or(quality, |q| q.max(quality)));
    }

    /// The weight the client gives to `encoding`. A coding not listed takes
    /// the weight of `*`, else is unacceptable, except identity, which is
    /// acceptable unless `identity;q=0`, or `*;q=0` with no `identity`
    /// entry, excludes it; unlisted, it ranks below every listed coding
    /// (`br;q=0.5` still gets brotli). With no `Accept-Encoding` at all any
    /// coding would be allowed, but old clients that send none often cannot
    /// decode anything: they get identity, like an empty field asks.
    fn quality(&self, encoding: Encoding) -> Quality {
        let fallback = match encoding {
            Encoding::Identity => self.any.unwrap_or(UNLISTED_IDENTITY),
            _ => self.any.unwrap_or(0),
        };
        self.explicit[encoding.index()].unwrap_or(fallback)
    }

    /// True when the identity representation may be sent.
    pub(super) fn allows_identity(&self) -> bool {
        self.quality(Encoding::Identity) > 0
    }

    /// Picks the representation to send among `available`: the highest
    /// weight wins, and among equal weights the server's preference, which
    /// is [`Encoding`]'s variant order (br > gzip > identity). `None`
    /// when every available coding is unacceptable: that is a 406.
    pub(super) fn negotiate(&self, available: impl Iterator<Item = Encoding>) -> Option<Encoding> {
        available
            .map(|encoding| (self.quality(encoding), encoding))
            .filter(|&(quality, _)| quality > 0)
            .max_by(|(qa, a), (qb, b)| qa.cmp(qb).then(b.cmp(a)))
            .map(|(_, encoding)| encoding)
    }
}

/// One list element: `coding *( OWS ";" OWS parameter )`. The coding is
/// `None` for `*`; the element itself is `None` when it names a coding we
/// never store or carries a malformed weight.
fn parse_element(element: &str) -> Option<(Option<Encoding>, Quality)> {
    let mut parts = element.split(';');
    let token = parts.next()?.trim();
    let coding = if token == "*" {
        None
    } else {
        Some(Encoding::from_token(token.as_bytes())?)
    };
    let mut quality = MAX_QUALITY;
    for parameter in parts {
        let (name, value) = parameter.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("q") {
            quality = parse_quality(value.trim())?;
        }
    }
    Some((coding, quality))
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
fn parse_quality(value: &str) -> Option<Quality> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction.bytes().chain(std::iter::repeat(b'0')).take(3);
    let fraction = thousandths.fold(0, |acc, digit| acc * 10 + Quality::from(digit - b'0'));
    match whole {
        "0" => Some(fraction),
        "1" if fraction == 0 => Some(MAX_QUALITY),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use http::header::{HeaderMap, ACCEPT_ENCODING};

    use super::super::request_fields::RequestFields;
    use super::*;

    const ALL: [Encoding; 3] = [Encoding::Brotli, Encoding::Gzip, Encoding::Identity];

    fn pick(value: &str) -> Option<Encoding> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        read(&headers).negotiate(ALL.into_iter())
    }

    fn read(headers: &HeaderMap) -> AcceptEncoding {
        let fields = RequestFields::scan(headers);
        AcceptEncoding::from_lines(&fields.lines(fields.accept_encoding, ACCEPT_ENCODING))
    }

    #[test]
    fn weights_parse_to_thousandths_and_reject_malformed_values() {
        assert_eq!(parse_quality("0"), Some(0));
        assert_eq!(parse_quality("0.5"), Some(500));
        assert_eq!(parse_quality("0.125"), Some(125));
        assert_eq!(parse_quality("1.000"), Some(1000));
        for bad in ["1.5", "2", "0.1234", "", "-0", "0.x", ".5"] {
            assert_eq!(parse_quality(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_highest_weight_wins_then_the_server_preference() {
        assert_eq!(pick("gzip, br"), Some(Encoding::Brotli));
        assert_eq!(pick("gzip;q=1, br;q=0.9"), Some(Encoding::Gzip));
        assert_eq!(pick("BR ; Q=0 , GZip"), Some(Encoding::Gzip));
        assert_eq!(pick("*"), Some(Encoding::Brotli));
        assert_eq!(pick("zstd, compress"), Some(Encoding::Identity));
        assert_eq!(pick("gzip;q=0.5"), Some(Encoding::Gzip));
        assert_eq!(pick(""), Some(Encoding::Identity));
    }

    #[test]
    fn plain_lists_read_by_the_byte_scan_agree_with_the_full_parser() {
        for line in [
            "br",
            "gzip, deflate, br, zstd",
            "GZIP,BR",
            " x-gzip ,\tidentity, compress,,",
            "deflate",
            "",
            "b r, gzip",
        ] {
            let mut fast = AcceptEncoding::default();
            assert!(fast.add_plain_list(line.as_bytes()), "{line:?}");
            let mut full = AcceptEncoding::default();
            full.add_line(&HeaderValue::from_str(line).unwrap());
            assert_eq!(fast, full, "{line:?}");
        }
        for other in ["br;q=0.5", "*", "gzip, *;q=0", "br\u{e9}"] {
            let mut fast = AcceptEncoding::default();
            assert!(!fast.add_plain_list(other.as_bytes()), "{other:?}");
            assert_eq!(fast, AcceptEncoding::default());
        }
    }

    #[test]
    fn several_field_lines_combine_whichever_parser_reads_them() {
        let mut headers = HeaderMap::new();
        headers.append(ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        headers.append(
            ACCEPT_ENCODING,
            HeaderValue::from_static("br;q=0.5, identity;q=0"),
        );
        let accept = read(&headers);
        assert!(!accept.allows_identity());
        assert_eq!(accept.negotiate(ALL.into_iter()), Some(Encoding::Gzip));
    }

    #[test]
    fn identity_is_refused_only_when_excluded_explicitly_or_by_star() {
        assert_eq!(pick("identity;q=0"), None);
        assert_eq!(pick("*;q=0"), None);
        assert_eq!(pick("*;q=0, identity"), Some(Encoding::Identity));
        assert_eq!(pick("identity;q=0, gzip"), Some(Encoding::Gzip));
    }
}
