//! An axum `Router` serving every asset at its key.

use crate::{ServeAssets, StaticAssets};

impl<A: StaticAssets + 'static> ServeAssets<A> {
    /// An axum [`Router`](axum::Router) answering every request with these
    /// assets. Mount it under a path with
    /// [`Router::nest_service`](axum::Router::nest_service), or merge it as
    /// the fallback of an app that has routes of its own:
    ///
    /// ```
    /// use axum::{routing::get, Router};
    /// use static_embed::StaticAssets;
    ///
    /// #[derive(StaticAssets)]
    /// #[folder = "../tests/fixtures/basic"]
    /// struct Assets;
    ///
    /// let app: Router = Router::new()
    ///     .route("/api/health", get(|| async { "ok" }))
    ///     .nest_service("/static", Assets::serve().spa_fallback(false).router());
    /// ```
    pub fn router(self) -> axum::Router {
        axum::Router::new().fallback_service(self)
    }
}
