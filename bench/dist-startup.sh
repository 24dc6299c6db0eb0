#!/usr/bin/env bash
# The distribution's size and start-up (issue 20): `loomget --version` from the unpacked tarball and from
# the .deb's files (dpkg -x) against `./loomget --version` of this checkout, run interleaved so that noise
# on a shared machine spreads over all of them. Writes bench/results/dist.md.
#   ./mvnw -Pdist package -DskipTests && bench/dist-startup.sh [RUNS]   (default 30)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-30}"
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$root/pom.xml" | head -1)"
tarball="$root/target/loomget-$version-linux-x64.tar.gz"
deb="$root/target/loomget_${version}_amd64.deb"
[[ -f $tarball && -f $deb ]] || { echo "dist-startup.sh: build the distribution first: ./mvnw -Pdist package -DskipTests" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
dpkg -x "$deb" "$work/deb"
"$root/loomget" --version >/dev/null 2>&1 # builds the jar and its AOT cache once, untimed

declare -A cmd=(
  [launcher]="$root/loomget"
  [tarball]="$work/loomget-$version/bin/loomget"
  [deb]="$work/deb/usr/bin/loomget"
)
order=(launcher tarball deb nocache)
# The packaged runtime with its AOT cache switched off: what the cache is worth there.
# Each run: its wall time (the shell's microsecond clock) and its CPU time, user + sys (/usr/bin/time),
# which a loaded machine disturbs less.
run_one() {
  local name=$1 t0 t1 cpu
  local -a env=()
  [[ $name == nocache ]] && env=(JDK_JAVA_OPTIONS=-XX:AOTMode=off)
  local command="${cmd[$name]:-${cmd[tarball]}}"
  t0=$EPOCHREALTIME
  env "${env[@]}" /usr/bin/time -f '%U %S' -o "$work/cpu" "$command" --version >/dev/null 2>&1
  t1=$EPOCHREALTIME
  cpu="$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")"
  echo "$name $(( (${t1/./} - ${t0/./}) / 1000 )) $cpu" >>"$work/times"
}
# The package must use its cache: with -XX:AOTMode=on the JVM refuses to start otherwise.
for name in tarball deb; do
  JDK_JAVA_OPTIONS=-XX:AOTMode=on "${cmd[$name]}" --version >/dev/null 2>&1 \
    || { echo "dist-startup.sh: the $name's AOT cache is not used" >&2; exit 1; }
done
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < runs; i++)); do
  for name in "${order[@]}"; do run_one "$name"; done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

median() { grep "^$1 " "$work/times" | cut -d' ' -f"$2" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
declare -A med cpu
for name in "${order[@]}"; do med[$name]="$(median "$name" 2)" cpu[$name]="$(median "$name" 3)"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.1f", b / 1048576}'; }

out="$root/bench/results/dist.md"
{
  echo "# The distribution: size and start-up"
  echo
  echo "Made by \`bench/dist-startup.sh $runs\` on $(date -u +%Y-%m-%d), $(nproc) cores, load average $load_before before and $load_after after."
  echo
  echo "| file | size |"
  echo "|---|---|"
  echo "| $(basename "$deb") | $(mib "$deb") MiB |"
  echo "| $(basename "$tarball") | $(mib "$tarball") MiB |"
  echo "| installed (unpacked tree) | $(du -sm "$work/loomget-$version" | cut -f1) MiB, of which the runtime $(du -sm "$work/loomget-$version/lib/loomget/runtime" | cut -f1) MiB and the AOT cache $(du -sm "$work/loomget-$version/lib/loomget/loomget.aot" | cut -f1) MiB |"
  echo
  echo "\`loomget --version\`, medians of $runs runs each, interleaved (wall time, and CPU time user + sys):"
  echo
  echo "| command | wall | vs ./loomget | CPU | vs ./loomget |"
  echo "|---|---|---|---|---|"
  row() { echo "| $1 | ${med[$2]} ms | $(ratio "${med[$2]}" "${med[launcher]}") | ${cpu[$2]} ms | $(ratio "${cpu[$2]}" "${cpu[launcher]}") |"; }
  row "\`./loomget --version\` (this checkout, JDK 25, the launcher's AOT cache)" launcher
  row "\`bin/loomget --version\` from the tarball" tarball
  row "\`/usr/bin/loomget --version\` from the .deb (dpkg -x)" deb
  row "the tarball's, its AOT cache off (\`-XX:AOTMode=off\`)" nocache
} >"$out"
cat "$out"
