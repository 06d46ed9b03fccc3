#!/usr/bin/env bash
# Evaluation benchmarks (release build, SQLite): the pure scoring engine's criterion scores per
# second, then POST …/evaluation/finalize on 1,000 revealed bids × 9 members × 10 criteria.
# Usage: Benchmarks/evaluation.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tender-server >/dev/null
swift build -c release --product tender-engine-bench >/dev/null
.build/release/tender-engine-bench
python3 Benchmarks/finalize.py .build/release/tender-server "${1:-3}"
