#!/usr/bin/env bash
# End-to-end test on a real single-node Slurm cluster (Debian's slurm-wlm and munge, started as
# root): a sweep, a run, an uncertainty analysis and a national study are split into job-array shards, merged, and compared byte for byte
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

# A national study: three départements over two shards (90 and 2A, then 48), no plausible worlds.
cat > "$work/france.yaml" <<STUDY
name: france-small
base: $PWD/Scenarios/france/networks-by-rule.yaml
territories: departements
only: ["90", "48", "2A"]
replications: 3
seed: 7
standard_policy: {euros_per_inhabitant: 0.5, capacity: 0.25, outreach: 0.25, coordination: 0.25, training: 0.25}
STUDY
sbatch --wait --array=1-2 --output="$work/nat-%A_%a.out" deploy/slurm/maillage-array.sbatch study "$work/france.yaml" "$work/nat" --plausible-draws 0 >/dev/null
deploy/slurm/merge.sh "$work/nat" >/dev/null
"$MAILLAGE" study "$work/france.yaml" --plausible-draws 0 --out "$work/nat-single" --quiet >/dev/null 2>"$work/nat-single.err"
check "national study" "$work/nat-single" "$work/nat/merged"
echo "4 passed, 0 failed"
