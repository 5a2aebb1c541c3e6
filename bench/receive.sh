#!/bin/sh
# The receiver under load (BENCHMARKS.md, "tolk receive"): the load and SIGKILL tests of
# tests/receive/load.rs in release mode with TICKETS tickets (default 2,000) from 50 concurrent
# clients on 127.0.0.1, printing throughput and latency (p50, p99) of each run.
#   bench/receive.sh                # 2,000 tickets
#   TICKETS=10000 bench/receive.sh  # more
set -eu
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
TOLK_LOAD_TICKETS="${TICKETS:-2000}" cargo test --release --test main receive::load -- \
    --nocapture --test-threads 1 2>&1 | grep -E 'tickets in|test result|FAILED|panicked'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
