#!/usr/bin/env bash
# Coverage-guided fuzzing of every loader of user input (scenarios, studies, sweep plans, priors,
# calibration targets, ABC posterior samples, structure
# tables, INSEE tables, travel-time matrices, GeoJSON) with libFuzzer, for a bounded time:
#   bash scripts/fuzz.sh [SECONDS]        (default 240; CI runs it)
# It starts from the corpus in Tests/fuzz/corpus and keeps what it finds there; a crash, a
# timeout (10 s for one input) or memory beyond 2 GB fails the script and leaves the input as
# crash-*, timeout-* or oom-* in the working folder, to replay with `maillage-fuzz FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-240}
scratch=.build-fuzz
swift_bin=$(dirname "$(command -v swift)")
mkdir -p "$scratch"
# Swift's default linker (gold) fails on the fuzzer's instrumented objects; LLVM's lld links them.
cat > "$scratch/toolset.json" <<JSON
{ "schemaVersion": "1.0", "linker": { "path": "$swift_bin/ld.lld" } }
JSON
# No debug information (-gnone): libFuzzer reports a crash with its input, which replays it.
swift build -c release --product maillage-fuzz --scratch-path "$scratch" --toolset "$scratch/toolset.json" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -gnone
"$scratch/release/maillage-fuzz" Tests/fuzz/corpus -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1
