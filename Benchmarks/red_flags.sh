#!/usr/bin/env bash
# A tender's red flags on 1,000 revealed bids with 2,000-character proposals (release build).
# Usage: Benchmarks/red_flags.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tender-engine-bench >/dev/null
.build/release/tender-engine-bench flags
