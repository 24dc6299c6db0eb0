# fish completion for loomget. fish asks loomget's bash completion script, which is installed with
# this file (at ../../bash-completion/completions/loomget from here, in the package and the tarball
# alike), so that both shells offer the same words. Files are offered too, as for any command.
set -g __loomget_bash_completion (status dirname)/../../bash-completion/completions/loomget

function __loomget_complete
    # the words so far and the one being completed (empty after a space), as bash's COMP_WORDS
    set -l words (commandline -opc) (commandline -ct)
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
             COMP_POINT=${#COMP_LINE}; _complete_loomget; printf "%s\n" "${COMPREPLY[@]}"' \
        bash $__loomget_bash_completion $words 2>/dev/null
end

complete -c loomget -a '(__loomget_complete)'
