#!/usr/bin/env bash
# Regenerates Output/ (make charts): every folder ShippedOutput describes (the default study, the
# experiments, the maps, the calibration), then the charts and the reports. Deterministic: the
# same code gives the same CSV, JSON and SVG files. Warnings and errors go to standard error.
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
# The binary: MAILLAGE (CI passes the test build's), else the release build `make charts` made.
# MAILLAGE_ABC_CHECK=n (CI) simulates again one ABC draw of the calibration in n, checks it against
# the committed Output/calibration/abc_draws.csv and takes the other draws from that file.
"${MAILLAGE:-.build/release/maillage}" regenerate Output ${MAILLAGE_ABC_CHECK:+--abc-check "$MAILLAGE_ABC_CHECK"}
