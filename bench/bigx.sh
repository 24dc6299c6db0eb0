#!/usr/bin/env bash
# bench/bigx.sh: one big file over many connections, many times: does any run exit 3 (heap
# exhausted), and what is the peak RSS? (issue 17: once in three runs of 1 GiB with -x16 -s16
# loomget had run out of heap; memory must not depend on timing.)
# `loomget -q -xN -sN URL -d DIR` of a 1 GiB file from a private nginx on 127.0.0.1, through the
# launcher (its JVM options and AOT cache), N = 16 and 32, RUNS runs each, interleaved; every
# output checked by sha256. Writes results/bigx.md (per N: exit codes seen, wrong files, peak RSS
# median and max, wall and CPU medians) and results/bigx-runs.tsv.
#
# Usage: bench/bigx.sh [N ...]    (default: 16 32)
# Environment: RUNS=n (default 20)  LOOMGET=path (default ./loomget of this checkout)  PORT=n
#   BEFORE=path (another build's launcher, run interleaved with LOOMGET: the table then has a row per build)
#   OUT_DIR=dir (default bench/work/bigx/out, on disk; a tmpfs path to leave the disk out)
#   REPORT_ONLY=1 (re-render results/bigx.md from results/bigx-runs.tsv)
# Needs nginx, GNU time and 1 GiB free twice (the file served and the one written).
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

CONNS=("$@")
(( ${#CONNS[@]} )) || CONNS=(16 32)
RUNS="${RUNS:-20}"
LOOMGET="${LOOMGET:-$ROOT/loomget}"
WORK="$BENCH/work/bigx"
OUT="${OUT_DIR:-$WORK/out}"
RESULTS="$BENCH/results"
NGINX_PID=""
trap stop_nginx_and_scratch EXIT

tsv="$RESULTS/bigx-runs.tsv"
if [[ -z ${REPORT_ONLY:-} ]]; then
  bin="$(nginx_bin)" || die "nginx is not installed"
  [[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is not installed"
  mkdir -p "$WORK/data" "$WORK/nginx/logs" "$WORK/nginx/tmp" "$RESULTS"
  big="$WORK/data/big-1g.bin"
  if [[ ! -s "$big" ]]; then
    log "making the 1 GiB test file"
    { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass pass:loomget-bigx -in /dev/zero 2>/dev/null || true; } \
      | head -c $((1 << 30)) >"$big"
  fi
  sum="$(sha256sum <"$big" | cut -d' ' -f1)"
  PORT="$(free_port "${PORT:-18731}")" || die "no free port"
  cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon on;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off; types { } default_type application/octet-stream;
    sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_timeout 65;
    client_body_temp_path $WORK/nginx/tmp/cb; proxy_temp_path $WORK/nginx/tmp/p;
    fastcgi_temp_path $WORK/nginx/tmp/f; uwsgi_temp_path $WORK/nginx/tmp/u; scgi_temp_path $WORK/nginx/tmp/s;
    server {
        listen 127.0.0.1:$PORT backlog=4096;
        location /files/ { alias $WORK/data/; }
    }
}
CONF
  start_own_nginx "$bin" "$WORK/nginx"
  url="http://127.0.0.1:$PORT/files/big-1g.bin"
  curl -q -sS --fail -o /dev/null -r 0-0 "$url" || die "nginx does not answer"
  builds=("loomget=$LOOMGET")
  [[ -n ${BEFORE:-} ]] && builds+=("before=$BEFORE")
  for b in "${builds[@]}"; do ready_launcher "${b#*=}"; done

  load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'run\tconnections\texit\tsha256_ok\twall_s\tcpu_s\tpeak_rss_kib\tload1\tbuild\n' >"$tsv"
  echo "$load_start" >"$WORK/load-start"
  for run in $(seq "$RUNS"); do
    for n in "${CONNS[@]}"; do
      for b in "${builds[@]}"; do
        rm -rf "$OUT"; mkdir -p "$OUT"; sync
        rc=0
        /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "${b#*=}" -q -x"$n" -s"$n" "$url" -d "$OUT" \
          >"$WORK/last-$n.log" 2>&1 || rc=$?
        ok=no
        [[ -f "$OUT/big-1g.bin" && "$(sha256sum <"$OUT/big-1g.bin" | cut -d' ' -f1)" == "$sum" ]] && ok=yes
        ((rc == 0)) || cp "$WORK/last-$n.log" "$WORK/failed-$run-$n-${b%%=*}.log"
        # GNU time puts "Command exited with non-zero status N" before the figures when N is not 0
        read -r wall user sys rss < <(tail -1 "$WORK/time")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$n" "$rc" "$ok" "$wall" "$(echo "$user + $sys" | bc)" \
          "$rss" "$(cut -d' ' -f1 /proc/loadavg)" "${b%%=*}" | tee -a "$tsv" >&2
      done
    done
  done
fi

md="$RESULTS/bigx.md"
{
  echo "# 1 GiB over many connections, many times (bench/bigx.sh)"
  echo
  echo "$(date -u -r "$tsv" '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load average $(cat "$WORK/load-start" 2>/dev/null || echo '?') at the start and"
  echo "$(tail -1 "$tsv" | cut -f8) (1 min) at the last run; loomget commit $(git -C "$ROOT" rev-parse --short HEAD) through its"
  echo "launcher; \`loomget -q -xN -sN URL\` of a 1 GiB file from nginx on 127.0.0.1 into $( [[ "$(stat -f -c %T "$(dirname "$OUT")")" == tmpfs ]] && echo tmpfs || echo "a directory on disk");"
  echo "$RUNS runs per N and build, interleaved; CPU = user + sys, peak RSS from GNU time. Builds: loomget = this"
  echo "checkout's launcher; before = another build's, when given (BEFORE=...)."
  echo
  echo "Medians and maximum over the runs whose figures were recorded ('-' in the runs file: not recorded)."
  echo
  echo "| build | N | runs | exit codes seen | exit 3 | wrong or missing files | median wall s | median CPU s | median peak RSS MiB | max peak RSS MiB |"
  echo "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|"
  for key in $(awk -F'\t' 'NR > 1 { print ($9 == "" ? "loomget" : $9) ":" $2 }' "$tsv" | sort -u); do
    build="${key%%:*}" n="${key#*:}"
    rows="$(awk -F'\t' -v n="$n" -v b="$build" 'NR > 1 && $2 == n && ($9 == "" ? "loomget" : $9) == b' "$tsv")"
    nums="$(awk -F'\t' '$5 ~ /^[0-9.]+$/' <<<"$rows")"
    codes="$(cut -f3 <<<"$rows" | sort -n | uniq -c | awk '{printf "%s%s×%s", (NR > 1 ? ", " : ""), $1, $2}')"
    printf '| %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.0f | %.0f |\n' "$build" "$n" "$(wc -l <<<"$rows")" "$codes" \
      "$(awk -F'\t' '$3 == 3' <<<"$rows" | wc -l)" "$(awk -F'\t' '$4 != "yes"' <<<"$rows" | wc -l)" \
      "$(cut -f5 <<<"$nums" | median)" "$(cut -f6 <<<"$nums" | median)" \
      "$(echo "$(cut -f7 <<<"$nums" | median) / 1024" | bc -l)" "$(echo "$(cut -f7 <<<"$nums" | sort -n | tail -1) / 1024" | bc -l)"
  done
} >"$md"
cat "$md"
log "runs: $tsv; table: $md"
