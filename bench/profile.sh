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
# 4. Heap profile (heaptrack, if installed): what the peak memory is made of.
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-10000}
WORK=${BENCH_DIR:-$PWD/target/bench}
TOLK=$WORK/bin/tolk
site=$WORK/pages-$N
if [ ! -x "$TOLK" ] || [ ! -d "$site" ]; then
    echo "profile.sh: run bench/run.sh first (SIZES=$N, same BENCH_DIR)" >&2
    exit 2
fi
build=("$TOLK" build --root "$site")

echo "== wall, user, system time and peak memory"
/usr/bin/time -f '%e s wall, %U s user, %S s system, %M KB max RSS, %F major/%R minor faults' \
    "${build[@]}" >/dev/null 2>"$WORK/profile-time.txt" || true
tail -1 "$WORK/profile-time.txt"

if "$TOLK" build --help 2>&1 | grep -q -- '--timings'; then
    echo
    echo "== tolk build --timings"
    "${build[@]}" --timings 2>&1 >/dev/null | grep -v -E ': (warning|error|note|help):|^ +[|=-]' || true
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
    report 2 --sort symbol --children | grep -E 'tolk::' | head -40
else
    echo "(perf not installed: apt-get install -y linux-perf)"
fi

if command -v strace >/dev/null; then
    echo
    echo "== system calls (strace -c -f)"
    strace -c -f -o "$WORK/strace-$N.txt" "${build[@]}" >/dev/null 2>&1 || true
    head -25 "$WORK/strace-$N.txt"
fi

if command -v heaptrack >/dev/null; then
    echo
    echo "== heap (heaptrack)"
    rm -f "$WORK"/heaptrack.tolk.*
    heaptrack -o "$WORK/heaptrack.tolk" "${build[@]}" >/dev/null 2>&1 || true
    heaptrack_print -f "$WORK"/heaptrack.tolk.* -p 0 -a 0 -T 0 -l 0 -s 0 -n 8 -M "$WORK/heaptrack-massif.txt" 2>/dev/null |
        grep -E -A12 '^PEAK MEMORY CONSUMERS' | cut -c1-150 || true
    heaptrack_print -f "$WORK"/heaptrack.tolk.* 2>/dev/null | tail -8
fi
