#!/usr/bin/env bash
# Cost of diagnostics: time and peak memory of `tolk build` on pages with N diagnostic-producing
# constructs (raw `<b>`, broken links) on one line and on separate lines, and on a 1 MB hostile
# page. See BENCHMARKS.md, "Cost of diagnostics".
#
#   bench/cost.sh [TOLK_BINARY]           # default: target/release/tolk (built if missing)
#   SIZES="10000 100000" LIMIT=120 bench/cost.sh target/debug/tolk
#
# Each build runs under `timeout $LIMIT` (seconds) and `ulimit -v` of $MEM_KB; a build that hits
# either is reported as such, not waited for. Prints one Markdown table row per input.
set -euo pipefail
cd "$(dirname "$0")/.."
tolk=${1:-target/release/tolk}
if [[ ! -x $tolk ]]; then cargo build --release --bin tolk; fi
sizes=${SIZES:-"10000 100000"}
limit=${LIMIT:-120}
mem_kb=${MEM_KB:-8000000}
work=${BENCH_DIR:-target/bench/cost}
rm -rf "$work" && mkdir -p "$work"

# A site: the fixture `small` with the repository's UI strings, plus one generated page.
site() {
  local dir=$1
  cp -r tests/fixtures/small "$dir"
  for tag in en-US nl-NL tr-TR ar; do
    [[ -d locales/$tag ]] && cp -rn "locales/$tag" "$dir/locales/" 2>/dev/null || true
  done
}

# page NAME PIECE COUNT SEPARATOR: a page whose body is COUNT times PIECE joined by SEPARATOR.
page() {
  local name=$1 piece=$2 count=$3 sep=$4
  local dir=$work/$name
  site "$dir"
  {
    printf -- '---\ntitle: Cost\ndescription: d\nms.date: 2021-03-04\n---\n# Cost\n\n'
    python3 -c "import sys; sys.stdout.write(sys.argv[3].encode().decode('unicode_escape').join([sys.argv[1]] * int(sys.argv[2])))" \
      "$piece" "$count" "$sep"
    printf '\n'
  } > "$dir/content/en-US/cost.md"
  echo "$dir"
}

# hostile: ~1 MB mixing every construct that reports something, control characters included.
hostile() {
  local dir=$work/hostile
  site "$dir"
  python3 - "$dir/content/en-US/cost.md" <<'PY'
import sys
pieces = ['<b>', '[x](nope.md)', '![i](missing.png)', '\u202e', '\x1b', '<script>', 'iv. ', '{#id onclick=x}']
body, i, size = [], 0, 0
while size < 1_000_000:
    body.append(pieces[i % len(pieces)] + ('\n' if i % 7 == 0 else ' '))
    size += len(body[-1])
    i += 1
open(sys.argv[1], 'w').write('---\ntitle: "Hostile \u202e \x1b"\ndescription: d\n---\n# H\n\n' + ''.join(body))
PY
  echo "$dir"
}

measure() {
  local label=$1 dir=$2
  local log=$work/time.log
  local bytes
  bytes=$(stat -c %s "$dir/content/en-US/cost.md")
  set +e
  ( ulimit -v "$mem_kb"; timeout "$limit" /usr/bin/time -v "$tolk" build --root "$dir" --out "$dir/out" \
      >/dev/null 2>"$log.build" ) 2>"$log"
  local code=$?
  set -e
  local wall rss
  wall=$(grep -E 'Elapsed \(wall clock\)' "$log.build" "$log" 2>/dev/null | head -1 | awk '{print $NF}' || true)
  rss=$(grep -E 'Maximum resident' "$log.build" "$log" 2>/dev/null | head -1 | awk '{print $NF}' || true)
  local status=$code
  [[ $code == 124 ]] && status="timeout ${limit}s"
  printf '| %s | %s KB | %s | %s MB | %s |\n' "$label" "$((bytes / 1024))" "${wall:-?}" \
    "$(( ${rss:-0} / 1024 ))" "$status"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); binary: $tolk"
echo "| input | page | wall | peak RSS | exit |"
echo "|---|---|---|---|---|"
for n in $sizes; do
  measure "$n \`<b>\`, one line" "$(page "b-line-$n" '<b>' "$n" ' ')"
  measure "$n \`<b>\`, one per line" "$(page "b-lines-$n" '<b>' "$n" '\n\n')"
  measure "$n broken links, one line" "$(page "l-line-$n" '[x](nope.md)' "$n" ' ')"
  measure "$n broken links, one per line" "$(page "l-lines-$n" '[x](nope.md)' "$n" '\n\n')"
done
measure "1 MB hostile page" "$(hostile)"
