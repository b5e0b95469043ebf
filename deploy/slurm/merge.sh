#!/usr/bin/env bash
# Merges the shards an array job wrote into OUT/shard-*, into OUT/merged.
# Usage: deploy/slurm/merge.sh OUT   (or as a dependent job: sbatch --dependency=afterok:JOB --wrap "deploy/slurm/merge.sh OUT")
set -euo pipefail
out=${1:?usage: merge.sh OUT}
maillage=${MAILLAGE:-.build/release/maillage}
shopt -s nullglob
shards=("$out"/shard-*)
[ ${#shards[@]} -gt 0 ] || { echo "error: no shard folders in $out" >&2; exit 2; }
exec "$maillage" merge "${shards[@]}" --out "$out/merged"
