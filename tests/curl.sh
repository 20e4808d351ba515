#!/usr/bin/env bash
# Checks a running static-embed server (serving tests/fixtures/basic with
# `Assets::respond`) with real curl: status lines and headers as curl sees
# them on the wire. Driven by tests/http_curl.rs, which starts the server.
#
# Usage: tests/curl.sh BASE_URL MODE   (MODE: embedded or disk)
set -euo pipefail

base=${1:?usage: curl.sh BASE_URL MODE}
mode=${2:?usage: curl.sh BASE_URL MODE}
failures=0

# The response head (status line and header lines), without CRs.
head_of() {
    curl -sS -D- -o /dev/null "$@" | tr -d '\r'
}

# expect WHAT HEAD LINE...: every LINE is a whole line of HEAD (header names
# compared without case, as HTTP says; values too, for simplicity).
expect() {
    local what=$1 head=$2 line
    shift 2
    for line in "$@"; do
        if ! grep -qixF -- "$line" <<<"$head"; then
            echo "FAIL $what: no line '$line' in:"
            sed 's/^/    /' <<<"$head"
            failures=$((failures + 1))
        fi
    done
}

# refuse WHAT HEAD NAME: HEAD has no NAME header.
refuse() {
    if grep -qi "^$3:" <<<"$2"; then
        echo "FAIL $1: unexpected $3 header"
        failures=$((failures + 1))
    fi
}

ok=$(head_of "$base/hello.txt")
expect "GET" "$ok" "HTTP/1.1 200 OK" "content-length: 14" \
    "content-type: text/plain; charset=utf-8" "accept-ranges: bytes" \
    "cache-control: no-cache" "x-content-type-options: nosniff"
etag=$(grep -i '^etag:' <<<"$ok" | cut -d' ' -f2-)
[ -n "$etag" ] || { echo "FAIL GET: no etag"; failures=$((failures + 1)); }

body=$(curl -sS "$base/hello.txt")
[ "$body" = "Hello, world!" ] || { echo "FAIL GET body: '$body'"; failures=$((failures + 1)); }

expect "HEAD" "$(head_of -I "$base/hello.txt")" "HTTP/1.1 200 OK" "content-length: 14" "etag: $etag"

not_modified=$(head_of -H "If-None-Match: $etag" "$base/hello.txt")
expect "If-None-Match" "$not_modified" "HTTP/1.1 304 Not Modified" "etag: $etag" "cache-control: no-cache"
refuse "If-None-Match" "$not_modified" content-type

expect "If-Match" "$(head_of -H 'If-Match: "other"' "$base/hello.txt")" "HTTP/1.1 412 Precondition Failed"

expect "Range" "$(head_of -r 0-4 "$base/hello.txt")" "HTTP/1.1 206 Partial Content" \
    "content-range: bytes 0-4/14" "content-length: 5"
part=$(curl -sS -r 7-11 "$base/hello.txt")
[ "$part" = "world" ] || { echo "FAIL Range body: '$part'"; failures=$((failures + 1)); }
expect "Range past the end" "$(head_of -r 100- "$base/hello.txt")" \
    "HTTP/1.1 416 Range Not Satisfiable" "content-range: bytes */14"

expect "POST" "$(head_of -X POST "$base/hello.txt")" "HTTP/1.1 405 Method Not Allowed" "allow: GET, HEAD"
expect "OPTIONS" "$(head_of -X OPTIONS "$base/hello.txt")" "HTTP/1.1 204 No Content" "allow: GET, HEAD"
expect "folder" "$(head_of "$base/sub?x=1")" "HTTP/1.1 308 Permanent Redirect" "location: ./sub/?x=1"
expect "index" "$(head_of "$base/")" "HTTP/1.1 200 OK" "content-type: text/html; charset=utf-8"
expect "missing" "$(head_of "$base/missing.txt")" "HTTP/1.1 404 Not Found"
expect "traversal" "$(head_of --path-as-is "$base/../outside/secret.txt")" "HTTP/1.1 404 Not Found"
expect "encoded traversal" "$(head_of --path-as-is "$base/%2e%2e/outside/secret.txt")" "HTTP/1.1 404 Not Found"

gzip=$(head_of -H "Accept-Encoding: gzip" "$base/css/site.css")
if [ "$mode" = embedded ]; then
    expect "gzip" "$gzip" "HTTP/1.1 200 OK" "content-encoding: gzip" "vary: accept-encoding"
    decoded=$(mktemp)
    trap 'rm -f "$decoded"' EXIT
    curl -sS --compressed -o "$decoded" "$base/css/site.css"
    cmp -s "$decoded" "$(dirname "$0")/fixtures/basic/css/site.css" ||
        { echo "FAIL --compressed body differs from the file"; failures=$((failures + 1)); }
else
    expect "gzip" "$gzip" "HTTP/1.1 200 OK"
    refuse "gzip" "$gzip" content-encoding
    refuse "gzip" "$gzip" vary
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures curl check(s) failed"
    exit 1
fi
echo "curl checks passed"
