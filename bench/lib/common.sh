# shellcheck shell=bash
# Shared helpers for bench/compare.sh: logging, dependency installation, small utilities.

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

# Seconds as "3m07s" (or "42s").
fmt_duration() {
  local s=${1%.*}
  if (( s >= 60 )); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if (( EUID == 0 )); then "$@"
  elif have sudo; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

# The nginx binary (Debian puts it in /usr/sbin, which a normal user's PATH may lack).
nginx_bin() {
  if have nginx; then command -v nginx
  elif [[ -x /usr/sbin/nginx ]]; then echo /usr/sbin/nginx
  else return 1
  fi
}

# Path of the echo module, or empty when nginx has it built in; fails when it is missing.
echo_module_path() {
  local m
  for m in /usr/lib/nginx/modules/ngx_http_echo_module.so /usr/share/nginx/modules/ngx_http_echo_module.so; do
    [[ -f "$m" ]] && { echo "$m"; return 0; }
  done
  local bin; bin="$(nginx_bin)" || return 1
  "$bin" -V 2>&1 | grep -q 'echo-nginx-module' && return 0
  return 1
}

# Installs missing Debian packages for the benchmark (apt-get, as root or via sudo).
ensure_deps() {
  local missing=()
  nginx_bin >/dev/null                || missing+=(nginx)
  echo_module_path >/dev/null         || missing+=(libnginx-mod-http-echo)
  have curl                           || missing+=(curl)
  have aria2c                         || missing+=(aria2)
  have axel                           || missing+=(axel)
  have wget2                          || missing+=(wget2)
  have gnuplot                        || missing+=(gnuplot-nox)
  [[ -x /usr/bin/time ]]              || missing+=(time)
  have openssl                        || missing+=(openssl)
  have timeout && have sha256sum      || missing+=(coreutils)
  if [[ ! -f "$ROOT/target/loomget.jar" ]] && ! have mvn; then missing+=(maven); fi
  if (( ${#missing[@]} )); then
    have apt-get || die "missing ${missing[*]} and no apt-get to install them; install them by hand"
    log "installing with apt-get: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
      || die "apt-get install ${missing[*]} failed"
  fi
  nginx_bin >/dev/null        || die "nginx is not installed"
  echo_module_path >/dev/null || die "nginx's echo module (libnginx-mod-http-echo) is not installed"
  local c
  for c in curl aria2c axel gnuplot timeout sha256sum; do have "$c" || die "$c is not installed"; done
  [[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is not installed"
  have wget2 || warn "wget2 is not installed: its rows are skipped"
}

# Feature version (25, ...) of the java binary at $1, or nothing; read as the loomget launcher reads
# it: JAVA_VERSION in the JDK's release file, else the java.specification.version it reports.
java_feature() {
  local release
  release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  if [[ -r "$release" ]]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

# find_jdk MIN: prints the home of the first JDK of version MIN or newer, searched in the loomget
# launcher's order: $JAVA_HOME, then java on PATH, then /usr/lib/jvm/*; fails when there is none.
find_jdk() {
  local min=$1 j v candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  have java && candidates+=("$(command -v java)")
  for j in /usr/lib/jvm/*/bin/java; do candidates+=("$j"); done
  for j in "${candidates[@]}"; do
    [[ -x "$j" ]] || continue
    v="$(java_feature "$j" || true)"
    if [[ $v =~ ^[0-9]+$ ]] && (( v >= min )); then
      dirname "$(dirname "$(readlink -f "$j")")"; return 0
    fi
  done
  return 1
}

# ready_launcher LAUNCHER: runs `LAUNCHER --version` once, untimed, and dies if it fails. A loomget
# launcher builds its jar and trains its start-up cache at its first run after a change; that must
# never fall into a timed run.
ready_launcher() {
  "$1" --version >/dev/null 2>&1 || die "$1 does not run (it builds its jar and start-up cache at its first run)"
  # An https URL among the arguments makes the launcher use (and the first time, train) its cache for
  # https runs (src/dist/https-run.sh): made here, so that no timed run includes it. A launcher from
  # before that cache ignores the URL.
  "$1" --version https://127.0.0.1/ >/dev/null 2>&1 || die "$1 does not run with an https URL"
}

# launcher_jvm_opts LAUNCHER: the JVM options of the loomget launcher script, one a line: those of
# src/dist/jvm.options next to it, or (a checkout from before that file) the words of its
# `jvm_opts=(...)` array. Fails when there are none or a word is not a plain option (a variable, a
# quote, a comment), so that a changed launcher is noticed instead of misread.
launcher_jvm_opts() {
  local words w options
  options="$(dirname "$1")/src/dist/jvm.options"
  if [[ -f $options ]]; then
    words="$(grep -v -e '^#' -e '^[[:space:]]*$' "$options")" || return 1
  else
    words="$(awk '/^jvm_opts=\(/ { on = 1; sub(/^jvm_opts=\(/, "") }
                  on { last = sub(/\).*/, ""); print; if (last) exit }' "$1" | tr -s ' \t' '\n\n' | grep -v '^$')" \
      || return 1
  fi
  while read -r w; do
    [[ $w =~ ^-[A-Za-z0-9:+=.,*_-]+$ ]] || return 1
  done <<<"$words"
  printf '%s\n' "$words"
}

# A TCP port on 127.0.0.1 that nothing listens on, starting at $1.
free_port() {
  local p=$1
  while (( p < $1 + 200 )); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    p=$((p + 1))
  done
  return 1
}

# sha256 of one file (openssl is ~4x faster than coreutils on this CPU; same digest).
sha256_of() {
  if have openssl; then openssl dgst -sha256 -r "$1" | cut -d' ' -f1
  else sha256sum "$1" | cut -d' ' -f1
  fi
}

# Median of the numbers on stdin (one a line); prints nothing for no input.
median() {
  sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# start_own_nginx BIN PREFIX: starts nginx with PREFIX/nginx.conf (which names PREFIX/nginx.pid as its pid
# file) and sets NGINX_PID once that file is written.
start_own_nginx() {
  local bin="$1" prefix="$2"
  "$bin" -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf"
  for _ in $(seq 50); do [[ -s "$prefix/nginx.pid" ]] && break; sleep 0.1; done
  NGINX_PID="$(cat "$prefix/nginx.pid")"
}

# For a script that starts its own nginx (pid in NGINX_PID) and writes into a scratch directory (OUT):
# `trap stop_nginx_and_scratch EXIT` stops the one and removes the other however the script ends.
stop_nginx_and_scratch() {
  [[ -n "${NGINX_PID:-}" ]] && kill -TERM "$NGINX_PID" 2>/dev/null || true
  [[ -z "${OUT:-}" ]] || rm -rf "$OUT" # as an EXIT trap its status becomes the script's: never 1 for "no OUT"
}

# Puts the new results table $2 in place of the results file $1, with $1's previous content below it
# under "## Earlier runs" (its title dropped, its headings one level down); prints the new part.
replace_keeping_earlier_runs() {
  local result="$1" table="$2"
  if [[ -f "$result" ]]; then
    {
      echo
      echo "## Earlier runs"
      echo
      # The last run's sections go one level down, under "Earlier runs"; the runs already there stay
      # where they are, so the headings never get deeper than ####.
      awk 'NR == 1 && /^# / { next }
           /^## Earlier runs$/ { earlier = 1; next }
           !earlier && /^#/ { print "#" $0; next }
           { print }' "$result" | sed -e '/./,$!d'
    } >>"$table"
  fi
  mv "$table" "$result"
  sed '/^## Earlier runs/,$d' "$result"
}
