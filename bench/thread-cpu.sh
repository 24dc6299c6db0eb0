#!/usr/bin/env bash
# bench/thread-cpu.sh OUT COMMAND...: runs COMMAND and writes to OUT the CPU time its JVM's threads
# used, by thread kind (the thread name without its trailing number), in clock ticks (1/100 s),
# most first: "ForkJoinPool-1-" (virtual threads' carriers), "C2 CompilerThre", "VM Thread" (Serial
# GC), "HttpClient-1-Se" (the client's selector), "java" (main). /proc/PID/task/*/stat is read every
# 0.2 s, so a thread that lives less than that is missed (the JVM's own threads live for the run).
# COMMAND may be a launcher script that starts java as its child (e.g. ./loomget).
set -uo pipefail
out=$1
shift
"$@" >/dev/null 2>&1 &
pid=$!
declare -A last name
while kill -0 "$pid" 2>/dev/null; do
  jvm=$(pgrep -P "$pid" java || echo "$pid")
  for t in /proc/"$jvm"/task/*; do
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    read -r -a f <<<"${stat##*) }"
    last[${t##*/}]=$(( f[11] + f[12] ))   # utime + stime
    name[${t##*/}]=$(cat "$t/comm" 2>/dev/null)
  done
  sleep 0.2
done
wait "$pid"
rc=$?
for tid in "${!last[@]}"; do echo "${last[$tid]} ${name[$tid]}"; done \
  | awk '{ t = $1; $1 = ""; n = substr($0, 2); gsub(/[0-9]+$/, "", n); c[n] += t } END { for (k in c) print c[k], k }' \
  | sort -rn >"$out"
exit $rc
