#!/usr/bin/env bash
# `tolk build --incremental` after one page edit, against a full build (see BENCHMARKS.md).
#
#   bench/incremental.sh                         # 1,000 and 10,000 pages, 5 edits each, tmpfs
#   SIZES="40000" RUNS=3 bench/incremental.sh
#   OUT_BASE=target/bench/out bench/incremental.sh  # the output (and its state file) on disk
#   SKIP_BUILD=1 TOLK=/tmp/tolk-old bench/incremental.sh  # another tolk binary, as it is
#
# For each size: generates the corpus (seed SEED) into $BENCH_DIR/pages-N, times one full build
# into a fresh folder, one first `--incremental` build (no state yet: it saves one), one with
# nothing changed (twice: the first after a full build still writes the files of unknown
# digest), then RUNS builds each after appending a sentence to one en-US page (a
# different page each run). Each build runs under `/usr/bin/time` (wall, user, peak RSS). At the
# end the incremental output is compared with a full build of the same sources (`diff -r`):
# they must be byte-identical, or the script fails.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
WORK=${BENCH_DIR:-$PWD/target/bench}
OUT_BASE=${OUT_BASE:-/dev/shm/tolk-incremental-$$}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}

command -v /usr/bin/time >/dev/null || { echo "incremental.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
mkdir -p "$WORK/bin" "$OUT_BASE"
trap 'rm -rf "${OUT_BASE:?}/inc" "${OUT_BASE:?}/full" "${OUT_BASE:?}/.inc.tolk-cache"; rmdir "$OUT_BASE" 2>/dev/null || true' EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
    cargo build --release --bin tolk --example gen-corpus
    cp "$TARGET/release/tolk" "$TARGET/release/examples/gen-corpus" "$WORK/bin/"
fi
TOLK=${TOLK:-$WORK/bin/tolk}
echo "== $(nproc) CPUs; $TOLK ($(git rev-parse --short HEAD)); output in $OUT_BASE ($(df -T "$OUT_BASE" | awk 'NR == 2 { print $2 }'))"

# timed LABEL ARGS...: one build, its wall, user and peak RSS on one line.
timed() {
    local label=$1
    shift
    /usr/bin/time -f '%e %U %M' -o "$WORK/time.txt" "$TOLK" build --quiet "$@" >/dev/null 2>&1
    read -r wall user rss <"$WORK/time.txt"
    printf '%-28s %6.2f s wall %6.2f s user %5d MiB\n' "$label" "$wall" "$user" $((rss / 1024))
}

for n in $SIZES; do
    site=$WORK/pages-$n
    "$WORK/bin/gen-corpus" --pages "$n" --out "$site" --seed "$SEED" --force >/dev/null
    rm -rf "${site:?}/locales" && cp -r locales "$site/"
    echo
    echo "== $n pages, load $(cut -d' ' -f1-3 /proc/loadavg)"
    rm -rf "$OUT_BASE/inc" "$OUT_BASE/full" "$OUT_BASE/.inc.tolk-cache"
    timed "full build" --root "$site" --out "$OUT_BASE/full"
    timed "first --incremental" --root "$site" --out "$OUT_BASE/inc" --incremental
    # The first incremental build after a full one writes the files the memo does not cover
    # (their digests are unknown) and saves the state; the second saves nothing.
    timed "nothing changed" --root "$site" --out "$OUT_BASE/inc" --incremental
    timed "nothing changed, again" --root "$site" --out "$OUT_BASE/inc" --incremental
    mapfile -t pages < <(find "$site/content/en-US" -name '*.md' | sort | head -n "$RUNS")
    : >"$WORK/edits.txt"
    for page in "${pages[@]}"; do
        printf '\nEdited for the benchmark at %s.\n' "$(date +%s%N)" >>"$page"
        timed "one page edited" --root "$site" --out "$OUT_BASE/inc" --incremental | tee -a "$WORK/edits.txt"
    done
    echo "median of $RUNS edits: $(awk '{ print $4 }' "$WORK/edits.txt" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') s wall"
    rm -rf "$OUT_BASE/full"
    "$TOLK" build --quiet --root "$site" --out "$OUT_BASE/full" >/dev/null 2>&1
    if diff -r "$OUT_BASE/full" "$OUT_BASE/inc" >/dev/null; then
        echo "the incremental output is byte-identical to a full build"
    else
        echo "incremental.sh: the incremental output differs from a full build" >&2
        exit 1
    fi
done
