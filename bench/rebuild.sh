#!/usr/bin/env bash
# Measures `tolk serve`'s rebuilds without a browser (BENCHMARKS.md, "core12"): starts
# `tolk serve --timings` on a generated corpus, then saves SAVES times each: a token appended
# to one en-US page's Markdown, then `nav-guide` in `locales/nl-NL/site.ftl` and in
# `locales/en-US/site.ftl` (the fallback of every locale). Each figure is serve's own
# "rebuilt in" time (from the batch of changed paths to the published files; the watcher's
# 50 ms debounce comes on top), p50 and p95, and the stage breakdown of the last rebuild of
# each kind; then serve's VmRSS/VmHWM.
#
#   bench/rebuild.sh                               # 10,000 pages, 20 saves of each kind
#   PAGES=1000 SAVES=10 TOLK=target/release/tolk bench/rebuild.sh
#   BENCH_DIR=/dev/shm/tolk-rebuild bench/rebuild.sh   # corpus and output on tmpfs
set -euo pipefail

cd "$(dirname "$0")/.."
PAGES=${PAGES:-10000}
SAVES=${SAVES:-20}
SEED=${SEED:-1}
WORK=${BENCH_DIR:-$PWD/target/bench}
TOLK=${TOLK:-}
if [ -z "$TOLK" ]; then
    cargo build --release --bin tolk --example gen-corpus
    TOLK=target/release/tolk
fi
GEN=${GEN:-target/release/examples/gen-corpus}
mkdir -p "$WORK"
site=$WORK/rebuild-$PAGES
"$GEN" --pages "$PAGES" --out "$site" --seed "$SEED" --force >/dev/null
rm -rf "${site:?}/locales"
cp -r locales "$site/"
out=$WORK/rebuild-$PAGES-out
log=$WORK/rebuild-$PAGES.log

echo "== $PAGES pages, $SAVES saves each; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
# shellcheck source=bench/serve-lib.sh
source bench/serve-lib.sh
start_serve "$site" "$out" "$log"
grep -m1 'article pages' "$log" || true

page=$(find "$site/content/en-US" -name '*.md' | sort | awk 'NR == 1')
# Waits for the n-th "rebuilt"/"rebuild failed" line of the log.
wait_for() {
    local n=$1
    for _ in $(seq 1 600); do
        [ "$(grep -c '^rebuil' "$log")" -ge "$n" ] && return 0
        sleep 0.05
    done
    echo "no rebuild after a save" >&2
    exit 1
}
n=0
save() { # file, then a shell snippet that edits it
    n=$((n + 1))
    eval "$2"
    wait_for $n
    sleep 0.3
}
for i in $(seq 1 "$SAVES"); do save "$page" "echo ' token$i' >> '$page'"; done
mark_page=$n
for i in $(seq 1 "$SAVES"); do
    save x "sed -i 's/^nav-guide = .*/nav-guide = Gids $i/' '$site/locales/nl-NL/site.ftl'"
done
mark_nl=$n
for i in $(seq 1 "$SAVES"); do
    save x "sed -i 's/^nav-guide = .*/nav-guide = Guide $i/' '$site/locales/en-US/site.ftl'"
done
grep -E '^(VmRSS|VmHWM)' /proc/$serve/status | tr '\n' ' '
echo
kill $serve
wait $serve 2>/dev/null || true
trap - EXIT

python3 - "$log" "$mark_page" "$mark_nl" <<'EOF'
import re, statistics, sys
log, mark_page, mark_nl = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
blocks, stages = [], []
for line in open(log):
    if line.startswith('  '):
        stages.append(line.rstrip())
    m = re.match(r'rebuil(?:t|d failed) in ([0-9.]+)s', line)
    if m:
        blocks.append((float(m.group(1)) * 1000, stages))
        stages = []
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
for name, part in [('page edit', blocks[:mark_page]),
                   ('nl-NL .ftl edit', blocks[mark_page:mark_nl]),
                   ('en-US .ftl edit', blocks[mark_nl:])]:
    ms = [b[0] for b in part]
    print(f'{name:16} n={len(ms):3}  p50 {pct(ms, 50):7.1f} ms  p95 {pct(ms, 95):7.1f} ms')
    for s in part[-1][1]:
        print('   ', s)
EOF
rm -rf "$out"
