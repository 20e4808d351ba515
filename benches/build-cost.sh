#!/usr/bin/env bash
# Build cost of embedding a folder: wall time and peak memory of rebuilding
# one downstream crate (its dependencies already built) that embeds the
# folder with static-embed, rust-embed, include_dir or memory-serve.
#
# Folders:  small      3,000 generated files of 1-4 KiB (benches/gen-folders.sh)
#           dashboard  swagger-ui-dist + bootstrap, ~21 MB (../shared/corpus/fetch.sh)
#           big        one generated 50 MiB JSON file (benches/gen-folders.sh --big)
#           big-odd    the same records, 50 MiB + 1 byte: LLVM maps a file of
#                      this size for `.incbin` (static-embed-incbin), but
#                      reads one of whole pages
#
# For each folder and each `[profile.release.build-override] opt-level`
# (0 = Cargo's default, 3), it times `cargo build --release -p CRATE` after
# touching the crate's source (median of RUNS), and records:
#   - rustc peak RSS: the largest "Maximum resident set size" among the
#     rustc processes of the embedding package (a RUSTC_WRAPPER runs them
#     under /usr/bin/time);
#   - tree peak RSS: the same figure for `cargo build` as a whole, i.e. the
#     largest single process in the tree, which also covers memory-serve's
#     build script (it compresses outside rustc).
# Each crate's main sums the bytes of the file named on its command line,
# so every embedded byte must stay in the binary. (A main that only asked
# for the length let LLVM drop the data of rust-embed and include_dir
# altogether: 450 KB binaries for a 50 MiB folder, and builds that looked
# cheaper than embedding is.) The size of each binary is printed after its
# first build, to check.
# Tools: static-embed-tracked is static-embed in a crate whose build script
# calls static_embed::build::track on the folder (the setup the guide
# recommends for release builds that must see added files).
# static-embed-incbin and static-embed-incbin-tracked are the same with the
# `incbin` feature: the assembler embeds the files, and, tracked, rustc
# never reads them.
# Variants:
#   static-embed warm   compression cache filled by an earlier build
#   static-embed cold   STATIC_EMBED_CACHE_DIR = a fresh empty folder each run
#   memory-serve main   src/main.rs touched: build script not re-run
#   memory-serve cold   build.rs touched: build script rebuilt and re-run
#
# Usage: benches/build-cost.sh
# Settings (environment): FOLDERS="small dashboard big"  OVERRIDES="0 3"
#   TOOLS="include_dir rust-embed static-embed static-embed-tracked memory-serve"
#     (static-embed-incbin, static-embed-incbin-tracked: add them to measure)
#   RUNS=5 (cheap variants)  COLD_RUNS=5 (cold variants)  BIG_COLD_RUNS=1
#   PAIRS=0  after the per-tool runs, this many pairs of builds taken in
#     turns per folder and setting, recording the medians of the per-pair
#     time and rustc-peak ratios: static-embed (and its -tracked, -incbin
#     and -incbin-tracked forms) warm against rust-embed, static-embed cold against memory-serve cold
#     (each pair needs both its tools in TOOLS)
#   TIMEOUT=1200 (seconds per build; a build over it is reported as such)
#   SE_SOURCE=HEAD  the static-embed tested: a git revision (exported to
#     target/build-cost/src-REV, so edits in progress elsewhere in the work
#     tree do not break or skew the run), or "worktree" for /work/main as is
# Writes target/build-cost/results.tsv (one line per measurement, appended)
# and prints a summary (a paired line holds ratios where the others hold
# seconds and MiB). Installs `time` with apt-get if /usr/bin/time is
# missing. Throwaway crates live in target/build-cost/ws.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/target/build-cost
WS=$WORK/ws
FOLDERS=${FOLDERS:-small dashboard big}
OVERRIDES=${OVERRIDES:-0 3}
TOOLS=${TOOLS:-include_dir rust-embed static-embed static-embed-tracked memory-serve}
RUNS=${RUNS:-5}
COLD_RUNS=${COLD_RUNS:-5}
BIG_COLD_RUNS=${BIG_COLD_RUNS:-1}
PAIRS=${PAIRS:-0}
TIMEOUT=${TIMEOUT:-1200}
SE_SOURCE=${SE_SOURCE:-HEAD}
RESULTS=$WORK/results.tsv

if [ ! -x /usr/bin/time ]; then
    apt-get update && apt-get install -y time
fi

# --- folders ---------------------------------------------------------------
case " $FOLDERS " in *" big "* | *" big-odd "*) benches/gen-folders.sh --big ;; *) benches/gen-folders.sh ;; esac
case " $FOLDERS " in *" dashboard "*) bash "$ROOT/../shared/corpus/fetch.sh" target/corpus ;; esac
folder_path() {
    case $1 in
        small) echo "$ROOT/target/bench-folders/files-3000" ;;
        dashboard) echo "$ROOT/target/corpus/dashboard" ;;
        big) echo "$ROOT/target/bench-folders/big-50mb" ;;
        big-odd) echo "$ROOT/target/bench-folders/big-odd" ;;
    esac
}

# --- static-embed under test ----------------------------------------------------
source "$ROOT/benches/se-source.sh"
mkdir -p "$WORK"
SE_ROOT=$(static_embed_source "$SE_SOURCE" "$WORK")
echo "static-embed from $SE_SOURCE: $SE_ROOT" >&2

# --- throwaway crates ---------------------------------------------------------
mkdir -p "$WS"
# Artifacts of earlier runs of the tools' crates go: rustc looks through every
# file of a dependency's name in deps/ to find the one it was built against,
# and 40 stale builds of static-embed's crates there (one per revision
# measured) added 10 MB to the measured crate's peak. A user's target folder
# holds one build per profile.
for stale in static_embed static-embed rust_embed rust-embed include_dir include-dir memory_serve memory-serve; do
    rm -rf "$WS"/target/release/deps/lib"$stale"* "$WS"/target/release/.fingerprint/"$stale"* \
        "$WS"/target/release/build/"$stale"*
done
members=()
for folder in $FOLDERS; do
    path=$(folder_path "$folder")
    for tool in $TOOLS; do
        crate="$tool-$folder"
        crate=${crate//_/-}
        members+=("\"$crate\"")
        dir=$WS/$crate
        mkdir -p "$dir/src"
        case $tool in
            static-embed*)
                features=""
                case $tool in *-incbin*) features=', features = ["incbin"]' ;; esac
                deps="static-embed = { path = \"$SE_ROOT/static-embed\"$features }"
                if [[ $tool == *-tracked ]]; then
                    deps+="

[build-dependencies]
static-embed = { path = \"$SE_ROOT/static-embed\" }"
                    printf 'fn main() {\n    static_embed::build::track("%s");\n}\n' "$path" > "$dir/build.rs"
                fi
                main="use static_embed::StaticAssets;

#[derive(StaticAssets)]
#[folder = \"$path\"]
struct Assets;

fn main() {
    let key = std::env::args().nth(1).unwrap_or_default();
    let sum = |bytes: &[u8]| bytes.iter().map(|&b| u64::from(b)).sum::<u64>();
    println!(\"{} {:?}\", Assets::iter().count(), Assets::get(&key).map(|a| sum(a.bytes())));
}" ;;
            rust-embed)
                deps='rust-embed = "8.13"'
                main="#[derive(rust_embed::RustEmbed)]
#[folder = \"$path\"]
struct Assets;

fn main() {
    let key = std::env::args().nth(1).unwrap_or_default();
    let sum = |bytes: &[u8]| bytes.iter().map(|&b| u64::from(b)).sum::<u64>();
    println!(\"{} {:?}\", Assets::iter().count(), Assets::get(&key).map(|f| sum(&f.data)));
}" ;;
            include_dir)
                deps='include_dir = "0.7.4"'
                main="static ASSETS: include_dir::Dir<'static> = include_dir::include_dir!(\"$path\");

fn main() {
    let key = std::env::args().nth(1).unwrap_or_default();
    let sum = |bytes: &[u8]| bytes.iter().map(|&b| u64::from(b)).sum::<u64>();
    println!(\"{} {:?}\", ASSETS.entries().len(), ASSETS.get_file(&key).map(|f| sum(f.contents())));
}" ;;
            memory-serve)
                deps='memory-serve = "2.4"

[build-dependencies]
memory-serve = "2.4"'
                printf 'fn main() {\n    memory_serve::load_directory("%s");\n}\n' "$path" > "$dir/build.rs"
                main="fn main() {
    let router: memory_serve::MemoryServe = memory_serve::load!();
    let _ = std::hint::black_box(router.into_router::<()>());
}" ;;
        esac
        printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n' \
            "$crate" "$deps" > "$dir/Cargo.toml"
        printf '%s\n' "$main" > "$dir/src/main.rs"
    done
done
write_manifest() { # the workspace manifest, with or without the build override
    {
        echo '[workspace]'
        echo "members = [$(IFS=,; echo "${members[*]}")]"
        echo 'resolver = "2"'
        if [ "$1" != 0 ]; then
            printf '\n[profile.release.build-override]\nopt-level = %s\n' "$1"
        fi
    } > "$WS/Cargo.toml"
}

cat > "$WORK/rustc-wrapper.sh" <<'EOF'
#!/usr/bin/env bash
# RUSTC_WRAPPER: logs "max-RSS-KiB seconds crate" for the measured package's rustc runs.
if [ -n "${BC_RSS_LOG:-}" ] && [ "${CARGO_PKG_NAME:-}" = "${BC_CRATE:-}" ]; then
    exec /usr/bin/time -f "%M %e ${CARGO_CRATE_NAME:-?}" -a -o "$BC_RSS_LOG" "$@"
fi
exec "$@"
EOF
chmod +x "$WORK/rustc-wrapper.sh"
export RUSTC_WRAPPER=$WORK/rustc-wrapper.sh CARGO_TARGET_DIR=$WS/target MEMORY_SERVE_QUIET=1
unset BC_RSS_LOG BC_CRATE

# --- measuring ------------------------------------------------------------------
build() { # build CRATE: untimed build (dependencies, warm caches)
    (cd "$WS" && cargo build --release --quiet -p "$1")
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run_once CRATE TOUCHED [cold]: one timed rebuild after touching CRATE/TOUCHED;
# prints "wall-seconds rustc-peak-KiB tree-peak-KiB status".
run_once() {
    local crate=$1 touched=$2 cold=${3:-} rss_log=$WORK/rss.log tree_log=$WORK/tree.log status=ok
    : > "$rss_log"
    if [ -n "$cold" ]; then
        rm -rf "$WORK/cache-cold" && mkdir -p "$WORK/cache-cold"
        export STATIC_EMBED_CACHE_DIR=$WORK/cache-cold
    else
        export STATIC_EMBED_CACHE_DIR=$WORK/cache-warm
    fi
    touch "$WS/$crate/$touched"
    local start end
    start=$(date +%s.%N)
    if ! (cd "$WS" && BC_RSS_LOG=$rss_log BC_CRATE=$crate /usr/bin/time -f "%M" -o "$tree_log" \
        timeout "$TIMEOUT" cargo build --release --quiet -p "$crate"); then
        status="failed-or-timeout(${TIMEOUT}s)"
    fi
    end=$(date +%s.%N)
    local r t
    r=$(awk 'BEGIN { m = 0 } $1 ~ /^[0-9]+$/ && $1 > m { m = $1 } END { print m }' "$rss_log")
    t=$(grep -E '^[0-9]+$' "$tree_log" | tail -1 || echo 0)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') $r ${t:-0} $status"
}

# measure FOLDER TOOL VARIANT OVERRIDE CRATE TOUCHED RUNS [cold]
measure() {
    local folder=$1 tool=$2 variant=$3 override=$4 crate=$5 touched=$6 runs=$7 cold=${8:-}
    local walls=() rustc_kib=0 tree_kib=0 status=ok
    for ((i = 1; i <= runs; i++)); do
        local wall r t
        read -r wall r t status < <(run_once "$crate" "$touched" "$cold")
        walls+=("$wall")
        ((r > rustc_kib)) && rustc_kib=$r
        ((t > tree_kib)) && tree_kib=$t
        echo "    run $i: $wall s, rustc $((r / 1024)) MiB, tree $((t / 1024)) MiB" >&2
        [ "$status" = ok ] || break
    done
    local med
    med=$(printf '%s\n' "${walls[@]}" | median)
    printf '%s\t%s\t%s\topt%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$folder" "$tool" "$variant" "$override" "${#walls[@]}" \
        "$med" "$(IFS=,; echo "${walls[*]}")" "$((rustc_kib / 1024))" "$((tree_kib / 1024))" "$status" | tee -a "$RESULTS"
}

# paired FOLDER OVERRIDE PAIRS OURS VARIANT PEER PEER_TOUCHED: OURS's builds
# (VARIANT warm or cold) and PEER's taken in turns, so a slow minute of a
# shared machine lands on both; records the medians of the per-pair time
# and rustc-peak ratios.
paired() {
    local folder=$1 override=$2 pairs=$3 ours=$4 variant=$5 peer=$6 peer_touched=$7
    local cold="" times=() peaks=() a_wall a_rss a_status b_wall b_rss b_status
    [ "$variant" = cold ] && cold=cold
    for ((i = 1; i <= pairs; i++)); do
        read -r a_wall a_rss _ a_status < <(run_once "$ours-$folder" src/main.rs "$cold")
        read -r b_wall b_rss _ b_status < <(run_once "$peer-$folder" "$peer_touched")
        if [ "$a_status $b_status" != "ok ok" ] || ((a_rss == 0 || b_rss == 0)); then
            echo "    pair $i: $ours $a_status, $peer $b_status: no ratio" >&2
            printf '%s\t%s/%s\tpaired-%s\topt%s\t%s\t\t\t\t\tfailed\n' "$folder" "$ours" "$peer" "$variant" "$override" "$i" |
                tee -a "$RESULTS"
            return 0
        fi
        times+=("$(awk -v a="$a_wall" -v b="$b_wall" 'BEGIN { printf "%.3f", a / b }')")
        peaks+=("$(awk -v a="$a_rss" -v b="$b_rss" 'BEGIN { printf "%.3f", a / b }')")
        echo "    pair $i: $ours $variant $a_wall s $((a_rss / 1024)) MiB, $peer $b_wall s $((b_rss / 1024)) MiB: time ${times[-1]}, rustc peak ${peaks[-1]}" >&2
    done
    printf '%s\t%s/%s\tpaired-%s\topt%s\t%s\t%s\t%s\t%s\t%s\tratios\n' "$folder" "$ours" "$peer" "$variant" "$override" \
        "$pairs" "$(printf '%s\n' "${times[@]}" | median)" "$(IFS=,; echo "${times[*]}")" \
        "$(printf '%s\n' "${peaks[@]}" | median)" "$(IFS=,; echo "${peaks[*]}")" | tee -a "$RESULTS"
}

has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

[ -f "$RESULTS" ] || printf 'folder\ttool\tvariant\tbuild-override\truns\tmedian_s\tall_s\trustc_peak_MiB\ttree_peak_MiB\tstatus\n' > "$RESULTS"
echo "# $(date -u +%FT%TZ) nproc=$(nproc) $(rustc --version) static-embed=$SE_SOURCE" | tee -a "$RESULTS"
for override in $OVERRIDES; do
    write_manifest "$override"
    for folder in $FOLDERS; do
        cold_runs=$COLD_RUNS
        case $folder in big | big-odd) cold_runs=$BIG_COLD_RUNS ;; esac
        for tool in $TOOLS; do
            crate="$tool-$folder"
            crate=${crate//_/-}
            echo "== $crate, build-override opt-level $override" >&2
            export STATIC_EMBED_CACHE_DIR=$WORK/cache-warm
            build "$crate"
            echo "    binary: $(stat -c %s "$WS/target/release/$crate") bytes" >&2
            case $tool in
                static-embed*)
                    measure "$folder" "$tool" warm "$override" "$crate" src/main.rs "$RUNS"
                    measure "$folder" "$tool" cold "$override" "$crate" src/main.rs "$cold_runs" cold ;;
                memory-serve)
                    measure "$folder" "$tool" main "$override" "$crate" src/main.rs "$RUNS"
                    measure "$folder" "$tool" cold "$override" "$crate" build.rs "$cold_runs" ;;
                *)
                    measure "$folder" "$tool" - "$override" "$crate" src/main.rs "$RUNS" ;;
            esac
        done
        if ((PAIRS > 0)) && has_tool rust-embed; then
            for ours in static-embed static-embed-tracked static-embed-incbin static-embed-incbin-tracked; do
                if has_tool "$ours"; then paired "$folder" "$override" "$PAIRS" "$ours" warm rust-embed src/main.rs; fi
            done
        fi
        if ((PAIRS > 0)) && has_tool static-embed && has_tool memory-serve; then
            paired "$folder" "$override" "$PAIRS" static-embed cold memory-serve build.rs
        fi
    done
done
