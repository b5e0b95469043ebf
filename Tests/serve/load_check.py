"""A bounded load test of `maillage serve` on loopback: at most 20 connections, at most SECONDS.

Sends stored tries (the same body again), new tries (new seeds, few replications) and malformed
bodies. Fails on any 5xx but the documented 503 (queue full) and on any malformed body not
answered 400/413; reports the p99 latency of stored answers.
Usage: load_check.py URL SECONDS
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

url, seconds = sys.argv[1], float(sys.argv[2])
host = urllib.parse.urlparse(url)
stored_body = json.dumps({"territory": "qpv-seine-saint-denis", "budget_eur": 100000, "split": {"outreach": 1}, "replications": 10, "seed": 1})
malformed = ["{", "[]", '{"territory": 3}', '{"territory": "metro-lyon", "budget_eur": -1}', '{"territory": "metro-lyon", "budget_eur": 1, "split": {"x": 1}}',
             '{"territory": "metro-lyon", "budget_eur": 1e400}', "x" * 20000, '{"territory": "\\u0000", "budget_eur": 0}']
lock = threading.Lock()
stats = {"stored": [], "new": 0, "busy": 0, "malformed": 0, "bad": []}
deadline = time.monotonic() + seconds
seeds = iter(range(1000, 10 ** 6))


def post(conn, body):
    started = time.monotonic()
    conn.request("POST", "/api/v1/evaluate", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("X-Maillage-Stored"), time.monotonic() - started


def worker(n):
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
    rng = random.Random(n)
    while time.monotonic() < deadline:
        kind = rng.choices(["stored", "new", "malformed"], [6, 1, 3])[0]
        if kind == "new":
            with lock:
                seed = next(seeds)
            body = json.dumps({"territory": "qpv-seine-saint-denis", "budget_eur": 50000, "split": {"coordination": 1}, "replications": 4, "seed": seed})
        else:
            body = stored_body if kind == "stored" else rng.choice(malformed)
        try:
            status, from_store, elapsed = post(conn, body)
        except (ConnectionError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
            continue
        with lock:
            if status == 503:
                stats["busy"] += 1
            elif status >= 500:
                stats["bad"].append(f"{status} for {kind}")
            elif kind == "malformed":
                stats["malformed"] += 1
                if status not in (400, 413):
                    stats["bad"].append(f"{status} for a malformed body")
            elif status != 200:
                stats["bad"].append(f"{status} for a {kind} try")
            elif kind == "stored" and from_store == "true":
                stats["stored"].append(elapsed)
            elif kind == "new":
                stats["new"] += 1
        if status == 413:  # the server closes the connection after refusing a body
            conn.close()
            conn = http.client.HTTPConnection(host.hostname, host.port, timeout=120)


# Warm the store with the stored try.
warm = http.client.HTTPConnection(host.hostname, host.port, timeout=120)
status, _, _ = post(warm, stored_body)
assert status == 200, status
threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies = sorted(stats["stored"])
p50 = latencies[len(latencies) // 2] * 1000 if latencies else float("nan")
p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000 if latencies else float("nan")
print(f"load: {seconds:.0f} s, 20 connections: {len(latencies)} stored answers (p50 {p50:.1f} ms, p99 {p99:.1f} ms), "
      f"{stats['new']} new evaluations, {stats['busy']} answered 503 (queue full), {stats['malformed']} malformed bodies refused")
if stats["bad"]:
    print("load: FAILED: " + "; ".join(sorted(set(stats["bad"])))[:2000], file=sys.stderr)
    sys.exit(1)
if not latencies:
    print("load: FAILED: no stored answer measured", file=sys.stderr)
    sys.exit(1)
