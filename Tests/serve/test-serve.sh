#!/usr/bin/env bash
# `maillage serve` end to end, as CI runs it after `make test`:
# 1. a real browser (Debian's chromium through chromium-driver, driven by Selenium) makes the
#    official's try on the metropolitan territory and the downloaded YAML, run by `maillage run`,
#    gives the page's jobs added; a screenshot goes to the CI log folder; any console error fails;
# 2. a bounded load test (at most 20 connections, at most 20 s): stored and new tries and
#    malformed bodies; no 5xx but the documented 503; p99 latency of stored answers reported;
# 3. durability: kill -9 during an evaluation, restart: the store opens and earlier tries are served.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${MAILLAGE:-.build/release/maillage}
[ -x "$bin" ] || { swift build -c release; bin=.build/release/maillage; }
logs=${MAILLAGE_CI_LOGS:-/tmp/maillage-ci-logs}
mkdir -p "$logs"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium >/dev/null

work=$(mktemp -d)
server=""
stop() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""; }
# The server's log goes to the CI log folder whatever happens.
trap 'cat "$work"/server*.log > "$logs/serve-server.log" 2>/dev/null || true; stop; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))
start() {
    [ -f "$work/server.log" ] && mv "$work/server.log" "$work/server-$(date +%s%N).log"
    "$bin" serve --port "$port" --data "$work/data" --jobs 1 --queue 4 > "$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do
        grep -q "^open http" "$work/server.log" 2>/dev/null && return 0
        kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; return 1; }
        sleep 0.1
    done
    echo "serve: the server did not start" >&2; cat "$work/server.log" >&2; return 1
}

start
python3 Tests/serve/browser_check.py "http://127.0.0.1:$port" "$bin" "$work" "$logs/serve-page.png"
python3 Tests/serve/load_check.py "http://127.0.0.1:$port" 20
if ! kill -0 "$server" 2>/dev/null; then
    echo "serve: the server died under load; its log (with Swift's backtrace) follows" >&2
    grep -v '^warning' "$work/server.log" | tail -80 >&2
    exit 1
fi

# A client that goes away cancels its evaluation: with one simulation slot, a long try (1,000
# replications of the metropolis, about 20 s) abandoned after 1 s must not delay the next try.
curl -s -o /dev/null --max-time 1 -X POST -H 'Content-Type: application/json' \
    -d '{"territory": "metro-lyon", "budget_eur": 80000, "split": {"capacity": 1}, "replications": 1000, "seed": 7}' \
    "http://127.0.0.1:$port/api/v1/evaluate" || true
next=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST -H 'Content-Type: application/json' \
    -d '{"territory": "qpv-seine-saint-denis", "budget_eur": 10000, "split": {"training": 1}, "replications": 4, "seed": 3}' \
    "http://127.0.0.1:$port/api/v1/evaluate")
read -r code seconds <<< "$next"
[ "$code" = 200 ] || { echo "serve: the try after an abandoned one answered $code" >&2; exit 1; }
awk -v s="$seconds" 'BEGIN {exit !(s < 8)}' || { echo "serve: the try after an abandoned one took $seconds s: the abandoned evaluation was not cancelled" >&2; exit 1; }
echo "serve: a client gone after 1 s cancelled its 1,000-replication evaluation: the next try answered in $seconds s"

# Durability: a long evaluation in flight when the server is killed.
keys=$(curl -sf "http://127.0.0.1:$port/api/v1/results" | python3 -c 'import json,sys; print(" ".join(e["key"] for e in json.load(sys.stdin)["results"]))')
[ -n "$keys" ] || { echo "serve: no stored tries before the kill" >&2; exit 1; }
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"territory": "metro-lyon", "budget_eur": 50000, "split": {"training": 1}, "replications": 1000, "seed": 99}' \
    "http://127.0.0.1:$port/api/v1/evaluate" &
sleep 1.5
kill -9 "$server"; wait "$server" 2>/dev/null || true; server=""
wait || true
start
for key in $keys; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/results/$key")
    [ "$status" = 200 ] || { echo "serve: after kill -9 and restart, result $key answers $status" >&2; exit 1; }
done
echo "serve: killed with -9 during an evaluation, restarted: the store opened and $(echo $keys | wc -w) earlier tries are served"

# Graceful shutdown: SIGTERM stops the server with status 0 within 10 s.
kill -TERM "$server"
for _ in $(seq 1 100); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server" 2>/dev/null; then echo "serve: still running 10 s after SIGTERM" >&2; exit 1; fi
status=0; wait "$server" || status=$?
server=""
[ "$status" = 0 ] || { echo "serve: exit status $status after SIGTERM" >&2; cat "$work/server.log" >&2; exit 1; }
echo "serve: SIGTERM: stopped cleanly (status 0)"
echo "serve: passed (screenshot: $logs/serve-page.png)"
