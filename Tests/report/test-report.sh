#!/usr/bin/env bash
# Renders the reports in a real browser (headless Chromium from Debian, driven by Selenium, one
# session for every page) to PNG, and fails when a page reports an error: a script error, a chart
# that does not load, or console errors (report_check.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium >/dev/null
shots=${REPORT_SCREENSHOTS:-$(mktemp -d)}
# A user's own folders: a run, a study, a comparison, a sweep, a real territory's coverage, an
# uncertainty analysis, a Morris screening and a placement, each reported in both languages.
bin=${MAILLAGE:-.build/release/maillage}
[ -x "$bin" ] || { swift build -c release >/dev/null; bin=.build/release/maillage; }
own=$(mktemp -d)
"$bin" run Scenarios/funding/metro-lyon-outreach.yaml --replications 8 --no-shapley --plausible-draws 4 --plausible-replications 2 \
    --out "$own/run" --quiet >/dev/null 2>&1
"$bin" study Scenarios/default-study.yaml --replications 4 --no-shapley --plausible-draws 4 --plausible-replications 2 \
    --out "$own/study" --quiet >/dev/null 2>&1
"$bin" compare Scenarios/metro-lyon.yaml Scenarios/funding/metro-lyon-coordination.yaml --replications 6 --out "$own/compare" --quiet >/dev/null 2>&1
"$bin" coverage Scenarios/real/rural-franche-comte.yaml --out "$own/coverage" >/dev/null 2>&1
"$bin" sweep Tests/fixtures/small-sobol-sweep.yaml --allow-outside --out "$own/sweep" --quiet >/dev/null 2>&1
"$bin" uncertainty Scenarios/funding/metro-lyon-coordination.yaml --draws 6 --replications 3 --out "$own/uncertainty" --quiet >/dev/null 2>&1
"$bin" uncertainty Scenarios/rural-franche-comte.yaml --morris --trajectories 2 --replications 3 --metric supported_share \
    --priors Tests/fixtures/small-priors.yaml --out "$own/morris" --quiet >/dev/null 2>&1
"$bin" optimise placement Scenarios/real/rural-franche-comte.yaml --add 3 --out "$own/placement" --quiet >/dev/null 2>&1
reports=(Output/report.html Output/rapport.html)
for kind in run study compare sweep coverage uncertainty morris placement; do
    for lang in en fr; do
        "$bin" report "$own/$kind" --lang "$lang" --out "$own/$kind-$lang.html" >/dev/null
        reports+=("$own/$kind-$lang.html")
    done
done
python3 Tests/report/report_check.py "$shots" "${reports[@]}"
