#!/usr/bin/env bash
# bench/spark.sh: the Spark job (spark/) against the CLI on the same work: 20,000 x 16 KiB files from
# a private nginx on 127.0.0.1, to disk, in one run. The job runs in local[2] (driver and executors in
# one JVM, as spark-submit --master 'local[2]' would run it), the CLI with the same -j. Every output is
# checked by sha256; wall, CPU and peak RSS come from GNU time. The table goes to bench/results/spark.md.
#
# Usage: bench/spark.sh            (RUNS=n runs per tool, default 1; COUNT=n files, default 20000; J=n, default 64)
# Needs: nginx (+ its echo module, for the shared nginx config), Maven with the Spark job built
#   (mvn install && mvn -f spark/pom.xml package -DskipTests), /usr/bin/time, JDK 25.
set -euo pipefail
export LC_ALL=C

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=lib/common.sh
source "$BENCH/lib/common.sh"

RUNS=${RUNS:-1}
COUNT=${COUNT:-20000}
BYTES=16384
J=${J:-64}
WORK="$BENCH/work/spark"
DATA="$WORK/data"
RESULTS="$BENCH/results"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[[ -x "$JAVA" ]] || JAVA="$(ls -d /usr/lib/jvm/*25*/bin/java | head -1)"
[[ -x /usr/bin/time ]] || die "needs GNU time (/usr/bin/time)"
# shellcheck source=lib/spark.sh
source "$BENCH/lib/spark.sh"

# --- the job's jar and Spark's class path --------------------------------------------------------
JOB_JAR="$ROOT/spark/target/loomget-spark.jar"
[[ -f "$JOB_JAR" ]] || die "no $JOB_JAR: run 'mvn install -DskipTests && mvn -f spark/pom.xml package -DskipTests' first"
mkdir -p "$WORK" "$RESULTS"
CP_FILE="$WORK/spark.classpath"
if [[ ! -s "$CP_FILE" || "$ROOT/spark/pom.xml" -nt "$CP_FILE" ]]; then
  log "resolving Spark's class path (mvn dependency:build-classpath)"
  mvn -B -ntp -q -o -f "$ROOT/spark/pom.xml" dependency:build-classpath -Dmdep.includeScope=provided \
      -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
# The JVM options spark-submit's launcher adds on JDK 17+, plus loomget's --enable-preview (from spark/pom.xml).
JVM_OPTS="$(sed -n 's|.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*|\1|p' "$ROOT/spark/pom.xml")"

# --- data and nginx --------------------------------------------------------------------------------
if [[ ! -f "$DATA/small.sha256" || "$(wc -l <"$DATA/small.sha256")" != "$COUNT" ]]; then
  log "generating $COUNT files of $BYTES bytes"
  rm -rf "$DATA"; mkdir -p "$DATA/small"
  head -c $((COUNT * BYTES)) /dev/urandom | (cd "$DATA/small" && split -b "$BYTES" -a 5 -d --additional-suffix=.bin - f)
  (cd "$DATA/small" && sha256sum -- *.bin) >"$DATA/small.sha256"
fi
chmod -R a+rX "$DATA"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
PORT="$(free_port "${PORT:-18631}")" || die "no free port"
trap 'spark_nginx_stop; spark_out_cleanup "${OUT:-}"' EXIT
spark_nginx_start "$WORK/nginx" "$DATA" "$PORT" # lib/spark.sh: /files/ only, no TLS server to set up
LIST="$WORK/urls.txt"
awk -v base="http://127.0.0.1:$PORT/files/small/" '{ print base $2 }' "$DATA/small.sha256" >"$LIST"
curl -q -sS --fail -o /dev/null "$(head -1 "$LIST")" || die "nginx does not serve $(head -1 "$LIST")"

# --- runs ------------------------------------------------------------------------------------------
OUT="$WORK/out"
TSV="$WORK/runs.tsv"
: >"$TSV"
# timed NAME DIR_TO_VERIFY COMMAND...: one run; appends "name wall cpu rss_kib ok|fail"
timed() {
  local name=$1 verify_dir=$2; shift 2
  fresh_out "$OUT"
  local t0=$EPOCHREALTIME t1 rc=0 status=ok
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$@" >"$WORK/$name.log" 2>&1 || rc=$?
  t1=$EPOCHREALTIME
  if (( rc != 0 )); then status="fail(rc=$rc)"
  elif ! (cd "$OUT/$verify_dir" && sha256sum --quiet -c "$DATA/small.sha256" >/dev/null 2>&1); then status="fail(sha256)"
  fi
  read -r user sys rss <"$WORK/time.txt"
  awk -v n="$name" -v a="$t0" -v b="$t1" -v u="$user" -v s="$sys" -v r="$rss" -v st="$status" \
    'BEGIN { printf "%s\t%.2f\t%.2f\t%d\t%s\n", n, b - a, u + s, r, st }' >>"$TSV"
  log "$name: $(tail -1 "$TSV" | cut -f2-)"
}

ready_launcher "$ROOT/loomget"
for run in $(seq "$RUNS"); do
  timed "loomget CLI -j$J" "." "$ROOT/loomget" -q -j "$J" -i "$LIST" -d "$OUT"
  # shellcheck disable=SC2086 # JVM_OPTS is a list of options
  timed "Spark job local[2] -j$J" "127.0.0.1_$PORT" "$JAVA" $JVM_OPTS -Xmx1g \
    -Dspark.master='local[2]' -Dspark.driver.bindAddress=127.0.0.1 -Dspark.driver.host=127.0.0.1 \
    -Dspark.ui.enabled=false -Dspark.sql.shuffle.partitions=2 \
    -cp "$JOB_JAR:$(cat "$CP_FILE")" io.loomget.spark.SparkMain -j "$J" --partitions 2 "$LIST" "$OUT"
done

# --- table -----------------------------------------------------------------------------------------
{
  echo "# Spark job vs CLI: $COUNT x 16 KiB from nginx on 127.0.0.1, to disk"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), load at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Wall time includes JVM start (and for Spark: session start, reading the list, planning, the"
  echo "shuffle by host and writing the Parquet manifest). Peak RSS of the whole process (driver and"
  echo "executors are one JVM in local mode). Every file checked by sha256. Runs: $RUNS."
  echo
  echo "| tool | wall s | files/s | CPU s | peak RSS MiB | result |"
  echo "|---|---:|---:|---:|---:|---|"
  awk -F'\t' -v n="$COUNT" '{ printf "| %s | %.1f | %.0f | %.1f | %.0f | %s |\n", $1, $2, n / $2, $3, $4 / 1024, $5 }' "$TSV"
  echo
  echo "The job's own line: $(grep -h 'loomget-spark:' "$WORK"/Spark*.log | tail -1)"
} >"$RESULTS/spark.md"
cat "$RESULTS/spark.md"
