#!/usr/bin/env bash
# The portable release works without a Swift toolchain: unpacks dist/maillage-*.tar.gz in a
# temporary folder, checks with ldd that the binary needs nothing beyond the C library, libm,
# libpthread and libstdc++/libgcc, runs shipped scenarios in an environment that hides the
# toolchain, and compares summary.csv with the one the binary built from source writes for the
# same seed. Run by .ci/run after `make dist`.
set -euo pipefail
cd "$(dirname "$0")/../.."
tarball=$(ls dist/maillage-*-linux-*.tar.gz | head -n 1)
source_build=${MAILLAGE:-.build/release/maillage}
[ -x "$source_build" ] || { echo "dist: $source_build is not built (make build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
root=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)
bin="$root/bin/maillage"
for f in README.md MODEL.md LICENSE Scenarios/data/README.md Scenarios/real/metro-lyon.yaml; do
    [ -e "$root/$f" ] || { echo "dist: $f is missing from the tarball" >&2; exit 1; }
done

# Shared libraries: the C library and its companions only.
unexpected=$(ldd "$bin" | awk '{print $1}' | grep -vE '^(linux-vdso\.so|/lib64/ld-linux|ld-linux|libc\.so|libm\.so|libpthread\.so|libdl\.so|librt\.so|libstdc\+\+\.so|libgcc_s\.so)' || true)
if [ -n "$unexpected" ]; then
    echo "dist: the binary needs shared libraries beyond the C library's: $unexpected" >&2; ldd "$bin" >&2; exit 1
fi
echo "dist: ldd lists only $(ldd "$bin" | awk '{print $1}' | tr '\n' ' ')"

compare() { # scenario, replications, seed
    (cd "$root" && env -i PATH=/usr/bin:/bin HOME="$work" ./bin/maillage run "$1" --replications "$2" --seed "$3" --out "$work/dist-run" --quiet >/dev/null)
    "$source_build" run "$1" --replications "$2" --seed "$3" --out "$work/source-run" --quiet >/dev/null 2>&1
    if ! cmp -s "$work/dist-run/summary.csv" "$work/source-run/summary.csv"; then
        echo "dist: $1: summary.csv differs from the source build's" >&2; diff "$work/dist-run/summary.csv" "$work/source-run/summary.csv" | head >&2; exit 1
    fi
    echo "dist: $1 runs with the toolchain hidden; summary.csv equals the source build's"
    rm -rf "$work/dist-run" "$work/source-run"
}
compare Scenarios/metro-lyon.yaml 20 4242
compare Scenarios/real/qpv-seine-saint-denis.yaml 5 -7
# The national files are found beside the binary from any folder, and read gzipped by the static zlib.
found=$(cd "$work" && env -i PATH=/usr/bin:/bin HOME="$work" "$root/bin/maillage" territories search quimper --limit 1)
if [[ "$found" != *'territory: {france: {epci: ["200068120"]}}'* ]]; then
    echo "dist: territories search from another folder: $found" >&2; exit 1
fi
(cd "$root" && env -i PATH=/usr/bin:/bin HOME="$work" ./bin/maillage coverage Scenarios/france/finistere-morbihan.yaml --out "$work/france" >/dev/null)
[ -s "$work/france/zones.csv" ] || { echo "dist: the Finistère-Morbihan scenario wrote no zones.csv" >&2; exit 1; }
echo "dist: the national files are found beside the binary (territories search from another folder, a coverage of two départements)"
# The web application runs from the tarball alone: its page and data are in the binary and beside it.
port=$((20000 + RANDOM % 20000))
(cd "$root" && exec env -i PATH=/usr/bin:/bin HOME="$work" ./bin/maillage serve --port "$port" --data "$work/serve" > "$work/serve.log" 2>&1) &
server=$!
for _ in $(seq 1 100); do grep -q "^open http" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
page=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
territories=$(curl -s "http://127.0.0.1:$port/api/v1/territories" | grep -o '"id"' | wc -l)
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
if [ "$page" != 200 ] || [ "$territories" -lt 6 ]; then
    echo "dist: maillage serve from the tarball: page $page, $territories territories" >&2; cat "$work/serve.log" >&2; exit 1
fi
echo "dist: maillage serve runs from the tarball with the toolchain hidden: the page and $territories territories"
echo "dist: 4 passed, 0 failed"
