// The shell glue printed by `ais completion bash|zsh`; byte-identical to completions/ais.bash and
// completions/ais.zsh (a CLI test checks). Keep both in step when editing.
#include "ais-cli/completion/complete.hpp"

namespace ais::cli::completion {

const char* bash_script() {
    return R"__(# bash completion for `ais`, the AIStore CLI. It holds no knowledge of commands: `ais` itself
# computes the candidates (commands, flags, buckets, objects, nodes, config keys) from the line.
# Install: `source` this file from ~/.bashrc, or copy it to /etc/bash_completion.d/ais
# (`ais completion bash` prints it).
_ais_complete() {
    local cur=""
    if ((COMP_CWORD < ${#COMP_WORDS[@]})); then cur="${COMP_WORDS[COMP_CWORD]}"; fi
    local -a out
    mapfile -t out < <("${COMP_WORDS[0]}" --complete-bash "${COMP_LINE:0:COMP_POINT}" "$cur" 2>/dev/null)
    COMPREPLY=()
    local w
    for w in "${out[@]}"; do
        case "$w" in
        :files) COMPREPLY=(); return 0 ;; # empty reply: "-o default" completes file names
        :nospace) compopt -o nospace 2>/dev/null ;;
        *) COMPREPLY+=("$w") ;;
        esac
    done
    return 0
}
# Like the Go CLI's script: keep "ais://bucket" one word (':' would split it).
COMP_WORDBREAKS=${COMP_WORDBREAKS//:/}
if ((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4))); then
    complete -o bashdefault -o default -o nosort -F _ais_complete ais
else
    complete -o bashdefault -o default -F _ais_complete ais
fi
)__";
}

const char* zsh_script() {
    return R"__(#compdef ais
# zsh completion for `ais`, the AIStore CLI. It holds no knowledge of commands: `ais` itself
# computes the candidates (commands, flags, buckets, objects, nodes, config keys) from the line.
# Install: copy it as `_ais` into a directory of $fpath, or `source` it after compinit
# (`ais completion zsh` prints it).
_ais() {
    local -a out more done
    local w
    out=("${(@f)$("${words[1]}" --complete -- "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
    for w in "${out[@]}"; do
        case "$w" in
        :files) _files; return ;;
        :nospace | '') ;;
        */ | *= | *.) more+=("$w") ;;
        *) done+=("$w") ;;
        esac
    done
    (( ${#done} )) && compadd -V ais -- "${done[@]}"
    (( ${#more} )) && compadd -V ais -S '' -- "${more[@]}"
    return 0
}
if [[ "${funcstack[1]}" == "_ais" ]]; then
    _ais "$@"
else
    compdef _ais ais
fi
)__";
}

}  // namespace ais::cli::completion
