#!/usr/bin/env bash
# bench/longlist.sh: memory and CPU per file against the length of the URL list (issue 17).
# loomget -j64 -x1 -q -i LIST of N tiny files (nginx `return 200`, 15 bytes each) into tmpfs; one run
# per size, sizes one after the other. Reports wall and CPU seconds, CPU microseconds per file and
# peak RSS (GNU time), and checks that N files landed. Memory must not grow with N, nor CPU per file.
#
# Usage: bench/longlist.sh [N ...]          (default: 10000 100000)
#   e.g. bench/longlist.sh 10000 100000 1000000
# Environment: LOOMGET=path (default ./loomget of this checkout)  PORT=n (default 18531)
#   JOBS=n (default 64)
# Needs nginx, GNU time and a writable tmpfs at /dev/shm (1,000,000 files take ~4 GiB of it: a page each).
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

SIZES=("$@")
(( ${#SIZES[@]} )) || SIZES=(10000 100000)
LOOMGET="${LOOMGET:-$ROOT/loomget}"
JOBS="${JOBS:-64}"
WORK="$BENCH/work/longlist"
RESULTS="$BENCH/results"
NGINX_PID=""
OUT=""

trap stop_nginx_and_scratch EXIT

bin="$(nginx_bin)" || die "nginx is not installed"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is not installed"
[[ -d /dev/shm && -w /dev/shm ]] || die "no writable /dev/shm"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp" "$WORK/lists" "$RESULTS"
PORT="$(free_port "${PORT:-18531}")" || die "no free port"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_timeout 65;
    keepalive_requests 100000000;
    client_body_temp_path $WORK/nginx/tmp/cb; proxy_temp_path $WORK/nginx/tmp/p;
    fastcgi_temp_path $WORK/nginx/tmp/f; uwsgi_temp_path $WORK/nginx/tmp/u; scgi_temp_path $WORK/nginx/tmp/s;
    server {
        listen 127.0.0.1:$PORT backlog=4096;
        location /tiny/ { default_type application/octet-stream; return 200 "tiny file body\n"; }
    }
}
CONF
start_own_nginx "$bin" "$WORK/nginx"
curl -q -sS --fail -o /dev/null "http://127.0.0.1:$PORT/tiny/probe" || die "nginx does not answer"

ready_launcher "$LOOMGET"
table="$WORK/table.md"
{
  echo "# Long URL lists: memory and CPU per file (bench/longlist.sh)"
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg);"
  echo "loomget commit $(git -C "$ROOT" rev-parse --short HEAD), \`loomget -q -j$JOBS -x1 -i LIST\` of 15-byte files"
  echo "from nginx \`return 200\` into /dev/shm; one run per row; CPU = user + sys; RSS = peak, GNU time."
  echo
  echo "| URLs | exit | files | wall s | CPU s | CPU µs/file | peak RSS MiB |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
} >"$table"
for n in "${SIZES[@]}"; do
  list="$WORK/lists/tiny-$n.txt"
  [[ -s "$list" ]] || seq -f "http://127.0.0.1:$PORT/tiny/f%08g.bin" 1 "$n" >"$list"
  sed -i "s|127.0.0.1:[0-9]*/|127.0.0.1:$PORT/|" "$list"
  OUT="$(mktemp -d /dev/shm/loomget-longlist.XXXXXX)"
  log "$n URLs ..."
  rc=0
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time-$n" "$LOOMGET" -q -j"$JOBS" -x1 -i "$list" -d "$OUT" \
    >"$WORK/out-$n.log" 2>&1 || rc=$?
  read -r wall user sys rss <"$WORK/time-$n"
  files="$(find "$OUT" -type f | wc -l)"
  cpu="$(echo "$user + $sys" | bc)"
  printf '| %s | %s | %s | %s | %s | %.0f | %.0f |\n' "$n" "$rc" "$files" "$wall" "$cpu" \
    "$(echo "$cpu * 1000000 / $n" | bc -l)" "$(echo "$rss / 1024" | bc -l)" | tee -a "$table"
  rm -rf "$OUT"; OUT=""
done
# The earlier runs stay below the new one.
replace_keeping_earlier_runs "$RESULTS/longlist.md" "$table" >/dev/null
log "table: $RESULTS/longlist.md"
