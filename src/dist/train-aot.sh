#!/usr/bin/env bash
# Makes loomget's JDK 25 AOT cache (JEP 483/514) from a training run: a plain download of the demo's
# files and 1,000 small ones from the demo's server (the small ones give the cache method profiles of
# the per-file path, JEP 515, for long lists). The server runs in a JVM of its own, so that none of its
# classes end up in the cache (every cached class is loaded at each start). Used by the ./loomget
# launcher and by the distribution build (package.sh), so that both train alike.
#
# The training run compiles with C1 alone (-XX:TieredStopAtLevel=1): the cache records, for each method
# the run made hot, the highest level it was compiled at, and a later run compiles such a method at that
# level straight away. Trained under jvm.options's own JIT policy, every hot method would be recorded
# at a profiling level, so every run would compile it twice (C1 with profiling, then, once C2 refuses
# it, C1 again) where C1 once does; the cryptography that C2 is kept for is not part of the training,
# and keeps the policy of jvm.options (bench/results/jit.md).
# Usage: train-aot.sh CACHE JAVA [JVM_OPTION...] -jar JAR
# Exit 0 when CACHE is written; otherwise non-zero, with the training run's output on stderr.
set -uo pipefail
cache=$1
shift
loomget=("$@")
scratch="$(mktemp -d)" || exit 1
trap 'rm -rf "$scratch"' EXIT

coproc demo_server { exec "${loomget[@]}" demo --serve-only "$scratch/links.txt" 2>/dev/null; }
server_pid=$demo_server_PID
ready=""
read -r -t 60 ready <&"${demo_server[0]}" || true
ok=1
if [[ $ready == ready ]]; then
  "${loomget[0]}" -XX:AOTCacheOutput="$cache" -XX:TieredStopAtLevel=1 "${loomget[@]:1}" -i "$scratch/links.txt" -d "$scratch/out" \
    >"$scratch/log" 2>&1 && [[ -s $cache ]] && ok=0
else
  echo "the demo's server did not start" >"$scratch/log"
fi
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
((ok == 0)) || cat "$scratch/log" >&2
exit $ok
