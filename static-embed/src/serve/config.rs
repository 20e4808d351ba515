//! What a [`ServeAssets`](super::ServeAssets) was configured with, checked
//! and resolved at configuration time so requests only look things up.

use std::borrow::Cow;
use std::collections::HashMap;

use http::header::{HeaderMap, HeaderName};
use http::HeaderValue;
use static_embed_common::select::Glob;

use super::cache_control;
use super::ConfigError;

/// The serving options shared by every clone of a `ServeAssets`.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    spa_fallback: bool,
    index_file: Cow<'static, str>,
    cache: CachePolicies,
    cors: Option<HeaderValue>,
    extra_headers: HeaderMap,
}

/// `Cache-Control` per key.
#[derive(Clone, Debug)]
enum CachePolicies {
    /// Embedded tables: the value of every key some rule matched, resolved
    /// when the rule was added (keys are known up front), so a request costs
    /// one hash lookup however many rules there are.
    Resolved(HashMap<Cow<'static, str>, HeaderValue>),
    /// Disk mode (debug builds): files come and go, so rules are matched per
    /// request, the last matching rule winning.
    Matched(Vec<(Glob, HeaderValue)>),
}

impl Config {
    /// The default options: those of `StaticAssets::respond`, and of every
    /// `ServeAssets::new()` until it is changed.
    pub(super) fn new() -> Config {
        Config {
            spa_fallback: false,
            index_file: Cow::Borrowed("index.html"),
            cache: CachePolicies::Matched(Vec::new()),
            cors: None,
            extra_headers: HeaderMap::new(),
        }
    }

    pub(super) fn spa_fallback(&self) -> bool {
        self.spa_fallback
    }

    pub(super) fn index_file(&self) -> &str {
        &self.index_file
    }

    pub(super) fn cors(&self) -> Option<&HeaderValue> {
        self.cors.as_ref()
    }

    pub(super) fn extra_headers(&self) -> &HeaderMap {
        &self.extra_headers
    }

    /// The `Cache-Control` value for `key`: the last rule matching it, else
    /// [`DEFAULT_CACHE_CONTROL`].
    pub(super) fn cache_control(&self, key: &str) -> HeaderValue {
        let configured = match &self.cache {
            CachePolicies::Resolved(values) if values.is_empty() => None,
            CachePolicies::Resolved(values) => values.get(key),
            CachePolicies::Matched(rules) => rules
                .iter()
                .rev()
                .find(|(glob, _)| glob.is_match(key))
                .map(|(_, value)| value),
        };
        configured.cloned().unwrap_or(DEFAULT_CACHE_CONTROL)
    }

    pub(super) fn set_spa_fallback(&mut self, enabled: bool) {
        self.spa_fallback = enabled;
    }

    pub(super) fn set_index_file(&mut self, name: &str) -> Result<(), ConfigError> {
        let single_segment =
            static_embed_common::path::normalize(name) == Some(name) && !name.contains('/');
        if !single_segment {
            return Err(ConfigError::index_file(name));
        }
        self.index_file = Cow::Owned(name.to_owned());
        Ok(())
    }

    /// Adds a rule; `keys` is `Some` for embedded tables, whose policies
    /// are resolved now.
    pub(super) fn add_cache_rule(
        &mut self,
        pattern: &str,
        value: HeaderValue,
        keys: Option<crate::Keys>,
    ) -> Result<(), ConfigError> {
        // The same glob dialect as `include`/`exclude`.
        let glob = Glob::new(pattern).map_err(|error| ConfigError::glob(pattern, error.message))?;
        match (&mut self.cache, keys) {
            (CachePolicies::Matched(rules), None) => rules.push((glob, value)),
            (CachePolicies::Resolved(values), Some(keys)) => {
                assign_matching(values, &glob, &value, keys)
            }
            // The first rule replaces the empty default. A type's mode never
            // changes, so the two arms above handle every later rule.
            (cache, Some(keys)) => {
                let mut values = HashMap::new();
                assign_matching(&mut values, &glob, &value, keys);
                *cache = CachePolicies::Resolved(values);
            }
            (cache, None) => *cache = CachePolicies::Matched(vec![(glob, value)]),
        }
        Ok(())
    }

    pub(super) fn set_cors(&mut self, allow_origin: HeaderValue) {
        self.cors = Some(allow_origin);
    }

    pub(super) fn add_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.extra_headers.append(name, value);
    }
}

/// The policy of a key no rule matches: `no-cache`, so caches revalidate
/// with the ETag every time. Content-hashed URLs, whose bytes can never
/// change, are the place for [`cache_control::IMMUTABLE`]: when the build
/// pipeline hashes file names, their keys get it here.
const DEFAULT_CACHE_CONTROL: HeaderValue = cache_control::NO_CACHE;

/// Gives `value` to every key of `keys` that `glob` matches.
fn assign_matching(
    values: &mut HashMap<Cow<'static, str>, HeaderValue>,
    glob: &Glob,
    value: &HeaderValue,
    keys: crate::Keys,
) {
    for key in keys.filter(|key| glob.is_match(key)) {
        values.insert(key, value.clone());
    }
}
