# shellcheck shell=bash
# Shared by bench/spark-rerun.sh and bench/spark-cluster.sh: the job's jar and Spark's class path,
# the JVM options Spark needs on JDK 25, and a private nginx serving one data directory on several
# ports of 127.0.0.1 (each port is one "host" to the job: the host key is host:port).
# Needs BENCH, ROOT, WORK set and lib/common.sh sourced.

JAVA_HOME_25="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[[ -x "$JAVA_HOME_25/bin/java" ]] || JAVA_HOME_25="$(dirname "$(dirname "$(ls -d /usr/lib/jvm/*25*/bin/java | head -1)")")"
JAVA="$JAVA_HOME_25/bin/java"
JOB_JAR="${JOB_JAR:-$ROOT/spark/target/loomget-spark.jar}"
# The JVM options spark-submit's launcher adds on JDK 17+, plus loomget's --enable-preview (from spark/pom.xml).
SPARK_JVM_OPTS="$(sed -n 's|.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*|\1|p' "$ROOT/spark/pom.xml")"
SPARK_NGINX_PID=""

# Prints the path of a file holding Spark's class path (the job's provided dependencies), made once.
spark_classpath_file() {
  local cp="$WORK/spark.classpath"
  if [[ ! -s "$cp" || "$ROOT/spark/pom.xml" -nt "$cp" ]]; then
    log "resolving Spark's class path (mvn dependency:build-classpath)"
    mvn -B -ntp -q -o -f "$ROOT/spark/pom.xml" dependency:build-classpath -Dmdep.includeScope=provided \
        -Dmdep.outputFile="$cp" >/dev/null
  fi
  echo "$cp"
}

# spark_nginx_start PREFIX DATA PORT...: nginx serving DATA under /files/ on every PORT.
spark_nginx_start() {
  local prefix=$1 data=$2 bin user_line="" port listens=""
  shift 2
  bin="$(nginx_bin)" || die "nginx is not installed"
  (( EUID == 0 )) && user_line="user root;" # workers must read a data directory under /root
  for port in "$@"; do listens+="        listen 127.0.0.1:$port backlog=4096;"$'\n'; done
  rm -rf "$prefix"; mkdir -p "$prefix"/{logs,tmp}
  cat >"$prefix/nginx.conf" <<EOF
$user_line
worker_processes auto;
worker_rlimit_nofile 16384;
daemon on;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 8192; }
http {
    access_log off;
    server_tokens off;
    types { }
    default_type application/octet-stream;
    sendfile on;
    tcp_nodelay on;
    keepalive_requests 100000;
    client_body_temp_path $prefix/tmp/client_body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;
    server {
$listens
        location /files/ { alias $data/; }
    }
}
EOF
  "$bin" -e "$prefix/logs/error.log" -p "$prefix" -c "$prefix/nginx.conf" || die "nginx failed to start ($prefix/logs/error.log)"
  local i
  for i in $(seq 50); do
    [[ -s "$prefix/nginx.pid" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && break
    sleep 0.1
  done
  SPARK_NGINX_PID="$(cat "$prefix/nginx.pid" 2>/dev/null || true)"
  [[ -n "$SPARK_NGINX_PID" ]] || die "nginx did not come up on 127.0.0.1:$1"
  log "nginx up on 127.0.0.1 ports $* (pid $SPARK_NGINX_PID)"
}

# Stops the nginx we started (by its pid only); safe to call twice.
spark_nginx_stop() {
  [[ -n "$SPARK_NGINX_PID" ]] || return 0
  local pid=$SPARK_NGINX_PID i
  SPARK_NGINX_PID=""
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  return 0
}

# free_ports N FROM: prints N free ports (lib/common.sh's free_port), the search starting at FROM.
free_ports() {
  local n=$1 p=$2 i
  for (( i = 0; i < n; i++ )); do
    p="$(free_port "$p")" || die "no free port"
    echo "$p"; p=$((p + 1))
  done
}

# stage_table EVENTLOG_DIR: one line per stage of the application's event log (Spark's JSON lines):
# stage id, name, tasks, wall ms (submission to completion); then the job's total.
stage_table() {
  local f
  f="$(ls -t "$1"/* 2>/dev/null | head -1 || true)"
  [[ -n "$f" ]] || return 0
  python3 - "$f" <<'PY'
import json, sys
stages = []
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("Event") == "SparkListenerStageCompleted":
        s = e["Stage Info"]
        stages.append((s["Stage ID"], s["Stage Name"].split(" at ")[0], s["Number of Tasks"],
                       s.get("Completion Time", 0) - s.get("Submission Time", 0)))
for sid, name, tasks, ms in sorted(stages):
    print(f"{sid}\t{name}\t{tasks}\t{ms}")
PY
}

# fresh_out DIR: DIR empty for the next run. What a run wrote is moved aside, not deleted, until the
# script ends (spark_out_cleanup DIR): for a minute or so after thousands of files were deleted, ext4
# spends several times the system time creating new ones (its inode allocator skips recently freed
# inodes and searches its bitmaps), and that would land on whichever run came next.
fresh_out() {
  [[ -e $1 ]] && mv "$1" "$1.done.$EPOCHSECONDS.$RANDOM"
  mkdir -p "$1"; sync
}
spark_out_cleanup() { if [[ -n ${1:-} ]]; then rm -rf "$1".done.*; fi; }
