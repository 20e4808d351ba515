#!/usr/bin/env bash
# Writes the generated asset folders the benchmarks embed, deterministically
# (same names and bytes on every run, from a fixed-seed generator):
#
#   target/bench-folders/files-10/     10 files  } nested web-app paths such as
#   target/bench-folders/files-1000/   1,000     } assets/js/chunk-01a3.js,
#   target/bench-folders/files-3000/   3,000     } 1-4 KiB of text each
#   target/bench-folders/big-50mb/     one 50 MiB JSON file (only with --big)
#   target/bench-folders/big-odd/      the same records, 50 MiB + 1 byte (--big):
#                                      a size the assembler maps, where 50 MiB,
#                                      a whole number of pages, it reads
#
# Usage: benches/gen-folders.sh [--big]
# A folder is written once; delete target/bench-folders to regenerate.
# Needs only bash and awk.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench-folders
mkdir -p "$out"

small() { # small N: N files of 1-4 KiB under $out/files-N
    local n=$1 dir="$out/files-$1"
    [ -f "$out/.files-$n.done" ] && return
    rm -rf "$dir"
    mkdir -p "$dir"
    awk -v n="$n" -v dir="$dir" '
    function rnd() { seed = (seed * 48271) % 2147483647; return seed }
    function pick(list, count) { return list[rnd() % count + 1] }
    BEGIN {
        seed = 20240601 + n
        nw = split("const let return function async await import export default this new if else for of in while true false null undefined props state render value index items length push map filter reduce then catch error response request module require data config options result", w, " ")
        nc = split("color margin padding display flex grid border background font-size line-height position width height transform transition opacity z-index", css, " ")
        nl = split("en de fr es it nl pt ja zh ko", lang, " ")
        for (i = 0; i < n; i++) {
            kind = i % 5
            if (kind == 0) path = sprintf("assets/js/chunk-%04x.js", i)
            else if (kind == 1) path = sprintf("assets/css/style-%04x.css", i)
            else if (kind == 2) path = sprintf("locales/%s/messages-%04d.json", lang[i % nl + 1], i)
            else if (kind == 3) path = sprintf("docs/section-%02d/page-%04d.html", i % 40, i)
            else path = sprintf("assets/img/icons/icon-%04d.svg", i)
            sub_dir = path; sub(/\/[^\/]*$/, "", sub_dir)
            if (!(sub_dir in made)) { system("mkdir -p \"" dir "/" sub_dir "\""); made[sub_dir] = 1 }
            size = 1024 + rnd() % 3072
            body = ""
            while (length(body) < size) {
                if (kind == 0) body = body sprintf("%s %s_%d = %s(%d);\n", pick(w, nw), pick(w, nw), rnd() % 997, pick(w, nw), rnd() % 10000)
                else if (kind == 1) body = body sprintf(".c-%x { %s: %dpx; %s: #%06x; }\n", rnd() % 65536, pick(css, nc), rnd() % 64, pick(css, nc), rnd() % 16777216)
                else if (kind == 2) body = body sprintf("  \"%s.%s.%d\": \"%s %s %s\",\n", pick(w, nw), pick(w, nw), rnd() % 100, pick(w, nw), pick(w, nw), pick(w, nw))
                else if (kind == 3) body = body sprintf("<p class=\"%s\">%s %s %s <a href=\"/docs/%d\">%s</a></p>\n", pick(w, nw), pick(w, nw), pick(w, nw), pick(w, nw), rnd() % 500, pick(w, nw))
                else body = body sprintf("<path d=\"M%d %dL%d %dZ\" fill=\"#%06x\"/>\n", rnd() % 512, rnd() % 512, rnd() % 512, rnd() % 512, rnd() % 16777216)
            }
            file = dir "/" path
            printf "%s", substr(body, 1, size) > file
            close(file)
        }
    }'
    touch "$out/.files-$n.done"
    echo "wrote $n files, $(du -sb "$dir" | cut -f1) bytes in $dir"
}

big() { # big NAME BYTES: one file of JSON records, repetitive but not trivially so
    local name=$1 dir="$out/$1"
    [ -f "$out/.$name.done" ] && return
    rm -rf "$dir"
    mkdir -p "$dir"
    awk -v limit="$2" '
    function rnd() { seed = (seed * 48271) % 2147483647; return seed }
    BEGIN {
        seed = 42
        ne = split("click view scroll submit login logout purchase search share download", ev, " ")
        nc = split("chrome firefox safari edge curl", ua, " ")
        print "["
        total = 2
        for (i = 0; ; i++) {
            line = sprintf("{\"id\":%d,\"user\":\"user-%05d\",\"event\":\"%s\",\"agent\":\"%s\",\"ts\":%d,\"value\":%d.%04d,\"ok\":%s},", i, rnd() % 50000, ev[rnd() % ne + 1], ua[rnd() % nc + 1], 1700000000 + i * 3 + rnd() % 3, rnd() % 1000, rnd() % 10000, (rnd() % 7 ? "true" : "false"))
            if (total + length(line) + 1 + 40 > limit) break
            print line
            total += length(line) + 1
        }
        last = sprintf("{\"id\":%d,\"end\":true}", i)
        pad = limit - total - length(last) - 3
        printf "%s%s\n]\n", last, sprintf("%" pad "s", "")
    }' > "$dir/events.json"
    touch "$out/.$name.done"
    echo "wrote $(du -sb "$dir" | cut -f1) bytes in $dir"
}

small 10
small 1000
small 3000
if [ "${1:-}" = "--big" ]; then
    big big-50mb $((50 * 1024 * 1024))
    big big-odd $((50 * 1024 * 1024 + 1))
fi
