#!/usr/bin/env bash
# bench/compare.sh: loomget against curl, aria2c, axel and wget2 on identical work, served by a
# private nginx on 127.0.0.1. Every output is checked by sha256; wall and CPU seconds and peak RSS
# come from GNU time; the medians go to bench/results/compare-<mode>.{md,png}.
# big, many-* and latency also get a row "JDK HttpClient alone (floor)": bench/floor/HttpClientFloor.java,
# a minimal java.net.http downloader on loomget's JDK with the launcher's JVM options and its own AOT
# cache (compiled and trained once, untimed): what a JVM program using that client reaches at best.
#
# Usage: bench/compare.sh [quick|full] [case ...]
#   quick  1 run per tool (RUNS=n to change), big file 256 MiB; to check the script and get a feel
#   full   3 runs per tool, big file 1 GiB; the numbers to quote (about 10 minutes on 2 cores)
# Cases (default: all, in this order):
#   startup     one 16 KiB file: the fixed cost of a run (and `loomget --version` alone)
#   big         one 1 GiB file, no rate limit, to disk; ceiling = one curl connection to a file
#   capped      one 256 MiB file, nginx limit_rate 4m per connection, 16 connections;
#               ideal = size / (16 x 4 MiB/s)
#   many-disk   2,000 x 16 KiB files from a list, 64 at a time, to disk   ("many" = both many-*)
#   many-tmpfs  the same to tmpfs
#   latency     the same 2,000 files, +20 ms per request on the server, 256 at a time, to tmpfs
#   straggler   one 16 MiB file; requests that start at byte 0 crawl at 64 KiB/s
#   tls-big     one 512 MiB file over https, one connection each, to tmpfs ("tls" = all three tls-*)
#   tls-split   the same file over https, 4 connections (curl's one connection is the reference)
#   tls-many    2,000 x 16 KiB over https, 64 at a time, to tmpfs (handshakes, connection reuse)
#   The https server has a certificate from a CA made with openssl per invocation; every tool is told
#   to trust that CA (curl --cacert, aria2c/wget2/loomget --ca-certificate, the floor a trust store).
# Environment: RUNS=n  PORT=n (first port to try, default 18431)  BUDGET_MIN=n (cases that would
#   start after this many minutes are skipped; default 30 full, 15 quick)  RUN_TIMEOUT=s
#   LOOMGET=path (the launcher to measure; default ./loomget of this checkout)
#   NGINX_ACCESS_LOG=1 (log every request to bench/work/nginx/logs/access.log, for diagnosis)
#
# Needs Debian's nginx, libnginx-mod-http-echo, curl, aria2, axel, wget2, gnuplot-nox and time,
# and installs the missing ones with apt-get (as root, or through sudo). loomget itself is built
# by ./loomget (Maven and a JDK 25); the floor rows need that JDK's javac (skipped without).
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/nginx.sh
source "$BENCH/lib/nginx.sh"
# shellcheck source=lib/measure.sh
source "$BENCH/lib/measure.sh"
# shellcheck source=lib/report.sh
source "$BENCH/lib/report.sh"
# shellcheck source=lib/peers.sh
source "$BENCH/lib/peers.sh"

ALL_CASES=(startup big capped many-disk many-tmpfs latency straggler tls-big tls-split tls-many)

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

# --- arguments ------------------------------------------------------------------------------------
MODE=quick
if [[ $# -gt 0 && ( $1 == quick || $1 == full ) ]]; then MODE=$1; shift; fi
case ${1:-} in -h|--help) usage; exit 0 ;; esac
SELECTED=()
for c in "$@"; do
  case $c in
    many) SELECTED+=(many-disk many-tmpfs) ;;
    tls) SELECTED+=(tls-big tls-split tls-many) ;;
    startup|big|capped|many-disk|many-tmpfs|latency|straggler|tls-big|tls-split|tls-many) SELECTED+=("$c") ;;
    *) usage >&2; die "unknown case or mode '$c' (cases: ${ALL_CASES[*]} many tls)" ;;
  esac
done
SELECTED_CASES_ARG="${*:-}"
(( ${#SELECTED[@]} )) || SELECTED=("${ALL_CASES[@]}")
selected() { local c; for c in "${SELECTED[@]}"; do [[ $c == "$1" ]] && return 0; done; return 1; }

# --- parameters -----------------------------------------------------------------------------------
MiB=$((1024 * 1024))
if [[ $MODE == full ]]; then
  RUNS=${RUNS:-3}; BIG_BYTES=$((1024 * MiB)); BIG_LABEL="1 GiB"; RUN_TIMEOUT=${RUN_TIMEOUT:-180}
  BUDGET_MIN=${BUDGET_MIN:-30}
else
  RUNS=${RUNS:-1}; BIG_BYTES=$((256 * MiB)); BIG_LABEL="256 MiB [quick]"; RUN_TIMEOUT=${RUN_TIMEOUT:-90}
  BUDGET_MIN=${BUDGET_MIN:-15}
fi
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
CAPPED_BYTES=$((256 * MiB)); CAP_RATE=4m; CAP_BYTES_PER_S=$((4 * MiB)); CAPPED_CONNS=16
SMALL_COUNT=2000; SMALL_BYTES=16384
STRAGGLER_BYTES=$((16 * MiB)); CRAWL_RATE=64k
LATENCY_DELAY=0.02; LATENCY_PAR=256; MANY_PAR=64
STRAGGLER_TARGET_S=2
TLS_BIG_BYTES=$((512 * MiB)); TLS_SPLIT=4

WORK="$BENCH/work"
DATA="$WORK/data"
LOG_DIR="$WORK/logs/$MODE"
RESULTS="$BENCH/results"
DISK_OUT="$WORK/out"
RUNS_TSV="$WORK/runs-$MODE.tsv"
SUMMARY_TSV="$WORK/summary-$MODE.tsv"
TMPFS_ROOT="" TMPFS_MOUNTED="" TMPFS_OUT=""

# --- cleanup --------------------------------------------------------------------------------------
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  nginx_stop || true
  [[ -n "$DISK_OUT" ]] && rm -rf "$DISK_OUT"
  if [[ -n "$TMPFS_MOUNTED" ]]; then umount "$TMPFS_MOUNTED" 2>/dev/null || true; rmdir "$TMPFS_MOUNTED" 2>/dev/null || true
  elif [[ -n "$TMPFS_ROOT" ]]; then rm -rf "$TMPFS_ROOT"
  fi
  exit "$rc"
}
trap cleanup EXIT
set -E
trap 'rc=$?; printf "[%s] ERROR: command failed (status %s) at %s line %s: %s\n" "$(date +%H:%M:%S)" "$rc" "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" >&2' ERR
trap 'log "interrupted"; exit 130' INT TERM

# --- set-up ---------------------------------------------------------------------------------------
ensure_deps
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true     # as the JVM does for itself; fair to every tool
mkdir -p "$WORK" "$DATA" "$LOG_DIR" "$RESULTS" "$DISK_OUT"
rm -f "$LOG_DIR"/* "$RUNS_TSV"
: >"$RUNS_TSV"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"

[[ "$(stat -f -c %T "$DISK_OUT")" == tmpfs ]] && warn "$DISK_OUT is on tmpfs: the 'disk' cases will not touch a disk"
if [[ -d /dev/shm && -w /dev/shm && "$(stat -f -c %T /dev/shm)" == tmpfs ]]; then
  TMPFS_ROOT="$(mktemp -d /dev/shm/loomget-bench.XXXXXX)"
elif (( EUID == 0 )); then
  TMPFS_ROOT="$WORK/tmpfs"; mkdir -p "$TMPFS_ROOT"
  mount -t tmpfs -o size=512m loomget-bench "$TMPFS_ROOT" || die "cannot mount a tmpfs on $TMPFS_ROOT"
  TMPFS_MOUNTED=$TMPFS_ROOT
elif selected many-tmpfs || selected latency || selected tls-big || selected tls-split || selected tls-many; then
  die "no writable tmpfs (/dev/shm) and not root to mount one; run without many-tmpfs and latency"
fi
TMPFS_OUT="${TMPFS_ROOT:-none}"

log "loomget: checking the build (./loomget --version builds target/loomget.jar when needed)"
LOOMGET="${LOOMGET:-$ROOT/loomget}"
if ! ver_out="$("$LOOMGET" --version 2>&1)"; then
  # The launcher builds with -DskipTests, which still compiles the tests; a broken test must not
  # stop the benchmark of the main code, so try once more building the main code only.
  lg_dir="$(dirname "$(readlink -f "$LOOMGET")")"
  if grep -q 'COMPILATION ERROR' <<<"$ver_out" && have mvn && [[ -f "$lg_dir/pom.xml" ]] \
     && ! grep -q 'src/main/java' <<<"$(grep '^\[ERROR\] /' <<<"$ver_out")"; then
    warn "./loomget could not build (a test does not compile):"
    grep '^\[ERROR\] /' <<<"$ver_out" | sort -u | head -3 >&2
    warn "building the main code only: mvn -Dmaven.test.skip=true package"
    (cd "$lg_dir" && mvn -q -B -Dstyle.color=never -Dmaven.test.skip=true package >&2) || die "loomget does not build"
    ver_out="$("$LOOMGET" --version 2>&1)" || die "loomget does not run: $ver_out"
  else
    die "loomget does not run: $ver_out"
  fi
fi
LG_ROOT="$(cd "$(dirname "$(readlink -f "$LOOMGET")")" && pwd)"
LOOMGET_DESC="$(grep -m1 "^loomget [0-9]" <<<"$ver_out" || head -1 <<<"$ver_out"), commit $(git -C "$LG_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
[[ -n "$(git -C "$LG_ROOT" status --porcelain -- src pom.xml loomget 2>/dev/null)" ]] && LOOMGET_DESC+=" + uncommitted changes"
[[ "$LG_ROOT" != "$ROOT" ]] && LOOMGET_DESC+=" (from $LG_ROOT)"
JAVA_DESC="JVM options of the launcher (src/dist/jvm.options): $(launcher_jvm_opts "$(readlink -f "$LOOMGET")" | tr '\n' ' ' | sed 's/ $//')"
[[ -f "$LG_ROOT/target/loomget.aot" ]] && JAVA_DESC+=" (AOT cache present)"
PEER_VERSIONS="$(peer_version curl), $(peer_version aria2c), $(peer_version axel)"
have wget2 && PEER_VERSIONS+=", $(peer_version wget2)"

# --- test data (kept in bench/work/data between invocations) --------------------------------------

# gen_file NAME BYTES: pseudo-random bytes (AES-CTR keystream: fast, incompressible), + NAME.sha256
gen_file() {
  local f="$DATA/$1" bytes=$2
  if [[ -f "$f" && -f "$f.sha256" && "$(stat -c %s "$f")" == "$bytes" ]]; then return 0; fi
  log "generating $1 ($((bytes / MiB)) MiB)"
  rm -f "$f.sha256"
  if have openssl; then
    # openssl dies of SIGPIPE when head has enough: not an error
    { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:loomget-$1" -in /dev/zero 2>/dev/null || true; } \
      | head -c "$bytes" >"$f.tmp"
  else
    head -c "$bytes" /dev/urandom >"$f.tmp"
  fi
  [[ "$(stat -c %s "$f.tmp")" == "$bytes" ]] || die "could not generate $f"
  mv "$f.tmp" "$f"
  sha256_of "$f" >"$f.sha256"
}

gen_small_files() {
  local dir="$DATA/small"
  if [[ -f "$DATA/small.sha256" && "$(wc -l <"$DATA/small.sha256")" == "$SMALL_COUNT" ]]; then return 0; fi
  log "generating $SMALL_COUNT files of $SMALL_BYTES bytes"
  rm -rf "$dir"; mkdir -p "$dir"
  head -c $((SMALL_COUNT * SMALL_BYTES)) /dev/urandom | (cd "$dir" && split -b "$SMALL_BYTES" -a 4 -d --additional-suffix=.bin - f)
  (cd "$dir" && sha256sum -- *.bin) >"$DATA/small.sha256.tmp"
  mv "$DATA/small.sha256.tmp" "$DATA/small.sha256"
}

BIG_NAME="big-$((BIG_BYTES / MiB))M.bin"
CAPPED_NAME="capped-$((CAPPED_BYTES / MiB))M.bin"
STRAGGLER_NAME="straggler-$((STRAGGLER_BYTES / MiB))M.bin"
selected big       && gen_file "$BIG_NAME" "$BIG_BYTES"
selected capped    && gen_file "$CAPPED_NAME" "$CAPPED_BYTES"
selected straggler && gen_file "$STRAGGLER_NAME" "$STRAGGLER_BYTES"
TLS_BIG_NAME="tls-$((TLS_BIG_BYTES / MiB))M.bin"
if selected tls-big || selected tls-split; then gen_file "$TLS_BIG_NAME" "$TLS_BIG_BYTES"; fi
gen_small_files   # startup, many-*, latency
chmod -R a+rX "$DATA"

# --- a private CA for https (made per invocation: nothing to expire between runs) ---------------------
TLS="$WORK/tls"
make_ca() {
  rm -rf "$TLS"; mkdir -p "$TLS"
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$TLS/server.ext"
  { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/ca.key" -out "$TLS/ca.pem" \
      -days 2 -subj "/CN=loomget bench CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
    && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TLS/server.key" \
      -out "$TLS/server.csr" -subj "/CN=127.0.0.1" \
    && openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial \
      -out "$TLS/server.pem" -days 2 -extfile "$TLS/server.ext"; } >"$TLS/openssl.log" 2>&1 \
    || die "openssl could not make the bench CA (see $TLS/openssl.log)"
  chmod -R a+rX "$TLS"
}
make_ca

# --- nginx ----------------------------------------------------------------------------------------
PORT="$(free_port "${PORT:-18431}")" || die "no free port near ${PORT:-18431}"
TLS_PORT="$(free_port $((PORT + 1)))" || die "no free port near $((PORT + 1))"
nginx_start "$WORK/nginx" "$DATA" "$PORT" "$TLS_PORT" "$TLS/server.pem" "$TLS/server.key"
BASE="http://127.0.0.1:$PORT"
TLS_BASE="https://127.0.0.1:$TLS_PORT"
curl -q -sS --fail --cacert "$TLS/ca.pem" -o /dev/null "$TLS_BASE/files/small/f0000.bin" \
  || die "nginx does not serve $TLS_BASE/files/small/f0000.bin (see $WORK/nginx/logs/error.log)"
# a request through each location, so that a broken config fails here and not in every run
for path in "files/small/f0000.bin" "slow/small/f0000.bin"; do
  curl -q -sS --fail -o /dev/null "$BASE/$path" || die "nginx does not serve $BASE/$path (see $WORK/nginx/logs/error.log)"
done

# URL lists: one URL a line for loomget, aria2c and wget2; url/output pairs for curl -K (lib/peers.sh)
mkdir -p "$WORK/lists"
make_lists() { # make_lists NAME URL_PREFIX
  local name=$1 prefix=$2
  awk -v p="$prefix" '{ print p $2 }' "$DATA/small.sha256" >"$WORK/lists/$name.txt"
  curl_config "$WORK/lists/$name.txt"
}
make_lists many "$BASE/files/small/"
make_lists latency "$BASE/slow/small/"
make_lists tls "$TLS_BASE/files/small/"
ONE_SMALL="$(awk 'NR == 1 { print $2 }' "$DATA/small.sha256")"
grep "  $ONE_SMALL\$" "$DATA/small.sha256" | sed 's/  .*//' >"$WORK/one-small.sha"

# --- the floor: the JDK HttpClient alone (compiled, packed and AOT-trained once, untimed) -----------
FLOOR=()        # the command without its arguments (PARALLEL OUTDIR URL...); empty: no floor rows
FLOOR_TLS=()    # the same, trusting the bench CA
FLOOR_DESC=""   # for the report
floor_setup() {
  local dir="$WORK/floor" log="$LOG_DIR/floor-setup.log" jdk opts o bad
  local -a jvm=()
  jdk="$(find_jdk 25)" || { warn "no JDK 25 or newer (JAVA_HOME, java on PATH, /usr/lib/jvm/*): no floor rows"; return 0; }
  [[ -x "$jdk/bin/javac" && -x "$jdk/bin/jar" ]] || { warn "$jdk has no javac or jar: no floor rows"; return 0; }
  # The launcher's own JVM options, so that both run alike; --enable-preview is for loomget only.
  opts="$(launcher_jvm_opts "$(readlink -f "$LOOMGET")")" \
    || { warn "cannot read the JVM options of $LOOMGET (src/dist/jvm.options): no floor rows"; return 0; }
  while read -r o; do [[ $o == --enable-preview ]] || jvm+=("$o"); done <<<"$opts"
  log "floor: compiling bench/floor/HttpClientFloor.java with $jdk and training its AOT cache"
  rm -rf "$dir"
  mkdir -p "$dir/classes" "$dir/train"
  # a jar, not the class directory: an AOT cache cannot be made with a non-empty directory in the class path
  if ! { "$jdk/bin/javac" -Xlint:all -Werror -d "$dir/classes" "$BENCH/floor/HttpClientFloor.java" \
         && "$jdk/bin/jar" --create --file "$dir/floor.jar" -C "$dir/classes" .; } >"$log" 2>&1; then
    warn "floor: javac or jar failed (see $log): no floor rows"; return 0
  fi
  # Trained with C1 alone, as loomget's cache is (src/dist/train-aot.sh says why).
  if ! timeout -k 5 "$RUN_TIMEOUT" "$jdk/bin/java" "${jvm[@]}" -XX:AOTCacheOutput="$dir/floor.aot" -XX:TieredStopAtLevel=1 \
         -cp "$dir/floor.jar" HttpClientFloor "$MANY_PAR" "$dir/train" -i "$WORK/lists/many.txt" >>"$log" 2>&1 \
     || [[ ! -s "$dir/floor.aot" ]]; then
    warn "floor: the training run failed (see $log): no floor rows"; return 0
  fi
  if ! bad="$(verify_manifest "$dir/train" "$DATA/small.sha256")"; then
    warn "floor: the training run wrote wrong files ($bad): no floor rows"; return 0
  fi
  rm -rf "$dir/train"
  FLOOR=("$jdk/bin/java" "${jvm[@]}" -XX:AOTCache="$dir/floor.aot" -Xlog:aot=off -Xlog:cds=off
         -cp "$dir/floor.jar" HttpClientFloor)
  # https: the bench CA in a PKCS12 trust store (keytool marks it a trust anchor; openssl's pkcs12 would not)
  if "$jdk/bin/keytool" -importcert -noprompt -alias bench-ca -file "$TLS/ca.pem" -keystore "$TLS/trust.p12" \
       -storetype PKCS12 -storepass changeit >>"$log" 2>&1; then
    FLOOR_TLS=("$jdk/bin/java" "${jvm[@]}" -XX:AOTCache="$dir/floor.aot" -Xlog:aot=off -Xlog:cds=off
               -Djavax.net.ssl.trustStore="$TLS/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit
               -cp "$dir/floor.jar" HttpClientFloor)
  else
    warn "floor: keytool could not make a trust store (see $log): no floor rows for https"
  fi
  FLOOR_DESC="\`bench/floor/HttpClientFloor.java\` (one HttpClient, HTTP/1.1, virtual threads, BodyHandlers.ofFile;"
  FLOOR_DESC+=" no ranges, part files, renames or retries) on $(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"/\1/p' "$jdk/release" 2>/dev/null | grep . || echo "$jdk"),"
  FLOOR_DESC+=" with the launcher's JVM options except --enable-preview and an AOT cache of its own"
}
if selected big || selected many-disk || selected many-tmpfs || selected latency \
   || selected tls-big || selected tls-split || selected tls-many; then floor_setup; fi

# --- the cases --------------------------------------------------------------------------------------
q() { printf '%q ' "$@"; }   # quotes a verify command for tool_add
# the peers' common options (ARIA, CURL, WGET2) and their "many" command lines are in lib/peers.sh
LG=("$LOOMGET" -q --overwrite)

if selected startup; then
  out="$DISK_OUT/startup" url="$BASE/files/small/$ONE_SMALL" sha="$(cat "$WORK/one-small.sha")"
  v="$(q verify_single "$out" "$ONE_SMALL" "$sha")"
  case_begin startup "startup: one 16 KiB file" tool "curl" "reference = curl on the same file (the fixed cost of one run, no parallelism)"
  tool_add startup "curl" "$out" "$v" -- "${CURL[@]}" -o "$out/$ONE_SMALL" "$url"
  tool_add startup "aria2c" "$out" "$v" -- "${ARIA[@]}" -d "$out" "$url"
  have wget2 && tool_add startup "wget2" "$out" "$v" -- "${WGET2[@]}" -P "$out" "$url"
  tool_add startup "loomget" "$out" "$v" -- "${LG[@]}" -d "$out" "$url"
  tool_add startup "loomget --version (JVM only)" "" "verify_none" -- "$LOOMGET" --version
fi

if selected big; then
  out="$DISK_OUT/big" url="$BASE/files/$BIG_NAME"
  v="$(q verify_single "$out" "$BIG_NAME" "$(cat "$DATA/$BIG_NAME.sha256")")"
  case_begin big "big: $BIG_LABEL → disk" tool "curl, 1 conn (ceiling)" "ceiling = one curl connection writing the file"
  tool_add big "curl, 1 conn (ceiling)" "$out" "$v" -- "${CURL[@]}" -o "$out/$BIG_NAME" "$url"
  tool_add big "aria2c -x16 -s16 -k1M" "$out" "$v" -- "${ARIA[@]}" -x16 -s16 -k1M -d "$out" -o "$BIG_NAME" "$url"
  tool_add big "axel -n16" "$out" "$v" -- axel -q -n 16 -o "$out/$BIG_NAME" "$url"
  have wget2 && tool_add big "wget2 --chunk-size=64M --max-threads=16" "$out" "$v" -- \
    "${WGET2[@]}" --chunk-size=64M --max-threads=16 -P "$out" "$url"
  if (( ${#FLOOR[@]} )); then
    tool_add big "JDK HttpClient alone, 1 conn (floor)" "$out" "$v" -- "${FLOOR[@]}" 1 "$out" "$url"
  fi
  tool_add big "loomget (defaults)" "$out" "$v" -- "${LG[@]}" -d "$out" "$url"
fi

if selected capped; then
  out="$DISK_OUT/capped" url="$BASE/capped/$CAPPED_NAME"
  v="$(q verify_single "$out" "$CAPPED_NAME" "$(cat "$DATA/$CAPPED_NAME.sha256")")"
  ideal="$(awk -v b="$CAPPED_BYTES" -v r="$CAP_BYTES_PER_S" -v n="$CAPPED_CONNS" 'BEGIN { printf "%.3f", b / (n * r) }')"
  case_begin capped "capped: $((CAPPED_BYTES / MiB)) MiB, limit_rate $CAP_RATE per conn → disk" value "$ideal" \
    "ideal = size / ($CAPPED_CONNS × 4 MiB/s); nginx lets ~1 s of burst through per request, so a tool that opens new requests can beat it (wget2 skipped: ~56 s in anchors.md)"
  tool_add capped "aria2c -x16 -s16 -k1M" "$out" "$v" -- "${ARIA[@]}" -x16 -s16 -k1M -d "$out" -o "$CAPPED_NAME" "$url"
  tool_add capped "axel -n16" "$out" "$v" -- axel -q -n 16 -o "$out/$CAPPED_NAME" "$url"
  tool_add capped "loomget -x16 -s16 -k1M" "$out" "$v" -- "${LG[@]}" -x16 -s16 -k1M -d "$out" "$url"
fi

# many_tools CASE OUT LIST PARALLELISM
many_tools() {
  local case=$1 out=$2 list=$3 par=$4 v
  local -a cmd
  v="$(q verify_manifest "$out" "$DATA/small.sha256")"
  many_cmd cmd curl "$par" "$out" "$WORK/lists/$list.txt"
  tool_add "$case" "curl -Z --parallel-max $par" "$out" "$v" -- "${cmd[@]}"
  many_cmd cmd aria2c "$par" "$out" "$WORK/lists/$list.txt"
  tool_add "$case" "aria2c -j$par" "$out" "$v" -- "${cmd[@]}"
  if have wget2; then
    many_cmd cmd wget2 "$par" "$out" "$WORK/lists/$list.txt"
    tool_add "$case" "wget2 --max-threads=$par" "$out" "$v" -- "${cmd[@]}"
  fi
  if (( ${#FLOOR[@]} )); then
    tool_add "$case" "JDK HttpClient alone (floor)" "$out" "$v" -- "${FLOOR[@]}" "$par" "$out" -i "$WORK/lists/$list.txt"
  fi
  tool_add "$case" "loomget -j$par" "$out" "$v" -- "${LG[@]}" -j"$par" -i "$WORK/lists/$list.txt" -d "$out"
}
if selected many-disk; then
  case_begin many-disk "many: 2,000 × 16 KiB, $MANY_PAR at a time → disk" tool "curl -Z --parallel-max $MANY_PAR" \
    "reference = curl --parallel (the best peer in anchors.md; issue 4's target is ≤ its time)"
  many_tools many-disk "$DISK_OUT/many" many "$MANY_PAR"
fi
if selected many-tmpfs; then
  case_begin many-tmpfs "many: 2,000 × 16 KiB, $MANY_PAR at a time → tmpfs" tool "curl -Z --parallel-max $MANY_PAR" \
    "reference = curl --parallel (the best peer in anchors.md; issue 4's target is ≤ its time)"
  many_tools many-tmpfs "$TMPFS_ROOT/many" many "$MANY_PAR"
fi
if selected latency; then
  ideal="$(awk -v n="$SMALL_COUNT" -v p="$LATENCY_PAR" -v d="$LATENCY_DELAY" 'BEGIN { r = int((n + p - 1) / p); printf "%.3f", r * d }')"
  case_begin latency "latency: 2,000 × 16 KiB, +20 ms/request, $LATENCY_PAR at a time → tmpfs" value "$ideal" \
    "ideal = ⌈2000 / $LATENCY_PAR⌉ rounds × 20 ms, one request per file, transfer time ignored"
  many_tools latency "$TMPFS_ROOT/latency" latency "$LATENCY_PAR"
fi

if selected straggler; then
  out="$DISK_OUT/straggler" url="$BASE/crawl/$STRAGGLER_NAME"
  v="$(q verify_single "$out" "$STRAGGLER_NAME" "$(cat "$DATA/$STRAGGLER_NAME.sha256")")"
  case_begin straggler "straggler: $((STRAGGLER_BYTES / MiB)) MiB, a range from byte 0 crawls at $CRAWL_RATE/s → disk" \
    value "$STRAGGLER_TARGET_S" \
    "reference = issue 4's target of 2 s (curl alone would need ~4 min; aria2 ~10 s in anchors.md)"
  tool_add straggler "aria2c -x8 -s8 -k1M" "$out" "$v" -- "${ARIA[@]}" -x8 -s8 -k1M -d "$out" -o "$STRAGGLER_NAME" "$url"
  tool_add straggler "axel -n8" "$out" "$v" -- axel -q -n 8 -o "$out/$STRAGGLER_NAME" "$url"
  tool_add straggler "loomget -x8 -k1M" "$out" "$v" -- "${LG[@]}" -x8 -k1M -d "$out" "$url"
fi

if selected tls-big || selected tls-split; then
  url="$TLS_BASE/files/$TLS_BIG_NAME"
  for c in tls-big tls-split; do
    selected "$c" || continue
    out="$TMPFS_ROOT/$c"
    v="$(q verify_single "$out" "$TLS_BIG_NAME" "$(cat "$DATA/$TLS_BIG_NAME.sha256")")"
    if [[ $c == tls-big ]]; then
      case_begin tls-big "tls-big: $((TLS_BIG_BYTES / MiB)) MiB over https, one connection → tmpfs" tool "curl" \
        "reference = curl, one connection, trusting the bench CA with --cacert"
    else
      case_begin tls-split "tls-split: $((TLS_BIG_BYTES / MiB)) MiB over https, $TLS_SPLIT connections → tmpfs" tool "curl" \
        "reference = curl's one connection (it cannot split); the floor row is one connection too"
    fi
    tool_add "$c" "curl" "$out" "$v" -- "${CURL[@]}" --cacert "$TLS/ca.pem" -o "$out/$TLS_BIG_NAME" "$url"
    if [[ $c == tls-big ]]; then
      tool_add "$c" "aria2c -x1" "$out" "$v" -- "${ARIA[@]}" --ca-certificate="$TLS/ca.pem" -x1 -s1 -d "$out" -o "$TLS_BIG_NAME" "$url"
      have wget2 && tool_add "$c" "wget2" "$out" "$v" -- "${WGET2[@]}" --ca-certificate="$TLS/ca.pem" -P "$out" "$url"
      (( ${#FLOOR_TLS[@]} )) && tool_add "$c" "JDK HttpClient alone, 1 conn (floor)" "$out" "$v" -- "${FLOOR_TLS[@]}" 1 "$out" "$url"
      tool_add "$c" "loomget -x1" "$out" "$v" -- "${LG[@]}" --ca-certificate "$TLS/ca.pem" -x1 -d "$out" "$url"
    else
      tool_add "$c" "aria2c -x$TLS_SPLIT -s$TLS_SPLIT -k1M" "$out" "$v" -- "${ARIA[@]}" --ca-certificate="$TLS/ca.pem" \
        -x"$TLS_SPLIT" -s"$TLS_SPLIT" -k1M -d "$out" -o "$TLS_BIG_NAME" "$url"
      (( ${#FLOOR_TLS[@]} )) && tool_add "$c" "JDK HttpClient alone, 1 conn (floor)" "$out" "$v" -- "${FLOOR_TLS[@]}" 1 "$out" "$url"
      tool_add "$c" "loomget -x$TLS_SPLIT" "$out" "$v" -- "${LG[@]}" --ca-certificate "$TLS/ca.pem" -x"$TLS_SPLIT" -d "$out" "$url"
    fi
  done
fi
if selected tls-many; then
  out="$TMPFS_ROOT/tls-many"
  v="$(q verify_manifest "$out" "$DATA/small.sha256")"
  case_begin tls-many "tls-many: 2,000 × 16 KiB over https, $MANY_PAR at a time → tmpfs" tool "curl -Z --parallel-max $MANY_PAR" \
    "reference = curl --parallel, trusting the bench CA with --cacert"
  many_cmd cmd curl "$MANY_PAR" "$out" "$WORK/lists/tls.txt" --cacert "$TLS/ca.pem"
  tool_add tls-many "curl -Z --parallel-max $MANY_PAR" "$out" "$v" -- "${cmd[@]}"
  many_cmd cmd aria2c "$MANY_PAR" "$out" "$WORK/lists/tls.txt" --ca-certificate="$TLS/ca.pem"
  tool_add tls-many "aria2c -j$MANY_PAR" "$out" "$v" -- "${cmd[@]}"
  if have wget2; then
    many_cmd cmd wget2 "$MANY_PAR" "$out" "$WORK/lists/tls.txt" --ca-certificate="$TLS/ca.pem"
    tool_add tls-many "wget2 --max-threads=$MANY_PAR" "$out" "$v" -- "${cmd[@]}"
  fi
  (( ${#FLOOR_TLS[@]} )) && tool_add tls-many "JDK HttpClient alone (floor)" "$out" "$v" -- \
    "${FLOOR_TLS[@]}" "$MANY_PAR" "$out" -i "$WORK/lists/tls.txt"
  tool_add tls-many "loomget -j$MANY_PAR" "$out" "$v" -- "${LG[@]}" --ca-certificate "$TLS/ca.pem" -j"$MANY_PAR" \
    -i "$WORK/lists/tls.txt" -d "$out"
fi

# --- run --------------------------------------------------------------------------------------------
declare -A EST_PER_ROUND=([startup]=4 [big]=$(( BIG_BYTES / MiB / 30 + 6 )) [capped]=16 [many-disk]=50 \
                          [many-tmpfs]=6 [latency]=6 [straggler]=50 [tls-big]=40 [tls-split]=30 [tls-many]=15)
if (( ${#FLOOR[@]} )); then   # the floor row: one JVM run more per round
  EST_PER_ROUND[big]=$(( EST_PER_ROUND[big] + BIG_BYTES / MiB / 250 + 1 ))
  EST_PER_ROUND[many-disk]=$(( EST_PER_ROUND[many-disk] + 5 ))
  EST_PER_ROUND[many-tmpfs]=$(( EST_PER_ROUND[many-tmpfs] + 1 ))
  EST_PER_ROUND[latency]=$(( EST_PER_ROUND[latency] + 1 ))
fi
estimate=10
for c in "${CASES[@]}"; do estimate=$(( estimate + EST_PER_ROUND[$c] * RUNS )); done
log "mode $MODE: cases ${CASES[*]}; $RUNS run(s) per tool; run timeout ${RUN_TIMEOUT}s"
log "time budget: about $(fmt_duration "$estimate") expected, cases that would start after ${BUDGET_MIN}m are skipped"

skipped=()
for c in "${CASES[@]}"; do
  if (( SECONDS > BUDGET_MIN * 60 )); then skipped+=("$c"); continue; fi
  ready_launcher "$LOOMGET"   # untimed: rebuilds and the start-up caches' training happen here
  case_start=$SECONDS
  run_case "$c"
  log "case $c done in $(fmt_duration $((SECONDS - case_start))); elapsed $(fmt_duration "$SECONDS") of ~$(fmt_duration "$estimate")"
done
(( ${#skipped[@]} )) && warn "over the ${BUDGET_MIN}-minute budget: skipped ${skipped[*]}"

# --- report -----------------------------------------------------------------------------------------
summarize >"$SUMMARY_TSV"
cp "$RUNS_TSV" "$RESULTS/compare-$MODE-runs.tsv"
write_markdown "$RESULTS/compare-$MODE.md" "compare-$MODE.png" "$SECONDS"
write_chart "$RESULTS/compare-$MODE.png"
log "wrote $RESULTS/compare-$MODE.md and compare-$MODE.png"
echo
sed -n '/^| case/,/^$/p' "$RESULTS/compare-$MODE.md"
fails=$(awk -F'\t' '$4 == "fail"' "$RUNS_TSV" | wc -l)
log "total $(fmt_duration "$SECONDS") (expected ~$(fmt_duration "$estimate")); $fails failed run(s)"
