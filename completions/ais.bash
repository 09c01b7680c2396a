# bash completion for `ais`, the AIStore CLI. It holds no knowledge of commands: `ais` itself
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
