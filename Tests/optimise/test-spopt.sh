#!/usr/bin/env bash
# The exact placement against an independent optimum: for the real Lyon and Franche-Comté and
# K = 1, 3, 5, `maillage optimise placement --export-instance` solves the maximal covering
# problem with GLPK; PySAL's spopt solves the exported instance with pulp's CBC; the covered
# inhabitants must be equal. Run by CI (.ci/run), which installs spopt and pulp from PyPI.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/opt/swift/usr/bin"
m=${MAILLAGE:-.build/release/maillage}
[ -x "$m" ] || { swift build -c release >/dev/null; m=.build/release/maillage; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
cases=()
for territory in rural-franche-comte metro-lyon; do
    for k in 1 3 5; do
        "$m" optimise placement "Scenarios/real/$territory.yaml" --add "$k" --export-instance --out "$work/$territory-$k" >/dev/null 2>"$work/err"
        cases+=("$territory-$k")
    done
done
# One Python process solves every exported instance.
instances=()
for c in "${cases[@]}"; do instances+=("$work/$c/instance.json"); done
mapfile -t theirs < <(python3 Tests/optimise/spopt_check.py "${instances[@]}")
for i in "${!cases[@]}"; do
    c=${cases[$i]}
    ours=$(python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(d['covered_population_after'] - d['covered_population_before'])" "$work/$c/placement.json")
    if [ "$ours" = "${theirs[$i]:-}" ]; then
        echo "optimise: ${c%-*}, K = ${c##*-}: $ours inhabitants covered by GLPK and by spopt"
    else
        echo "error: ${c%-*}, K = ${c##*-}: GLPK covers $ours inhabitants, spopt ${theirs[$i]:-nothing}" >&2
        failed=1
    fi
done
exit $failed
