#!/usr/bin/env bash
# Makes loomget's JDK 25 AOT cache (JEP 483/514) from a training run: a plain download of the demo's
# files and 1,000 small ones from the demo's server (the small ones give the cache method profiles of
# the per-file path, JEP 515, for long lists). The server runs in a JVM of its own, so that none of its
# classes end up in the cache (every cached class is loaded at each start). Used by the ./loomget
# launcher and by the distribution build (package.sh), so that both train alike.
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
  "${loomget[0]}" -XX:AOTCacheOutput="$cache" "${loomget[@]:1}" -i "$scratch/links.txt" -d "$scratch/out" \
    >"$scratch/log" 2>&1 && [[ -s $cache ]] && ok=0
else
  echo "the demo's server did not start" >"$scratch/log"
fi
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
((ok == 0)) || cat "$scratch/log" >&2
exit $ok
