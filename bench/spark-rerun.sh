#!/usr/bin/env bash
# bench/spark-rerun.sh: what a re-run of the Spark job costs when little or nothing is left to do.
# The issue's case: 9,034 URLs over three hosts (three ports of one private nginx on 127.0.0.1:
# 3,000 x 16 KiB files each, four 24 MiB files, 30 URLs that answer 404). One first run downloads
# everything it can; its manifest is saved. Then, side by side in one invocation, each job jar
# re-runs from that same saved manifest (restored before every run):
#   "30 left"      the same list: the 30 missing URLs are tried again (404 again),
#   "nothing left" the list without the 30: every URL is already downloaded.
# Wall time is JVM start to exit (GNU time; also CPU and peak RSS); "job s" is the job's own time
# (the session already up); stages and tasks come from Spark's event log. The load average is
# taken before every run. Results: bench/results/spark-rerun.md.
#
# Usage: bench/spark-rerun.sh
#   RUNS=n       re-runs per jar and case (default 2)
#   BEFORE_JAR=  a job jar to compare against (e.g. one built from main); default: only JOB_JAR
#   JOB_JAR=     the job jar (default spark/target/loomget-spark.jar)
#   MASTER=      Spark master of the re-runs (default local[2]: driver and executors in one JVM)
#   VARIANTS=    driver variants instead of the C1/AOT three, one "name|flags" a line (@AOT@ = the
#                driver cache made by the training run)
# Besides each jar's two cases, the new jar runs both once more with a C1-only driver JVM
# (-XX:TieredStopAtLevel=1): most of a short run's CPU is the JIT compiling Spark's planner.
# Needs: nginx, /usr/bin/time, python3, JDK 25, the job built (mvn install && mvn -f spark/pom.xml package).
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/spark-rerun"
DATA="$WORK/data"
RESULTS="$BENCH/results"
RUNS=${RUNS:-2}
MASTER=${MASTER:-local[2]}
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"
# shellcheck source=lib/spark.sh
source "$BENCH/lib/spark.sh"
[[ -x /usr/bin/time ]] || die "needs GNU time (/usr/bin/time)"
[[ -f "$JOB_JAR" ]] || die "no $JOB_JAR: run 'mvn install -DskipTests && mvn -f spark/pom.xml package -DskipTests' first"
mkdir -p "$WORK" "$RESULTS"
CP="$(cat "$(spark_classpath_file)")"

# --- data, nginx, lists ----------------------------------------------------------------------------
if [[ ! -f "$DATA/done" ]]; then
  log "generating 3,000 x 16 KiB and 4 x 24 MiB files"
  rm -rf "$DATA"; mkdir -p "$DATA/small" "$DATA/big"
  head -c $((3000 * 16384)) /dev/urandom | (cd "$DATA/small" && split -b 16384 -a 4 -d --additional-suffix=.bin - f)
  for i in 0 1 2 3; do head -c $((24 << 20)) /dev/urandom >"$DATA/big/b$i.bin"; done
  touch "$DATA/done"
fi
chmod -R a+rX "$DATA"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mapfile -t PORTS < <(free_ports 3 "${PORT:-18641}")
trap spark_nginx_stop EXIT
spark_nginx_start "$WORK/nginx" "$DATA" "${PORTS[@]}"
LIST="$WORK/urls.txt"
DONE_LIST="$WORK/urls-done.txt"
: >"$LIST"
for h in 0 1 2; do
  base="http://127.0.0.1:${PORTS[$h]}/files"
  (cd "$DATA/small" && ls) | sed "s|^|$base/small/|" >>"$LIST"
  for i in 0 1 2 3; do (( i % 3 == h )) && echo "$base/big/b$i.bin" >>"$LIST"; done
  for i in $(seq 10); do echo "$base/missing/m$i.bin" >>"$LIST"; done
done
grep -v /missing/ "$LIST" >"$DONE_LIST"
(( $(wc -l <"$LIST") == 9034 )) || die "the list has $(wc -l <"$LIST") URLs, not 9,034"

# --- runs ------------------------------------------------------------------------------------------
OUT="$WORK/out"
TSV="$WORK/runs.tsv"
STAGES="$WORK/stages.txt"
: >"$TSV"; : >"$STAGES"
slug() { tr -c 'a-z0-9\n' '-' <<<"$1"; }
# job_command JAR NAME LIST: sets CMD to the job on MASTER, as spark-submit would start it in client
# mode; Spark's defaults (no spark.sql.shuffle.partitions), its event log under $WORK/events/NAME.
job_command() {
  local jar=$1 name=$2 list=$3
  rm -rf "$WORK/events/$(slug "$name")"; mkdir -p "$WORK/events/$(slug "$name")"
  # shellcheck disable=SC2206 # SPARK_JVM_OPTS is a list of options
  CMD=("$JAVA" $SPARK_JVM_OPTS $DRIVER_FLAGS -Xmx1g -Dspark.master="$MASTER" -Dspark.app.name="loomget $name"
    -Dspark.driver.bindAddress=127.0.0.1 -Dspark.driver.host=127.0.0.1 -Dspark.ui.enabled=false
    -Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.rolling.enabled=false -Dspark.eventLog.dir="file:$WORK/events/$(slug "$name")"
    -cp "$jar:$CP" io.loomget.spark.SparkMain -j 64 "$list" "${JOB_OUT:-$OUT}")
}
# floor_command NAME: sets CMD to a bare session that counts the list's lines (bench/floor/SparkSessionFloor.java).
floor_command() {
  rm -rf "$WORK/events/$(slug "$1")"; mkdir -p "$WORK/events/$(slug "$1")"
  # shellcheck disable=SC2206 # SPARK_JVM_OPTS is a list of options
  CMD=("$JAVA" $SPARK_JVM_OPTS -Xmx1g -Dspark.master="$MASTER" -Dspark.app.name="floor"
    -Dspark.driver.bindAddress=127.0.0.1 -Dspark.driver.host=127.0.0.1 -Dspark.ui.enabled=false
    -Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.rolling.enabled=false
    -Dspark.eventLog.dir="file:$WORK/events/$(slug "$1")" -cp "$WORK/floor:$CP" SparkSessionFloor "$LIST")
}
# timed NAME COMMAND_SETTER ARGS...: runs what the setter puts in CMD; appends
# "name wall cpu rss_kib job_s stages tasks rc load1" to the table
timed() {
  local name=$1 load t0 t1 rc=0 user sys rss
  "${@:2}"
  load="$(cut -d' ' -f1 /proc/loadavg)"
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "${CMD[@]}" >"$WORK/$name.log" 2>&1 || rc=$?
  t1=$EPOCHREALTIME
  read -r user sys rss < <(tail -1 "$WORK/time.txt") # GNU time puts a line about a non-zero exit first
  local job_s stages tasks
  job_s="$(sed -n -e 's/^loomget-spark: .* in \([0-9.]*\) s; manifest.*/\1/p' \
    -e 's/^floor: session [0-9.]* s, [0-9]* lines counted in \([0-9.]*\) s/\1/p' "$WORK/$name.log")"
  stage_table "$WORK/events/$(slug "$name")" >"$WORK/$name.stages"
  stages="$(wc -l <"$WORK/$name.stages")"
  tasks="$(awk -F'\t' '{ t += $3 } END { print t + 0 }' "$WORK/$name.stages")"
  { echo "## $name"; cat "$WORK/$name.stages"; } >>"$STAGES"
  awk -v n="$name" -v a="$t0" -v b="$t1" -v u="$user" -v s="$sys" -v r="$rss" -v j="${job_s:-?}" \
      -v st="$stages" -v tk="$tasks" -v rc="$rc" -v l="$load" \
    'BEGIN { printf "%s\t%.1f\t%.1f\t%d\t%s\t%d\t%d\t%d\t%s\n", n, b - a, u + s, r, j, st, tk, rc, l }' >>"$TSV"
  log "$name: $(tail -1 "$TSV" | cut -f2-)"
}
# restore: the output as the first run left it (same manifest before every re-run)
restore() { rm -rf "$OUT/_manifest"; cp -r "$WORK/manifest.saved" "$OUT/_manifest"; }

# The first run is kept for later invocations on the same ports (FRESH=1 repeats it).
DRIVER_FLAGS=""
if [[ ${FRESH:-0} == 1 || ! -d "$WORK/manifest.saved" || "$(cat "$WORK/ports" 2>/dev/null)" != "${PORTS[*]}" ]]; then
  rm -rf "$OUT" "$WORK/manifest.saved"; mkdir -p "$OUT"
  timed "first run" job_command "$JOB_JAR" "first run" "$LIST"
  cp -r "$OUT/_manifest" "$WORK/manifest.saved"
  echo "${PORTS[*]}" >"$WORK/ports"
fi

declare -A JARS=([after]="$JOB_JAR")
ORDER=(after)
if [[ -n "${BEFORE_JAR:-}" ]]; then
  [[ -f "$BEFORE_JAR" ]] || die "no $BEFORE_JAR"
  JARS[before]="$BEFORE_JAR"; ORDER=(before after)
fi
# The driver's AOT cache (JDK 25, JEP 483/514/515), made as the README says: one small re-run of
# the job (1,000 URLs of one host and 10 missing ones, downloaded once first into a scratch
# directory) with -XX:AOTCacheOutput; that JVM writes the cache when it exits.
AOT="$WORK/driver.aot"
rm -rf "$WORK/aot-out" "$AOT"
if [[ -z "${VARIANTS:-}" || $VARIANTS == *@AOT@* ]]; then
  { head -1000 "$LIST"; grep /missing/ "$LIST" | head -10; } >"$WORK/aot-train.txt"
  log "AOT training: a first run and a re-run of 1,010 URLs"
  JOB_OUT="$WORK/aot-out"
  job_command "$JOB_JAR" "aot-sample" "$WORK/aot-train.txt"
  "${CMD[@]}" >"$WORK/aot-sample.log" 2>&1 || true
  DRIVER_FLAGS="-XX:AOTCacheOutput=$AOT"
  job_command "$JOB_JAR" "aot-training" "$WORK/aot-train.txt"
  t0=$EPOCHREALTIME
  "${CMD[@]}" >"$WORK/aot-training.log" 2>&1 || true
  [[ -s "$AOT" ]] || die "no AOT cache made (see $WORK/aot-training.log)"
  log "driver AOT cache: $(du -h "$AOT" | cut -f1) in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
  DRIVER_FLAGS=""; unset JOB_OUT
fi

mkdir -p "$WORK/floor"
"$JAVA_HOME_25/bin/javac" -nowarn -cp "$CP" -d "$WORK/floor" "$BENCH/floor/SparkSessionFloor.java"
# variant NAME FLAGS: both cases with this branch's jar and driver FLAGS
variant() {
  DRIVER_FLAGS=$2
  restore; timed "$1, 30 left #$run" job_command "$JOB_JAR" "$1, 30 left #$run" "$LIST"
  restore; timed "$1, nothing left #$run" job_command "$JOB_JAR" "$1, nothing left #$run" "$DONE_LIST"
  DRIVER_FLAGS=""
}
for run in $(seq "$RUNS"); do
  timed "floor #$run" floor_command "floor #$run"
  for which in "${ORDER[@]}"; do
    restore; timed "$which, 30 left #$run" job_command "${JARS[$which]}" "$which, 30 left #$run" "$LIST"
    restore; timed "$which, nothing left #$run" job_command "${JARS[$which]}" "$which, nothing left #$run" "$DONE_LIST"
  done
  # The driver only plans on a re-run: C1 alone compiles far less of Spark; the AOT cache loads and
  # links Spark's classes from the cache instead of the jars.
  if [[ -n "${VARIANTS:-}" ]]; then
    while IFS='|' read -r vname vflags; do
      [[ -n $vname ]] && variant "after, $vname" "${vflags//@AOT@/$AOT}"
    done <<<"$VARIANTS"
  else
    variant "after, C1 driver" "-XX:TieredStopAtLevel=1"
    variant "after, AOT driver" "-XX:AOTCache=$AOT"
    variant "after, AOT + C1 driver" "-XX:AOTCache=$AOT -XX:TieredStopAtLevel=1"
  fi
done

# --- table: a new dated section on top of bench/results/spark-rerun.md (earlier sections kept) ---
RESULT="$RESULTS/spark-rerun.md"
{
  echo "# Spark job re-runs: 9,034 URLs over 3 hosts, all but 30 (or all) already downloaded"
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC ($RUNS rounds)"
  echo
  echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'),"
  echo "master \`$MASTER\`, \`-j 64\`, Spark's default settings (no \`spark.sql.shuffle.partitions\`), event log on."
  echo "Wall: JVM start to exit; job s: the job's own time (session up); stages and tasks from the event"
  echo "log; load: 1-minute load average just before the run."
  echo "Job jars: after = \`$JOB_JAR\`${BEFORE_JAR:+, before = \`$BEFORE_JAR\`}. The manifest is restored before every re-run."
  echo "The floor row is a bare session counting the list's lines (\`bench/floor/SparkSessionFloor.java\`;"
  echo "its job s is the count): what any job costs here before it does its own work. \"C1 driver\": the"
  echo "same jar in a JVM with -XX:TieredStopAtLevel=1 (in local mode that JVM also runs the downloads);"
  echo "\"AOT driver\": with \`-XX:AOTCache=\` made by one small training re-run (1,010 URLs, \`-XX:AOTCacheOutput=\`)."
  echo
  echo "| run | wall s | CPU s | peak RSS MiB | job s | stages | tasks | exit | load |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ printf "| %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4 / 1024, $5, $6, $7, $8, $9 }' "$TSV"
  echo
  echo "Stages of each run (id, name, tasks, ms): \`bench/work/spark-rerun/stages.txt\`."
} >"$WORK/table.md"
replace_keeping_earlier_runs "$RESULT" "$WORK/table.md"
