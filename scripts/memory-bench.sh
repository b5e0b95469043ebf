#!/usr/bin/env bash
# Peak memory of a 10,000-replication run of the metropolitan territory, measured with
# /usr/bin/time -v (Debian's `time`). Target: under 256 MB. Run by `make bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/time -v .build/release/maillage run Scenarios/metro-lyon.yaml --replications 10000 --jobs 2 --quiet --out "$out/run" \
    >/dev/null 2>"$out/time.txt"
kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$out/time.txt")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time.txt")
mb=$((kb / 1024))
verdict=$([ "$kb" -lt $((256 * 1024)) ] && echo yes || echo "**no**")
echo "| 10,000 replications of metro-lyon, --jobs 2: peak resident memory | ${mb} MB (wall ${wall}) | < 256 MB | ${verdict} |"
