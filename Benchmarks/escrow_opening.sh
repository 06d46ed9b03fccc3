#!/usr/bin/env bash
# Escrowed opening of N bids (default 1,000) by 3 of 5 key holders on a release build (needs node).
# Usage: Benchmarks/escrow_opening.sh [N] [sqlite|postgres]; TENDER_BIN=path runs that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
KIND=${2:-sqlite}
if [ -n "${TENDER_BIN:-}" ]; then BIN=$TENDER_BIN; else swift build -c release --product tender-server >/dev/null; BIN=.build/release/tender-server; fi
if [ "$KIND" = postgres ] && [ -z "${BENCH_DATABASE_URL:-}" ]; then
  source Benchmarks/pg_cluster.sh
  pg_cluster_start
  trap pg_cluster_stop EXIT
  export BENCH_DATABASE_URL=$PG_URL
fi
python3 Benchmarks/escrow_opening.py "$BIN" "$N"
