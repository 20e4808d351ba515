//! Serving cost: nanoseconds and allocations per `respond` call, for a 200
//! (brotli), a 304, a 206 and a 404, next to two peers in the same run:
//!
//! - `floor`: the same 200 and 304 built by hand from constant header values
//!   (what any handler must at least do with the `http` crate);
//! - `rust_embed`: rust-embed's axum example pattern (`get`, MIME type from
//!   `mime_guess`, ETag from the SHA-256 hash) on the same file, identity
//!   bytes (rust-embed stores no compressed copies).
//!
//! Run `benches/run-respond.sh`: it fetches the asset corpus (the embedded
//! `target/corpus/dashboard` must exist at compile time) and then runs
//! `cargo bench --bench respond`. Results: `benches/README.md`.
//!
//! Allocations are counted by divan's `AllocProfiler` (the `alloc` rows of
//! its table are per iteration). Like `lookup.rs`, the embedding types are
//! compiled in release-like builds only; a debug build (`cargo clippy
//! --all-targets`) compiles a stub that needs no corpus.

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

#[cfg(not(debug_assertions))]
mod bench {
    use std::fmt::Write as _;

    use bytes::Bytes;
    use divan::{black_box, Bencher};
    use http::header::{
        ACCEPT_ENCODING, ACCEPT_RANGES, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH,
        CONTENT_TYPE, ETAG, IF_NONE_MATCH, RANGE, VARY, X_CONTENT_TYPE_OPTIONS,
    };
    use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};
    use http_body_util::Full;
    use static_embed::{Encoding, StaticAssets};

    /// The test fixture: `css/site.css` is 24 KB of CSS with brotli and
    /// gzip copies.
    #[derive(StaticAssets)]
    #[folder = "tests/fixtures/basic"]
    struct Fixture;

    /// The real 230 KB `bootstrap.min.css` of the corpus.
    #[derive(StaticAssets)]
    #[folder = "target/corpus/dashboard"]
    #[include = "bootstrap/css/bootstrap.min.css"]
    struct Corpus;

    /// The whole corpus folder (rust-embed's `include` needs a feature).
    #[derive(rust_embed::RustEmbed)]
    #[folder = "target/corpus/dashboard"]
    struct RustEmbedCorpus;

    const BOOTSTRAP: &str = "bootstrap/css/bootstrap.min.css";

    /// Which file a benchmark serves.
    trait File {
        const KEY: &'static str;
        fn respond(request: &Request<()>) -> Response<static_embed::Body>;
        fn asset() -> static_embed::Asset;
    }

    impl File for Fixture {
        const KEY: &'static str = "css/site.css";
        fn respond(request: &Request<()>) -> Response<static_embed::Body> {
            <Fixture as StaticAssets>::respond(request)
        }
        fn asset() -> static_embed::Asset {
            <Fixture as StaticAssets>::get(Self::KEY).expect("css/site.css is embedded")
        }
    }

    impl File for Corpus {
        const KEY: &'static str = BOOTSTRAP;
        fn respond(request: &Request<()>) -> Response<static_embed::Body> {
            <Corpus as StaticAssets>::respond(request)
        }
        fn asset() -> static_embed::Asset {
            <Corpus as StaticAssets>::get(Self::KEY).expect("run benches/run-respond.sh")
        }
    }

    fn request(key: &str, headers: &[(http::HeaderName, &str)]) -> Request<()> {
        let mut builder = Request::get(format!("/{key}"));
        for (name, value) in headers {
            builder = builder.header(name, *value);
        }
        builder.body(()).expect("a valid request")
    }

    fn br_etag<F: File>() -> String {
        let asset = F::asset();
        let etag = asset.etag_for(Encoding::Brotli);
        etag.expect("a brotli copy is stored").to_owned()
    }

    /// 200 with the brotli copy: `Accept-Encoding: br`.
    #[divan::bench(types = [Fixture, Corpus])]
    fn ok_br<F: File>(bencher: Bencher<'_, '_>) {
        let request = request(F::KEY, &[(ACCEPT_ENCODING, "br")]);
        let response = F::respond(&request);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_ENCODING], "br");
        bencher.bench_local(|| F::respond(black_box(&request)));
    }

    /// 304: the same request with `If-None-Match: <the br ETag>`.
    #[divan::bench(types = [Fixture, Corpus])]
    fn not_modified<F: File>(bencher: Bencher<'_, '_>) {
        let etag = br_etag::<F>();
        let request = request(F::KEY, &[(ACCEPT_ENCODING, "br"), (IF_NONE_MATCH, &etag)]);
        assert_eq!(F::respond(&request).status(), StatusCode::NOT_MODIFIED);
        bencher.bench_local(|| F::respond(black_box(&request)));
    }

    /// 206: one range of the identity bytes (`Range: bytes=0-1023`).
    #[divan::bench(types = [Fixture, Corpus])]
    fn partial<F: File>(bencher: Bencher<'_, '_>) {
        let request = request(F::KEY, &[(ACCEPT_ENCODING, "br"), (RANGE, "bytes=0-1023")]);
        assert_eq!(F::respond(&request).status(), StatusCode::PARTIAL_CONTENT);
        bencher.bench_local(|| F::respond(black_box(&request)));
    }

    /// 404: a path with an extension that is not in the folder.
    #[divan::bench(types = [Fixture, Corpus])]
    fn not_found<F: File>(bencher: Bencher<'_, '_>) {
        let request = request("css/missing.css", &[(ACCEPT_ENCODING, "br")]);
        assert_eq!(F::respond(&request).status(), StatusCode::NOT_FOUND);
        bencher.bench_local(|| F::respond(black_box(&request)));
    }

    /// The floor of a 200 and a 304 with the same headers: every value
    /// ready-made, only the `HeaderMap` built per call, the body a
    /// `Full<Bytes>`. No lookup, no negotiation, no precondition parsing.
    mod floor {
        use super::*;

        struct Ready {
            etag: HeaderValue,
            length: HeaderValue,
            body: Bytes,
        }

        fn ready() -> Ready {
            let asset = Corpus::asset();
            let body = Bytes::copy_from_slice(asset.encoded(Encoding::Brotli).unwrap());
            Ready {
                etag: HeaderValue::from_str(&br_etag::<Corpus>()).unwrap(),
                length: HeaderValue::from(body.len()),
                body,
            }
        }

        fn common(ready: &Ready) -> HeaderMap {
            let mut headers = HeaderMap::with_capacity(12);
            headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            headers.insert(ETAG, ready.etag.clone());
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
            headers
        }

        #[divan::bench]
        fn ok_br(bencher: Bencher<'_, '_>) {
            let ready = ready();
            bencher.bench_local(|| {
                let ready = black_box(&ready);
                let mut headers = common(ready);
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/css"));
                headers.insert(CONTENT_LENGTH, ready.length.clone());
                headers.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
                headers.insert(CONTENT_ENCODING, HeaderValue::from_static("br"));
                let mut response = Response::new(Full::new(ready.body.clone()));
                *response.headers_mut() = headers;
                response
            });
        }

        #[divan::bench]
        fn not_modified(bencher: Bencher<'_, '_>) {
            let ready = ready();
            bencher.bench_local(|| {
                let mut response = Response::new(Full::new(Bytes::new()));
                *response.status_mut() = StatusCode::NOT_MODIFIED;
                *response.headers_mut() = common(black_box(&ready));
                response
            });
        }
    }

    /// rust-embed's axum example, as a user completes it with an ETag and
    /// `If-None-Match`: `get`, `mime_guess`, the SHA-256 hash in hex.
    mod rust_embed_handler {
        use super::*;

        pub(super) fn handle(request: &Request<()>) -> Response<Full<Bytes>> {
            let path = request.uri().path().trim_start_matches('/');
            let Some(file) = RustEmbedCorpus::get(path) else {
                let mut response = Response::new(Full::new(Bytes::from_static(b"404 Not Found")));
                *response.status_mut() = StatusCode::NOT_FOUND;
                return response;
            };
            let mut etag = String::with_capacity(66);
            etag.push('"');
            for byte in file.metadata.sha256_hash() {
                let _ = write!(etag, "{byte:02x}");
            }
            etag.push('"');
            let etag = HeaderValue::from_str(&etag).unwrap();
            let matches = request.headers().get(IF_NONE_MATCH) == Some(&etag);
            let (status, body) = match (matches, file.data) {
                (true, _) => (StatusCode::NOT_MODIFIED, Bytes::new()),
                (false, std::borrow::Cow::Borrowed(data)) => {
                    (StatusCode::OK, Bytes::from_static(data))
                }
                (false, std::borrow::Cow::Owned(data)) => (StatusCode::OK, Bytes::from(data)),
            };
            let mime = mime_guess::from_path(path).first_or_octet_stream();
            let mut response = Response::new(Full::new(body));
            *response.status_mut() = status;
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(mime.as_ref()).unwrap());
            headers.insert(ETAG, etag);
            response
        }

        fn etag() -> String {
            let file = RustEmbedCorpus::get(BOOTSTRAP).expect("run benches/run-respond.sh");
            let hex: String = file
                .metadata
                .sha256_hash()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("\"{hex}\"")
        }

        /// 200 with the identity bytes (rust-embed has no brotli copy).
        #[divan::bench]
        fn ok_identity(bencher: Bencher<'_, '_>) {
            let request = request(BOOTSTRAP, &[(ACCEPT_ENCODING, "br")]);
            assert_eq!(handle(&request).status(), StatusCode::OK);
            bencher.bench_local(|| handle(black_box(&request)));
        }

        #[divan::bench]
        fn not_modified(bencher: Bencher<'_, '_>) {
            let etag = etag();
            let request = request(
                BOOTSTRAP,
                &[(ACCEPT_ENCODING, "br"), (IF_NONE_MATCH, &etag)],
            );
            assert_eq!(handle(&request).status(), StatusCode::NOT_MODIFIED);
            bencher.bench_local(|| handle(black_box(&request)));
        }

        #[divan::bench]
        fn not_found(bencher: Bencher<'_, '_>) {
            let request = request("css/missing.css", &[(ACCEPT_ENCODING, "br")]);
            assert_eq!(handle(&request).status(), StatusCode::NOT_FOUND);
            bencher.bench_local(|| handle(black_box(&request)));
        }
    }
}

fn main() {
    #[cfg(not(debug_assertions))]
    divan::main();
    #[cfg(debug_assertions)]
    eprintln!("the respond benchmarks embed in release builds only: run benches/run-respond.sh");
}
