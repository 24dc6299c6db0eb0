# Sourced by both launchers (./loomget and the package's bin/loomget): the JVM options of a long run.
#
# jvm.options keeps C2 for the JDK's cryptography only: on loomget's own code and the HTTP client's,
# C2's compiles cost more CPU than they save in runs of up to 100,000 files. Past that they pay: 200,000
# tiny files took 0.89x the CPU with C2 for all code, 1,000,000 0.96x (and 9 MiB more peak RSS:
# bench/results/jit.md, longlist.md). So a run that is known to be long gets C2 back for all code,
# three times later than the JVM's default (on a run of minutes what is hot at all is compiled anyway):
# the daemon (--enable-rpc), and a links file (-i FILE) of 150,000 lines or more. A list from stdin or
# a pipe is not counted. (Since the AOT cache is trained with C1 alone, what its training made hot
# stays with C1 even then, and C2 gets the rest; measured again on 200,000 and 1,000,000 files, it was
# no worse: jit.md, longlist.md.)
LONG_RUN_LINES=150000
# The TLS code keeps C2 at a third of those thresholds (5,000 calls), so that a long run does not
# decrypt for three times as long with C1's code (3.6x the CPU) before C2 takes AES-GCM. (jvm.options has
# no such per-package scaling: the compile queue matches every method against it at each pick, a cost
# a short run feels and a long one pays once, at its start.)
LONG_RUN_JVM_OPTIONS=(
  -XX:CompileCommand=MaxNodeLimit,*.*,80000
  -XX:Tier4InvocationThreshold=15000
  -XX:Tier4MinInvocationThreshold=1800
  -XX:Tier4CompileThreshold=45000
  -XX:Tier4BackEdgeThreshold=120000
  -XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.33
  -XX:CompileCommand=CompileThresholdScaling,sun.security.ssl.*::*,0.33
)

# shellcheck source=src/dist/input-files.sh
source "${BASH_SOURCE[0]%/*}/input-files.sh"

# long_run ARG...: succeeds when loomget's arguments make a long run.
long_run() {
  local arg file
  for arg; do
    case $arg in
      --) break ;;
      --enable-rpc*) return 0 ;;
    esac
  done
  input_files "$@"
  for file in "${INPUT_FILES[@]}"; do
    if (($(head -n "$LONG_RUN_LINES" -- "$file" | wc -l) >= LONG_RUN_LINES)); then
      return 0
    fi
  done
  return 1
}
