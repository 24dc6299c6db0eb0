# Sourced by long-run.sh and https-run.sh: the links files that loomget's arguments name.

# input_files ARG...: sets INPUT_FILES to the files named by -i FILE, -iFILE, --input-file FILE and
# --input-file=FILE before any "--" (after it, every argument is a URL), leaving out stdin (-) and
# whatever is not a readable regular file.
input_files() {
  INPUT_FILES=()
  local arg file
  while (($#)); do
    arg=$1
    shift
    file=""
    case $arg in
      --) return 0 ;;
      -i | --input-file) file=${1:-} ;;
      --input-file=*) file=${arg#--input-file=} ;;
      -i?*) file=${arg#-i} ;;
    esac
    if [[ -n $file && $file != - && -f $file && -r $file ]]; then
      INPUT_FILES+=("$file")
    fi
  done
  return 0
}
