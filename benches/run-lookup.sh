#!/usr/bin/env bash
# Lookup benchmark: static-embed's `get` vs rust-embed's `get` on the same
# generated folders (10, 1,000, 3,000 files), measured in one release run.
# Installs nothing; needs cargo, bash and awk. Extra arguments go to divan,
# e.g. `benches/run-lookup.sh --sample-count 500`.
set -euo pipefail
cd "$(dirname "$0")/.."
benches/gen-folders.sh
# New files in a folder do not make Cargo rebuild an embedding crate (only
# the embedded files are tracked), so make sure the bench sees these folders.
touch benches/lookup.rs
cargo bench --bench lookup -- "$@"
