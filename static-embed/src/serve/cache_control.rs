//! Ready-made `Cache-Control` values for
//! [`ServeAssets::cache_control`](super::ServeAssets::cache_control).

use http::HeaderValue;

/// `no-cache`: caches may store the asset but must revalidate it (a
/// cheap 304 thanks to the ETag) before each use. The default for every
/// path, since a URL like `/app.js` can change meaning with a deploy.
pub const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// `public, max-age=31536000, immutable`: cache for a year and never
/// revalidate. Only for URLs whose content can never change, such as
/// file names carrying a content hash (`app.3f2a9c.js`).
pub const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
