#!/usr/bin/env bash
# A user's first build: a clean `cargo build --release` of a new crate that
# depends on static-embed (default features) and embeds one file, against
# the same crate made with rust-embed (default features), builds taken in
# turns so both see the same machine. Each build gets an empty target
# folder; the registry is warm (sources downloaded once, before the first
# pair), so the figure is compile time, not download time.
#
# Usage: benches/first-build.sh
# Settings (environment):
#   PAIRS=3          pairs of builds, taken in turns
#   OVERRIDE=0       [profile.release.build-override] opt-level (0 is Cargo's
#                    default for proc macros and build scripts; 3 is faster
#                    macros, slower first builds)
#   SE_SOURCE=HEAD   the static-embed built: a git revision, exported to
#                    target/first-build/src-REV, or "worktree" for this tree
#   TIMINGS=0        1 adds `--timings` to each static-embed build (reports
#                    land in each build's target/cargo-timings/)
# Prints each build's wall and CPU time and crate count, then the medians
# of the per-pair ratios; appends them to target/first-build/results.tsv.
# Installs `time` and `bc` with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/target/first-build
PAIRS=${PAIRS:-3}
OVERRIDE=${OVERRIDE:-0}
SE_SOURCE=${SE_SOURCE:-HEAD}
TIMINGS=${TIMINGS:-0}
RESULTS=$WORK/results.tsv
mkdir -p "$WORK"
if [ ! -x /usr/bin/time ] || ! command -v bc >/dev/null; then
    apt-get update -qq && apt-get install -y -qq time bc >/dev/null
fi

# The static-embed under test, away from edits in progress.
source "$ROOT/benches/se-source.sh"
se_root=$(static_embed_source "$SE_SOURCE" "$WORK")

# new_crate NAME DEPENDENCY-LINE MAIN: a package with one asset.
new_crate() {
    local dir=$WORK/$1
    rm -rf "$dir"
    mkdir -p "$dir/src" "$dir/static"
    echo "<!doctype html><title>first build</title>" > "$dir/static/index.html"
    cat > "$dir/Cargo.toml" <<EOF
[package]
name = "$1"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
$2

[profile.release.build-override]
opt-level = $OVERRIDE

[workspace]
EOF
    printf '%s\n' "$3" > "$dir/src/main.rs"
}

new_crate first-static-embed "static-embed = { path = \"$se_root/static-embed\" }" '
use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = "static"]
struct Assets;

fn main() {
    println!("{}", Assets::get("index.html").map_or(0, |a| a.len()));
}'
new_crate first-rust-embed 'rust-embed = "8"' '
#[derive(rust_embed::Embed)]
#[folder = "static"]
struct Assets;

fn main() {
    println!("{}", Assets::get("index.html").map_or(0, |a| a.data.len()));
}'

# Sources and lock files once, so no build below downloads anything.
for crate in first-static-embed first-rust-embed; do
    (cd "$WORK/$crate" && cargo fetch -q)
done

# build CRATE: one clean release build; prints "wall-seconds cpu-seconds
# crates" (CPU: user + system time of cargo and every compiler it ran).
build() {
    local dir=$WORK/$1 flags=()
    [ "$TIMINGS" = 1 ] && [ "$1" = first-static-embed ] && flags=(--timings)
    rm -rf "$dir/target"
    local times
    times=$(cd "$dir" && CARGO_TARGET_DIR="$dir/target" /usr/bin/time -f '%e %U %S' \
        cargo build -q --release "${flags[@]}" 2>&1 >/dev/null | tail -1)
    local crates
    crates=$(cd "$dir" && cargo tree -e normal,build --prefix none | sed 's/ (\*)$//' | sort -u | wc -l)
    read -r wall user system <<<"$times"
    echo "$wall $(echo "$user + $system" | bc) $crates"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
walls=() cpus=()
for pair in $(seq "$PAIRS"); do
    read -r se_wall se_cpu se_crates < <(build first-static-embed)
    read -r re_wall re_cpu re_crates < <(build first-rust-embed)
    wall=$(echo "scale=3; $se_wall / $re_wall" | bc)
    cpu=$(echo "scale=3; $se_cpu / $re_cpu" | bc)
    walls+=("$wall") cpus+=("$cpu")
    printf 'pair %s: static-embed %s s wall, %s s CPU (%s crates); rust-embed %s s, %s s (%s crates): %s× wall, %s× CPU\n' \
        "$pair" "$se_wall" "$se_cpu" "$se_crates" "$re_wall" "$re_cpu" "$re_crates" "$wall" "$cpu"
    printf '%s\t%s\topt%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$SE_SOURCE" \
        "$OVERRIDE" "$se_wall" "$se_cpu" "$se_crates" "$re_wall" "$re_cpu" "$re_crates" "$wall" "$cpu" \
        >> "$RESULTS"
done
echo "medians of $PAIRS pairs, static-embed / rust-embed: $(median "${walls[@]}")× wall, $(median "${cpus[@]}")× CPU"
