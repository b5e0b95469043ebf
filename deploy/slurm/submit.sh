#!/usr/bin/env bash
# Submits a job array of N shards and the merge step that waits for it.
# Usage: deploy/slurm/submit.sh N run|sweep|uncertainty|study INPUT.yaml OUT [options for maillage] (study: a national study)
set -euo pipefail
n=$1 mode=$2 input=$3 out=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
array=$(sbatch --parsable --array=1-"$n" --output="$out/slurm-%A_%a.out" "$here/maillage-array.sbatch" "$mode" "$input" "$out" "$@")
merge=$(sbatch --parsable --dependency=afterok:"$array" --output="$out/slurm-merge-%j.out" --wrap "$here/merge.sh $out")
echo "array job $array ($n shards), merge job $merge; results in $out/merged"
