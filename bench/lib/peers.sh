# shellcheck shell=bash
# The peers as bench/compare.sh and bench/percall.sh run them: one place for their options and their
# "many files from a list" command lines, so that both scripts measure the same invocations.

# Read no configuration file, print no progress, and fail the run on an HTTP error; aria2c may
# replace a file and keeps the URL's name (every run starts in an empty output directory anyway).
# aria2c allocates no space for files under --no-file-allocation-limit (5M by default).
ARIA=(aria2c --no-conf -q --allow-overwrite=true --auto-file-renaming=false)
CURL=(curl -q -sS --fail)
WGET2=(wget2 --no-config -q)

# curl_config LIST: writes LIST's curl config beside it (LIST with .curlrc in place of .txt): a
# url/output pair for each URL of LIST (one a line), the output named as the URL's last path
# segment, as the other tools name it. `curl -K` reads it; see many_cmd.
curl_config() {
  awk 'NF { n = split($1, p, "/"); printf "url = \"%s\"\noutput = \"%s\"\n", $1, p[n] }' "$1" >"${1%.txt}.curlrc"
}

# many_cmd ARRAY TOOL PAR OUT LIST [OPTION...]: sets the array named ARRAY to TOOL's command line for
# the URLs of LIST, PAR at a time, into the directory OUT; the OPTIONs (a CA, say) go right after the
# common options. TOOL: curl (reads LIST's .curlrc, made by curl_config), aria2c or wget2.
many_cmd() {
  local -n many_cmd_=$1
  local tool=$2 par=$3 out=$4 list=$5
  shift 5
  # shellcheck disable=SC2034  # many_cmd_ is a name reference: it sets the caller's array
  case $tool in
    curl)   many_cmd_=("${CURL[@]}" "$@" -Z --parallel-max "$par" --output-dir "$out" -K "${list%.txt}.curlrc") ;;
    aria2c) many_cmd_=("${ARIA[@]}" "$@" -j"$par" -i "$list" -d "$out") ;;
    wget2)  many_cmd_=("${WGET2[@]}" "$@" --max-threads="$par" -i "$list" -P "$out") ;;
    *)      die "many_cmd: no command line for '$tool'" ;;
  esac
}

# peer_version TOOL: the tool's name and version, as "curl 7.88.1" or "aria2 1.36.0".
peer_version() {
  case $1 in
    curl)   curl --version | head -1 | cut -d' ' -f1-2 ;;
    aria2c) echo "aria2 $(aria2c --version | head -1 | awk '{ print $3 }')" ;;
    axel)   echo "axel $(axel --version | head -1 | awk '{ print $2 }')" ;;
    wget2)  echo "wget2 $(wget2 --version | head -1 | awk '{ print $3 }')" ;;
    *)      echo "$1" ;;
  esac
}
