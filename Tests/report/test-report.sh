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
for report in Output/report.html Output/rapport.html; do
    url="file://$PWD/$report"
    flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --virtual-time-budget=10000)
    dom=$(chromium "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "$url" 2>"$shots/console.txt")
    status=$(grep -o 'data-status="[a-z]*"' <<<"$dom" | head -n 1 || true)
    if [ "$status" != 'data-status="ok"' ]; then
        echo "report: $report: the page reports $status" >&2; exit 1
    fi
    if grep -E "Uncaught|CONSOLE\(.*\)\] \"(Error|Failed)" "$shots/console.txt" >&2; then
        echo "report: $report: errors in the console" >&2; exit 1
    fi
    png="$shots/$(basename "$report" .html).png"
    chromium "${flags[@]}" --window-size=1400,2400 --screenshot="$png" "$url" 2>/dev/null
    [ -s "$png" ] || { echo "report: $report: no screenshot" >&2; exit 1; }
    echo "report: $report renders without errors ($png)"
    passed=$((passed + 1))
done
echo "report: $passed passed, 0 failed"
