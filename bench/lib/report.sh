# shellcheck shell=bash
# Turns $RUNS_TSV into a summary (medians of the verified runs), a markdown table and a PNG chart;
# png_terminal and KIND_COLOUR give bench/percall.sh's chart the same look.

# summarize > SUMMARY_TSV; one line per (case, tool), in registration order:
#   case  label  tool  wall  cpu  rss_mib  ratio  ok  total
summarize() {
  local i case name ok total wall cpu rss ref ratio
  declare -A seen=()
  declare -A med_wall=()
  # medians first (the reference tool of a case may come after other tools)
  for i in "${!T_CASE[@]}"; do
    case=${T_CASE[$i]} name=${T_NAME[$i]}
    med_wall["$case|$name"]="$(awk -F'\t' -v c="$case" -v t="$name" '$1 == c && $2 == t && $4 == "ok" { print $5 }' "$RUNS_TSV" | median)"
  done
  for i in "${!T_CASE[@]}"; do
    case=${T_CASE[$i]} name=${T_NAME[$i]}
    [[ -n ${seen["$case|$name"]:-} ]] && continue
    seen["$case|$name"]=1
    total=$(awk -F'\t' -v c="$case" -v t="$name" '$1 == c && $2 == t' "$RUNS_TSV" | wc -l)
    (( total > 0 )) || continue          # never ran (budget exhausted)
    ok=$(awk -F'\t' -v c="$case" -v t="$name" '$1 == c && $2 == t && $4 == "ok"' "$RUNS_TSV" | wc -l)
    wall=${med_wall["$case|$name"]}
    cpu="$(awk -F'\t' -v c="$case" -v t="$name" '$1 == c && $2 == t && $4 == "ok" { print $6 }' "$RUNS_TSV" | median)"
    rss="$(awk -F'\t' -v c="$case" -v t="$name" '$1 == c && $2 == t && $4 == "ok" { print $7 / 1024 }' "$RUNS_TSV" | median)"
    case ${CASE_REF_KIND[$case]} in
      tool)  ref=${med_wall["$case|${CASE_REF[$case]}"]:-} ;;
      value) ref=${CASE_REF[$case]} ;;
      *)     ref="" ;;
    esac
    ratio=""
    if [[ -n "$ref" && -n "$wall" ]]; then   # wall below 10 ms counts as 10 ms
      ratio="$(awk -v r="$ref" -v w="$wall" 'BEGIN { printf "%.2f", r / (w < 0.01 ? 0.01 : w) }')"
    fi
    # "-" for a missing value: read with IFS=tab would merge empty fields
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case" "${CASE_LABEL[$case]}" "$name" \
      "${wall:--}" "${cpu:--}" "${rss:--}" "${ratio:--}" "$ok" "$total"
  done
}

# reference_line CASE: "big: ceiling = ... (2.33 s)"
reference_line() {
  local case=$1 ref=""
  case ${CASE_REF_KIND[$case]} in
    tool)  ref="$(awk -F'\t' -v c="$case" -v t="${CASE_REF[$case]}" '$1 == c && $3 == t { print $4 }' "$SUMMARY_TSV")"
           [[ $ref == - ]] && ref=""
           ref="${ref:+ — measured here: $(printf '%.2f' "$ref") s}" ;;
    value) ref=" — $(printf '%.2f' "${CASE_REF[$case]}") s" ;;
  esac
  printf -- '- **%s**: %s%s\n' "${CASE_LABEL[$case]}" "${CASE_REF_DESC[$case]}" "$ref"
}

write_markdown() {
  local md=$1 png_name=$2 elapsed=$3
  {
    printf '# loomget vs peers: `bench/compare.sh %s`\n\n' "$MODE"
    printf 'Generated %s by `bench/compare.sh %s%s` in %s.\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$MODE" \
      "${SELECTED_CASES_ARG:+ $SELECTED_CASES_ARG}" "$(fmt_duration "$elapsed")"
    printf -- '- Machine: %s cores, %s GiB RAM, %s; load average at start %s.\n' "$(nproc)" \
      "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(uname -sr)" "$LOAD_AT_START"
    printf -- '- Server: %s on 127.0.0.1 (sendfile, keep-alive, own config `bench/nginx/nginx.conf.template`).\n' \
      "$("$(nginx_bin)" -v 2>&1 | sed 's|.*: ||')"
    printf -- '- loomget: %s; %s.\n' "$LOOMGET_DESC" "$JAVA_DESC"
    printf -- '- Peers: %s.\n' "$PEER_VERSIONS"
    if [[ -n ${FLOOR_DESC:-} ]] && awk -F'\t' '$3 ~ /\(floor\)$/ { f = 1 } END { exit !f }' "$SUMMARY_TSV"; then
      printf -- '- Floor rows (*JDK HttpClient alone*): %s. Not a peer: what loomget could reach on the same JDK.\n' "$FLOOR_DESC"
    fi
    printf -- '- Disk output: %s (%s); tmpfs output: %s.\n' "$DISK_OUT" "$(df --output=fstype "$DISK_OUT" 2>/dev/null | tail -1)" "$TMPFS_OUT"
    printf -- '- %s run(s) per tool and case, interleaved; medians over the runs whose output passed the sha256 check.\n' "$RUNS"
    printf -- '  Wall seconds from the shell'"'"'s microsecond clock around the run; CPU (user+sys of the tool and its children)\n'
    printf -- '  and peak RSS from `/usr/bin/time -f`; nginx'"'"'s own CPU is not counted. Outputs are emptied and `sync`ed between runs.\n'
    [[ $MODE == quick ]] && printf -- '- **Quick mode**: %s run(s), %s for *big* (full mode: 1 GiB); numbers are indicative only.\n' "$RUNS" "$BIG_LABEL"
    printf '\n`× ref` = reference seconds / median wall seconds of the tool: 1.00 matches the ceiling or ideal, higher is faster.\n\n'
    printf '| case | tool | median wall s | CPU s | peak RSS MiB | × ref (ceiling/ideal) | runs ok |\n'
    printf '|---|---|---:|---:|---:|---:|---:|\n'
    local case label tool wall cpu rss ratio ok total prev=""
    while IFS=$'\t' read -r case label tool wall cpu rss ratio ok total; do
      local shown_case=""
      [[ $case != "$prev" ]] && shown_case=$label
      prev=$case
      [[ $tool == loomget* ]] && tool="**$tool**"
      printf '| %s | %s | %s | %s | %s | %s | %s/%s%s |\n' "$shown_case" "$tool" \
        "$(fmt_num "$wall" "$( [[ $wall != - ]] && awk -v w="$wall" 'BEGIN { print (w < 1 ? 3 : 2) }' || echo 2)")" "$(fmt_num "$cpu" 2)" "$(fmt_num "$rss" 0)" \
        "$( [[ $ratio != - ]] && printf '%s×' "$ratio" || printf '—')" "$ok" "$total" \
        "$( (( ok < total )) && printf ' ⚠' )"
    done <"$SUMMARY_TSV"
    printf '\nReferences (the `× ref` column):\n\n'
    for case in "${CASES[@]}"; do
      grep -q "^$case	" "$SUMMARY_TSV" && reference_line "$case"
    done
    if awk -F'\t' '$4 == "fail"' "$RUNS_TSV" | grep -q .; then
      printf '\nFailed runs (a wrong or missing file, a non-zero exit or a timeout; logs in `bench/work/logs/%s/`):\n\n' "$MODE"
      awk -F'\t' '$4 == "fail" { printf "- %s | %s | run %s: %s\n", $1, $2, $3, $8 }' "$RUNS_TSV"
    fi
    printf '\nAll runs (seconds, KiB): `bench/results/compare-%s-runs.tsv`.\n\n![chart](%s)\n' "$MODE" "$png_name"
  } >"$md"
}

fmt_num() { [[ -n "$1" && "$1" != - ]] && printf "%.${2}f" "$1" || printf '—'; }

# png_terminal WIDTH HEIGHT: gnuplot's `set terminal` argument for a PNG chart (cairo when it has it).
png_terminal() {
  if gnuplot -e 'set terminal' 2>&1 | grep -q pngcairo; then echo "pngcairo size $1,$2 font 'DejaVu Sans,10'"
  else echo "png size $1,$2"
  fi
}

# A gnuplot function for the colour of a bar by the kind of tool: 1 loomget (red), 2 the JDK HttpClient
# floor (grey), anything else a peer (blue).
KIND_COLOUR='kind_colour(k) = (k == 1 ? 0xd62728 : k == 2 ? 0x7f7f7f : 0x1f77b4)'

write_chart() {
  local png=$1 dat="$WORK/chart-$MODE.dat" term x=0 prev="" n
  term="$(png_terminal 1600 1500)"
  : >"$dat"
  local case label tool wall cpu rss ratio ok total
  while IFS=$'\t' read -r case label tool wall cpu rss ratio ok total; do
    [[ -n $prev && $case != "$prev" ]] && x=$((x + 1))     # a gap between cases
    prev=$case
    local name="$case: $tool"
    (( ok == 0 )) && name="$name (FAILED)"
    [[ $ratio == - ]] && ratio=0
    [[ $cpu == - ]] && cpu=0
    [[ $rss == - ]] && rss=0
    printf '%d\t%s\t%s\t%s\t%s\t%d\n' "$x" "$name" "$ratio" "$cpu" "$rss" \
      "$( case $tool in loomget*) echo 1 ;; *'(floor)') echo 2 ;; *) echo 0 ;; esac )" >>"$dat"
    x=$((x + 1))
  done <"$SUMMARY_TSV"
  n=$x
  gnuplot <<EOF || { warn "gnuplot failed; no chart"; return 0; }
set terminal $term
set output "$png"
set datafile separator "\t"
set style fill solid 0.85 border lc rgb "#333333"
set boxwidth 0.8
unset key
set grid ytics
set xrange [-0.7:$n - 0.3]
set xtics rotate by 35 right nomirror font ",9" scale 0
set lmargin 12
set bmargin 11
$KIND_COLOUR
set multiplot layout 3,1 title "loomget (red) vs peers (blue), JDK HttpClient alone (grey): bench/compare.sh $MODE, median of $RUNS run(s)" font ",13"
set title "speed vs ceiling/ideal: reference s / wall s (log scale, higher is better; dashed = 1.0)"
set logscale y
set yrange [0.001:*]
plot "$dat" using 1:(\$3 > 0 ? \$3 : NaN):(kind_colour(\$6)):xtic(2) with boxes lc rgb variable, \
     1 with lines dt 2 lc rgb "black"
set title "CPU seconds, user + sys (log scale, 0 shown as 0.005)"
set yrange [*:*]
plot "$dat" using 1:(\$4 > 0.005 ? \$4 : 0.005):(kind_colour(\$6)):xtic(2) with boxes lc rgb variable
unset logscale y
set title "peak RSS MiB (dashed = 100 MiB target)"
set yrange [0:*]
plot "$dat" using 1:5:(kind_colour(\$6)):xtic(2) with boxes lc rgb variable, \
     100 with lines dt 2 lc rgb "black"
unset multiplot
EOF
}
