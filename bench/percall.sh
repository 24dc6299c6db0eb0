#!/usr/bin/env bash
# bench/percall.sh: the cost per file of loomget, the JDK HttpClient floor, curl and aria2 (issue 17).
# N × 16 KiB files from a private nginx on 127.0.0.1 into /dev/shm, PAR at a time, one request each:
# `loomget -q -jPAR -x1 -i LIST`; bench/floor/HttpClientFloor.java (the same JDK client, no checks) on
# the launcher's JVM options and an AOT cache of its own; and the peers as bench/compare.sh's "many"
# rows run them (lib/peers.sh): `curl -Z --parallel-max PAR --output-dir OUT -K LIST.curlrc` and
# `aria2c -jPAR -i LIST -d OUT`. Tools run interleaved, RUNS times each; then one run of each under
# `strace -f -c` over STRACE_N files for the system calls per file. Every run is checked: N files, all
# with the served bytes, nothing else left behind.
#
# Usage: bench/percall.sh
# Environment: N (default 20000)  PAR (64)  RUNS (3)  STRACE_N (5000; 0 = no strace pass)
#   PEERS="curl aria2c" (the default) the peers to measure; a missing one stops the script unless it
#   is left out: PEERS="curl", or PEERS="" for loomget and the floor alone
#   LOOMGET=launcher to measure (default ./loomget of this checkout)
#   LOOMGET_ALSO="NAME=LAUNCHER ..." other builds measured in the same run, e.g. a copy of an older one
#   (the loomget launcher of a checkout: a directory with loomget, target/loomget.jar and src/dist/)
#   LABEL=text for the report (default: the commit)  PORT=first port to try (18631)
# Writes bench/results/percall-last.md (medians, ratios to the floor and loomget's to the best peer,
# strace summary) and percall-last.png (CPU µs, system calls and peak RSS per tool), keeps the strace
# tables as percall-strace-TOOL.txt and appends every run to percall-runs.tsv. Needs nginx, curl (it
# also checks that nginx answers), aria2c (unless left out of PEERS), GNU time, strace (for the
# syscall pass), gnuplot, a JDK 25 with javac, and /dev/shm.
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/peers.sh
source "$BENCH/lib/peers.sh"
# shellcheck source=lib/report.sh
source "$BENCH/lib/report.sh"

N=${N:-20000}; PAR=${PAR:-64}; RUNS=${RUNS:-3}; STRACE_N=${STRACE_N:-5000}
LOOMGET="${LOOMGET:-$ROOT/loomget}"
declare -A ALSO=()
for a in ${LOOMGET_ALSO:-}; do
  case ${a%%=*} in floor|loomget|curl|aria2c) die "LOOMGET_ALSO: '${a%%=*}' names a tool already measured; pick another name" ;; esac
  ALSO[${a%%=*}]=${a#*=}
done
PEERS="${PEERS-curl aria2c}"   # set but empty: no peers
read -r -a PEER_TOOLS <<<"$PEERS"
LABEL="${LABEL:-$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo +dirty)}"
WORK="$BENCH/work/percall"
RESULTS="$BENCH/results"
OUT=""
NGINX_PID=""

trap stop_nginx_and_scratch EXIT

bin="$(nginx_bin)" || die "nginx is not installed"
have curl || die "curl is not installed (Debian package curl); it also checks that nginx answers"
for p in "${PEER_TOOLS[@]}"; do
  case $p in
    curl) ;;
    aria2c) have aria2c || die "aria2c is not installed (Debian package aria2): install it, or leave it out with PEERS=\"curl\"" ;;
    *) die "PEERS: unknown peer '$p' (curl, aria2c)" ;;
  esac
done
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is not installed"
have gnuplot || die "gnuplot is not installed (Debian package gnuplot-nox); it draws percall-last.png"
(( STRACE_N == 0 )) || have strace || die "strace is not installed (or run with STRACE_N=0)"
[[ -d /dev/shm && -w /dev/shm ]] || die "no writable /dev/shm"
jdk="$(find_jdk 25)" || die "no JDK 25"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp" "$WORK/data" "$WORK/logs" "$RESULTS"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true     # as the JVM does for itself and compare.sh for every tool

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
curl_config "$WORK/list.txt"          # list.curlrc and list-strace.curlrc, for curl -K
curl_config "$WORK/list-strace.txt"
# the floor's training list: the strace pass's files, or all of them when there is no strace pass
train_list="$WORK/list-strace.txt"
(( STRACE_N > 0 )) || train_list="$WORK/list.txt"

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
  HttpClientFloor "$PAR" "$OUT" -i "$train_list" >"$WORK/logs/floor-train.log" 2>&1 \
  || die "floor training failed (see $WORK/logs/floor-train.log)"
rm -rf "$OUT"; OUT=""
FLOOR=("$jdk/bin/java" "${floor_jvm[@]}" -XX:AOTCache="$WORK/floor/floor.aot" -Xlog:aot=off -Xlog:cds=off
       -cp "$WORK/floor/floor.jar" HttpClientFloor "$PAR")
ready_launcher "$LOOMGET"
TOOLS=(floor loomget)
LOOMGETS=(loomget)     # loomget and the other builds: the rows compared with the best peer
for a in ${LOOMGET_ALSO:-}; do
  TOOLS+=("${a%%=*}"); LOOMGETS+=("${a%%=*}")
  ready_launcher "${ALSO[${a%%=*}]}"
done
TOOLS+=("${PEER_TOOLS[@]}")
# tool_cmd TOOL OUTDIR LIST: the command line of one run (in CMD)
tool_cmd() {
  case $1 in
    floor) CMD=("${FLOOR[@]}" "$2" -i "$3") ;;
    loomget) CMD=("$LOOMGET" -q -j"$PAR" -x1 -i "$3" -d "$2") ;;
    curl|aria2c) many_cmd CMD "$1" "$PAR" "$2" "$3" ;;
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
    # wall from bash's microsecond clock (GNU time's %e has 10 ms steps: a peer's run may take 50 ms),
    # CPU and peak RSS from GNU time, as lib/measure.sh does for compare.sh
    t0=$EPOCHREALTIME
    /usr/bin/time -f "%U %S %M" -o "$WORK/time" "${CMD[@]}" >"$WORK/logs/$t-$r.log" 2>&1 \
      || die "$t run $r failed (see $WORK/logs/$t-$r.log)"
    wall="$(awk -v t0="$t0" -v t1="$EPOCHREALTIME" 'BEGIN { printf "%.3f", t1 - t0 }')"
    read -r user sys rss <"$WORK/time"
    why="$(check "$OUT" "$N")" || die "$t run $r: $why"
    rm -rf "$OUT"; OUT=""
    cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
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

# --- the report: medians, ratios, the chart ---------------------------------------------------------
med() { tr ' ' '\n' <<<"$1" | grep . | median; }
declare -A MW MC MU MR
for t in "${TOOLS[@]}"; do
  MW[$t]="$(med "${WALL[$t]}")"; MC[$t]="$(med "${CPU[$t]}")"; MR[$t]="$(med "${RSS[$t]}")"
  MU[$t]="$(awk -v c="${MC[$t]}" -v n="$N" 'BEGIN { printf "%.0f", c * 1e6 / n }')"
done
# best_peer MEASURE: "VALUE TOOL" of the peer with the lowest value of MEASURE (the name of an
# associative array: MW, MC, MR or SYS); nothing when no peer has one.
best_peer() {
  local -n m_=$1
  local p
  for p in "${PEER_TOOLS[@]}"; do [[ -n ${m_[$p]:-} ]] && echo "${m_[$p]} $p"; done | sort -g | head -1
}
# vs_best MEASURE TOOL: "1.23 (curl)", TOOL's value over the best peer's; "–" without one
vs_best() {
  local -n v_=$1
  local best
  best="$(best_peer "$1")"
  if [[ -z $best || -z ${v_[$2]:-} ]]; then echo "–"; return; fi
  awk -v v="${v_[$2]}" -v b="${best% *}" -v p="${best#* }" 'BEGIN { printf "%.2f (%s)", v / b, p }'
}
peer_desc() {
  local p d=""
  for p in "${PEER_TOOLS[@]}"; do
    many_cmd CMD "$p" "$PAR" OUT LIST.txt
    d+="${d:+; }$(peer_version "$p") as \`${CMD[*]}\`"
  done
  echo "$d"
}

fmt_wall() { awk -v w="$1" 'BEGIN { printf (w < 1 ? "%.3f" : "%.2f"), w }'; }   # 3 decimals under 1 s, as compare.sh

md="$RESULTS/percall-last.md"
png="$RESULTS/percall-last.png"
names="loomget, the JDK HttpClient floor"
(( ${#PEER_TOOLS[@]} )) && names+="$(printf ', %s' "${PEER_TOOLS[@]}")"
{
  echo "# Per-file cost: $names (bench/percall.sh)"
  echo
  echo "$stamp, label $LABEL, $(nproc) cores, load average $load_start at the start and $load_end at the end;"
  echo "$N × 16 KiB from nginx on 127.0.0.1 into /dev/shm, $PAR at a time; median of $RUNS interleaved runs;"
  if (( STRACE_N > 0 )); then
    echo "CPU = user + sys and peak RSS from GNU time; system calls: one run over $STRACE_N files under \`strace -f -c\`."
  else
    echo "CPU = user + sys and peak RSS from GNU time; no strace pass (STRACE_N=0)."
  fi
  (( ${#PEER_TOOLS[@]} )) && echo "Peers as bench/compare.sh's \"many\" rows run them: $(peer_desc)."
  echo
  echo "| tool | wall s | CPU s | CPU µs/file | syscalls/file | peak RSS MiB | wall / floor | CPU / floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for t in "${TOOLS[@]}"; do
    printf '| %s | %s | %.2f | %s | %s | %.0f | %.2f | %.2f |\n' "$t" "$(fmt_wall "${MW[$t]}")" "${MC[$t]}" "${MU[$t]}" \
      "${SYS[$t]:-–}" "${MR[$t]}" "$(echo "${MW[$t]} / ${MW[floor]}" | bc -l)" "$(echo "${MC[$t]} / ${MC[floor]}" | bc -l)"
  done
  if (( ${#PEER_TOOLS[@]} )); then
    echo
    echo "Against the best peer: loomget's value over the lowest of the peers' (named), per measure;"
    echo "below 1.00 loomget needs less. CPU µs/file goes with CPU s."
    echo
    echo "| ÷ best peer | wall | CPU | syscalls/file | peak RSS |"
    echo "|---|---:|---:|---:|---:|"
    for t in "${LOOMGETS[@]}"; do
      printf '| %s | %s | %s | %s | %s |\n' "$t" "$(vs_best MW "$t")" "$(vs_best MC "$t")" "$(vs_best SYS "$t")" "$(vs_best MR "$t")"
    done
  fi
  if (( STRACE_N > 0 )); then
    echo
    echo "System calls per file (those made at least once per ten files):"
    echo
    for t in "${TOOLS[@]}"; do echo "- $t: ${SYSTOP[$t]}"; done
  fi
  echo
  echo "![CPU µs, system calls and peak RSS per file and tool](percall-last.png)"
} >"$md"

# the chart: a bar per tool in each panel, coloured as compare.sh's (lib/report.sh)
dat="$WORK/chart.dat"
: >"$dat"
x=0
for t in "${TOOLS[@]}"; do
  case $t in floor) kind=2 ;; curl|aria2c) kind=0 ;; *) kind=1 ;; esac
  printf '%d\t%s\t%d\t%s\t%s\t%s\t%s\n' "$x" "$t" "$kind" "${MU[$t]}" "${SYS[$t]:--}" "${MR[$t]}" "${MW[$t]}" >>"$dat"
  x=$((x + 1))
done
# panel COLUMN FORMAT TITLE: bars of that column with their values above them
panel() {
  printf 'set title "%s"\n' "$3"
  printf 'plot "%s" using 1:%d:(kind_colour($3)):xtic(2) with boxes lc rgb variable, \\\n' "$dat" "$1"
  printf '     "" using 1:%d:(sprintf("%s", $%d)) with labels offset 0,0.8 font ",9"\n' "$1" "$2" "$1"
}
{
  echo "set terminal $(png_terminal 1200 900)"
  echo "set output \"$png\""
  printf '%s\n' 'set datafile separator "\t"'   # the \t is gnuplot's
  echo 'set datafile missing "-"'
  echo 'set style fill solid 0.85 border lc rgb "#333333"'
  echo 'set boxwidth 0.6'
  echo 'unset key'
  echo 'set grid ytics'
  echo "set xrange [-0.6:$x - 0.4]"
  echo 'set yrange [0:*]'
  echo 'set offsets 0, 0, graph 0.1, 0'
  echo 'set xtics nomirror scale 0'
  echo "$KIND_COLOUR"
  echo "set multiplot layout 2,2 title \"bench/percall.sh: $N × 16 KiB, $PAR at a time, median of $RUNS run(s); loomget red, floor grey, peers blue\" font \",12\""
  panel 4 '%.0f' "CPU µs per file, user + sys (lower is better)"
  if (( STRACE_N > 0 )); then panel 5 '%.1f' "system calls per file (strace -f -c over $STRACE_N files)"; fi
  panel 6 '%.0f' "peak RSS MiB"
  panel 7 '%.2f' "wall seconds for $N files"
  echo 'unset multiplot'
} >"$WORK/chart.gp"
gnuplot "$WORK/chart.gp" || die "gnuplot could not draw $png (script: $WORK/chart.gp)"
cat "$md"
log "wrote $md and $png"
