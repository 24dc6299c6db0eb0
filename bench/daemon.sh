#!/usr/bin/env bash
# Issue 19's daemon benchmark: 10,000 small files from a private nginx on 127.0.0.1, fed in one run to
#   - loomget's daemon (./loomget --enable-rpc), warm: a first 1,000 files untimed, then the 10,000
#     through one WebSocket, addUri in system.multicall batches;
#   - aria2c --enable-rpc, the same way;
#   - one CLI run of the same list (./loomget -i LIST).
# Measured: wall time, CPU time of the downloader process (user + sys from /proc/PID/stat, per file),
# peak RSS (VmHWM); then, in the same daemon, 10,000 downloads added paused: tellWaiting(0, 1000)
# latency (median and max of 20 calls) and the RSS with 10,000 queued. Every file checked by sha256.
#   bench/daemon.sh            FILES=10000 FILE_SIZE=8192 BATCH=500 WARM=1000 JOBS=16
# Writes bench/results/daemon.md, daemon.tsv, daemon.png (REPORT_ONLY=1: only re-renders them from daemon.tsv). Needs nginx, aria2c, node with
# `npm ci --prefix src/test/node`, gnuplot, a JDK 25 (the launcher builds loomget).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/nginx.sh
source "$BENCH/lib/nginx.sh"

FILES=${FILES:-10000} FILE_SIZE=${FILE_SIZE:-8192} BATCH=${BATCH:-500} WARM=${WARM:-1000} JOBS=${JOBS:-16}
SECRET=bench-secret
WORK="$BENCH/work/daemon"
RESULTS="$BENCH/results"
LATENCY_DELAY=0 CAP_RATE=0 CRAWL_RATE=0
TICK=$(getconf CLK_TCK)
DRIVE="$BENCH/lib/rpc-drive.mjs"

[[ -d "$ROOT/src/test/node/node_modules/ws" ]] || die "run: npm ci --prefix src/test/node"
have aria2c || die "aria2c is missing (apt package aria2)"
have gnuplot || die "gnuplot is missing (apt package gnuplot-nox)"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_seconds() { awk -v t="$TICK" '{ sub(/^.*\) /, ""); printf "%.3f", ($12 + $13) / t }' "/proc/$1/stat"; }
rss_kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }

make_data() { # FILES + WARM files of FILE_SIZE random bytes, their lists and checksums
  local data=$WORK/data
  if [[ -f $data/.done-$FILES-$FILE_SIZE-$WARM ]]; then return; fi
  rm -rf "$data"; mkdir -p "$data"
  python3 - "$data" "$FILES" "$FILE_SIZE" "$WARM" <<'PY'
import os, sys
data, n, size, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for prefix, count in (("f", n), ("w", warm)):
    for i in range(count):
        with open(f"{data}/{prefix}{i:05d}.bin", "wb") as f:
            f.write(os.urandom(size))
PY
  (cd "$data" && sha256sum f*.bin >"$WORK/f.sha256")
  touch "$data/.done-$FILES-$FILE_SIZE-$WARM"
}

verify() { # DIR: every measured file present and exact, nothing else
  local dir=$1 count
  (cd "$dir" && sha256sum --quiet -c "$WORK/f.sha256") || die "wrong or missing files in $dir"
  count=$(find "$dir" -maxdepth 1 -type f -name 'f*.bin' | wc -l)
  (( count == FILES )) || die "$dir holds $count files, expected $FILES"
}

start_loomget() { # OUT -> DAEMON_PID, DAEMON_PORT
  "$ROOT/loomget" --enable-rpc --rpc-listen-port=0 --rpc-secret="$SECRET" -d "$1" -j "$JOBS" \
    >"$WORK/loomget.stdout" 2>"$WORK/loomget.stderr" &
  DAEMON_PID=$!
  local i
  for i in $(seq 600); do grep -q 'rpc: listening on' "$WORK/loomget.stdout" 2>/dev/null && break; sleep 0.1; done
  DAEMON_PORT=$(sed -n 's|^rpc: listening on http://127.0.0.1:\([0-9]*\)/jsonrpc$|\1|p' "$WORK/loomget.stdout")
  [[ -n $DAEMON_PORT ]] || die "loomget --enable-rpc did not start: $(cat "$WORK/loomget.stderr")"
}

start_aria2c() { # OUT -> DAEMON_PID, DAEMON_PORT
  DAEMON_PORT=$(free_port)
  aria2c --no-conf --enable-rpc --rpc-listen-port="$DAEMON_PORT" --rpc-secret="$SECRET" -d "$1" -j "$JOBS" \
    --console-log-level=warn --summary-interval=0 >"$WORK/aria2c.log" 2>&1 &
  DAEMON_PID=$!
  local i
  for i in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$DAEMON_PORT") 2>/dev/null && return; sleep 0.05; done
  die "aria2c --enable-rpc did not start: $(cat "$WORK/aria2c.log")"
}

stop_daemon() {
  kill -TERM "$DAEMON_PID" 2>/dev/null || true
  local i
  for i in $(seq 100); do kill -0 "$DAEMON_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$DAEMON_PID" 2>/dev/null || true
}

json_field() { node -e 'const o = JSON.parse(process.argv[1]); console.log(o[process.argv[2]])' "$1" "$2"; }

bench_daemon() { # NAME START_FUNCTION
  local name=$1 start=$2 out="$WORK/out-$1" cpu0 cpu1 feed queue queue_pid rss_queued peak
  rm -rf "$out"; mkdir -p "$out"
  "$start" "$out"
  log "$name: daemon pid $DAEMON_PID on port $DAEMON_PORT; warm-up with $WARM files"
  node "$DRIVE" feed "$DAEMON_PORT" "$SECRET" "$WORK/warm.txt" "$out" "$BATCH" >/dev/null
  cpu0=$(cpu_seconds "$DAEMON_PID")
  feed=$(node "$DRIVE" feed "$DAEMON_PORT" "$SECRET" "$WORK/list.txt" "$out" "$BATCH")
  cpu1=$(cpu_seconds "$DAEMON_PID")
  verify "$out"
  log "$name: $FILES files: $feed, CPU $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { print b - a }') s"
  # The queue: the same list added paused (nothing downloads), then tellWaiting(0, 1000).
  node "$DRIVE" queue "$DAEMON_PORT" "$SECRET" "$WORK/list.txt" "$out/queued" "$BATCH" >"$WORK/queue-$name.json" &
  queue_pid=$!
  local i
  for i in $(seq 1200); do [[ -s "$WORK/queue-$name.json" ]] && break; kill -0 "$queue_pid" 2>/dev/null || break; sleep 0.1; done
  queue=$(cat "$WORK/queue-$name.json")
  [[ -n $queue ]] || die "$name: the queue phase gave no result"
  rss_queued=$(rss_kib "$DAEMON_PID" VmRSS)
  peak=$(rss_kib "$DAEMON_PID" VmHWM)
  kill "$queue_pid" 2>/dev/null || true
  wait "$queue_pid" 2>/dev/null || true
  log "$name: queue: $queue, RSS $((rss_queued / 1024)) MiB, peak $((peak / 1024)) MiB"
  stop_daemon
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(json_field "$feed" wall_s)" \
    "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.3f", b - a }')" \
    "$(awk -v a="$cpu0" -v b="$cpu1" -v n="$FILES" 'BEGIN { printf "%.0f", (b - a) / n * 1e6 }')" \
    "$(json_field "$queue" tellWaiting_median_ms)" "$(json_field "$queue" tellWaiting_max_ms)" \
    "$((rss_queued / 1024))" "$((peak / 1024))" >>"$TSV"
}

bench_cli() {
  local out="$WORK/out-cli" wall user sys rss
  rm -rf "$out"; mkdir -p "$out"
  /usr/bin/time -o "$WORK/cli.time" -f '%e %U %S %M' "$ROOT/loomget" -q -j "$JOBS" -i "$WORK/list.txt" -d "$out" \
    >/dev/null 2>"$WORK/cli.stderr" || die "loomget -i failed: $(cat "$WORK/cli.stderr")"
  read -r wall user sys rss <"$WORK/cli.time"
  verify "$out"
  log "loomget CLI: $FILES files in $wall s, CPU $user + $sys s, peak RSS $((rss / 1024)) MiB"
  printf 'loomget CLI (cold JVM)\t%s\t%s\t%s\t-\t-\t-\t%s\n' "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')" \
    "$(awk -v u="$user" -v s="$sys" -v n="$FILES" 'BEGIN { printf "%.0f", (u + s) / n * 1e6 }')" "$((rss / 1024))" >>"$TSV"
}

write_report() {
  local md="$RESULTS/daemon.md" png="$RESULTS/daemon.png" elapsed=$1
  {
    printf '# The RPC daemon: 10,000 small files (`bench/daemon.sh`)\n\n'
    printf 'Generated %s by `bench/daemon.sh` in %s; one run, side by side.\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(fmt_duration "$elapsed")"
    printf -- '- Machine: %s cores, shared with other work; load average at start %s, at end %s.\n' "$(nproc)" "$LOAD_AT_START" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf -- '- Files: %s × %s bytes from nginx on 127.0.0.1 (`/files/`), `-j %s` for every downloader; %s warm-up files first for the daemons (untimed); addUri in `system.multicall` batches of %s over one WebSocket.\n' "$FILES" "$FILE_SIZE" "$JOBS" "$WARM" "$BATCH"
    printf -- '- CPU: the downloader process only (user + sys). Daemons: from `/proc/PID/stat` before and after the %s files; CLI: `/usr/bin/time`, JVM start included.\n' "$FILES"
    printf -- '- RSS queued: `VmRSS` with %s downloads added paused; peak: `VmHWM` over the whole process life. tellWaiting: 20 calls of `tellWaiting(0, 1000)` with %s queued, round trip on the WebSocket.\n\n' "$FILES" "$FILES"
    printf '| downloader | wall s | CPU s | CPU µs/file | tellWaiting(0,1000) median ms | max ms | RSS 10,000 queued MiB | peak RSS MiB |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|---:|\n'
    awk -F'\t' '{ printf "| %s | %.2f | %.2f | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, ($5 == "-" ? "-" : sprintf("%.1f", $5)), ($6 == "-" ? "-" : sprintf("%.1f", $6)), $7, $8 }' "$TSV"
    printf '\nGoals (issue 19), for loomget'"'"'s daemon: CPU ≤ 150 µs per file; tellWaiting(0, 1000) < 50 ms with 10,000 queued; RSS ≤ 300 MiB with 10,000 queued; ahead of aria2c'"'"'s daemon.\n\n![chart](daemon.png)\n'
  } >"$md"
  gnuplot <<GP || warn "gnuplot failed; no chart"
set terminal pngcairo size 1200,900 font 'DejaVu Sans,10'
set output "$png"
set datafile separator "\t"
set style fill solid 0.85 border lc rgb "#333333"
set boxwidth 0.6
unset key
set grid ytics
set xtics nomirror scale 0 font ",9"
set yrange [0:*]
set multiplot layout 2,2 title "bench/daemon.sh: $FILES × $FILE_SIZE B from nginx on loopback, -j $JOBS (load at start $LOAD_AT_START)" font ",12"
color(n) = (strstrt(n, "loomget") > 0 ? 0xd62728 : 0x1f77b4)
set title "CPU µs per file (lower is better; goal 150)"
plot "$TSV" using 0:4:(color(stringcolumn(1))):xtic(stringcolumn(1)[1:22]) with boxes lc rgb variable, 150 with lines dt 2 lc rgb "black"
set title "wall seconds for $FILES files"
plot "$TSV" using 0:2:(color(stringcolumn(1))):xtic(stringcolumn(1)[1:22]) with boxes lc rgb variable
set title "peak RSS MiB"
plot "$TSV" using 0:8:(color(stringcolumn(1))):xtic(stringcolumn(1)[1:22]) with boxes lc rgb variable
set title "tellWaiting(0, 1000) median ms, $FILES queued (goal < 50)"
plot "$TSV" every ::0::1 using 0:5:(color(stringcolumn(1))):xtic(stringcolumn(1)[1:22]) with boxes lc rgb variable, 50 with lines dt 2 lc rgb "black"
unset multiplot
GP
  log "wrote $md and $png"
}

main() {
  local began=$SECONDS port
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  mkdir -p "$WORK" "$RESULTS"
  TSV="$RESULTS/daemon.tsv"
  if [[ ${REPORT_ONLY:-0} == 1 ]]; then # re-renders daemon.md and daemon.png from daemon.tsv
    LOAD_AT_START=${LOAD_AT_START_WAS:-$LOAD_AT_START}
    write_report "${ELAPSED_WAS:-0}"
    return
  fi
  : >"$TSV"
  make_data
  port=$(free_port)
  nginx_start "$WORK/nginx" "$WORK/data" "$port"
  trap 'nginx_stop; [[ -n ${DAEMON_PID:-} ]] && kill "$DAEMON_PID" 2>/dev/null || true' EXIT
  awk -v p="$port" '{ printf "http://127.0.0.1:%s/files/%s\n", p, $2 }' "$WORK/f.sha256" >"$WORK/list.txt"
  (cd "$WORK/data" && ls w*.bin) | awk -v p="$port" '{ printf "http://127.0.0.1:%s/files/%s\n", p, $1 }' >"$WORK/warm.txt"
  ready_launcher "$ROOT/loomget" # builds the jar and both start-up caches now (the daemon's is the https one), untimed
  bench_daemon "loomget daemon (warm)" start_loomget
  bench_daemon "aria2c --enable-rpc" start_aria2c
  bench_cli
  write_report $((SECONDS - began))
}

main "$@"
