#!/usr/bin/env bash
# Red flags across tenders at 100,000 awarded tenders (release build), on SQLite or on a throwaway
# PostgreSQL cluster. Usage: Benchmarks/red_flags_across.sh [sqlite|postgres] [tenders] [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
KIND=${1:-sqlite}
swift build -c release --product tender-server >/dev/null
if [ "$KIND" = postgres ] && [ -z "${BENCH_DATABASE_URL:-}" ]; then
  . Benchmarks/pg_cluster.sh
  pg_cluster_start
  trap pg_cluster_stop EXIT
  export BENCH_DATABASE_URL=$PG_URL
fi
[ "$KIND" = postgres ] || unset BENCH_DATABASE_URL
python3 Benchmarks/red_flags_across.py .build/release/tender-server "${2:-100000}" "${3:-300}"
