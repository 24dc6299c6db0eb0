#!/usr/bin/env bash
# Platform vs virtual threads on loomget's real engine, measured with JMH.
#
#   bench/jmh.sh quick   # ~5 min on 2 idle cores: 100 and 10,000 files in flight at 50 ms (16 KiB),
#                        # -j 200 at 10,000, 1,000 files at 1 s latency, and 4 x 64 MiB in 16 ranges each
#   bench/jmh.sh full    # the whole matrix: 10..10,000 files, 0/50 ms (and 1 s), 16 KiB/1 MiB
#                        # (2 hours or more on 2 cores: 10,000 x 1 MiB moves 10 GiB per operation)
#   bench/jmh.sh quick -p server=inproc     # extra arguments go to every JMH run
#
# Builds bench/target/benchmarks.jar (compiling the engine from src/main/java), runs JMH with
# --enable-preview in the forks, and writes to bench/results/:
#   jmh-MODE.json   JMH's JSON (all runs of the mode merged)
#   jmh-MODE.md     machine, settings and one table row per parameter set
#   jmh-MODE.png    files/s and peak OS threads vs downloads in flight (gnuplot)
#   jmh-MODE.log    JMH's own output
#   jmh-MODE.dat/.gp  the chart's data and script
set -euo pipefail

mode="${1:-quick}"
shift || true
case "$mode" in
  quick | full) ;;
  *) echo "usage: bench/jmh.sh quick|full [extra JMH arguments]" >&2; exit 2 ;;
esac

bench="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(dirname "$bench")"
cd "$root"
results="bench/results"
work="bench/target/jmh-$mode"
mkdir -p "$results" "$work"
rm -f "$work"/*.json

# shellcheck source=lib/common.sh
source "$bench/lib/common.sh"   # find_jdk: the launcher's way of finding a JDK
java="$(find_jdk 25)/bin/java" || { echo "jmh.sh: needs a JDK 25 or newer (set JAVA_HOME or install one under /usr/lib/jvm)" >&2; exit 2; }

if ! command -v gnuplot >/dev/null 2>&1; then
  echo "jmh.sh: installing gnuplot for the chart" >&2
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo="sudo"
  { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends gnuplot-nox; } >/dev/null ||
    echo "jmh.sh: could not install gnuplot; the PNG will be missing" >&2
fi

echo "jmh.sh: installing the library and its test jar, then building bench/target/benchmarks.jar" >&2
mvn -B -q -DskipTests install
mvn -B -q -f bench/pom.xml -DskipTests package   # the wiring test: mvn -f bench/pom.xml verify

start=$(date +%s)
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# The forks get the launcher's HttpClient buffer size and a bounded heap (the box is shared); the
# server runs in a child JVM of each fork (-Xmx4g), see FileServer.
fork_args="--enable-preview -Xmx3g -XX:+ExitOnOutOfMemoryError -Djdk.httpclient.bufsize=65536"
profilers=(-prof gc -prof io.loomget.bench.PeakProfiler)
if [[ "$mode" == quick ]]; then
  iterations=(-f 1 -wi 1 -w 3s -i 2 -r 3s -to 5m)
  many=(-p threads=virtual,platform -p concurrency=100,10000 -p latencyMs=50 -p sizeKiB=16)
  pool=(-p threads=platform-200 -p concurrency=10000 -p latencyMs=50 -p sizeKiB=16)
  large=(-p threads=virtual,platform -p latencyMs=0)
  # Where the thread model can matter on 2 cores: in flight = throughput x latency must exceed 200.
  slow=(-p threads=virtual,platform-200 -p concurrency=1000 -p latencyMs=1000 -p sizeKiB=16)
else
  # 10 s warm-ups: the per-file code paths need a few thousand files before C2 has compiled them.
  iterations=(-f 1 -wi 2 -w 10s -i 4 -r 5s -to 10m)
  many=(-p threads=virtual,platform -p concurrency=10,100,1000,10000 -p latencyMs=0,50 -p sizeKiB=16,1024)
  # -j 200 only differs from thread-per-task above 200 files.
  pool=(-p threads=platform-200 -p concurrency=1000,10000 -p latencyMs=0,50 -p sizeKiB=16,1024)
  large=(-p threads=virtual,platform -p latencyMs=0,50)
  slow=(-p threads=virtual,platform,platform-200 -p concurrency=1000,10000 -p latencyMs=1000 -p sizeKiB=16)
fi

log="$results/jmh-$mode.log"
: >"$log"
run() { # NAME BENCHMARK_REGEX ARGS...
  local name="$1" regex="$2"
  shift 2
  echo "jmh.sh: $mode/$name" >&2
  # A failed parameter set (error, timeout) is logged and left out of the JSON; the others go on.
  "$java" --enable-preview -Xmx512m -jar bench/target/benchmarks.jar "$regex" "$@" \
    "${iterations[@]}" "${profilers[@]}" -jvmArgsAppend "$fork_args" \
    -rf json -rff "$work/$name.json" "${extra[@]}" 2>&1 | tee -a "$log" | grep -E --line-buffered '^# (Benchmark|Parameters|Run progress)|^Iteration|<failure>|Exception' >&2 || true
}
extra=("$@")
run many '\.ManyFilesBenchmark\.' "${many[@]}"
run pool200 '\.ManyFilesBenchmark\.' "${pool[@]}"
run slow '\.ManyFilesBenchmark\.' "${slow[@]}"
run large '\.LargeFilesBenchmark\.' "${large[@]}"

elapsed=$(($(date +%s) - start))
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
failures=$(grep -c '<failure>' "$log" || true)

# The table, with the machine it ran on.
prefix="$results/jmh-$mode"
"$java" --enable-preview -cp bench/target/benchmarks.jar io.loomget.bench.Report "$prefix" \
  "JMH $mode run" "$work"/many.json "$work"/pool200.json "$work"/slow.json "$work"/large.json >"$work/table.md"
{
  echo "# loomget JMH results: $mode"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); wall time $((elapsed / 60)) min $((elapsed % 60)) s"
  echo "- machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, Linux $(uname -r)"
  echo "- load average (1/5/15 min) before: $load_before; after: $load_after (2 cores: anything above 2 means other work competed for the CPU)"
  echo "- JVM: $("$java" -version 2>&1 | sed -n 2p); forks: $fork_args; scratch: $( [[ -w /dev/shm ]] && echo tmpfs /dev/shm || echo java.io.tmpdir)"
  echo "- JMH: ${iterations[*]} ${profilers[*]} ${extra[*]}"
  echo "- failed parameter sets (see jmh-$mode.log): $failures"
  # Which ones, and the first line of why (e.g. "Too many open files" at 10,000 x 1 MiB in flight).
  awk '/^# Benchmark: /{b=$3} /^# Parameters: /{p=$0; sub(/^# Parameters: /, "", p)}
       /<failure>/{f=1; next}
       f && /(Exception|Error)/{sub(/^[ \t]+/, ""); printf "  - %s %s: %s\n", b, p, substr($0, 1, 300); f=0}' "$log"
  if [[ "$mode" == quick ]]; then
    echo "- quick mode: one 3 s warm-up iteration and two 3 s measurements, so a row with few files per operation"
    echo "  is measured partly before the JIT has compiled the per-file code (compare its CPU µs/file with the"
    echo "  10,000-file rows), and the error bars are wide; quote \`bench/jmh.sh full\` numbers, not these"
  fi
  echo
  cat "$work/table.md"
  cat <<'EOF'
Columns: *files/s* and *MiB/s* are completed files per second of the measured iterations (± JMH's
99.9% error where there are enough iterations); *vs virtual* divides by the virtual-thread row of the
same case; *CPU µs/file* is the benchmark JVM's process CPU (client) and the server JVM's, per file;
*alloc* comes from `-prof gc` (the fork only, i.e. the client); *peak OS threads* is the most live
platform threads in the fork at once (JMH, GC and JIT threads included, about 10-40); *server peak
concurrent* is the most requests the server had in flight at once (how much concurrency the client
really achieved); *peak RSS* is the fork's VmHWM, warm-up included.
EOF
} >"$prefix.md"

if command -v gnuplot >/dev/null 2>&1 && [[ -f "$prefix.gp" ]]; then
  gnuplot "$prefix.gp" && echo "jmh.sh: chart $prefix.png" >&2
fi
cat "$prefix.md"
echo "jmh.sh: done in $((elapsed / 60)) min $((elapsed % 60)) s; $failures failed parameter set(s); results in $results/jmh-$mode.*" >&2
