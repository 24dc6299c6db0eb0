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
#   ROUNDS=n every configuration n times, interleaved, each round with the CLI (default 2; the
#   configurations take turns at going first after the CLI);
#   CONFIGS="default aot tuned" the job's configurations (see below; also c1, tunedjar, tiered,
#   c2digest, c2crypto, c1jar, c1cache, tunedc1, tunedplus, nosha, jdksha, script: the JVM options
#   spark/spark-submit gives by default); BEFORE_JAR=jar adds "main": that jar with the default options (and allows "maintuned": with tuned's); TUNED_DRIVER,
#   TUNED_EXECUTOR: the JIT/GC options of "tuned"; PLUS_EXECUTOR: what "tunedplus" adds; OUT=dir where every run writes (default under
#   bench/work; OUT=/dev/shm/x for tmpfs); EXECUTOR_OPTS="..." more JVM options for every
#   configuration's executors; JOB_ARGS="..." more options for the job, e.g. "--partitions 2")
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

JOB_EXTRA=()
read -ra JOB_EXTRA <<<"${JOB_ARGS:-}"

# --- SPARK_HOME from the job's own Spark jars --------------------------------------------------------
SPARK_HOME="$WORK/spark-home"
rm -rf "$SPARK_HOME"; mkdir -p "$SPARK_HOME/jars"
tr ':' '\n' <"$CP_FILE" | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
cp "$ROOT/spark/src/main/spark-home/RELEASE" "$SPARK_HOME/RELEASE"
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
  spark_out_cleanup "${OUT:-}"
}
trap cleanup EXIT
spark_nginx_start "$WORK/nginx" "$DATA" "$PORT"
LIST="$WORK/urls.txt"
awk -v base="http://127.0.0.1:$PORT/files/small/" '{ print base $2 }' "$DATA/small.sha256" >"$LIST"
curl -q -sS --fail -o /dev/null "$(head -1 "$LIST")" || die "nginx does not serve $(head -1 "$LIST")"

# --- runs ----------------------------------------------------------------------------------------------
OUT="${OUT:-$WORK/out}" # OUT=/dev/shm/DIR: the same runs into tmpfs
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
  fresh_out "$OUT"
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
  python3 "$BENCH/lib/spark_run.py" "$name" "$WORK/$name.log" "${EVENTS:-/nonexistent}" "${sampler:+$WORK/executors.txt}" \
    "$t0" "$t1" "$user" "$sys" "$rss" "$status" "$load" "$COUNT" >>"$TSV"
  log "$name: $(tail -1 "$TSV" | tr '\t' ' ')"
}
# spark_conf NAME: the settings every job run gets (event log for the stage times, in EVENTS)
spark_conf() {
  EVENTS="$WORK/events/$1"
  rm -rf "$EVENTS"; mkdir -p "$EVENTS"
  SPARK_CONF=(spark.driver.bindAddress=127.0.0.1 spark.driver.host=127.0.0.1 spark.ui.enabled=false
    spark.locality.wait=0 spark.eventLog.enabled=true spark.eventLog.compress=false
    spark.eventLog.rolling.enabled=false "spark.eventLog.dir=file:$WORK/events/$1")
}

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

# --- configurations: job jar, driver and executor JVM options ------------------------------------
# default    this jar, the README's basic command (Spark's JVMs as they come)
# main       BEFORE_JAR (e.g. built from main), the same command: the jar's own effect, side by side
# maintuned  BEFORE_JAR with tuned's options (name it in CONFIGS)
# c1         executors C1 only (-XX:TieredStopAtLevel=1)
# aot        AOT caches (JDK 25, JEP 483/514/515) for the driver and the executors, trained below
# tuned      the README's recommended options (aot plus the JIT and GC options in TUNED_*)
# tunedjar   tuned, with the job's jar on the JVMs' class path too, and caches trained so
# tiered     tuned, but executors with both JITs, C2 capped as the CLI's launcher does (TIERED_EXECUTOR)
# c2digest   tuned, but executors with C2 for the JDK's SHA-2 digest only (its SHA intrinsics), C1
#            for the rest: a compiler directives file (C2DIGEST_EXECUTOR)
# c2crypto   tuned, but executors with the CLI's JIT policy (the compiler lines of src/dist/jvm.options:
#            C2 for the JDK's cryptography and digests only, C1's profiled code left early) (C2CRYPTO_EXECUTOR)
# c1jar      the jar on the class path (as tunedjar), executors with the CLI's JIT policy, and caches
#            trained as the CLI's is: C1 alone (what the training made hot is compiled once, by C1,
#            from the start), the JDK's digests kept out of the training so that C2 still takes them
#            (a digest trained at C1 stays at C1: 10x the CPU for the manifest's SHA-256)
# c1cache    c1jar without the jar on the class path: tuned's class path, the CLI's JIT policy, caches
#            trained as the CLI's is
# tunedc1    tuned, with both caches trained under C1 alone (-XX:TieredStopAtLevel=1, as the JVMs then run)
# tunedplus  tuned, with PLUS_EXECUTOR added to the executors' options (an experiment beside tuned)
# nosha      tuned, the job run with --no-sha256 (no manifest checksums): the CLI's work, file for file
# jdksha     tuned, the manifest's SHA-256 computed by the JDK's own code (-Dloomget.native-digest=false),
#            as before the job used the system's libcrypto for it
CONFIGS=${CONFIGS:-default aot tuned}
[[ -n "${BEFORE_JAR:-}" && " $CONFIGS " != *" maintuned "* ]] && CONFIGS="main $CONFIGS"
rm -rf "$WORK/aot" "$WORK/aot-jar" "$WORK/aot-c1jar" "$WORK/aot-c1cache" "$WORK/aot-c1"
[[ -n "${BEFORE_JAR:-}" && ! -f "$BEFORE_JAR" ]] && die "no $BEFORE_JAR"
AOT="$WORK/aot"
TUNED_DRIVER=${TUNED_DRIVER:-"-XX:TieredStopAtLevel=1"}
TUNED_EXECUTOR=${TUNED_EXECUTOR:-"-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.1 -XX:+UseSerialGC -XX:ReservedCodeCacheSize=240m"}
TIERED_EXECUTOR="-XX:+UseSerialGC -XX:CompileCommand=quiet -XX:CompileCommand=MemLimit,*.*,4m"
C2DIGEST_EXECUTOR="-XX:+UseSerialGC -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=$BENCH/lib/c2-digest-only.json"
C1_TRAINING="-XX:TieredStopAtLevel=1 -XX:CompileCommand=quiet -XX:CompileCommand=exclude,sun.security.provider.*::*"
CLI_JIT="$(grep -e '^-XX:CompileCommand=' -e '^-XX:Tier4' "$ROOT/src/dist/jvm.options" | paste -sd' ')"
C2CRYPTO_EXECUTOR="-XX:+UseSerialGC $CLI_JIT"
# submit NAME JAR DRIVER_OPTS EXECUTOR_OPTS [CONF...]: sets CMD to spark-submit of the job in client mode
submit() {
  local name=$1 jar=$2 dopts=$3 eopts=$4 list=$LIST
  shift 4
  spark_conf "$name"
  local sub=(org.apache.spark.deploy.SparkSubmit --master "spark://127.0.0.1:$MASTER_PORT" --class io.loomget.spark.SparkMain
    --driver-java-options "--enable-preview${dopts:+ $dopts}" --conf "spark.executor.extraJavaOptions=--enable-preview${eopts:+ $eopts}"
    --conf spark.executor.memory=1g --conf spark.cores.max=2)
  local c
  for c in "${SPARK_CONF[@]}" "$@"; do [[ $c == list=* ]] && { list=${c#list=}; continue; }; sub+=(--conf "$c"); done
  launch "${sub[@]}" "$jar" -j "$J" "${JOB_EXTRA[@]}" "${ARGS_OF[@]}" "$list" "$OUT"
}
# config_opts CONFIG: sets JAR_OF, DOPTS, EOPTS for a configuration
config_opts() {
  JAR_OF=$JOB_JAR DOPTS="" EOPTS="" CONF_OF=() ARGS_OF=()
  case $1 in
    default) ;;
    main) JAR_OF=$BEFORE_JAR ;;
    maintuned) JAR_OF=$BEFORE_JAR DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT/executor.aot $TUNED_EXECUTOR" ;;
    c1) EOPTS="-XX:TieredStopAtLevel=1" ;;
    script) DOPTS="$CLI_JIT" EOPTS="$CLI_JIT" ;;
    aot) DOPTS="-XX:AOTCache=$AOT/driver.aot" EOPTS="-XX:AOTCache=$AOT/executor.aot" ;;
    tuned) DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT/executor.aot $TUNED_EXECUTOR" ;;
    tunedplus) DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT/executor.aot $TUNED_EXECUTOR ${PLUS_EXECUTOR:-}" ;;
    nosha) DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT/executor.aot $TUNED_EXECUTOR"
      ARGS_OF=(--no-sha256) ;;
    jdksha) DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER"
      EOPTS="-XX:AOTCache=$AOT/executor.aot $TUNED_EXECUTOR -Dloomget.native-digest=false" ;;
    tiered) DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT/executor.aot $TIERED_EXECUTOR" ;;
    c2digest) DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT/executor.aot $C2DIGEST_EXECUTOR" ;;
    c2crypto) DOPTS="-XX:AOTCache=$AOT/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT/executor.aot $C2CRYPTO_EXECUTOR" ;;
    # The job's jar on the JVMs' class path too, so that the caches hold loomget's classes.
    c1jar) DOPTS="-XX:AOTCache=$AOT-c1jar/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT-c1jar/executor.aot $C2CRYPTO_EXECUTOR"
      CONF_OF=("spark.driver.extraClassPath=$JOB_JAR" "spark.executor.extraClassPath=$JOB_JAR") ;;
    tunedc1) DOPTS="-XX:AOTCache=$AOT-c1/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT-c1/executor.aot $TUNED_EXECUTOR" ;;
    c1cache) DOPTS="-XX:AOTCache=$AOT-c1cache/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT-c1cache/executor.aot $C2CRYPTO_EXECUTOR" ;;
    tunedjar) DOPTS="-XX:AOTCache=$AOT-jar/driver.aot $TUNED_DRIVER" EOPTS="-XX:AOTCache=$AOT-jar/executor.aot $TUNED_EXECUTOR"
      CONF_OF=("spark.driver.extraClassPath=$JOB_JAR" "spark.executor.extraClassPath=$JOB_JAR") ;;
    *) die "unknown configuration $1 (default, main, maintuned, c1, aot, tuned, tunedplus, tunedjar, tiered, c2digest, c2crypto, c1jar, c1cache, tunedc1, nosha, jdksha)" ;;
  esac
  EOPTS+="${EXECUTOR_OPTS:+ $EXECUTOR_OPTS}"
}

# AOT training, as a user would do it once per Spark install, JDK and job jar (README, "Start-up
# costs"): the job run in local mode on 2,000 URLs, once with the driver's class path and once with
# the executors' (the Worker's: read from an executor's launch command when a run without caches
# came first), each JVM writing its cache when it exits (-XX:AOTCacheOutput). Not in a cluster run: a
# Worker kills its executors 10 s after the application ends, before a JVM has written its cache.
# aot_train DIR [JAR [TRAINING_OPTS]]: makes DIR/driver.aot and DIR/executor.aot once per invocation; with JAR, for
# JVMs that have it on their class path (spark.driver.extraClassPath, spark.executor.extraClassPath:
# Spark's launcher puts it first).
aot_train() {
  local dir=$1 jar=${2:-} topts=${3:-}
  [[ -f "$dir/executor.aot" ]] && return 0
  rm -rf "$dir"; mkdir -p "$dir"
  head -2000 "$LIST" >"$dir/train.txt"
  local exec_cp role i t0=$EPOCHREALTIME
  exec_cp="$(grep -h -m1 -o -- '"-cp" "[^"]*"' "$WORK"/worker-*/app-*/*/stderr 2>/dev/null | head -1 | sed 's/^"-cp" "//; s/"$//' || true)"
  # None yet: what Spark 4.2's Worker gave its executors here (conf, slf4j-api, the jars).
  [[ -n "$exec_cp" ]] || exec_cp="$SPARK_HOME/conf:$(ls "$SPARK_HOME"/jars/slf4j-api-*.jar):$SPARK_HOME/jars/*"
  exec_cp=${exec_cp#"$JOB_JAR:"}
  [[ -n "$jar" ]] && exec_cp="$jar:$exec_cp"
  for role in driver executor; do
    rm -rf "$dir/out"
    log "AOT training: the job in local[1] on 2,000 URLs, with the ${role}s' class path${jar:+ and the job jar}"
    # The JVM spark-submit starts (Spark's launcher adds the module options, which a cache must match);
    # for the executors' cache, with their class path instead of the driver's.
    launch org.apache.spark.deploy.SparkSubmit --master "local[1]" --driver-java-options "--enable-preview -XX:AOTCacheOutput=$dir/$role.aot${topts:+ $topts}" \
      ${jar:+--driver-class-path "$jar"} --conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false \
      --class io.loomget.spark.SparkMain "$JOB_JAR" -j "$J" "$dir/train.txt" "$dir/out"
    if [[ $role == executor ]]; then
      for (( i = 0; i < ${#CMD[@]}; i++ )); do [[ ${CMD[$i]} == -cp ]] && CMD[$((i + 1))]=$exec_cp; done
    fi
    "${CMD[@]}" >"$dir/$role-training.log" 2>&1 || die "AOT training for the ${role}s failed ($dir/$role-training.log)"
    [[ -s "$dir/$role.aot" ]] || die "no $dir/$role.aot ($dir/$role-training.log)"
  done
  rm -rf "$dir/out"
  log "AOT caches made in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s: $(du -h "$dir"/*.aot | tr '\n\t' '  ')"
}

ready_launcher "$ROOT/loomget"
ROUNDS=${ROUNDS:-2}
read -ra CONFIG_LIST <<<"$CONFIGS"
for round in $(seq "$ROUNDS"); do
  CMD=("$ROOT/loomget" -q -j "$J" -x1 -i "$LIST" -d "$OUT") EVENTS=""
  timed "loomget CLI -j$J -x1 #$round" "."
  if [[ ${SKIP_LOCAL:-0} != 1 ]]; then
    spark_conf "local-$round"
    # shellcheck disable=SC2206 # SPARK_JVM_OPTS is a list of options
    CMD=("$JAVA" $SPARK_JVM_OPTS -Xmx1g -Dspark.master='local[2]' "${SPARK_CONF[@]/#/-D}"
      -cp "$JOB_JAR:$CP" io.loomget.spark.SparkMain -j "$J" "${JOB_EXTRA[@]}" "$LIST" "$OUT")
    timed "local #$round" "127.0.0.1_$PORT"
  fi
  # The configurations take turns at going first: the cluster run right after the CLI's was the
  # slowest of its round in most rounds (2026-12-07), whatever its configuration.
  order=()
  for ((i = 0; i < ${#CONFIG_LIST[@]}; i++)); do order+=("${CONFIG_LIST[(i + round - 1) % ${#CONFIG_LIST[@]}]}"); done
  for config in "${order[@]}"; do
    [[ $config == @(aot|tuned|nosha|jdksha|tiered|c2digest|c2crypto) ]] && aot_train "$AOT"
    [[ $config == tunedjar ]] && aot_train "$AOT-jar" "$JOB_JAR"
    [[ $config == c1jar ]] && aot_train "$AOT-c1jar" "$JOB_JAR" "$C1_TRAINING"
    [[ $config == c1cache ]] && aot_train "$AOT-c1cache" "" "$C1_TRAINING"
    [[ $config == tunedc1 ]] && aot_train "$AOT-c1" "" "-XX:TieredStopAtLevel=1"
    config_opts "$config"
    submit "$config-$round" "$JAR_OF" "$DOPTS" "$EOPTS" "${CONF_OF[@]}"
    timed "cluster $config #$round" "127.0.0.1_$PORT" "${WORKERS[*]}"
  done
done

# --- table: a new dated section on top of bench/results/spark-cluster.md (earlier sections kept) ---
RESULT="$RESULTS/spark-cluster.md"
{
  echo "# Spark job on a two-worker standalone cluster, in local[2], and the CLI: $COUNT x 16 KiB, one host"
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC: configurations side by side ($ROUNDS rounds)"
  echo
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); nginx on 127.0.0.1; output into $OUT ($(df --output=fstype "$OUT" 2>/dev/null | tail -1))."
  echo "cluster: a Master and two Workers (1 core, 1.5 GiB each; executors of 1 GiB), spark-submit in client"
  echo "mode; local: driver and executor threads in one JVM (-Xmx1g). Job: \`-j $J${JOB_ARGS:+ $JOB_ARGS}\`, per-host cap max(16, -j),"
  echo "partitions planned by the job (Spark's defaults otherwise); CLI: \`loomget -j$J -x1\`. Wall: process start"
  echo "to exit (includes the JVM, Spark session and executor start; not the cluster's start). Stage: the"
  echo "download stage's wall from the job's event log. Busy: each executor's summed task time (the job's"
  echo "own TaskStat lines); skew = 1 - min/max. CPU: driver (GNU time) + executors (/proc). RSS: peak"
  echo "(GNU time for the driver, VmHWM sampled every 0.5 s for executors). Load: 1-minute average before the run."
  echo "Configurations (driver / executor JVM options besides \`--enable-preview\`): default: none (this jar);"
  [[ -n "${BEFORE_JAR:-}" ]] && echo "main: none, the jar \`$BEFORE_JAR\`; maintuned: that jar with tuned's options;"
  echo "aot: \`-XX:AOTCache=driver.aot\` / \`-XX:AOTCache=executor.aot\` (made by one training run each, 2,000 URLs"
  echo "in local[1]: README, *Start-up costs*); tuned: aot plus \`$TUNED_DRIVER\` / \`$TUNED_EXECUTOR\`; tunedjar: tuned with"
  echo "the job's jar on both JVMs' class path (\`spark.driver.extraClassPath\`, \`spark.executor.extraClassPath\`) and caches"
  echo "trained so; tiered: tuned with the executors' \`$TIERED_EXECUTOR\`; c2digest: tuned with the executors'"
  echo "\`${C2DIGEST_EXECUTOR/"$ROOT/"/}\` (C2 for the JDK's SHA-2 code only); c2crypto: tuned with the executors' \`$C2CRYPTO_EXECUTOR\` (the CLI's JIT"
  echo "policy); c1jar: tunedjar's class path, the executors' c2crypto policy, both caches trained with"
  echo "\`$C1_TRAINING\` (as the CLI's: C1 alone, but the JDK's digests left to C2); c1cache: c1jar without the jar on"
  echo "the class path; tunedc1: tuned with both caches trained with \`-XX:TieredStopAtLevel=1\`; nosha: tuned, the job"
  echo "run with \`--no-sha256\` (no manifest checksums: the CLI's work); jdksha: tuned, the manifest's SHA-256 by the JDK's"
  echo "own code (\`-Dloomget.native-digest=false\`; by default the system's libcrypto computes it); script: the CLI's JIT policy on both, no cache (what \`spark/spark-submit\` gives by default)${PLUS_EXECUTOR:+; tunedplus: tuned, executors with \`${PLUS_EXECUTOR:-}\` too}${EXECUTOR_OPTS:+; every executor also \`$EXECUTOR_OPTS\`}."
  echo
  echo "| run | wall s | files/s | stage s | files/s in stage | per executor: tasks, URLs, busy s | skew | CPU s | RSS MiB driver / executors | result | load |"
  echo "|---|---:|---:|---:|---:|---|---:|---:|---|---|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }' "$TSV"
  echo
  echo "Per configuration, each run against the CLI of its round (CLI files/s / the run's; 1.0 = as fast):"
  echo
  python3 - "$TSV" <<'PY'
import sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
cli, by = {}, collections.defaultdict(list)
for r in rows:
    name, rnd = r[0].rsplit(" #", 1)
    if name.startswith("loomget CLI"):
        cli[rnd] = float(r[2])
    else:
        by[name].append((rnd, r))
print("| configuration | wall s | files/s end to end | stage files/s | CLI / end to end | CLI / stage | CPU s | load |")
print("|---|---|---|---|---|---|---|---|")
for name, runs in by.items():
    col = lambda i: ", ".join(r[i] for _, r in runs)
    ratio = lambda i: ", ".join(f"{cli[rnd] / float(r[i]):.2f}" if r[i] != "-" and rnd in cli else "-" for rnd, r in runs)
    print(f"| {name} | {col(1)} | {col(2)} | {col(4)} | {ratio(2)} | {ratio(4)} | {col(7)} | {col(10)} |")
PY
} >"$WORK/table.md"
replace_keeping_earlier_runs "$RESULT" "$WORK/table.md"
