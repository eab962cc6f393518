# bash completion for synfire (installed by `make install` as
# share/bash-completion/completions/synfire). Commands and options come from
# synfire's own --help, so they cannot go stale: subcommands (plot and nir
# have their own), options of the command typed so far, back ends and serial
# devices after --port, board names after flash --board, files elsewhere.
_synfire() {
  local cur prev prog cmd=() w i
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  prog=${COMP_WORDS[0]}
  # The command path: the leading words that are commands (synfire plot raster).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    [[ $w == -* ]] && break
    if "$prog" "${cmd[@]}" --help 2>/dev/null | sed -n '/^Subcommands:/,$p' | grep -qE "^  $w( |$)"; then
      cmd+=("$w")
    else
      break
    fi
  done
  case $prev in
    -p|--port)
      COMPREPLY=($(compgen -W "model sim $(compgen -G '/dev/ttyUSB*') $(compgen -G '/dev/ttyACM*') $(compgen -G '/dev/pts/[0-9]*')" -- "$cur"))
      return ;;
    -b|--board)
      [[ ${cmd[0]} == flash ]] && { COMPREPLY=($(compgen -W "icebreaker cmod-a7 arty-a7-35 arty-a7-100" -- "$cur")); return; } ;;
    --learn) COMPREPLY=($(compgen -W "on off" -- "$cur")); return ;;
  esac
  local help
  help=$("$prog" "${cmd[@]}" --help 2>/dev/null)
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(sed -n '/^Options:/,/^Subcommands:/p' <<<"$help" | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,')" -- "$cur"))
    return
  fi
  local subs
  subs=$(sed -n '/^Subcommands:/,$p' <<<"$help" | grep -oE '^  [a-z][a-z0-9-]*' | tr -d ' ')
  if [[ -n $subs && ${#cmd[@]} -eq $((COMP_CWORD - 1)) ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _synfire synfire
