#!/usr/bin/env bash
# The platform-vs-virtual headline end to end, with the CLI: the same list of small files behind a
# per-request delay, downloaded by `./loomget --threads platform` and by the default (virtual), at
# several -j. Writes bench/results/threads.md. Usage: bench/threads.sh [DELAY_S] [RUNS]
# Reuses compare.sh's helpers and data (2,000 x 16 KiB files; generated when missing).
set -euo pipefail
BENCH="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(dirname "$BENCH")"
source "$BENCH/lib/common.sh"
source "$BENCH/lib/nginx.sh"

LATENCY_DELAY=${1:-0.05}; RUNS=${2:-3}
CAP_RATE=4m; CRAWL_RATE=64k          # unused here, but the nginx template needs them
WORK="$BENCH/work"; DATA="$WORK/data"; OUT="$(mktemp -d /dev/shm/loomget-threads.XXXXXX)"
RESULTS="$BENCH/results"; LG="${LOOMGET:-$ROOT/loomget}"
trap 'nginx_stop || true; rm -rf "$OUT"' EXIT

ensure_deps
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$DATA/small" "$RESULTS"
if [[ $(find "$DATA/small" -name 'f*.bin' | wc -l) -lt 2000 ]]; then
  log "generating 2,000 x 16 KiB files"
  for i in $(seq -f '%04g' 0 1999); do head -c 16384 /dev/urandom >"$DATA/small/f$i.bin"; done
fi
PORT="$(free_port 18531)"; nginx_start "$WORK/nginx-threads" "$DATA" "$PORT"
LIST="$OUT/list.txt"
ls "$DATA/small" | grep '^f.*\.bin$' | sort | head -2000 | sed "s|^|http://127.0.0.1:$PORT/slow/small/|" >"$LIST"
"$LG" --version >/dev/null        # builds the jar and the AOT cache once, outside the timings

{
  echo "# CLI: --threads platform vs virtual"
  echo
  echo "Generated $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/threads.sh $LATENCY_DELAY $RUNS\`: 2,000 × 16 KiB files,"
  echo "nginx adds ${LATENCY_DELAY} s before every response, output on tmpfs; $(nproc) cores, load at start $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Median of $RUNS runs; wall and CPU (user+sys) seconds and peak RSS from \`/usr/bin/time\`; JVM start included."
  echo
  echo "| -j | threads | median wall s | CPU s | peak RSS MiB | files/s |"
  echo "|---:|---|---:|---:|---:|---:|"
} >"$RESULTS/threads.md"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for j in 64 256 1000; do
  for kind in platform virtual; do
    walls=(); cpus=(); rsss=()
    for r in $(seq "$RUNS"); do
      rm -rf "$OUT/dl"; mkdir -p "$OUT/dl"
      /usr/bin/time -f '%e %U %S %M' -o "$OUT/time" "$LG" -q -j "$j" -x 1 --threads "$kind" -d "$OUT/dl" -i "$LIST" \
        >/dev/null 2>"$OUT/err" || { warn "-j $j $kind run $r failed: $(tail -1 "$OUT/err")"; continue; }
      [[ $(ls "$OUT/dl" | wc -l) -eq 2000 ]] || { warn "-j $j $kind run $r: not all files"; continue; }
      read -r wall user sys rss <"$OUT/time"
      walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rsss+=("$rss")
    done
    (( ${#walls[@]} )) || { echo "| $j | $kind | failed | | | |" >>"$RESULTS/threads.md"; continue; }
    w=$(printf '%s\n' "${walls[@]}" | median); c=$(printf '%s\n' "${cpus[@]}" | median)
    m=$(printf '%s\n' "${rsss[@]}" | median)
    printf '| %s | %s | %.2f | %.2f | %d | %.0f |\n' "$j" "$kind" "$w" "$c" "$((m / 1024))" "$(echo "2000 / $w" | bc -l)" \
      >>"$RESULTS/threads.md"
    log "-j $j --threads $kind: ${w} s"
  done
done
cat "$RESULTS/threads.md"
