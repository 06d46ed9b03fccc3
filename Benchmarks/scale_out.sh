#!/usr/bin/env bash
# Scale-out drill (see scale_out.py): nginx in front of two instances on one PostgreSQL, one instance
# killed with SIGKILL halfway through a mixed rush. Needs root for the throwaway PostgreSQL cluster
# (or BENCH_DATABASE_URL) and nginx (apt-get install -y nginx-light postgresql).
# Usage: Benchmarks/scale_out.sh [rush-seconds]   TENDER_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx-light"; exit 1; }
if [ -n "${TENDER_BIN:-}" ]; then BIN=$TENDER_BIN; else swift build -c release --product tender-server >/dev/null; BIN=.build/release/tender-server; fi
URL=${BENCH_DATABASE_URL:-}
if [ -z "$URL" ]; then
  source Benchmarks/pg_cluster.sh
  pg_cluster_start
  trap pg_cluster_stop EXIT
  URL=$PG_URL
fi
python3 Benchmarks/scale_out.py "$BIN" "$URL" "${1:-20}"
