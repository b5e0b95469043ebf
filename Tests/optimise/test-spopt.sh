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
for territory in rural-franche-comte metro-lyon; do
    for k in 1 3 5; do
        out="$work/$territory-$k"
        "$m" optimise placement "Scenarios/real/$territory.yaml" --add "$k" --export-instance --out "$out" >/dev/null 2>"$work/err"
        ours=$(python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(d['covered_population_after'] - d['covered_population_before'])" "$out/placement.json")
        theirs=$(python3 Tests/optimise/spopt_check.py "$out/instance.json")
        if [ "$ours" = "$theirs" ]; then
            echo "optimise: $territory, K = $k: $ours inhabitants covered by GLPK and by spopt"
        else
            echo "error: $territory, K = $k: GLPK covers $ours inhabitants, spopt $theirs" >&2
            failed=1
        fi
    done
done
exit $failed
