#!/usr/bin/env bash
# Load test: requests/s and user-space instructions per request for eight
# axum servers of the same 230 KB bootstrap.min.css (benches/servers/):
#   floor         a route answering with constants (the framework's cost)
#   floor-nested  the same handler in a router under nest_service("/static", ..)
#                 (the framework's cost of the nested form)
#   static-embed  nest_service("/static", Assets::router()), against floor-nested
#   static-embed-mount  merge(Assets::mount("/static")): one exact route per key
#   static-embed-two-mounts  the same and a second configuration of the same
#                 type mounted at /assets (CORS, immutable), which answered the
#                 file first: every configuration keeps its own prepared fields
#   static-embed-root  the same without axum's nesting: #[prefix = "static/"]
#                 and Router::new().fallback_service(Assets::serve())
#   rust-embed    rust-embed's axum example pattern (identity bytes: no brotli)
#   memory-serve  memory-serve 2.x, load!().into_router()
# each with `Accept-Encoding: br` (a 200) and with `If-None-Match: <its ETag>`
# (a 304), over loopback: the server on core 0, wrk on core 1
# (`wrk -t1 -c64 -d10s`), one tokio current-thread runtime per server.
#
# Instructions are counted with `perf stat -e instructions:u -p <server>`
# during the wrk run when the machine exposes the counter; otherwise (virtual
# machines without a PMU) a second wrk run goes against the server under
# `valgrind --tool=callgrind`, counters zeroed right before it and dumped
# right after, so start-up is not counted. Either way the count is divided by
# wrk's request count.
#
# Installs wrk, linux-perf and valgrind with apt-get when missing, and
# fetches the corpus (npm). Usage: benches/load.sh [SECONDS] (default 10).
# Results: target/load-bench/results.md, and benches/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
out=$PWD/target/load-bench
base=http://127.0.0.1
path=/static/bootstrap/css/bootstrap.min.css

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v perf >/dev/null || need+=(linux-perf)
command -v valgrind >/dev/null || need+=(valgrind)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
    echo "==> installing ${need[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -f target/corpus/dashboard/bootstrap/css/bootstrap.min.css ] ||
    bash ../shared/corpus/fetch.sh target/corpus

build() {
    MEMORY_SERVE_QUIET=1 cargo build --release --quiet \
        --manifest-path benches/servers/Cargo.toml --target-dir "$out" "$@"
}
echo "==> building the servers (the first build compresses the corpus twice)"
build --bin static-embed --bin static-embed-mount --bin static-embed-two-mounts \
    --bin static-embed-root --bin rust-embed --bin memory-serve

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# start PORT COMMAND...: runs COMMAND on core 0 and waits until it answers.
start() {
    local port=$1
    shift
    taskset -c 0 "$@" "127.0.0.1:$port" 2>>"$out/servers.log" &
    server=$!
    pids+=("$server")
    for _ in $(seq 600); do
        curl -s -o /dev/null "$base:$port/" && return 0
        sleep 0.1
    done
    echo "server on port $port did not start: $*" >&2
    exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; }

# The floor answers with what static-embed sends: copy its brotli body and
# header values, then build the floor with them.
echo "==> the floor takes static-embed's bytes and header values"
mkdir -p "$out/floor"
start 3200 "$out/release/static-embed"
curl -sf -H 'Accept-Encoding: br' -D "$out/floor/headers" -o "$out/floor/body" "$base:3200$path"
stop
for name in etag last-modified cache-control content-type content-length; do
    grep -i "^$name:" "$out/floor/headers" | cut -d' ' -f2- | tr -d '\r\n' >"$out/floor/$name"
done
FLOOR_DIR=$out/floor build --features floor --bin floor --bin floor-nested

# perf when it counts (a number in its CSV output), else callgrind. The
# output is captured first: `grep -q` on a pipe can stop perf with SIGPIPE,
# which pipefail turns into a failed test.
counter=perf
probe=$(perf stat -x, -e instructions:u true 2>&1 || true)
if ! grep -q '^[0-9]' <<<"$probe"; then
    counter=callgrind
    echo "==> instructions:u is not supported here (no PMU): counting with callgrind instead"
fi

# load PORT NAME SCENARIO HEADER...: one wrk run; sets requests and rps.
load() {
    local port=$1 name=$2 scenario=$3
    shift 3
    local headers=()
    for h in "$@"; do headers+=(-H "$h"); done
    taskset -c 1 wrk -t1 -c64 -d"${duration}s" "${headers[@]}" "$base:$port$path" \
        >"$out/wrk-$name-$scenario.txt"
    requests=$(awk '/requests in/ {print $1}' "$out/wrk-$name-$scenario.txt")
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$out/wrk-$name-$scenario.txt")
    if grep -q 'Socket errors' "$out/wrk-$name-$scenario.txt"; then
        echo "   $(grep 'Socket errors' "$out/wrk-$name-$scenario.txt")"
    fi
}

# check PORT STATUS HEADER...: the request answers STATUS.
check() {
    local port=$1 status=$2
    shift 2
    local headers=()
    for h in "$@"; do headers+=(-H "$h"); done
    local got
    got=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$base:$port$path")
    [ "$got" = "$status" ] || { echo "expected $status, got $got" >&2; exit 1; }
}

servers="floor floor-nested static-embed static-embed-mount static-embed-two-mounts static-embed-root
    rust-embed memory-serve"
results=$out/results.tsv
: >"$results"
port=3300
for name in $servers; do
    port=$((port + 1))
    binary=$out/release/$name
    start "$port" "$binary"
    etag=$(curl -sf -D - -o /dev/null -H 'Accept-Encoding: br' "$base:$port$path" |
        awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
    ok=("Accept-Encoding: br")
    conditional=("Accept-Encoding: br" "If-None-Match: $etag")
    check "$port" 200 "${ok[@]}"
    check "$port" 304 "${conditional[@]}"
    for scenario in 200 304; do
        [ "$scenario" = 200 ] && set -- "${ok[@]}" || set -- "${conditional[@]}"
        echo "==> $name, $scenario"
        instructions=""
        if [ "$counter" = perf ]; then
            perf stat -x, -e instructions:u -p "$server" -o "$out/perf-$name-$scenario.csv" \
                -- sleep "$duration" &
            perf_pid=$!
            load "$port" "$name" "$scenario" "$@"
            wait "$perf_pid"
            instructions=$(awk -F, '/instructions/ {print $1}' "$out/perf-$name-$scenario.csv")
        else
            load "$port" "$name" "$scenario" "$@"
        fi
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$scenario" "$rps" "$requests" "$instructions" >>"$results"
    done
    stop
done

if [ "$counter" = callgrind ]; then
    mkdir -p "$out/callgrind"
    rm -f "$out/callgrind/"*
    port=3400
    for name in $servers; do
        port=$((port + 1))
        start "$port" valgrind --tool=callgrind --callgrind-out-file="$out/callgrind/$name.%p" \
            "$out/release/$name"
        etag=$(curl -sf -D - -o /dev/null -H 'Accept-Encoding: br' "$base:$port$path" |
            awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
        for scenario in 200 304; do
            set -- "Accept-Encoding: br"
            [ "$scenario" = 304 ] && set -- "$@" "If-None-Match: $etag"
            echo "==> $name, $scenario, under callgrind"
            callgrind_control -z "$server" >/dev/null
            load "$port" "$name-callgrind" "$scenario" "$@"
            callgrind_control -d "$server" >/dev/null
            dump=$(ls -t "$out/callgrind/$name.$server".* | head -1)
            mv "$dump" "$out/callgrind/$name-$scenario.out"
            total=$(awk '/^totals:/ {print $2}' "$out/callgrind/$name-$scenario.out")
            # Fill the instructions column of this server's row.
            awk -v n="$name" -v s="$scenario" -v t="$total" -v r="$requests" \
                'BEGIN {FS = OFS = "\t"} $1 == n && $2 == s {$5 = t; $6 = r} {print}' \
                "$results" >"$results.tmp" && mv "$results.tmp" "$results"
        done
        stop
    done
fi

# The table: instructions per request = counted instructions / requests of
# the counted run (the wrk run under callgrind, or the perf'd run), and its
# ratio to the floor of the same shape: floor-nested for the nested form.
awk -v counter="$counter" 'BEGIN {FS = "\t"}
    {
        counted = ($6 != "") ? $6 : $4
        ipr[$1, $2] = ($5 != "" && counted > 0) ? $5 / counted : 0
        rps[$1, $2] = $3
        if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    }
    END {
        printf "| server | against | 200 req/s | 200 instr/req | ×floor | 304 req/s | 304 instr/req | ×floor |\n"
        printf "|---|---|---:|---:|---:|---:|---:|---:|\n"
        for (i = 1; i <= n; i++) {
            s = order[i]
            f = (s == "static-embed") ? "floor-nested" : "floor"
            printf "| %s | %s | %d | %.1fk | %.2f | %d | %.1fk | %.2f |\n", s, f,
                rps[s, 200], ipr[s, 200] / 1000, ipr[s, 200] / ipr[f, 200],
                rps[s, 304], ipr[s, 304] / 1000, ipr[s, 304] / ipr[f, 304]
        }
        printf "\ninstructions counted with %s; %d cores, %s\n", counter, 0, ""
    }' "$results" | sed "s/0 cores, /$(nproc) cores, $(rustc -V)/" | tee "$out/results.md"
