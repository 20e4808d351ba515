#!/usr/bin/env bash
# Respond microbenchmark: ns and allocations per `respond` call (200 br, 304,
# 206, 404) next to a hand-built floor and rust-embed's handler pattern, in
# one release run. Fetches the asset corpus first, since the bench embeds
# target/corpus/dashboard/bootstrap/css/bootstrap.min.css at compile time.
# Needs cargo and npm (for the corpus). Extra arguments go to divan, e.g.
# `benches/run-respond.sh --sample-count 1000`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/corpus/dashboard/bootstrap/css/bootstrap.min.css ] ||
    bash ../shared/corpus/fetch.sh target/corpus
# A freshly fetched folder does not make Cargo rebuild the embedding bench.
touch benches/respond.rs
cargo bench --bench respond -- "$@"
