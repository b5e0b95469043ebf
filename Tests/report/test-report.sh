#!/usr/bin/env bash
# Renders the reports in a real browser (headless Chromium from Debian) to PNG, and fails when
# a page reports an error: a script error, a chart that does not load, or console errors.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
shots=${REPORT_SCREENSHOTS:-$(mktemp -d)}
passed=0
# A user's own folders: a run, a study, a comparison, a sweep, a real territory's coverage, an
# uncertainty analysis, a Morris screening and a placement, each reported in both languages.
bin=${MAILLAGE:-.build/release/maillage}
[ -x "$bin" ] || { swift build -c release >/dev/null; bin=.build/release/maillage; }
own=$(mktemp -d)
"$bin" run Scenarios/funding/metro-lyon-outreach.yaml --replications 8 --no-shapley --out "$own/run" --quiet >/dev/null 2>&1
"$bin" study Scenarios/default-study.yaml --replications 4 --no-shapley --out "$own/study" --quiet >/dev/null 2>&1
"$bin" compare Scenarios/metro-lyon.yaml Scenarios/funding/metro-lyon-coordination.yaml --replications 6 --out "$own/compare" --quiet >/dev/null 2>&1
"$bin" coverage Scenarios/real/rural-franche-comte.yaml --out "$own/coverage" >/dev/null 2>&1
"$bin" sweep Tests/fixtures/small-sobol-sweep.yaml --allow-outside --out "$own/sweep" --quiet >/dev/null 2>&1
"$bin" uncertainty Scenarios/funding/metro-lyon-coordination.yaml --draws 6 --replications 3 --out "$own/uncertainty" --quiet >/dev/null 2>&1
"$bin" uncertainty Scenarios/rural-franche-comte.yaml --morris --trajectories 2 --replications 3 --metric supported_share \
    --out "$own/morris" --quiet >/dev/null 2>&1
"$bin" optimise placement Scenarios/real/rural-franche-comte.yaml --add 3 --out "$own/placement" --quiet >/dev/null 2>&1
reports=(Output/report.html Output/rapport.html)
for kind in run study compare sweep coverage uncertainty morris placement; do
    for lang in en fr; do
        "$bin" report "$own/$kind" --lang "$lang" --out "$own/$kind-$lang.html" >/dev/null
        reports+=("$own/$kind-$lang.html")
    done
done
for report in "${reports[@]}"; do
    case "$report" in /*) url="file://$report" ;; *) url="file://$PWD/$report" ;; esac
    flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --virtual-time-budget=10000)
    dom=$(chromium "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "$url" 2>"$shots/console.txt")
    status=$(grep -o 'data-status="[a-z]*"' <<<"$dom" | head -n 1 || true)
    if [ "$status" != 'data-status="ok"' ]; then
        echo "report: $report: the page reports $status" >&2; exit 1
    fi
    if grep -E "Uncaught|CONSOLE\(.*\)\] \"(Error|Failed)" "$shots/console.txt" >&2; then
        echo "report: $report: errors in the console" >&2; exit 1
    fi
    png="$shots/$(basename "$(dirname "$report")")-$(basename "$report" .html).png"
    chromium "${flags[@]}" --window-size=1400,2400 --screenshot="$png" "$url" 2>/dev/null
    [ -s "$png" ] || { echo "report: $report: no screenshot" >&2; exit 1; }
    echo "report: $report renders without errors ($png)"
    passed=$((passed + 1))
done
echo "report: $passed passed, 0 failed"
