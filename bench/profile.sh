#!/usr/bin/env bash
# Where the time of `tolk build` goes, on a corpus made by bench/run.sh (see BENCHMARKS.md).
#
#   bench/profile.sh             # the 10,000-page corpus
#   N=1000 bench/profile.sh
#   BENCH_DIR=/dev/shm/tolk-bench bench/profile.sh
#
# 1. tolk's own per-stage timings, when `tolk build` has a `--timings` flag.
# 2. A sampled CPU profile (perf, software clock so it works in VMs), reported as self time
#    per function, inclusive time of tolk's own functions, and time per thread and per DSO
#    (how much is kernel, i.e. file-system work).
# 3. System calls (strace -c): how many files are opened, written, renamed, removed.
# 4. Heap profile (valgrind massif on the MEM_N-page corpus, default 1,000): what the peak
#    memory is made of, by the tolk function that allocated it. (heaptrack 1.4 crashes with
#    std::bad_alloc while recording tolk, so it is not used.)
#
# OUT=/dev/shm/tolk-out puts the build's output on tmpfs, to see tolk's own cost without the
# file system's.
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-10000}
MEM_N=${MEM_N:-1000}
WORK=${BENCH_DIR:-$PWD/target/bench}
TOLK=$WORK/bin/tolk
site=$WORK/pages-$N
if [ ! -x "$TOLK" ] || [ ! -d "$site" ]; then
    echo "profile.sh: run bench/run.sh first (SIZES=$N, same BENCH_DIR)" >&2
    exit 2
fi
build=("$TOLK" build --root "$site")
if [ -n "${OUT:-}" ]; then build+=(--out "$OUT"); fi

echo "== wall, user, system time and peak memory"
/usr/bin/time -f '%e s wall, %U s user, %S s system, %M KB max RSS, %F major/%R minor faults' \
    "${build[@]}" >/dev/null 2>"$WORK/profile-time.txt" || true
tail -1 "$WORK/profile-time.txt"

if "$TOLK" build --help 2>&1 | grep -q -- '--timings'; then
    echo
    echo "== tolk build --timings"
    "${build[@]}" --quiet --timings 2>&1 >/dev/null | grep -E '^  [a-z]|locales,' || true
else
    echo
    echo "(tolk build has no --timings flag; per-stage times come from the profile below)"
fi

if command -v perf >/dev/null; then
    data=$WORK/perf-$N.data
    echo
    echo "== perf: sampling at 999 Hz with DWARF call graphs -> $data"
    perf record -q -e cpu-clock -F 999 --call-graph dwarf,16384 -o "$data" -- \
        "${build[@]}" >/dev/null 2>&1 || true
    report() { perf report -i "$data" --stdio -g none --percent-limit "$@" 2>/dev/null |
        grep -v -E '^(#|$)' | cut -c1-150; }
    echo
    echo "-- samples per thread"
    report 1 --sort comm --no-children
    echo
    echo "-- samples per binary (kernel = file-system and memory work)"
    report 1 --sort dso --no-children
    echo
    echo "-- self time per function (top)"
    report 1 --sort symbol --no-children | head -40
    echo
    echo "-- inclusive time of tolk's functions"
    report 1 --sort symbol --children |
        grep -E '\[\.\] (<?tolk::|find<tolk|tera::tera::Tera::render |std::fs::write|std::fs::remove_dir_all)' |
        head -40
else
    echo "(perf not installed: apt-get install -y linux-perf)"
fi

if command -v strace >/dev/null; then
    echo
    echo "== system calls (strace -c -f)"
    strace -c -f -o "$WORK/strace-$N.txt" "${build[@]}" >/dev/null 2>&1 || true
    head -25 "$WORK/strace-$N.txt"
fi

if command -v valgrind >/dev/null; then
    mem_site=$WORK/pages-$MEM_N
    echo
    echo "== heap at its peak (valgrind massif, $MEM_N pages: valgrind is ~20x slower)"
    if [ -d "$mem_site" ]; then
        valgrind -q --tool=massif --depth=60 --massif-out-file="$WORK/massif-$MEM_N.out" \
            "$TOLK" build --root "$mem_site" --out "$WORK/massif-site" --quiet >/dev/null 2>&1 || true
        python3 bench/massif-by-function.py "$WORK/massif-$MEM_N.out" 15
    else
        echo "(no corpus $mem_site; run bench/run.sh with $MEM_N in SIZES)"
    fi
fi
