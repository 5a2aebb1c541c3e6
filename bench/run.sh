#!/usr/bin/env bash
# Benchmarks `tolk build` on generated corpora (see BENCHMARKS.md).
#
#   bench/run.sh                 # 1,000 and 10,000 pages, 10 timed runs each
#   SIZES="1000" RUNS=3 bench/run.sh
#   BENCH_DIR=/dev/shm/tolk-bench bench/run.sh   # corpora and output on tmpfs: no disk cost
#
# Builds the release binaries, generates each corpus (seed SEED) into $BENCH_DIR/pages-N
# (default target/bench/pages-N), builds it once to check it succeeds and count diagnostics,
# times RUNS builds (hyperfine when installed, else a loop), measures peak memory with
# `/usr/bin/time -v`, and prints a summary table. Corpora are kept for bench/profile.sh.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-10}
SEED=${SEED:-1}
WORK=${BENCH_DIR:-$PWD/target/bench}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
mkdir -p "$WORK/bin"

[ -x /usr/bin/time ] || { echo "run.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }

echo "== release build ($(git rev-parse --short HEAD))"
cargo build --release --bin tolk --example gen-corpus
# Copy at once: the target folder may be shared with other checkouts building the same names.
cp "$TARGET/release/tolk" "$TARGET/release/examples/gen-corpus" "$WORK/bin/"
TOLK=$WORK/bin/tolk
GEN=$WORK/bin/gen-corpus

fs=$(df -T "$WORK" | awk 'NR == 2 { print $2 }')
echo "== $(nproc) CPUs, $WORK on $fs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }

summary=()
for n in $SIZES; do
    site=$WORK/pages-$n
    echo
    echo "== $n pages: $site"
    "$GEN" --pages "$n" --out "$site" --seed "$SEED" --force
    rm -rf "${site:?}/book" # a fresh output folder; tolk replaces only folders it made itself
    # The site's interface text and ticket form are this repository's own.
    for f in locales form.yaml; do
        rm -rf "${site:?}/$f"
        if [ -e "$f" ]; then cp -r "$f" "$site/"; fi
    done
    md_files=$(find "$site/content" -name '*.md' | wc -l)
    md_bytes=$(find "$site/content" -name '*.md' -print0 | xargs -0 cat | wc -c)

    # One checked build: must succeed; its diagnostics are counted, then silenced in timed runs.
    if ! "$TOLK" build --root "$site" >"$WORK/build-$n.out" 2>"$WORK/build-$n.err"; then
        echo "tolk build failed on $site; errors:" >&2
        grep -A4 ': error:' "$WORK/build-$n.err" | head -40 >&2
        tail -1 "$WORK/build-$n.err" >&2
        exit 1
    fi
    # From the summary line (`... 0 errors, 26960 warnings in ...`): tolk prints only the first 200.
    warnings=$(tail -1 "$WORK/build-$n.err" | grep -oE '[0-9]+ warnings' | cut -d' ' -f1 || true)
    errors=$(tail -1 "$WORK/build-$n.err" | grep -oE '[0-9]+ errors' | cut -d' ' -f1 || true)
    out=$site/book
    html=$(find "$out" -name '*.html' | wc -l)
    out_bytes=$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    echo "   built: $html HTML files, $(mb "$out_bytes") MB in $out; $warnings warnings, $errors errors"

    echo "   load average before timing: $(cut -d' ' -f1-3 /proc/loadavg)"
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine-$n.json" \
            "$TOLK build --root $site"
        read -r mean sd min max < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f %.3f %.3f" % (r["mean"], r["stddev"] or 0, r["min"], r["max"]))' "$WORK/hyperfine-$n.json")
    else
        times=()
        "$TOLK" build --root "$site" >/dev/null 2>&1 # warm-up
        for _ in $(seq "$RUNS"); do
            # -o: time's own stderr would go where the build's output is discarded.
            /usr/bin/time -f '%e' -o "$WORK/wall-$n.txt" "$TOLK" build --root "$site" >/dev/null 2>&1 || true
            t=$(tail -n 1 "$WORK/wall-$n.txt")
            times+=("$t")
        done
        read -r mean sd min max < <(printf '%s\n' "${times[@]}" | awk '
            { s += $1; ss += $1 * $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
            END { m = s / NR; v = ss / NR - m * m; printf "%.3f %.3f %.3f %.3f\n", m, (v > 0 ? sqrt(v) : 0), lo, hi }')
    fi

    # Peak memory, user and system time of one more build.
    /usr/bin/time -v "$TOLK" build --root "$site" >/dev/null 2>"$WORK/time-$n.txt" || true
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time-$n.txt")
    user=$(awk -F': ' '/User time/ { print $2 }' "$WORK/time-$n.txt")
    sys=$(awk -F': ' '/System time/ { print $2 }' "$WORK/time-$n.txt")
    summary+=("$(printf '%7s %6s %8s %6s  %7s ± %5s  %7s  %6s %6s  %7s %7s' \
        "$n" "$md_files" "$(mb "$md_bytes")" "$html" "$mean" "$sd" "$min" "$user" "$sys" \
        "$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')" "$(mb "$out_bytes")")")
    echo "$mean" >"$WORK/mean-$n"
done

echo
echo "== summary ($(nproc) CPUs, $fs, load now $(cut -d' ' -f1 /proc/loadavg); wall time in s over $RUNS runs; RSS in MiB; sizes in MB)"
printf '%7s %6s %8s %6s  %15s  %7s  %6s %6s  %7s %7s\n' \
    requested md-files md-MB html "wall mean ± sd" "min" user sys max-RSS out-MB
printf '%s\n' "${summary[@]}"

set -- $SIZES
if [ $# -ge 2 ] && [ -f "$WORK/mean-$1" ] && [ -f "$WORK/mean-${!#}" ]; then
    awk -v a="$(cat "$WORK/mean-$1")" -v b="$(cat "$WORK/mean-${!#}")" -v na="$1" -v nb="${!#}" 'BEGIN {
        printf "scaling: %.2f ms/page at %d pages, %.2f ms/page at %d pages (x%.1f pages -> x%.1f time)\n",
            1000 * a / na, na, 1000 * b / nb, nb, nb / na, b / a }'
fi
