#!/usr/bin/env bash
# The deadline day's mixed rush (see deadline_mixed.py) on a release build.
# Usage: Benchmarks/deadline_mixed.sh [seconds-per-phase] [sqlite|postgres]   (needs wrk)
# With postgres, a throwaway PostgreSQL cluster (fsync and synchronous_commit on, as in production)
# is started on loopback for the run, unless BENCH_DATABASE_URL names one. TENDER_BIN=path runs that
# binary instead of building .build/release/tender-server.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
KIND=${2:-sqlite}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
if [ -n "${TENDER_BIN:-}" ]; then BIN=$TENDER_BIN; else swift build -c release --product tender-server >/dev/null; BIN=.build/release/tender-server; fi
if [ "$KIND" = postgres ] && [ -z "${BENCH_DATABASE_URL:-}" ]; then
  source Benchmarks/pg_cluster.sh
  pg_cluster_start
  trap pg_cluster_stop EXIT
  export BENCH_DATABASE_URL=$PG_URL
fi
python3 Benchmarks/deadline_mixed.py "$BIN" "$SECONDS_RUN"
