#!/usr/bin/env bash
# Instructions of `tolk serve` over SAVES page-edit rebuilds, counted by callgrind (BENCHMARKS.md,
# "Shared findings in tolk serve rebuilds"): the host's speed does not change the count, so two
# binaries compare run by run. Starts serve under callgrind with counting off on a PAGES-page
# corpus (its own copy per binary), saves once to warm it, switches counting on, saves SAVES
# times (SLEEP s apart: callgrind runs serve about 50 times slower), and prints the total.
#
#   TOLK=/tmp/tolk-old bench/serve-instructions.sh; TOLK=target/release/tolk bench/serve-instructions.sh
#   PAGES=1000 SAVES=5 bench/serve-instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${BENCH_DIR:-$PWD/target/bench}
PAGES=${PAGES:-2000}
SAVES=${SAVES:-3}
SLEEP=${SLEEP:-15}
TOLK=${TOLK:-target/release/tolk}
GEN=${GEN:-target/release/examples/gen-corpus}
for tool in valgrind callgrind_control callgrind_annotate; do
    command -v $tool >/dev/null || { echo "needs $tool (apt-get install valgrind)" >&2; exit 2; }
done
corpus=$WORK/instructions-$PAGES
if [ ! -d "$corpus" ]; then
    "$GEN" --pages "$PAGES" --out "$corpus" --force >/dev/null
    cp -r locales "$corpus/"
fi
site=$WORK/instructions-$PAGES-site
out=$WORK/instructions-$PAGES-out
log=$WORK/instructions.log
data=$WORK/instructions.callgrind
rm -rf "$site" "$data"*
cp -r "$corpus" "$site"
# shellcheck source=bench/serve-lib.sh
source bench/serve-lib.sh
SERVE_PREFIX="valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=$data" \
    start_serve "$site" "$out" "$log"
page=$(find "$site/content/en-US" -name '*.md' | sort | awk 'NR == 1')
echo " warm" >>"$page"
sleep "$SLEEP"
callgrind_control -i on $serve >/dev/null
for i in $(seq 1 "$SAVES"); do
    echo " token$i" >>"$page"
    sleep "$SLEEP"
done
callgrind_control -i off $serve >/dev/null
callgrind_control -d $serve >/dev/null
sleep 2
echo "$(grep -c '^rebuilt' "$log") rebuilds (the warm-up one not counted)"
for f in "$data"*; do
    callgrind_annotate "$f" 2>/dev/null | grep 'PROGRAM TOTALS' | grep -v '^\.' || true
done
