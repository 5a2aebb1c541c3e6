#!/usr/bin/env bash
# The content cache and the incremental state file (branch cache13; see BENCHMARKS.md):
# fresh content load against a warm cached one, and the state file's save, load and size.
#
#   bench/content-cache.sh                  # 10,000 pages in /dev/shm
#   PAGES=1000 bench/content-cache.sh
#
# Each step is one run of the `content-cache` example: `config` (the baseline), `fresh`, `save`
# (cold cached load + save), `state` (state load only), `warm` (state load + cached load).
# Prints each step's own wall times (noisy on a shared machine), its instructions:u (`perf stat`,
# else callgrind; comparable under load) minus the `config` baseline, and its peak RSS.
set -euo pipefail

cd "$(dirname "$0")/.."
PAGES=${PAGES:-10000}
SITE=${SITE:-/dev/shm/cache13-bench-$PAGES}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}

cargo build --release --example gen-corpus --example content-cache
"$TARGET/release/examples/gen-corpus" --pages "$PAGES" --out "$SITE" --force >/dev/null
rm -rf "$SITE/locales" && cp -r locales "$SITE/"
BIN=$TARGET/release/examples/content-cache
echo "== $PAGES pages in $SITE, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# instructions:u from perf; where the machine has no counters (a VM), valgrind's callgrind
# counts them instead (about 50 times slower).
instructions() {
    local n
    n=$(perf stat -x, -e instructions:u "$BIN" "$1" "$SITE" 2>&1 >/dev/null | awk -F, '/instructions/ { print $1 }')
    if [[ ! $n =~ ^[0-9]+$ ]]; then
        n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" "$1" "$SITE" 2>&1 >/dev/null |
            awk '/Collected/ { print $4 }')
    fi
    echo "$n"
}
rss() {
    /usr/bin/time -f %M "$BIN" "$1" "$SITE" 2>&1 >/dev/null | tail -1
}

"$BIN" save "$SITE" # a first state file, so `warm` has one to read
base=$(instructions config)
for step in fresh save state warm; do
    "$BIN" "$step" "$SITE"
    n=$(instructions "$step")
    awk -v s="$step" -v n="$n" -v b="$base" -v r="$(rss "$step")" \
        'BEGIN { printf "   %-5s %8.1f M instructions:u (beyond config), peak RSS %.1f MB\n", s, (n - b) / 1e6, r / 1e3 }'
done
ls -l "$SITE"/.*.tolk-cache
