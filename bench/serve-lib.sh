# Shared by the serve benchmarks (sourced, not run): starts `tolk serve` and waits for it.
#
# start_serve SITE OUT LOG: starts "$TOLK" serve on SITE into OUT (emptied first) with its
# stderr in LOG, kills it when the calling script exits, and returns once it serves. Sets
# `serve` to its pid. SERVE_PREFIX, when set, is a command serve runs under (valgrind ...).
start_serve() {
    local site=$1 out=$2 log=$3
    rm -rf "$out"
    # shellcheck disable=SC2086 # SERVE_PREFIX is a command and its words
    ${SERVE_PREFIX:-} "$TOLK" serve --root "$site" --out "$out" --port 0 --timings 2>"$log" &
    serve=$!
    trap 'kill $serve 2>/dev/null || true' EXIT
    until grep -q '^serving' "$log"; do
        kill -0 $serve 2>/dev/null || { cat "$log"; exit 1; }
        sleep 0.2
    done
}
