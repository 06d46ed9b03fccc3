#!/usr/bin/env bash
# The deadline rush: a release build on SQLite, 2,000 registered vendors, one tender, every request
# a vendor committing (vendors drawn again replace their bids) over 64 concurrent connections with
# wrk; then the same server's GET /health rate, and the disk's single-fsync transaction rate.
# Usage: Benchmarks/deadline_rush.sh [seconds]   (needs wrk: apt-get install wrk)
# TENDER_BIN=path runs that binary instead of building .build/release/tender-server (to compare two
# builds in one session, see compare_builds.sh).
# wrk runs WRK_THREADS threads (default 2) for both measurements; with 1, a lighter load
# generator leaves more of the 2 cores to the server it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
if [ -n "${TENDER_BIN:-}" ]; then
  BIN=$TENDER_BIN
else
  swift build -c release --product tender-server >/dev/null
  BIN=.build/release/tender-server
fi
DATA=$(mktemp -d /tmp/tender-rush.XXXXXX)
PORT=18${RANDOM: -3}
trap 'kill $(cat $DATA/pid) 2>/dev/null || true; rm -rf "$DATA"' EXIT

python3 - "$BIN" "$DATA" "$PORT" <<'PY'
import os, sys
sys.path.insert(0, "Benchmarks")
from tenderlib import Server, setup
binary, data, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = Server(binary, data, port)
s.start()
open(os.path.join(data, "pid"), "w").write(str(s.proc.pid))
tender, vendors = setup(port, 2000)
open(os.path.join(data, "tender"), "w").write(tender)
open(os.path.join(data, "tokens"), "w").write("\n".join(t for _, t in vendors) + "\n")
PY

TENDER=$(cat "$DATA/tender")
commit=$(wrk -t${WRK_THREADS:-2} -c64 -d"${SECONDS_RUN}s" --timeout 5s -s Benchmarks/rush.lua "http://127.0.0.1:$PORT" -- "$TENDER" "$DATA/tokens" | grep '^RESULT')
health=$(wrk -t${WRK_THREADS:-2} -c64 -d"${SECONDS_RUN}s" --timeout 5s -s Benchmarks/health.lua "http://127.0.0.1:$PORT/health" | grep '^RESULT')
fsync=$(python3 Benchmarks/fsync_rate.py "$DATA" 3 | grep '^RESULT')
stored=$(python3 -c "import sqlite3; c=sqlite3.connect('$DATA/tenders.sqlite'); print(c.execute(\"select count(*), sum(status='sealed') from bids\").fetchone())")

python3 - "$commit" "$health" "$fsync" "$stored" <<'PY'
import sys
def parse(line): return {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
c, h, f = parse(sys.argv[1]), parse(sys.argv[2]), parse(sys.argv[3])
commits = c["requests"] / (c["duration_us"] / 1e6)
health = h["requests"] / (h["duration_us"] / 1e6)
print(f"durable commits/s      {commits:8.0f}   (errors: {int(c['non2xx'])} non-201, {int(c['socket_errors'])} socket)")
print(f"commit latency p50     {c['p50_us']/1000:8.2f} ms")
print(f"commit latency p90     {c['p90_us']/1000:8.2f} ms")
print(f"commit latency p99     {c['p99_us']/1000:8.2f} ms")
print(f"commit latency max     {c['max_us']/1000:8.2f} ms")
print(f"GET /health p50, p99   {h['p50_us']/1000:8.2f} ms, {h['p99_us']/1000:.2f} ms")
print(f"GET /health/s          {health:8.0f}")
print(f"ratio commits/health   {commits / health:8.3f}")
print(f"disk fsync tx/s        {f['fsync_tx_per_s']:8.0f}   (one-fsync-per-commit limit)")
print(f"commits / fsync limit  {commits / f['fsync_tx_per_s']:8.2f}")
print(f"bids stored (all, sealed) {sys.argv[4]}")
PY
