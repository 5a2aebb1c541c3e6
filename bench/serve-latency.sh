#!/usr/bin/env bash
# Measures `tolk serve` (BENCHMARKS.md, "Serve"): the time from saving a file to the reloaded
# page's `load` event in headless Chromium, p50/p95 over SAVES saves, for a Markdown page edit
# and an `.ftl` edit, and the memory `serve` holds afterwards.
#
#   bench/serve-latency.sh                    # 10,000 pages, 50 saves of each kind
#   PAGES=1000 SAVES=10 bench/serve-latency.sh
#   BENCH_DIR=/dev/shm/tolk-bench bench/serve-latency.sh   # corpus and output on tmpfs
#
# A release `tolk` serves; the browser is driven by the test harness (tests/browser), through
# the ignored test `build::live_reload::serve_latency_bench` (a debug test binary is enough:
# it only waits, the times are the page's own). Needs chromium and chromedriver.
set -euo pipefail

cd "$(dirname "$0")/.."
PAGES=${PAGES:-10000}
SAVES=${SAVES:-50}
SEED=${SEED:-1}
WORK=${BENCH_DIR:-$PWD/target/bench}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
mkdir -p "$WORK/bin"

echo "== release build ($(git rev-parse --short HEAD))"
cargo build --release --bin tolk --example gen-corpus
cp "$TARGET/release/tolk" "$TARGET/release/examples/gen-corpus" "$WORK/bin/"

site=$WORK/serve-$PAGES
"$WORK/bin/gen-corpus" --pages "$PAGES" --out "$site" --seed "$SEED" --force
rm -rf "${site:?}/book"
for f in locales form.yaml; do
    rm -rf "${site:?}/$f"
    if [ -e "$f" ]; then cp -r "$f" "$site/"; fi
done

fs=$(df -T "$WORK" | awk 'NR == 2 { print $2 }')
echo "== $PAGES pages, $SAVES saves each; $(nproc) CPUs, $WORK on $fs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
TOLK_BENCH_SITE=$site TOLK_BENCH_BIN=$WORK/bin/tolk TOLK_BENCH_SAVES=$SAVES \
    cargo test --test main build::live_reload::serve_latency_bench -- --ignored --nocapture --exact 2>&1 |
    tee "$WORK/serve-latency.log" | grep '^serve-latency' ||
    { echo "the benchmark failed; see $WORK/serve-latency.log" >&2; exit 1; }
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
