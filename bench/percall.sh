#!/usr/bin/env bash
# bench/percall.sh: loomget's own cost per file against the JDK HttpClient floor (issue 17, item 2).
# N × 16 KiB files from a private nginx on 127.0.0.1 into /dev/shm, PAR at a time, one request each
# (`loomget -q -jPAR -x1 -i LIST`), side by side with bench/floor/HttpClientFloor.java (the same JDK
# client, no checks) on the launcher's JVM options and an AOT cache of its own. Tools run interleaved,
# RUNS times each; then one run of each under `strace -f -c` over STRACE_N files for the system calls
# per file. Every run is checked: N files, all with the served bytes, nothing else left behind.
#
# Usage: bench/percall.sh
# Environment: N (default 20000)  PAR (64)  RUNS (3)  STRACE_N (5000; 0 = no strace pass)
#   LOOMGET=launcher to measure (default ./loomget of this checkout)
#   LOOMGET_ALSO="NAME=LAUNCHER ..." other builds measured in the same run, e.g. a copy of an older one
#   (a directory with loomget, target/loomget.jar and src/dist/{jvm.options,train-aot.sh})
#   LABEL=text for the report (default: the commit)  PORT=first port to try (18631)
# Writes bench/results/percall-last.md (medians, ratios to the floor, strace summary) and appends
# every run to bench/results/percall-runs.tsv. Needs nginx, GNU time, strace (for the syscall pass),
# a JDK 25 with javac, and /dev/shm.
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

N=${N:-20000}; PAR=${PAR:-64}; RUNS=${RUNS:-3}; STRACE_N=${STRACE_N:-5000}
LOOMGET="${LOOMGET:-$ROOT/loomget}"
declare -A ALSO=()
for a in ${LOOMGET_ALSO:-}; do ALSO[${a%%=*}]=${a#*=}; done
LABEL="${LABEL:-$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo +dirty)}"
WORK="$BENCH/work/percall"
RESULTS="$BENCH/results"
OUT=""
NGINX_PID=""

trap stop_nginx_and_scratch EXIT

bin="$(nginx_bin)" || die "nginx is not installed"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is not installed"
(( STRACE_N == 0 )) || have strace || die "strace is not installed (or run with STRACE_N=0)"
[[ -d /dev/shm && -w /dev/shm ]] || die "no writable /dev/shm"
jdk="$(find_jdk 25)" || die "no JDK 25"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp" "$WORK/data" "$WORK/logs" "$RESULTS"

# --- the server: every /f/NAME is the same 16 KiB file (distinct names, one page-cached source) ----
[[ -s "$WORK/data/one.bin" ]] || head -c 16384 /dev/urandom >"$WORK/data/one.bin"
want="$(sha256sum "$WORK/data/one.bin" | cut -d' ' -f1)"
PORT="$(free_port "${PORT:-18631}")" || die "no free port"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    keepalive_timeout 65;
    keepalive_requests 100000000;
    default_type application/octet-stream;
    client_body_temp_path $WORK/nginx/tmp/cb; proxy_temp_path $WORK/nginx/tmp/p;
    fastcgi_temp_path $WORK/nginx/tmp/f; uwsgi_temp_path $WORK/nginx/tmp/u; scgi_temp_path $WORK/nginx/tmp/s;
    server {
        listen 127.0.0.1:$PORT backlog=4096;
        location /f/ { root $WORK/data; try_files /one.bin =404; }
    }
}
CONF
rm -f "$WORK/nginx/nginx.pid"
start_own_nginx "$bin" "$WORK/nginx"
curl -q -sS --fail -o /dev/null "http://127.0.0.1:$PORT/f/probe" || die "nginx does not answer"

seq -f "http://127.0.0.1:$PORT/f/f%06g.bin" 1 "$N" >"$WORK/list.txt"
seq -f "http://127.0.0.1:$PORT/f/f%06g.bin" 1 "$STRACE_N" >"$WORK/list-strace.txt"

# --- the floor: compiled and AOT-trained once, untimed (as compare.sh does) -----------------------
floor_jvm=()
while read -r o; do [[ $o == --enable-preview ]] || floor_jvm+=("$o"); done \
  < <(launcher_jvm_opts "$(readlink -f "$LOOMGET")" || die "cannot read the launcher's JVM options")
rm -rf "$WORK/floor"; mkdir -p "$WORK/floor/classes"
"$jdk/bin/javac" -d "$WORK/floor/classes" "$BENCH/floor/HttpClientFloor.java"
"$jdk/bin/jar" --create --file "$WORK/floor/floor.jar" -C "$WORK/floor/classes" .
OUT="$(mktemp -d /dev/shm/percall.XXXXXX)"
# Trained with C1 alone, as loomget's cache is (src/dist/train-aot.sh says why).
"$jdk/bin/java" "${floor_jvm[@]}" -XX:AOTCacheOutput="$WORK/floor/floor.aot" -XX:TieredStopAtLevel=1 -cp "$WORK/floor/floor.jar" \
  HttpClientFloor "$PAR" "$OUT" -i "$WORK/list-strace.txt" >"$WORK/logs/floor-train.log" 2>&1 \
  || die "floor training failed (see $WORK/logs/floor-train.log)"
rm -rf "$OUT"; OUT=""
FLOOR=("$jdk/bin/java" "${floor_jvm[@]}" -XX:AOTCache="$WORK/floor/floor.aot" -Xlog:aot=off -Xlog:cds=off
       -cp "$WORK/floor/floor.jar" HttpClientFloor "$PAR")
ready_launcher "$LOOMGET"
TOOLS=(floor loomget)
for a in ${LOOMGET_ALSO:-}; do
  TOOLS+=("${a%%=*}")
  ready_launcher "${ALSO[${a%%=*}]}"
done
# tool_cmd TOOL OUTDIR LIST: the command line of one run
tool_cmd() {
  case $1 in
    floor) CMD=("${FLOOR[@]}" "$2" -i "$3") ;;
    loomget) CMD=("$LOOMGET" -q -j"$PAR" -x1 -i "$3" -d "$2") ;;
    *) CMD=("${ALSO[$1]}" -q -j"$PAR" -x1 -i "$3" -d "$2") ;;
  esac
}
# check OUTDIR COUNT: exactly COUNT files, each the served bytes
check() {
  local n bad
  n="$(find "$1" -mindepth 1 | wc -l)"
  [[ $n == "$2" ]] || { echo "$n entries, want $2"; return 1; }
  bad="$(find "$1" -type f -print0 | xargs -0 sha256sum | cut -d' ' -f1 | sort -u | grep -vc "^$want\$" || true)"
  [[ $bad == 0 ]] || { echo "wrong bytes"; return 1; }
}

tsv="$RESULTS/percall-runs.tsv"
[[ -s "$tsv" ]] || printf 'date\tlabel\tload1\ttool\trun\tfiles\twall_s\tcpu_s\tcpu_us_per_file\tpeak_rss_mib\n' >"$tsv"
stamp="$(date -u +%Y-%m-%dT%H:%MZ)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A WALL CPU RSS
for r in $(seq "$RUNS"); do
  for t in "${TOOLS[@]}"; do
    OUT="$(mktemp -d /dev/shm/percall.XXXXXX)"
    tool_cmd "$t" "$OUT" "$WORK/list.txt"
    sync
    load1="$(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "${CMD[@]}" >"$WORK/logs/$t-$r.log" 2>&1 \
      || die "$t run $r failed (see $WORK/logs/$t-$r.log)"
    read -r wall user sys rss <"$WORK/time"
    why="$(check "$OUT" "$N")" || die "$t run $r: $why"
    rm -rf "$OUT"; OUT=""
    cpu="$(echo "$user + $sys" | bc)"
    us="$(echo "$cpu * 1000000 / $N" | bc)"
    rss_mib="$(( rss / 1024 ))"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stamp" "$LABEL" "$load1" "$t" "$r" "$N" "$wall" "$cpu" "$us" \
      "$rss_mib" >>"$tsv"
    log "$t run $r: wall $wall s, CPU $cpu s ($us µs/file), peak RSS $rss_mib MiB (load $load1)"
    WALL[$t]+="$wall "; CPU[$t]+="$cpu "; RSS[$t]+="$rss_mib "
  done
done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

declare -A SYS SYSTOP
if (( STRACE_N > 0 )); then
  for t in "${TOOLS[@]}"; do
    OUT="$(mktemp -d /dev/shm/percall.XXXXXX)"
    tool_cmd "$t" "$OUT" "$WORK/list-strace.txt"
    strace -f -c -o "$WORK/strace-$t.txt" "${CMD[@]}" >"$WORK/logs/$t-strace.log" 2>&1 \
      || die "$t under strace failed (see $WORK/logs/$t-strace.log)"
    why="$(check "$OUT" "$STRACE_N")" || die "$t under strace: $why"
    rm -rf "$OUT"; OUT=""
    total="$(awk '$NF == "total" { print $4 }' "$WORK/strace-$t.txt")"
    SYS[$t]="$(echo "scale=1; $total / $STRACE_N" | bc)"
    # the calls made at least once per ten files, per file: "futex 12.1, ..."
    SYSTOP[$t]="$(awk -v n="$STRACE_N" '/^ *[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+/ && $NF != "total" {
        calls = $4; name = $NF; if (calls / n >= 0.1) printf "%s %.1f\n", name, calls / n }' "$WORK/strace-$t.txt" \
      | sort -k2 -gr | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')"
    cp "$WORK/strace-$t.txt" "$RESULTS/percall-strace-$t.txt"
    log "$t under strace: ${SYS[$t]} system calls per file (${SYSTOP[$t]})"
  done
fi

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
md="$RESULTS/percall-last.md"
{
  echo "# Per-file cost against the JDK HttpClient floor (bench/percall.sh)"
  echo
  echo "$stamp, label $LABEL, $(nproc) cores, load average $load_start at the start and $load_end at the end;"
  echo "$N × 16 KiB from nginx on 127.0.0.1 into /dev/shm, $PAR at a time; median of $RUNS interleaved runs;"
  echo "CPU = user + sys and peak RSS from GNU time; system calls: one run over $STRACE_N files under \`strace -f -c\`."
  echo
  echo "| tool | wall s | CPU s | CPU µs/file | syscalls/file | peak RSS MiB | wall / floor | CPU / floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  fw="$(med "${WALL[floor]}")"; fc="$(med "${CPU[floor]}")"
  for t in "${TOOLS[@]}"; do
    w="$(med "${WALL[$t]}")"; c="$(med "${CPU[$t]}")"
    printf '| %s | %.2f | %.2f | %.0f | %s | %s | %.2f | %.2f |\n' "$t" "$w" "$c" "$(echo "$c * 1000000 / $N" | bc -l)" \
      "${SYS[$t]:-–}" "$(med "${RSS[$t]}")" "$(echo "$w / $fw" | bc -l)" "$(echo "$c / $fc" | bc -l)"
  done
  if (( STRACE_N > 0 )); then
    echo
    echo "System calls per file (those made at least once per ten files):"
    echo
    for t in "${TOOLS[@]}"; do echo "- $t: ${SYSTOP[$t]}"; done
  fi
} >"$md"
cat "$md"
