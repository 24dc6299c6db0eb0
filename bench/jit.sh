#!/usr/bin/env bash
# bench/jit.sh: loomget's JVM options side by side (JIT policy, AOT cache, memory): CPU seconds, wall
# seconds and peak RSS of each variant on the same work, runs interleaved (run 1 of every variant,
# then run 2, ...) so that the load of a shared machine spreads over all of them.
#
# Usage: bench/jit.sh [NAME='JVM OPTIONS' ...]
#   Every variant runs `java <src/dist/jvm.options> <its options> -XX:AOTCache=<its own cache> -jar
#   target/loomget.jar ...`; its caches are trained first, untimed, by src/dist/train-aot.sh with the
#   same options (as the launcher does: a plain one, and one trained with --tls for the https cases).
#   The variant named "launcher" (always run) adds nothing.
#   e.g. bench/jit.sh c1='-XX:TieredStopAtLevel=1'
#   A variant whose options name an -XX:AOTCache= of its own is not trained (e.g. a cache trained on
#   other work, to compare trainings).
# Cases (CASES='...' to choose; default all):
#   version   loomget --version (start-up)
#   many2k    2,000 x 16 KiB, plain http, -j64 -x1, to tmpfs
#   many20k   20,000 x 16 KiB, the same
#   tls512    512 MiB over https, one connection (-x1), to tmpfs
#   tls256x8  256 MiB over https, -x8 (the default), to tmpfs
#   tls2k     2,000 x 16 KiB over https, -j64 -x1, to tmpfs: handshakes and connection reuse
#   big512x8  512 MiB over plain http, -x8 (the default), to tmpfs: hundreds of window requests
# Environment: RUNS=n (default 3)  PORT=n (default 18631)
# Writes results/jit-runs.tsv (every run) and results/jit-medians.md (medians per case and variant).
# Needs nginx, openssl, GNU time, a JDK 25 (the launcher's) and /dev/shm.
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

RUNS="${RUNS:-3}"
CASES=(${CASES:-version many2k many20k tls512 tls256x8 tls2k big512x8})
WORK="$BENCH/work/jit"
RESULTS="$BENCH/results"
NGINX_PID=""
OUT=""
trap stop_nginx_and_scratch EXIT

names=(launcher)
declare -A extra=([launcher]="")
for v in "$@"; do
  [[ $v == *=* ]] || die "a variant is NAME='JVM OPTIONS', not '$v'"
  names+=("${v%%=*}"); extra[${v%%=*}]="${v#*=}"
done

bin="$(nginx_bin)" || die "nginx is not installed"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is not installed"
have openssl || die "openssl is not installed"
jdk="$(find_jdk 25)" || die "no JDK 25"
java="$jdk/bin/java"
jar="$ROOT/target/loomget.jar"
ready_launcher "$ROOT/loomget"
mapfile -t base < <(launcher_jvm_opts "$ROOT/loomget") || die "cannot read src/dist/jvm.options"

# --- data, certificate and server -----------------------------------------------------------------
mkdir -p "$WORK/data" "$WORK/tls" "$WORK/nginx/logs" "$WORK/nginx/tmp" "$RESULTS"
[[ -s "$WORK/data/small.bin" ]] || head -c 16384 /dev/urandom >"$WORK/data/small.bin"
if [[ ! -s "$WORK/data/big512.bin" ]]; then
  { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass pass:loomget-jit -in /dev/zero 2>/dev/null || true; } \
    | head -c $((512 << 20)) >"$WORK/data/big512.bin"
  head -c $((256 << 20)) "$WORK/data/big512.bin" >"$WORK/data/big256.bin"
fi
tls="$WORK/tls"
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$tls/server.ext"
{ openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls/ca.key" -out "$tls/ca.pem" \
    -days 2 -subj /CN=loomget-jit-ca -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
  && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls/server.key" -out "$tls/server.csr" \
    -subj /CN=127.0.0.1 \
  && openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
    -out "$tls/server.pem" -days 2 -extfile "$tls/server.ext"; } >"$tls/openssl.log" 2>&1 || die "openssl failed ($tls/openssl.log)"

PORT="$(free_port "${PORT:-18631}")" || die "no free port"
TLS_PORT="$(free_port $((PORT + 1)))" || die "no free port"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon on;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 8192; }
http {
    access_log off; types { } default_type application/octet-stream;
    sendfile on; tcp_nopush on; tcp_nodelay on; keepalive_timeout 65; keepalive_requests 1000000;
    client_body_temp_path $WORK/nginx/tmp/cb; proxy_temp_path $WORK/nginx/tmp/p;
    fastcgi_temp_path $WORK/nginx/tmp/f; uwsgi_temp_path $WORK/nginx/tmp/u; scgi_temp_path $WORK/nginx/tmp/s;
    # /small/ANY is the same 16 KiB file under any name
    server {
        listen 127.0.0.1:$PORT backlog=4096;
        location /small/ { root $WORK/data; try_files /small.bin =404; }
        location /files/ { alias $WORK/data/; }
    }
    server {
        listen 127.0.0.1:$TLS_PORT ssl backlog=4096;
        ssl_certificate $tls/server.pem; ssl_certificate_key $tls/server.key;
        location /small/ { root $WORK/data; try_files /small.bin =404; }
        location /files/ { alias $WORK/data/; }
    }
}
CONF
start_own_nginx "$bin" "$WORK/nginx"
curl -q -sS --fail -o /dev/null --cacert "$tls/ca.pem" "https://127.0.0.1:$TLS_PORT/files/big256.bin" \
  || die "nginx does not answer over https"
seq -f "http://127.0.0.1:$PORT/small/f%05g.bin" 1 2000 >"$WORK/list2k.txt"
seq -f "http://127.0.0.1:$PORT/small/f%05g.bin" 1 20000 >"$WORK/list20k.txt"
seq -f "https://127.0.0.1:$TLS_PORT/small/f%05g.bin" 1 2000 >"$WORK/listtls2k.txt"
sum512="$(sha256sum <"$WORK/data/big512.bin" | cut -d' ' -f1)"
sum256="$(sha256sum <"$WORK/data/big256.bin" | cut -d' ' -f1)"

# --- each variant's AOT cache, trained as the launcher trains -----------------------------------
for n in "${names[@]}"; do
  read -ra opts <<<"${extra[$n]}"
  [[ ${extra[$n]} == *-XX:AOTCache=* ]] && { log "variant $n brings its own AOT cache"; continue; }
  log "training the AOT caches of variant $n (${extra[$n]:-no extra options})"
  "$ROOT/src/dist/train-aot.sh" "$WORK/$n.aot" "$java" "${base[@]}" "${opts[@]}" -jar "$jar" \
    || die "training failed for variant $n"
  # and, as the launcher has, a second one for the https cases
  "$ROOT/src/dist/train-aot.sh" --tls "$WORK/$n-tls.aot" "$java" "${base[@]}" "${opts[@]}" -jar "$jar" \
    || die "https training failed for variant $n"
done

# --- runs -----------------------------------------------------------------------------------------
# case_args CASE: loomget's arguments; case_check CASE DIR: 0 when the output is complete and right
case_args() {
  case $1 in
    version) echo "--version" ;;
    many2k) echo "-q -j64 -x1 -i $WORK/list2k.txt" ;;
    many20k) echo "-q -j64 -x1 -i $WORK/list20k.txt" ;;
    tls512) echo "-q -x1 --ca-certificate=$tls/ca.pem https://127.0.0.1:$TLS_PORT/files/big512.bin" ;;
    tls256x8) echo "-q -x8 --ca-certificate=$tls/ca.pem https://127.0.0.1:$TLS_PORT/files/big256.bin" ;;
    tls2k) echo "-q -j64 -x1 --ca-certificate=$tls/ca.pem -i $WORK/listtls2k.txt" ;;
    big512x8) echo "-q -x8 http://127.0.0.1:$PORT/files/big512.bin" ;;
    *) die "unknown case $1" ;;
  esac
}
case_check() {
  case $1 in
    version) return 0 ;;
    many2k | tls2k) [[ "$(find "$2" -type f -size 16k | wc -l)" == 2000 ]] ;;
    many20k) [[ "$(find "$2" -type f -size 16k | wc -l)" == 20000 ]] ;;
    tls512) [[ "$(sha256sum <"$2/big512.bin" | cut -d' ' -f1)" == "$sum512" ]] ;;
    tls256x8) [[ "$(sha256sum <"$2/big256.bin" | cut -d' ' -f1)" == "$sum256" ]] ;;
    big512x8) [[ "$(sha256sum <"$2/big512.bin" | cut -d' ' -f1)" == "$sum512" ]] ;;
  esac
}

tsv="$RESULTS/jit-runs.tsv"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'run\tcase\tvariant\texit\tok\twall_s\tcpu_s\tpeak_rss_kib\tload1\n' >"$tsv"
for run in $(seq "$RUNS"); do
  for c in "${CASES[@]}"; do
    for n in "${names[@]}"; do
      read -ra opts <<<"${extra[$n]}"
      read -ra args <<<"$(case_args "$c")"
      OUT="$(mktemp -d /dev/shm/loomget-jit.XXXXXX)"
      rc=0
      cache="$WORK/$n.aot"
      [[ $c == tls* && -f "$WORK/$n-tls.aot" ]] && cache="$WORK/$n-tls.aot"
      /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$java" "${base[@]}" -XX:AOTCache="$cache" \
        "${opts[@]}" -Xlog:aot=off -Xlog:cds=off -Dloomget.stdout.tty=false -jar "$jar" "${args[@]}" -d "$OUT" >"$WORK/last.log" 2>&1 || rc=$?
      ok=no
      ((rc == 0)) && case_check "$c" "$OUT" && ok=yes
      read -r wall user sys rss <"$WORK/time"
      load1="$(cut -d' ' -f1 /proc/loadavg)"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$c" "$n" "$rc" "$ok" "$wall" \
        "$(echo "$user + $sys" | bc)" "$rss" "$load1" | tee -a "$tsv" >&2
      rm -rf "$OUT"; OUT=""
    done
  done
done

# --- medians --------------------------------------------------------------------------------------
md="$RESULTS/jit-medians.md"
{
  echo "# bench/jit.sh: medians per case and variant"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load average $load_start at the start and"
  echo "$(cut -d' ' -f1-3 /proc/loadavg) at the end; $RUNS run(s) each, interleaved; loomget commit"
  echo "$(git -C "$ROOT" rev-parse --short HEAD); JVM options: src/dist/jvm.options plus the variant's; every"
  echo "variant with AOT caches trained by src/dist/train-aot.sh with its own options (the https cases use"
  echo "the one trained with --tls, as the launcher does)."
  echo
  for n in "${names[@]}"; do echo "- **$n**: \`${extra[$n]:-(src/dist/jvm.options as they are)}\`"; done
  echo
  echo "| case | variant | runs ok | median CPU s | median wall s | median peak RSS MiB | CPU × launcher |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for c in "${CASES[@]}"; do
    ref=""
    for n in "${names[@]}"; do
      rows="$(awk -F'\t' -v c="$c" -v n="$n" '$2 == c && $3 == n && $5 == "yes"' "$tsv")"
      okn="$(grep -c . <<<"$rows" || true)"
      [[ -z $rows ]] && { echo "| $c | $n | 0/$RUNS | – | – | – | – |"; continue; }
      cpu="$(cut -f7 <<<"$rows" | median)"; wall="$(cut -f6 <<<"$rows" | median)"
      rss="$(cut -f8 <<<"$rows" | median)"
      [[ $n == launcher ]] && ref=$cpu
      ratio="–"; [[ -n $ref ]] && ratio="$(printf '%.2f' "$(echo "$cpu / $ref" | bc -l)")"
      printf '| %s | %s | %s/%s | %.2f | %.2f | %.0f | %s |\n' "$c" "$n" "$okn" "$RUNS" "$cpu" "$wall" \
        "$(echo "$rss / 1024" | bc -l)" "$ratio"
    done
  done
} >"$md"
cat "$md"
log "runs: $tsv; medians: $md"
