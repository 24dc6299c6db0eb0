# shellcheck shell=bash
# Our own nginx on 127.0.0.1: rendered config, private prefix, started and stopped by us.

NGINX_PREFIX=""
NGINX_PID=""

# nginx_start PREFIX DATA_DIR PORT [TLS_PORT TLS_CERT TLS_KEY]: renders bench/nginx/nginx.conf.template
# and starts nginx (plain http on PORT, https on TLS_PORT; no https server without TLS_PORT).
nginx_start() {
  local prefix=$1 data=$2 port=$3 tls_port=${4:-} tls_cert=${5:-} tls_key=${6:-} bin echo_mod user_line="" load_echo="" access_log=off
  local no_tls=""
  [[ -z $tls_port ]] && no_tls="/# TLS_BEGIN/,/# TLS_END/d"
  bin="$(nginx_bin)" || die "nginx is not installed"
  echo_mod="$(echo_module_path)" || die "nginx's echo module is missing"
  [[ -n "$echo_mod" ]] && load_echo="load_module $echo_mod;"
  # As root, nginx would run its workers as 'nobody', who may not be able to read a clone under
  # /root; the workers of this private instance run as root instead. As a normal user nginx keeps
  # the user it was started by.
  (( EUID == 0 )) && user_line="user root;"

  [[ ${NGINX_ACCESS_LOG:-0} == 1 ]] && access_log="$prefix/logs/access.log bench buffer=256k flush=1s"
  rm -rf "$prefix"
  mkdir -p "$prefix"/{logs,tmp}
  sed -e "${no_tls:-s|^\$||}" -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$port|g" -e "s|@DATA@|$data|g" \
      -e "s|@USER_LINE@|$user_line|g" -e "s|@LOAD_ECHO@|$load_echo|g" \
      -e "s|@DELAY@|$LATENCY_DELAY|g" -e "s|@CAP_RATE@|$CAP_RATE|g" -e "s|@CRAWL_RATE@|$CRAWL_RATE|g" \
      -e "s|@ACCESS_LOG@|$access_log|g" \
      -e "s|@TLS_PORT@|$tls_port|g" -e "s|@TLS_CERT@|$tls_cert|g" -e "s|@TLS_KEY@|$tls_key|g" \
      "$BENCH/nginx/nginx.conf.template" >"$prefix/nginx.conf"

  "$bin" -t -q -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf" \
    || die "nginx rejected $prefix/nginx.conf (see $prefix/logs/error.log)"
  NGINX_PREFIX=$prefix
  "$bin" -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf" \
    || die "nginx failed to start (see $prefix/logs/error.log)"
  local i
  for i in $(seq 50); do
    [[ -s "$prefix/nginx.pid" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  NGINX_PID="$(cat "$prefix/nginx.pid" 2>/dev/null || true)"
  [[ -n "$NGINX_PID" ]] || die "nginx did not come up on 127.0.0.1:$port (see $prefix/logs/error.log)"
  log "nginx $("$bin" -v 2>&1 | sed 's|.*/||') up on 127.0.0.1:$port (pid $NGINX_PID, prefix $prefix)"
}

# Stops the nginx we started (by its pid only); safe to call twice.
nginx_stop() {
  [[ -n "$NGINX_PID" ]] || return 0
  local pid=$NGINX_PID i
  NGINX_PID=""
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  log "nginx (pid $pid) stopped"
}
