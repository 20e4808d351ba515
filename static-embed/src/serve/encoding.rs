//! `Accept-Encoding` negotiation (RFC 9110 §12.5.3).

use http::header::{HeaderMap, ACCEPT_ENCODING};

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
    explicit: [Option<Quality>; 4],
    /// The weight of `*`, if given.
    any: Option<Quality>,
}

impl AcceptEncoding {
    /// Reads every `Accept-Encoding` line. Tokens are case-insensitive;
    /// elements with an unknown coding or a malformed weight are ignored.
    /// For one coding listed twice, the higher weight counts.
    pub(super) fn from_headers(headers: &HeaderMap) -> AcceptEncoding {
        let mut accept = AcceptEncoding::default();
        let lines = headers.get_all(ACCEPT_ENCODING).into_iter();
        let elements = lines
            .filter_map(|line| line.to_str().ok())
            .flat_map(|line| line.split(','));
        for element in elements {
            if let Some((coding, quality)) = parse_element(element) {
                let slot = match coding {
                    Some(encoding) => &mut accept.explicit[index(encoding)],
                    None => &mut accept.any,
                };
                *slot = Some(slot.map_or(quality, |q| q.max(quality)));
            }
        }
        accept
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
        self.explicit[index(encoding)].unwrap_or(fallback)
    }

    /// True when the identity representation may be sent.
    pub(super) fn allows_identity(&self) -> bool {
        self.quality(Encoding::Identity) > 0
    }

    /// Picks the representation to send among `available`: the highest
    /// weight wins, and among equal weights the server's preference, which
    /// is [`Encoding`]'s variant order (br > zstd > gzip > identity). `None`
    /// when every available coding is unacceptable: that is a 406.
    pub(super) fn negotiate(&self, available: impl Iterator<Item = Encoding>) -> Option<Encoding> {
        available
            .map(|encoding| (self.quality(encoding), encoding))
            .filter(|&(quality, _)| quality > 0)
            .max_by(|(qa, a), (qb, b)| qa.cmp(qb).then(b.cmp(a)))
            .map(|(_, encoding)| encoding)
    }
}

fn index(encoding: Encoding) -> usize {
    match encoding {
        Encoding::Brotli => 0,
        Encoding::Zstd => 1,
        Encoding::Gzip => 2,
        Encoding::Identity => 3,
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
        Some(coding(token)?)
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

fn coding(token: &str) -> Option<Encoding> {
    let is = |name: &str| token.eq_ignore_ascii_case(name);
    if is("br") {
        Some(Encoding::Brotli)
    } else if is("zstd") {
        Some(Encoding::Zstd)
    } else if is("gzip") || is("x-gzip") {
        // RFC 9110 §8.4.1.3: x-gzip is an alias of gzip.
        Some(Encoding::Gzip)
    } else if is("identity") {
        Some(Encoding::Identity)
    } else {
        None
    }
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
    use super::*;
    use http::HeaderValue;

    const ALL: [Encoding; 3] = [Encoding::Brotli, Encoding::Gzip, Encoding::Identity];

    fn pick(value: &str) -> Option<Encoding> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        AcceptEncoding::from_headers(&headers).negotiate(ALL.into_iter())
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
    fn identity_is_refused_only_when_excluded_explicitly_or_by_star() {
        assert_eq!(pick("identity;q=0"), None);
        assert_eq!(pick("*;q=0"), None);
        assert_eq!(pick("*;q=0, identity"), Some(Encoding::Identity));
        assert_eq!(pick("identity;q=0, gzip"), Some(Encoding::Gzip));
    }
}
