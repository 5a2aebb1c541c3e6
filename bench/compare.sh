#!/usr/bin/env bash
# Times `tolk build` paired against Hugo on the same generated content (see BENCHMARKS.md).
#
#   bench/compare.sh                              # 1,000 and 10,000 pages, 5 rounds, tmpfs and disk
#   SIZES="1000" RUNS=3 OUTS="tmpfs" bench/compare.sh
#   BEFORE=/path/to/older/tolk bench/compare.sh   # a third contender: another tolk binary
#   SKIP_BUILD=1 BENCH_DIR=/some/dir bench/compare.sh  # use $BENCH_DIR/bin/{tolk,gen-corpus} as they are
#
# Builds the release binaries, generates each corpus (seed SEED) into $BENCH_DIR/pages-N and the
# same pages as a Hugo site into $BENCH_DIR/hugo-N (sources on disk, read warm), then runs RUNS
# rounds; each round runs every contender once, in an order that rotates each round, each writing
# a fresh output folder (deleted before the run, untimed) on tmpfs ($SHM) and/or on disk
# ($BENCH_DIR/out). Every build runs under `/usr/bin/time`: wall, user, sys and peak RSS. The
# table gives medians; the load average is printed before and after each size.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
SEED=${SEED:-1}
OUTS=${OUTS:-"tmpfs disk"}
WORK=${BENCH_DIR:-$PWD/target/bench}
SHM=${SHM:-/dev/shm/tolk-compare-$$}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
HUGO=${HUGO:-hugo}

for tool in /usr/bin/time "$HUGO"; do
    command -v "$tool" >/dev/null || { echo "compare.sh: needs $tool (apt-get install -y time hugo)" >&2; exit 2; }
done
mkdir -p "$WORK/bin" "$SHM"
trap 'rm -rf "${SHM:?}"' EXIT

if [ -z "${SKIP_BUILD:-}" ]; then # SKIP_BUILD=1: use the binaries already in $WORK/bin
    echo "== release build ($(git rev-parse --short HEAD))"
    cargo build --release --bin tolk --example gen-corpus
    cp "$TARGET/release/tolk" "$TARGET/release/examples/gen-corpus" "$WORK/bin/"
fi
contenders=(tolk hugo)
[ -n "${BEFORE:-}" ] && contenders+=(before)
echo "== $(nproc) CPUs; $($HUGO version | cut -d' ' -f1-2); sources in $WORK"

# command_of TOOL SIZE OUTDIR: sets `cmd` to the command line of one build into OUTDIR (an array,
# so that /usr/bin/time runs the build itself).
command_of() {
    local site=$WORK/pages-$2 hugo=$WORK/hugo-$2
    case $1 in
    tolk) cmd=("$WORK/bin/tolk" build --quiet --root "$site" --out "$3") ;;
    before) cmd=("$BEFORE" build --quiet --root "$site" --out "$3") ;;
    hugo) cmd=("$HUGO" --quiet --source "$hugo" --destination "$3") ;;
    esac
}

results=$WORK/compare-$$.tsv
: >"$results"
for n in $SIZES; do
    echo
    "$WORK/bin/gen-corpus" --pages "$n" --out "$WORK/pages-$n" --hugo "$WORK/hugo-$n" --seed "$SEED" --force
    for f in locales form.yaml; do
        rm -rf "${WORK:?}/pages-$n/$f"
        if [ -e "$f" ]; then cp -r "$f" "$WORK/pages-$n/"; fi
    done
    for where in $OUTS; do
        case $where in tmpfs) base=$SHM ;; disk) base=$WORK/out ;; *) echo "OUTS: tmpfs or disk" >&2; exit 2 ;; esac
        mkdir -p "$base"
        echo "== $n pages, output on $where ($(df -T "$base" | awk 'NR == 2 { print $2 }')), load $(cut -d' ' -f1-3 /proc/loadavg)"
        for c in "${contenders[@]}"; do # warm-up: caches, and a check that every build succeeds
            rm -rf "${base:?}/$c-$n"
            command_of "$c" "$n" "$base/$c-$n"
            "${cmd[@]}" >/dev/null 2>"$WORK/warmup.err" || {
                echo "$c failed on $n pages:" >&2; tail -20 "$WORK/warmup.err" >&2; exit 1; }
        done
        for round in $(seq "$RUNS"); do
            k=$((round % ${#contenders[@]}))
            order=("${contenders[@]:k}" "${contenders[@]:0:k}")
            for c in "${order[@]}"; do
                rm -rf "${base:?}/$c-$n"
                command_of "$c" "$n" "$base/$c-$n"
                /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "${cmd[@]}" >/dev/null 2>&1 || true
                printf '%s\t%s\t%s\t%s\n' "$n" "$where" "$c" "$(tail -n 1 "$WORK/time.txt")" >>"$results"
            done
        done
        files=$(find "$base/tolk-$n" -type f | wc -l)
        hfiles=$(find "$base/hugo-$n" -type f | wc -l)
        echo "   output: tolk $files files, $(du -sm "$base/tolk-$n" | cut -f1) MB; hugo $hfiles files, $(du -sm "$base/hugo-$n" | cut -f1) MB; load $(cut -d' ' -f1-3 /proc/loadavg)"
        rm -rf "${base:?}"/*-"$n"
    done
done

echo
echo "== medians over $RUNS rounds ($(nproc) CPUs; wall, user, sys in s; peak RSS in MiB)"
python3 - "$results" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    n, where, tool, wall, user, sys_, rss = line.split()
    rows.setdefault((int(n), where, tool), []).append((float(wall), float(user), float(sys_), int(rss) / 1024))
print(f"{'pages':>7} {'output':>6} {'tool':>7} {'wall':>7} {'min':>7} {'user':>6} {'sys':>6} {'RSS':>6}  vs hugo")
for (n, where, tool), runs in sorted(rows.items()):
    med = [statistics.median(r[i] for r in runs) for i in range(4)]
    hugo = rows.get((n, where, "hugo"))
    ratio = med[0] / statistics.median(r[0] for r in hugo) if hugo else float("nan")
    print(f"{n:>7} {where:>6} {tool:>7} {med[0]:7.3f} {min(r[0] for r in runs):7.3f} {med[1]:6.2f} {med[2]:6.2f} {med[3]:6.1f}  {ratio:.2f}x")
EOF
