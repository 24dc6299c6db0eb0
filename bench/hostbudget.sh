#!/usr/bin/env bash
# A server that admits only a few connections at once (nginx limit_conn: the rest get 503):
# loomget at its defaults (-x8, the per-host budget learns the limit), loomget told the limit up front
# (--max-connections-per-host), and aria2c -x8 -s8, side by side. Prints wall time (median of RUNS),
# the 503s nginx answered, and whether every file came out exact; writes bench/results/hostbudget.md.
#
#   bench/hostbudget.sh [RUNS=3] [LIMIT=3] [FILES=3] [MIB=32] [RATE=4m]
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
RUNS=${1:-3} LIMIT=${2:-3} FILES=${3:-3} MIB=${4:-32} RATE=${5:-4m}

bin="$(nginx_bin)" || die "nginx is not installed (apt-get install nginx)"
have aria2c || die "aria2c is not installed (apt-get install aria2)"
work="$(mktemp -d /tmp/loomget-hostbudget.XXXXXX)"
trap '[[ -s $work/nginx/nginx.pid ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/www" "$work/nginx/logs" "$work/out"
for i in $(seq "$FILES"); do head -c $((MIB << 20)) /dev/urandom >"$work/www/f$i.bin"; done
(cd "$work/www" && sha256sum f*.bin) >"$work/sums"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/nginx/nginx.conf" <<CONF
$( (( EUID == 0 )) && echo "user root;")
worker_processes 1;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  error_log $work/nginx/logs/error.log crit;
  log_format st '\$status';
  limit_conn_zone \$server_addr zone=perhost:1m;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    limit_conn perhost $LIMIT;      # the server admits LIMIT connections; the rest are refused
    limit_conn_status 503;
    limit_rate $RATE;               # per connection: more connections would be faster, if admitted
    access_log $work/nginx/logs/access.log st;
  }
}
CONF
"$bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

urls=(); for i in $(seq "$FILES"); do urls+=("http://127.0.0.1:$port/f$i.bin"); done
"$ROOT/loomget" --version >/dev/null # builds the jar and its AOT cache once, outside the timings

declare -A cmd=(
  [loomget]="$ROOT/loomget -q -j $FILES -d $work/out ${urls[*]}"
  [loomget-told]="$ROOT/loomget -q -j $FILES --max-connections-per-host $LIMIT -d $work/out ${urls[*]}"
  [aria2c]="aria2c -Z --console-log-level=warn --summary-interval=0 --retry-wait=1 -j $FILES -x8 -s8 -k1M --allow-overwrite=true --auto-file-renaming=false -d $work/out ${urls[*]}"
)
tools=(loomget loomget-told aria2c)
printf 'tool\trun\tseconds\trefused\trequests\texact\n' >"$work/runs.tsv"
for run in $(seq "$RUNS"); do
  for tool in "${tools[@]}"; do
    rm -rf "$work/out"/*; : >"$work/nginx/logs/access.log"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    ${cmd[$tool]} >"$work/$tool.log" 2>&1 || true
    end=$(date +%s.%N)
    sleep 1.2 # nginx logs a request when it ends; let the refused ones land (the log is not the timing)
    refused=$(grep -c '^503$' "$work/nginx/logs/access.log" || true)
    requests=$(wc -l <"$work/nginx/logs/access.log")
    exact=$( (cd "$work/out" && sha256sum -c --quiet "$work/sums" >/dev/null 2>&1) && echo yes || echo NO)
    [[ $exact == yes ]] || { tail -8 "$work/$tool.log"; ls -la "$work/out"; } >&2
    printf '%s\t%s\t%.2f\t%s\t%s\t%s\n' "$tool" "$run" "$(echo "$end - $start" | bc)" "$refused" "$requests" "$exact" \
      | tee -a "$work/runs.tsv" >&2
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
col() { awk -F'\t' -v t="$1" -v c="$2" '$1 == t {print $c}' "$work/runs.tsv" | median; }
told=$(col loomget-told 3)
out="$BENCH/results/hostbudget.md"
{
  echo "# A server that admits $LIMIT connections (nginx limit_conn, 503 for the rest)"
  echo
  echo "$FILES files × $MIB MiB, limit_rate $RATE per connection, \`-j $FILES\`; median of $RUNS runs, side by side;"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). \`bench/hostbudget.sh $RUNS $LIMIT $FILES $MIB $RATE\`."
  echo
  echo "| tool | seconds | × told the limit | refused (503) | requests | all exact |"
  echo "|---|---:|---:|---:|---:|---|"
  for tool in "${tools[@]}"; do
    s=$(col "$tool" 3)
    printf '| %s | %.2f | %.2f | %s | %s | %s |\n' "$tool" "$s" "$(echo "$s / $told" | bc -l)" "$(col "$tool" 4)" \
      "$(col "$tool" 5)" "$(awk -F'\t' -v t="$tool" '$1 == t {print $6}' "$work/runs.tsv" | sort -u | paste -sd/)"
  done
  echo
  echo "loomget = defaults (-x8; the per-host budget learns the limit); loomget-told = \`--max-connections-per-host $LIMIT\`;"
  echo "aria2c = \`-Z -x8 -s8 -k1M --retry-wait=1\` (at its default --retry-wait=0 aria2 gives up on a 503). Per-run rows:"
  echo
  echo '```'
  cat "$work/runs.tsv"
  echo '```'
} >"$out"
cat "$out"
