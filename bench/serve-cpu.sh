#!/usr/bin/env bash
# CPU of `tolk serve` per page-edit rebuild (BENCHMARKS.md, "Rebuild bookkeeping"): starts serve
# on the corpus `bench/rebuild.sh` generated, saves once to warm it, then samples serve with perf
# (999 Hz, DWARF call graphs) over SAVES page edits 2 s apart and prints the rebuild times and
# the sample count (about CPU milliseconds), then the tolk functions by inclusive share.
#
#   BENCH_DIR=/dev/shm/tolk-rb TOLK=target/release/tolk bench/serve-cpu.sh
#   EDIT=ftl SAVES=4 bench/serve-cpu.sh    # edits of `nav-guide` in locales/en-US/site.ftl instead
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-$PWD/target/bench}
PAGES=${PAGES:-10000}
SAVES=${SAVES:-7}
EDIT=${EDIT:-page}
TOLK=${TOLK:-target/release/tolk}
site=$WORK/rebuild-$PAGES
[ -d "$site" ] || { echo "run bench/rebuild.sh first (it generates $site)" >&2; exit 2; }
command -v perf >/dev/null || { echo "needs perf (apt-get install linux-perf)" >&2; exit 2; }
out=$WORK/serve-cpu-out
log=$WORK/serve-cpu.log
# shellcheck source=bench/serve-lib.sh
source bench/serve-lib.sh
start_serve "$site" "$out" "$log"
page=$(find "$site/content/en-US" -name '*.md' | sort | awk 'NR == 1')
ftl=$site/locales/en-US/site.ftl
# One save of the kind EDIT names.
edit() {
    case $EDIT in
    page) echo " $1" >>"$page" ;;
    ftl) sed -i "s/^nav-guide = .*/nav-guide = Guide $1/" "$ftl" ;;
    *) echo "EDIT is page or ftl" >&2; exit 2 ;;
    esac
}
pause=2
[ "$EDIT" = ftl ] && pause=5
edit warm
sleep 4
perf record -F 999 -g --call-graph dwarf,16384 -p $serve -o "$WORK/serve-cpu.data" -- sleep $((SAVES * pause + 2)) >/dev/null 2>&1 &
sleep 0.5
for i in $(seq 1 "$SAVES"); do
    edit "token$i"
    sleep $pause
done
wait %2 2>/dev/null || true
sleep 1
grep '^rebuilt' "$log" | tail -n "$SAVES" | sed -E 's/rebuilt in ([0-9.]+)s.*/\1/' | sort -n | tr '\n' ' '
echo "(s, rebuilds sorted)"
perf script -i "$WORK/serve-cpu.data" -F comm,tid,ip,sym 2>/dev/null | python3 -c '
import sys, re, collections
samples, cur = [], None
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.strip():
        if cur is not None: samples.append(cur)
        cur = None
    elif not line.startswith((" ", "\t")):
        cur = []
    elif cur is not None:
        parts = line.strip().split(None, 1)
        cur.append(parts[1] if len(parts) > 1 else "?")
if cur: samples.append(cur)
inc = collections.Counter()
for st in samples:
    seen = set()
    for s in st:
        m = re.match(r"(tolk::[A-Za-z0-9_:]+|<tolk::[^>]+>::[a-z_]+)", s)
        if m and m.group(1) not in seen:
            seen.add(m.group(1)); inc[m.group(1)] += 1
print("samples", len(samples))
for k, v in inc.most_common(30):
    print(f"{100 * v / max(1, len(samples)):6.2f}% {k}")
'
