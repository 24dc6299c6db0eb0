# shellcheck shell=bash
# Case/tool registry, timed runs under /usr/bin/time, sha256 verification, per-run records.
#
# A case is registered with case_begin, then its tools with tool_add. run_case runs every tool of
# a case RUNS times, interleaved (run 1 of every tool, then run 2, ...) so that noise from the
# shared machine spreads over all tools alike. Every run gets an empty output directory, a sync
# before it starts, a time limit, and a verification of what it wrote.
#
# Records go to $RUNS_TSV, one line a run:
#   case  tool  run  ok|fail  wall_s  cpu_s  peak_rss_kib  note

declare -a CASES=()                 # registered case ids, in order
declare -A CASE_LABEL=()            # id -> label shown in the table
declare -A CASE_REF_KIND=()         # id -> tool | value | none
declare -A CASE_REF=()              # id -> reference tool name, or reference seconds
declare -A CASE_REF_DESC=()         # id -> one line explaining the reference
declare -a T_CASE=() T_NAME=() T_OUT=() T_CMD=() T_VERIFY=()

# case_begin ID LABEL REF_KIND REF DESCRIPTION
case_begin() {
  CASES+=("$1")
  CASE_LABEL[$1]=$2 CASE_REF_KIND[$1]=$3 CASE_REF[$1]=$4 CASE_REF_DESC[$1]=$5
}

# tool_add CASE NAME OUT_DIR VERIFY_CMD -- COMMAND...
#   OUT_DIR is emptied before every run; VERIFY_CMD (a shell-quoted string) runs after a run
#   that exited 0, prints why on failure and returns non-zero.
tool_add() {
  local case=$1 name=$2 out=$3 verify=$4
  shift 4
  [[ ${1:-} == -- ]] && shift
  T_CASE+=("$case") T_NAME+=("$name") T_OUT+=("$out") T_VERIFY+=("$verify")
  T_CMD+=("$(printf '%q ' "$@")")
}

# --- verification -------------------------------------------------------------------------------

# verify_single DIR NAME SHA256: DIR holds exactly NAME, with that digest.
verify_single() {
  local dir=$1 name=$2 want=$3 got extra
  [[ -f "$dir/$name" ]] || { echo "no $name in the output directory"; return 1; }
  extra="$(cd "$dir" && find . -mindepth 1 ! -name "$name" -printf '%P ' | head -c 200)"
  got="$(sha256_of "$dir/$name")"
  [[ "$got" == "$want" ]] || { echo "sha256 mismatch on $name ($(stat -c %s "$dir/$name") bytes)"; return 1; }
  [[ -z "$extra" ]] || { echo "left extra files: $extra"; return 1; }
}

# verify_manifest DIR MANIFEST: DIR holds exactly the files of MANIFEST (sha256sum format).
verify_manifest() {
  local dir=$1 manifest=$2 want have bad extra
  want=$(wc -l <"$manifest")
  have=$(find "$dir" -mindepth 1 -type f | wc -l)
  if ! bad="$(cd "$dir" && sha256sum --quiet -c "$manifest" 2>&1)"; then
    echo "sha256 check failed: $(head -3 <<<"$bad" | tr '\n' ' ' | cut -c1-200)"; return 1
  fi
  if (( have != want )); then
    extra="$(cd "$dir" && find . -mindepth 1 -type f -printf '%P\n' | sort | comm -23 - <(awk '{print $2}' "$manifest" | sed 's/^\*//' | sort) | head -3 | tr '\n' ' ')"
    echo "$have files instead of $want (extra: $extra)"; return 1
  fi
}

verify_none() { :; }

# --- running --------------------------------------------------------------------------------------

# run_tool_once INDEX RUN: one timed run of tool INDEX; appends a record to $RUNS_TSV.
run_tool_once() {
  local i=$1 run=$2 case=${T_CASE[$1]} name=${T_NAME[$1]} out=${T_OUT[$1]}
  local slug logbase rc=0 status=ok note="" wall="" cpu="" rss="" line
  slug="$(printf '%s-%s-%s' "$case" "$name" "$run" | tr -c 'A-Za-z0-9._-' '_')"
  logbase="$LOG_DIR/$slug"

  if [[ -n "$out" ]]; then
    rm -rf "$out"
    mkdir -p "$out"
  fi
  sync -f "${out:-$WORK}" 2>/dev/null || sync

  local -a cmd
  eval "cmd=(${T_CMD[$i]})"
  # wall from bash's microsecond clock (GNU time's %e has 10 ms steps); CPU and RSS from GNU time
  local t0=$EPOCHREALTIME t1
  ( cd "${out:-$WORK}" && exec /usr/bin/time -f 'LGBTIME %e %U %S %M' -o "$logbase.time" \
      timeout -k 5 "$RUN_TIMEOUT" "${cmd[@]}" ) </dev/null >"$logbase.out" 2>"$logbase.err" || rc=$?
  t1=$EPOCHREALTIME

  line="$(grep '^LGBTIME ' "$logbase.time" 2>/dev/null | tail -1 || true)"
  if [[ -n "$line" ]]; then
    read -r wall cpu rss <<<"$(awk -v t0="$t0" -v t1="$t1" '{ printf "%.3f %.2f %s", t1 - t0, $3 + $4, $5 }' <<<"$line")"
  fi

  if (( rc == 124 || rc == 137 )); then
    status=fail note="timed out after ${RUN_TIMEOUT}s"
  elif (( rc != 0 )); then
    status=fail
    local why stderr_head
    why="$(grep -o 'Command terminated by signal [0-9]*' "$logbase.time" 2>/dev/null || true)"
    why="${why:+killed by signal ${why##* }}"
    stderr_head="$(grep -v -e '^[[:space:]]*$' -e '^Command exited' "$logbase.err" 2>/dev/null | head -2 | tr '\n\t' '  ' | cut -c1-200 || true)"
    note="${why:-exit $rc}${stderr_head:+: $stderr_head}"
  elif ! note="$(eval "${T_VERIFY[$i]}")"; then
    status=fail
  else
    note=""
  fi
  [[ -n "$out" ]] && rm -rf "$out"

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "$name" "$run" "$status" "${wall:-}" "${cpu:-}" "${rss:-}" "$note" >>"$RUNS_TSV"
  if [[ $status == ok ]]; then
    log "  $case | $name | run $run: ${wall}s wall, ${cpu}s CPU, $(( ${rss:-0} / 1024 )) MiB"
  else
    log "  $case | $name | run $run: FAILED ($note) [logs: $logbase.*]"
  fi
}

# run_case ID: all tools of the case, RUNS times each, interleaved.
run_case() {
  local case=$1 run i
  log "case $case: ${CASE_LABEL[$case]}"
  for (( run = 1; run <= RUNS; run++ )); do
    for i in "${!T_CASE[@]}"; do
      if [[ ${T_CASE[$i]} == "$case" ]]; then run_tool_once "$i" "$run"; fi
    done
  done
}
