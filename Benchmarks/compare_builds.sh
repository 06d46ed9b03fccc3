#!/usr/bin/env bash
# Two builds of tender-server measured in one session, alternately (A, B, A, B…), so that the
# machine's drift hits both alike: the deadline rush (durable commits/s and p99 against the same
# run's /health) and the finalization of 1,000 bids × 9 members. Prints each run and the B/A ratios.
# Usage: Benchmarks/compare_builds.sh BIN_A BIN_B [rounds] [seconds]
#   e.g. a release build of the commit before a change (git worktree + swift build -c release) and one after.
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 B=$2 ROUNDS=${3:-2} SECS=${4:-10}
out=$(mktemp -d /tmp/tender-compare.XXXXXX)
for r in $(seq 1 "$ROUNDS"); do
  for which in A B; do
    bin=$A; [ "$which" = B ] && bin=$B
    echo "== round $r, build $which ($bin)"
    TENDER_BIN=$bin Benchmarks/deadline_rush.sh "$SECS" | tee "$out/rush-$which-$r.txt" | grep -E "durable commits/s|p99|GET /health/s|ratio"
    python3 Benchmarks/finalize.py "$bin" 3 | tee "$out/finalize-$which-$r.txt" | grep RESULT
  done
done
python3 - "$out" "$ROUNDS" <<'PY'
import re, sys, statistics
out, rounds = sys.argv[1], int(sys.argv[2])
def rush(which, r):
    t = open(f"{out}/rush-{which}-{r}.txt").read()
    num = lambda label: float(re.search(label + r"\s+([\d.]+)", t).group(1))
    return num("durable commits/s"), num("commit latency p99"), num("ratio commits/health")
def fin(which, r):
    return float(re.search(r"finalize_median_ms=([\d.]+)", open(f"{out}/finalize-{which}-{r}.txt").read()).group(1))
for name, idx in (("commits/s", 0), ("commit p99 ms", 1), ("commits per /health", 2)):
    a = statistics.median(rush("A", r)[idx] for r in range(1, rounds + 1))
    b = statistics.median(rush("B", r)[idx] for r in range(1, rounds + 1))
    print(f"{name:22s} A {a:9.3f}   B {b:9.3f}   B/A {b / a:6.3f}")
a = statistics.median(fin("A", r) for r in range(1, rounds + 1))
b = statistics.median(fin("B", r) for r in range(1, rounds + 1))
print(f"{'finalize median ms':22s} A {a:9.1f}   B {b:9.1f}   B/A {b / a:6.3f}")
PY
