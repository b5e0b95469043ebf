#!/usr/bin/env bash
# End-to-end test on a real single-node Slurm cluster (Debian's slurm-wlm and munge, started as
# root): a sweep, a run and an uncertainty analysis are split into job-array shards, merged, and compared byte for byte
# with the same work done by one process. Run by .ci/run after `make test`.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash deploy/slurm/start-local-cluster.sh
# The binary to test: MAILLAGE (CI passes the test build's), else the release build.
export MAILLAGE=$(realpath "${MAILLAGE:-.build/release/maillage}" 2>/dev/null || true)
[ -x "$MAILLAGE" ] || { swift build -c release >/dev/null; export MAILLAGE=$PWD/.build/release/maillage; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/plan.yaml" <<PLAN
scenario: $PWD/Scenarios/metro-lyon.yaml
method: latin_hypercube
samples: 7
replications: 3
seed: 11
parameters:
  - {path: policy.mutual_knowledge.meetings_per_year, low: 0, high: 12}
  - {path: policy.extra_capacity_per_year, low: 0, high: 1000}
PLAN

check() { # name, expected folder, merged folder
    if diff -r "$2" "$3" >/dev/null; then echo "slurm: $1: merged shards equal the single-process output"; else
        echo "slurm: $1: merged shards DIFFER from the single-process output" >&2; diff -r "$2" "$3" | head -20 >&2; exit 1; fi
}

sbatch --wait --array=1-3 --output="$work/sweep-%A_%a.out" deploy/slurm/maillage-array.sbatch sweep "$work/plan.yaml" "$work/sweep" >/dev/null
sbatch --wait --output="$work/merge-%j.out" --wrap "deploy/slurm/merge.sh $work/sweep" >/dev/null
"$MAILLAGE" sweep "$work/plan.yaml" --out "$work/sweep-single" --quiet >/dev/null
check sweep "$work/sweep-single" "$work/sweep/merged"

sbatch --wait --array=1-4 --output="$work/run-%A_%a.out" deploy/slurm/maillage-array.sbatch run Scenarios/qpv-seine-saint-denis.yaml "$work/run" --replications 10 --seed 5 >/dev/null
deploy/slurm/merge.sh "$work/run" >/dev/null
"$MAILLAGE" run Scenarios/qpv-seine-saint-denis.yaml --replications 10 --seed 5 --out "$work/run-single" --quiet >/dev/null
check run "$work/run-single" "$work/run/merged"

# Uncertainty: 5 draws over 3 shards (draws 0 and 3, 1 and 4, 2), with the shipped priors.
sbatch --wait --array=1-3 --output="$work/unc-%A_%a.out" deploy/slurm/maillage-array.sbatch uncertainty Scenarios/funding/rural-franche-comte-balanced.yaml "$work/unc" --draws 5 --replications 2 >/dev/null
deploy/slurm/merge.sh "$work/unc" >/dev/null
"$MAILLAGE" uncertainty Scenarios/funding/rural-franche-comte-balanced.yaml --draws 5 --replications 2 --out "$work/unc-single" --quiet >/dev/null
check uncertainty "$work/unc-single" "$work/unc/merged"
echo "3 passed, 0 failed"
