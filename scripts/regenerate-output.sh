#!/usr/bin/env bash
# Regenerates Output/: the default study and every shipped experiment, then the charts and the
# reports. Deterministic: the same code gives the same CSV, JSON and SVG files. Run by `make charts`.
# Progress is off (--quiet); warnings and errors go to standard error, and the first failing
# step stops the script with its message.
set -euo pipefail
cd "$(dirname "$0")/.."
m=.build/release/maillage
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
step() { echo "output: $*" >&2; }
trap 'echo "output: failed at the step above (exit status $?)" >&2' ERR

step "default study"
$m study Scenarios/default-study.yaml --out Output/default-study --quiet >/dev/null
step "rural against metropolitan"
$m study Scenarios/experiments/rural-vs-metro.yaml --out Output/rural-vs-metro --quiet >/dev/null
step "funding: 200 k€ four ways"
for f in Scenarios/funding/*.yaml; do $m run "$f" --replications 100 --out "Output/funding/$(basename "$f" .yaml)" --quiet >/dev/null; done
step "funding curves"
for f in Scenarios/experiments/funding-curves/*.yaml; do
    out="Output/funding-curves/$(basename "$f" .yaml)"; rm -rf "$out"; $m sweep "$f" --out "$out" --quiet >/dev/null
done
step "Sobol sensitivity"
rm -rf Output/sensitivity-metro && $m sweep Scenarios/experiments/sensitivity-metro.yaml --out Output/sensitivity-metro --quiet >/dev/null
step "convergence"
$m run Scenarios/metro-lyon.yaml --precision 0.002 --max-replications 2000 --out Output/convergence-metro --quiet >/dev/null
step "maps"
for s in rural-franche-comte metro-lyon qpv-seine-saint-denis; do
    $m coverage "Scenarios/$s.yaml" --out "Output/maps/$s" >/dev/null
    $m coverage "Scenarios/real/$s.yaml" --out "Output/maps/real-$s" >/dev/null
done
step "calibration"
$m calibrate Scenarios/calibration/targets.yaml --out Output/calibration/fitted.yaml --quiet >/dev/null
step "charts and reports"
for lang in en fr; do $m charts Output --lang "$lang" >/dev/null; done
$m report Output --lang en --out Output/report.html >/dev/null
$m report Output --lang fr --out Output/rapport.html >/dev/null
