# Sourced by both launchers (./loomget and the package's bin/loomget): whether a run fetches over https,
# so that it starts from the start-up cache that holds the JDK's TLS classes (train-aot.sh --tls).
#
# That cache takes 9-15 % off an https run's CPU and wall time (one 16 KiB file: 0.60 s instead of
# 0.71; 2,000 files, 512 MiB at -x1 and -x4 alike) and 1-3 MiB off its memory, but every class in a
# cache is loaded at each start, so a plain-http run would carry 7-8 MiB of TLS classes it never uses
# (bench/results/memory.md): plain runs keep the cache without them. An https URL among the
# arguments, the daemon (whose downloads are mostly https), or an https URL in the first 64 KiB of a
# links file (-i FILE) picks the https cache; a list from stdin is not looked at (it starts with the
# plain cache, and loads the TLS classes when it needs them).
HTTPS_RUN_BYTES=65536

# shellcheck source=src/dist/input-files.sh
source "${BASH_SOURCE[0]%/*}/input-files.sh"

# https_run ARG...: succeeds when loomget's arguments make a run that fetches over https.
https_run() {
  local arg file
  for arg; do
    case $arg in
      --enable-rpc*) return 0 ;;
      [Hh][Tt][Tt][Pp][Ss]://*) return 0 ;;
    esac
  done
  input_files "$@"
  for file in "${INPUT_FILES[@]}"; do
    # Not a pipe: under the launcher's pipefail, head cut short by grep -q would fail the test.
    if grep -qi 'https://' < <(head -c "$HTTPS_RUN_BYTES" -- "$file"); then
      return 0
    fi
  done
  return 1
}
