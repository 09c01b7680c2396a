#compdef ais
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
