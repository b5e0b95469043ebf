#!/usr/bin/env bash
# Peak memory (Debian's /usr/bin/time -v), run by `make bench`:
# - 10,000 replications of the metropolitan territory, every replication kept (target < 256 MB);
# - 10,000 and 100,000 replications of a small territory with --summary-only: memory must stay
#   flat in the number of replications (target: the larger run within 1.2 × the smaller);
# - all of metropolitan France at once: coverage and both indices (targets < 60 s, < 2 GB).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
m=.build/release/maillage
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
peak() { awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$1"; }

/usr/bin/time -v $m run Scenarios/metro-lyon.yaml --replications 10000 --jobs 2 --quiet --out "$out/run" >/dev/null 2>"$out/time.txt"
kb=$(peak "$out/time.txt")
verdict=$([ "$kb" -lt $((256 * 1024)) ] && echo yes || echo "**no**")
echo "| 10,000 replications of metro-lyon, --jobs 2: peak resident memory | $((kb / 1024)) MB (wall $(wall "$out/time.txt")) | < 256 MB | ${verdict} |"

cat > "$out/small.yaml" <<YAML
name: small
territory: {seed: 3, area_km2: 100, population: 5000, communes: 8}
structures:
  networks:
    - {name: BGE, ecosystem: classic, stages: [emergence, creation], capacity_per_year: 30, count: 2}
    - {name: CAE, ecosystem: ess, stages: [creation, growth], capacity_per_year: 10, count: 1}
policy: {mutual_knowledge: {meetings_per_year: 4}}
simulation: {horizon_months: 12}
YAML
for n in 10000 100000; do
    /usr/bin/time -v $m run "$out/small.yaml" --replications $n --summary-only --jobs 2 --quiet --force --allow-outside --out "$out/small-$n" \
        >/dev/null 2>"$out/time-$n.txt"
done
small=$(peak "$out/time-10000.txt"); large=$(peak "$out/time-100000.txt")
ratio=$(awk -v a="$large" -v b="$small" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2) ? "yes" : "**no**" }')
echo "| --summary-only, small territory: peak memory at 100,000 / 10,000 replications | $((large / 1024)) MB / $((small / 1024)) MB: ×${ratio} (wall $(wall "$out/time-100000.txt")) | ≤ ×1.2 | ${verdict} |"

# All of metropolitan France at once (issue 31, item 6): import, coverage and both indices from the
# pairs within reach, every file written (targets: under 60 s on two cores, under 2 GB).
/usr/bin/time -v $m coverage Scenarios/france/metropolitan.yaml --out "$out/france" >"$out/france.txt" 2>"$out/time-france.txt"
kb=$(peak "$out/time-france.txt"); seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$out/time-france.txt")
pairs=$(awk '/pairs within/ {print $1}' "$out/france.txt")
verdict=$(awk -v s="$seconds" -v k="$kb" 'BEGIN { print (s < 60 && k < 2 * 1024 * 1024) ? "yes" : "**no**" }')
echo "| all of metropolitan France (france/metropolitan.yaml: 34,739 communes, 1,497 structures, ${pairs} pairs within reach): import, coverage, both indices, files: wall and peak memory | ${seconds} s, $((kb / 1024)) MB | < 60 s, < 2 GB | ${verdict} |"
