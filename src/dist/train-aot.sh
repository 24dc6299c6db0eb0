#!/usr/bin/env bash
# Makes loomget's JDK 25 AOT cache (JEP 483/514) from a training run: a plain download of the demo's
# files and 1,000 small ones from the demo's server (the small ones give the cache method profiles of
# the per-file path, JEP 515, for long lists). The server runs in a JVM of its own, so that none of its
# classes end up in the cache (every cached class is loaded at each start). Used by the ./loomget
# launcher and by the distribution build (package.sh), so that both train alike.
#
# With --tls first, the cache for runs that fetch https: the demo's server also serves the demo files
# of up to 64 KiB and 300 of 1 KiB over TLS (a throwaway CA and server key made here by the JDK's
# keytool), and the training fetches those too, trusting that CA (--ca-certificate). The TLS classes
# it then holds take 9-15 % off an https run's CPU, but would cost every plain run 7-8 MiB, which is
# why there are two caches (https-run.sh, bench/results/memory.md).
#
# The training run compiles with C1 alone (-XX:TieredStopAtLevel=1): the cache records, for each method
# the run made hot, the highest level it was compiled at, and a later run compiles such a method at that
# level straight away. Trained under jvm.options's own JIT policy, every hot method would be recorded
# at a profiling level, so every run would compile it twice (C1 with profiling, then, once C2 refuses
# it, C1 again) where C1 once does; the cryptography that C2 is kept for is not part of the training,
# and keeps the policy of jvm.options (bench/results/jit.md).
# Usage: train-aot.sh [--tls] CACHE JAVA [JVM_OPTION...] -jar JAR
# Exit 0 when CACHE is written; otherwise non-zero, with the training run's output on stderr.
set -uo pipefail
tls=""
[[ ${1:-} == --tls ]] && { tls=1; shift; }
cache=$1
shift
loomget=("$@")
scratch="$(mktemp -d)" || exit 1
trap 'rm -rf "$scratch"' EXIT

serve=(demo --serve-only "$scratch/links.txt")
trust=()
no_crypto_compiles=()
if [[ -n $tls ]]; then
  # A CA and a server certificate for 127.0.0.1 signed by it (as a real server's chain), by the
  # keytool beside the java that trains; the password is the one TrainingKeys reads the store with.
  keytool="$(dirname "$(readlink -f "${loomget[0]}")")/keytool"
  pass=loomget-training
  # Seven short JVMs: C1 alone and Serial GC take a quarter off their time (4.3 s to 3.2 here).
  k() { "$keytool" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -storetype PKCS12 -storepass "$pass" "$@" \
      >>"$scratch/keytool.log" 2>&1; }
  if ! { k -genkeypair -keystore "$scratch/ca.p12" -alias ca -keyalg EC -groupname secp256r1 \
           -dname CN=loomget-training-ca -ext bc:c -validity 2 \
      && k -exportcert -rfc -keystore "$scratch/ca.p12" -alias ca -file "$scratch/ca.pem" \
      && k -genkeypair -keystore "$scratch/server.p12" -alias server -keyalg EC -groupname secp256r1 \
           -dname CN=127.0.0.1 -validity 2 \
      && k -certreq -keystore "$scratch/server.p12" -alias server -file "$scratch/server.csr" \
      && k -gencert -keystore "$scratch/ca.p12" -alias ca -infile "$scratch/server.csr" -outfile "$scratch/server.pem" \
           -rfc -ext san=ip:127.0.0.1 -validity 2 \
      && k -importcert -noprompt -keystore "$scratch/server.p12" -alias ca -file "$scratch/ca.pem" \
      && k -importcert -keystore "$scratch/server.p12" -alias server -file "$scratch/server.pem"; }; then
    echo "keytool could not make the training's TLS key:" >&2
    cat "$scratch/keytool.log" >&2
    exit 1
  fi
  serve+=(--serve-tls "$scratch/server.p12")
  trust=(--ca-certificate "$scratch/ca.pem")
  # The JDK's ciphers and digests are not compiled in the training (their classes still go in the
  # cache): a method the training compiled with C1 would be compiled with C1 alone in every run after,
  # and AES-GCM and SHA-2 are fast only once C2 compiles them (512 MiB over TLS: 13.6 s instead of
  # 2.4). The handshake's code (sun.security.ssl, the elliptic curves) is trained like the rest.
  for package in com.sun.crypto.provider javax.crypto sun.security.provider; do
    no_crypto_compiles+=(-XX:CompileCommand=exclude,"$package".*::*)
  done
fi

coproc demo_server { exec "${loomget[@]}" "${serve[@]}" 2>/dev/null; }
server_pid=$demo_server_PID
ready=""
read -r -t 60 ready <&"${demo_server[0]}" || true
ok=1
if [[ $ready == ready ]]; then
  "${loomget[0]}" -XX:AOTCacheOutput="$cache" -XX:TieredStopAtLevel=1 "${no_crypto_compiles[@]}" "${loomget[@]:1}" \
    "${trust[@]}" -i "$scratch/links.txt" -d "$scratch/out" \
    >"$scratch/log" 2>&1 && [[ -s $cache ]] && ok=0
else
  echo "the demo's server did not start" >"$scratch/log"
fi
kill "$server_pid" 2>/dev/null
wait "$server_pid" 2>/dev/null
((ok == 0)) || cat "$scratch/log" >&2
exit $ok
