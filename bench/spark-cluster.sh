#!/usr/bin/env bash
# bench/spark-cluster.sh: the Spark job on a real standalone cluster on this machine (one Master, two
# Workers of one core each, every daemon and executor its own JVM, all on 127.0.0.1), in local[2],
# and the CLI (-j64 -x1), on the same list in one invocation: 20,000 x 16 KiB files from a private
# nginx on 127.0.0.1 (one host), each output checked by sha256.
#
# The cluster needs no Spark distribution: SPARK_HOME is made here of the job's own Spark 4.2.0 jars
# (jars/ = links to spark/pom.xml's provided dependencies, a RELEASE file), and every JVM is started
# from the command Spark's launcher (org.apache.spark.launcher.Main) prints, as bin/spark-class does.
# Executors get JDK 25 through JAVA_HOME and --enable-preview through spark.executor.extraJavaOptions.
#
# Reported per run: wall (process start to exit), files/s end to end, the download stage's wall and
# files/s (the last stage of the job's event log: the tasks that fetch), per executor its tasks,
# URLs and busy time (the job's own lines, from its TaskStat accumulator) and the skew between the
# executors, CPU (driver + executors), peak RSS of the driver and of each executor (VmHWM, sampled),
# and the 1-minute load average before the run. Table: bench/results/spark-cluster.md.
#
# Usage: bench/spark-cluster.sh   (COUNT=n files, default 20000; J=n, default 64; SKIP_LOCAL=1;
#   EXECUTOR_OPTS="..." more JVM options for the executors, e.g. -XX:TieredStopAtLevel=1)
# Needs: nginx, curl, python3, /usr/bin/time, JDK 25, the job built (mvn install && mvn -f spark/pom.xml package).
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/spark-cluster"
DATA="$WORK/data"
RESULTS="$BENCH/results"
COUNT=${COUNT:-20000}
J=${J:-64}
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/spark.sh
source "$BENCH/lib/spark.sh"
[[ -x /usr/bin/time ]] || die "needs GNU time (/usr/bin/time)"
[[ -f "$JOB_JAR" ]] || die "no $JOB_JAR: run 'mvn install -DskipTests && mvn -f spark/pom.xml package -DskipTests' first"
mkdir -p "$WORK" "$RESULTS"
CP_FILE="$(spark_classpath_file)"
CP="$(cat "$CP_FILE")"

# --- SPARK_HOME from the job's own Spark jars --------------------------------------------------------
SPARK_HOME="$WORK/spark-home"
rm -rf "$SPARK_HOME"; mkdir -p "$SPARK_HOME/jars"
tr ':' '\n' <"$CP_FILE" | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
cp "$ROOT/spark/src/it/spark-home/RELEASE" "$SPARK_HOME/RELEASE"
export SPARK_HOME SPARK_SCALA_VERSION=2.13 JAVA_HOME="$JAVA_HOME_25" SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_HOSTNAME=localhost
# launch CLASS ARGS...: sets CMD to the java command Spark's launcher builds for CLASS (NUL-separated on stdout)
launch() {
  local printed
  mapfile -d '' -t printed < <("$JAVA" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@")
  CMD=()
  local a
  for a in "${printed[@]}"; do a="${a#$'\n'}"; [[ -n "$a" ]] && CMD+=("$a"); done
  (( ${#CMD[@]} > 0 )) || die "Spark's launcher printed no command for $1"
}

# --- data and nginx ----------------------------------------------------------------------------------
if [[ ! -f "$DATA/small.sha256" || "$(wc -l <"$DATA/small.sha256")" != "$COUNT" ]]; then
  log "generating $COUNT files of 16 KiB"
  rm -rf "$DATA"; mkdir -p "$DATA/small"
  head -c $((COUNT * 16384)) /dev/urandom | (cd "$DATA/small" && split -b 16384 -a 5 -d --additional-suffix=.bin - f)
  (cd "$DATA/small" && sha256sum -- *.bin) >"$DATA/small.sha256"
fi
chmod -R a+rX "$DATA"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mapfile -t PORTS < <(free_ports 4 "${PORT:-18651}") # nginx, the master, its web UI (for its JSON), spare
PORT=${PORTS[0]} MASTER_PORT=${PORTS[1]} MASTER_UI=${PORTS[2]}
DAEMONS=()
cleanup() {
  local pid
  for pid in "${DAEMONS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  spark_nginx_stop
}
trap cleanup EXIT
spark_nginx_start "$WORK/nginx" "$DATA" "$PORT"
LIST="$WORK/urls.txt"
awk -v base="http://127.0.0.1:$PORT/files/small/" '{ print base $2 }' "$DATA/small.sha256" >"$LIST"
curl -q -sS --fail -o /dev/null "$(head -1 "$LIST")" || die "nginx does not serve $(head -1 "$LIST")"

# --- runs ----------------------------------------------------------------------------------------------
OUT="$WORK/out"
TSV="$WORK/runs.tsv"
: >"$TSV"
# sample PIDFILE...: every 0.5 s, VmHWM (KiB) and CPU ticks of each executor JVM under our Workers
sample_executors() {
  local out=$1; shift
  : >"$out"
  while :; do
    local w c id
    for w in "$@"; do
      for c in $(ps -o pid= --ppid "$w" 2>/dev/null); do
        id="$(tr '\0' ' ' <"/proc/$c/cmdline" 2>/dev/null | sed -n 's/.*--executor-id \([^ ]*\).*/\1/p')"
        [[ -n "$id" ]] || continue
        awk -v id="$id" '/^VmHWM/ { print id, $2 }' "/proc/$c/status" 2>/dev/null | tr '\n' ' ' >>"$out" || true
        awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null >>"$out" || true
      done
    done
    sleep 0.5
  done
}
# timed NAME VERIFY_DIR [WORKER_PIDS]: runs CMD; appends one line to the table
timed() {
  local name=$1 verify=$2 workers=${3:-} load t0 t1 rc=0 status=ok user sys rss sampler=""
  rm -rf "$OUT"; mkdir -p "$OUT"; sync
  load="$(cut -d' ' -f1 /proc/loadavg)"
  if [[ -n "$workers" ]]; then
    # shellcheck disable=SC2086 # a list of pids
    sample_executors "$WORK/executors.txt" $workers & sampler=$!
  fi
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "${CMD[@]}" >"$WORK/$name.log" 2>"$WORK/$name.err" || rc=$?
  t1=$EPOCHREALTIME
  [[ -n "$sampler" ]] && { kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; }
  if (( rc != 0 )); then status="fail(rc=$rc)"
  elif ! (cd "$OUT/$verify" && sha256sum --quiet -c "$DATA/small.sha256" >/dev/null 2>&1); then status="fail(sha256)"
  fi
  read -r user sys rss < <(tail -1 "$WORK/time.txt")
  python3 "$BENCH/lib/spark_run.py" "$name" "$WORK/$name.log" "$WORK/events/$name" "${sampler:+$WORK/executors.txt}" \
    "$t0" "$t1" "$user" "$sys" "$rss" "$status" "$load" "$COUNT" >>"$TSV"
  log "$name: $(tail -1 "$TSV" | tr '\t' ' ')"
}
# spark_conf NAME: the settings every job run gets (event log for the stage times)
spark_conf() {
  rm -rf "$WORK/events/$1"; mkdir -p "$WORK/events/$1"
  SPARK_CONF=(spark.driver.bindAddress=127.0.0.1 spark.driver.host=127.0.0.1 spark.ui.enabled=false
    spark.locality.wait=0 spark.eventLog.enabled=true spark.eventLog.compress=false
    spark.eventLog.rolling.enabled=false "spark.eventLog.dir=file:$WORK/events/$1")
}

CMD=("$ROOT/loomget" -q -j "$J" -x1 -i "$LIST" -d "$OUT")
timed "loomget CLI -j$J -x1" "."

if [[ ${SKIP_LOCAL:-0} != 1 ]]; then
  spark_conf local
  # shellcheck disable=SC2206 # SPARK_JVM_OPTS is a list of options
  CMD=("$JAVA" $SPARK_JVM_OPTS -Xmx1g -Dspark.master='local[2]' "${SPARK_CONF[@]/#/-D}"
    -cp "$JOB_JAR:$CP" io.loomget.spark.SparkMain -j "$J" "$LIST" "$OUT")
  timed "local" "127.0.0.1_$PORT"
fi

log "starting a standalone Master and two one-core Workers on 127.0.0.1"
launch org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI"
"${CMD[@]}" >"$WORK/master.log" 2>&1 & DAEMONS+=($!)
WORKERS=()
for w in 1 2; do
  rm -rf "$WORK/worker-$w"; mkdir -p "$WORK/worker-$w"
  launch org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 1536m --webui-port 0 \
    --work-dir "$WORK/worker-$w" "spark://127.0.0.1:$MASTER_PORT"
  "${CMD[@]}" >"$WORK/worker-$w.log" 2>&1 & DAEMONS+=($!); WORKERS+=($!)
done
for _ in $(seq 240); do
  alive="$(curl -s "http://127.0.0.1:$MASTER_UI/json/" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("aliveworkers", 0))' 2>/dev/null || echo 0)"
  [[ "$alive" == 2 ]] && break
  sleep 0.5
done
[[ "$alive" == 2 ]] || die "the workers did not register with the master (see $WORK/master.log, worker-*.log)"
log "cluster up: master spark://127.0.0.1:$MASTER_PORT, workers ${WORKERS[*]}"

spark_conf cluster
SUBMIT=(org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$MASTER_PORT" --class io.loomget.spark.SparkMain
  --driver-java-options --enable-preview --conf "spark.executor.extraJavaOptions=--enable-preview${EXECUTOR_OPTS:+ $EXECUTOR_OPTS}"
  --conf spark.executor.memory=1g --conf spark.cores.max=2)
for c in "${SPARK_CONF[@]}"; do SUBMIT+=(--conf "$c"); done
launch "${SUBMIT[@]}" "$JOB_JAR" -j "$J" "$LIST" "$OUT"
timed "cluster" "127.0.0.1_$PORT" "${WORKERS[*]}"

# --- table -----------------------------------------------------------------------------------------
{
  echo "# Spark job on a two-worker standalone cluster, in local[2], and the CLI: $COUNT x 16 KiB, one host"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); nginx on 127.0.0.1."
  echo "cluster: a Master and two Workers (1 core, 1.5 GiB each; executors of 1 GiB), spark-submit in client"
  echo "mode; local: driver and executor threads in one JVM (-Xmx1g). Job: \`-j $J\`, per-host cap max(16, -j),"
  echo "partitions planned by the job (Spark's defaults otherwise); CLI: \`loomget -j$J -x1\`. Wall: process start"
  echo "to exit (includes the JVM, Spark session and executor start; not the cluster's start). Stage: the"
  echo "download stage's wall from the job's event log. Busy: each executor's summed task time (the job's"
  echo "own TaskStat lines); skew = 1 - min/max. CPU: driver (GNU time) + executors (/proc). RSS: peak"
  echo "(GNU time for the driver, VmHWM sampled every 0.5 s for executors). Load: 1-minute average before the run."
  echo
  echo "| run | wall s | files/s | stage s | files/s in stage | per executor: tasks, URLs, busy s | skew | CPU s | RSS MiB driver / executors | result | load |"
  echo "|---|---:|---:|---:|---:|---|---:|---:|---|---|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$TSV"
  [[ -n "${EXECUTOR_OPTS:-}" ]] && echo && echo "Executors' extra JVM options: \`$EXECUTOR_OPTS\`."
} >"$RESULTS/spark-cluster${EXECUTOR_OPTS:+-variant}.md"
cat "$RESULTS/spark-cluster${EXECUTOR_OPTS:+-variant}.md"
