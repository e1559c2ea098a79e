"""`vsd completion bash|zsh|fish`: print a tab-completion script for the shell.

The script is made from vsd's own argument parser at the time it is printed (every sub-command,
its options, and the values an option or argument lists), so it never lags behind the commands.

Why not argcomplete or shtab: argcomplete runs vsd's Python on every Tab press (the start-up this
command line is measured on) and has to be wired in before the parser is built; shtab would be
a new dependency for what is a walk over the parser and a few dozen lines of shell per shell.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass

from directory.i18n import _

ORDER = 90
SHELLS = ("bash", "zsh", "fish")
# Words a script may hold unquoted: sub-command names, options, listed values.
_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]*$|^--?[A-Za-z0-9][A-Za-z0-9_-]*$")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "completion",
        parents=[parent],
        help=_("print a tab-completion script for bash, zsh or fish"),
        description=_(
            "Print a tab-completion script for the shell. Load it now with "
            "`source <(vsd completion bash)` (zsh: the same with zsh; fish: `vsd completion fish | source`), "
            "or save it where the shell looks for completions."
        ),
    )
    p.add_argument("shell", choices=SHELLS, help=_("the shell the script is for"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from tui.cli import build_parser

    print(script(args.shell, build_parser()), end="")
    return 0


# -- the parser as data ------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Command:
    path: str  # "vsd", "vsd import hsds"
    help: str
    options: tuple[Option, ...]
    subcommands: tuple[Command, ...]
    # values a positional argument lists ("vsd completion" -> bash zsh fish)
    words: tuple[str, ...]

    @property
    def valued(self) -> list[str]:
        return [f for o in self.options if o.takes_value for f in o.flags]

    def walk(self) -> Iterator[Command]:
        yield self
        for c in self.subcommands:
            yield from c.walk()


def _help(text: str | None) -> str:
    return " ".join((text or "").replace("%%", "%").split())


def command_tree(parser: argparse.ArgumentParser, path: str = "vsd", help: str = "") -> Command:
    """The parser's commands, options and listed values (options whose help is suppressed are left out)."""
    options: list[Option] = []
    subs: list[Command] = []
    words: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, p in action.choices.items():
                if _WORD.match(name):
                    subs.append(command_tree(p, f"{path} {name}", _help(helps.get(name))))
        elif action.help == argparse.SUPPRESS:
            continue
        elif action.option_strings:
            flags = tuple(f for f in action.option_strings if _WORD.match(f))
            choices = tuple(str(c) for c in action.choices or () if _WORD.match(str(c)))
            options.append(Option(flags, _help(action.help), action.nargs != 0, choices))
        elif action.choices:
            words += [str(c) for c in action.choices if _WORD.match(str(c))]
    return Command(path, help, tuple(options), tuple(subs), tuple(words))


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    tree = command_tree(parser)
    return {"bash": bash, "zsh": zsh, "fish": fish}[shell](tree)


# -- bash ------------------------------------------------------------------------------------------


def _case(name: str, rows: list[tuple[str, list[str]]], comment: str) -> list[str]:
    """A shell function printing the words of its argument's row (a command path, maybe an option)."""
    out = [f"{name}() {{  # {comment}", '    case "$1" in']
    out += [f'        "{key}") echo "{" ".join(words)}" ;;' for key, words in rows if words]
    return [*out, "    esac", "}"]


def bash(tree: Command) -> str:
    cmds = list(tree.walk())
    lines = [
        "# bash completion for vsd, made by `vsd completion bash` from vsd's own argument parser.",
        "# Load it with:  source <(vsd completion bash)",
        "# or save it as ~/.local/share/bash-completion/completions/vsd",
        "",
        *_case("_vsd_subcommands", [(c.path, [s.path.split()[-1] for s in c.subcommands]) for c in cmds], "descend"),
        *_case(
            "_vsd_words", [(c.path, [s.path.split()[-1] for s in c.subcommands] + list(c.words)) for c in cmds], "offer"
        ),
        *_case("_vsd_options", [(c.path, [f for o in c.options for f in o.flags]) for c in cmds], "all options"),
        *_case("_vsd_valued", [(c.path, c.valued) for c in cmds], "options that take a value"),
        *_case(
            "_vsd_choices",
            [(f"{c.path} {f}", list(o.choices)) for c in cmds for o in c.options for f in o.flags],
            "the values an option lists",
        ),
        "",
        "_vsd() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" path="vsd" skip="" i w',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        w="${COMP_WORDS[i]}"',
        '        if [[ -n $skip ]]; then skip=""; continue; fi',
        "        if [[ $w == -* ]]; then",
        '            [[ $w != *=* && " $(_vsd_valued "$path") " == *" $w "* ]] && skip=1',
        "            continue",
        "        fi",
        '        [[ " $(_vsd_subcommands "$path") " == *" $w "* ]] && path="$path $w"',
        "    done",
        "    COMPREPLY=()",
        "    if [[ -n $skip ]]; then  # the value of an option: its listed values, else file names (-o default)",
        '        COMPREPLY=($(compgen -W "$(_vsd_choices "$path ${COMP_WORDS[COMP_CWORD-1]}")" -- "$cur"))',
        "    elif [[ $cur == -* ]]; then",
        '        COMPREPLY=($(compgen -W "$(_vsd_options "$path")" -- "$cur"))',
        "    else",
        '        COMPREPLY=($(compgen -W "$(_vsd_words "$path")" -- "$cur"))',
        "    fi",
        "}",
        "complete -o default -F _vsd vsd",
    ]
    return "\n".join(lines) + "\n"


# -- zsh -------------------------------------------------------------------------------------------


def _zq(text: str) -> str:
    """A zsh single-quoted word."""
    return "'" + text.replace("'", "'\\''") + "'"


def _described(pairs: list[tuple[str, str]]) -> str:
    """`_describe` entries: "name:description" (a colon in the name escaped)."""
    return " ".join(_zq(name.replace(":", "\\:") + (f":{desc}" if desc else "")) for name, desc in pairs)


def zsh(tree: Command) -> str:
    cmds = list(tree.walk())
    lines = [
        "#compdef vsd",
        "# zsh completion for vsd, made by `vsd completion zsh` from vsd's own argument parser.",
        "# Load it with:  source <(vsd completion zsh)   (after compinit)",
        "# or save it as _vsd in a folder of your $fpath",
        "",
        "_vsd() {",
        '    local cmdpath="vsd" skip="" w i',
        "    local -a subs valued described",
        "    for ((i = 2; i < CURRENT; i++)); do",
        '        w="${words[i]}"',
        '        if [[ -n $skip ]]; then skip=""; continue; fi',
        '        case "$cmdpath" in',
    ]
    for c in cmds:
        subs = " ".join(s.path.split()[-1] for s in c.subcommands)
        lines.append(f'            "{c.path}") subs=({subs}); valued=({" ".join(c.valued)}) ;;')
    lines += [
        "        esac",
        "        if [[ $w == -* ]]; then",
        "            [[ $w != *=* && ${valued[(Ie)$w]} -gt 0 ]] && skip=1",
        "            continue",
        "        fi",
        '        (( ${subs[(Ie)$w]} )) && cmdpath="$cmdpath $w"',
        "    done",
        "    if [[ -n $skip ]]; then  # the value of an option: its listed values, else file names",
        '        case "$cmdpath ${words[CURRENT-1]}" in',
    ]
    for c in cmds:
        for o in c.options:
            for f in o.flags:
                if o.choices:
                    lines.append(f'            "{c.path} {f}") described=({" ".join(o.choices)}) ;;')
    lines += [
        "        esac",
        "        (( ${#described} )) && compadd -a described || _files",
        "        return",
        "    fi",
        "    if [[ ${words[CURRENT]} == -* ]]; then",
        '        case "$cmdpath" in',
    ]
    for c in cmds:
        pairs = [(f, o.help) for o in c.options for f in o.flags]
        lines.append(f'            "{c.path}") described=({_described(pairs)}) ;;')
    lines += [
        "        esac",
        "        _describe -t options option described",
        "    else",
        '        case "$cmdpath" in',
    ]
    for c in cmds:
        pairs = [(s.path.split()[-1], s.help) for s in c.subcommands] + [(w, "") for w in c.words]
        if pairs:
            lines.append(f'            "{c.path}") described=({_described(pairs)}) ;;')
    lines += [
        "        esac",
        "        (( ${#described} )) && _describe -t commands command described || _files",
        "    fi",
        "}",
        "",
        "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then",
        '    _vsd "$@"',
        "else",
        "    compdef _vsd vsd",
        "fi",
    ]
    return "\n".join(lines) + "\n"


# -- fish ------------------------------------------------------------------------------------------


def _fq(text: str) -> str:
    """A fish single-quoted word."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish(tree: Command) -> str:
    cmds = list(tree.walk())
    lines = [
        "# fish completion for vsd, made by `vsd completion fish` from vsd's own argument parser.",
        "# Load it with:  vsd completion fish | source",
        "# or save it as ~/.config/fish/completions/vsd.fish",
        "",
        "function __vsd_path --description 'the vsd command being typed, e.g. \"vsd import hsds\"'",
        "    set -l path vsd",
        "    set -l skip 0",
        "    for w in (commandline -opc)[2..-1]",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        "        set -l subs",
        "        set -l valued",
        '        switch "$path"',
    ]
    for c in cmds:
        lines.append(f"            case {_fq(c.path)}")
        lines.append(f"                set subs {' '.join(s.path.split()[-1] for s in c.subcommands)}")
        lines.append(f"                set valued {' '.join(c.valued)}")
    lines += [
        "        end",
        "        if string match -q -- '-*' $w",
        "            if not string match -q -- '*=*' $w; and contains -- $w $valued",
        "                set skip 1",
        "            end",
        "        else if contains -- $w $subs",
        '            set path "$path $w"',
        "        end",
        "    end",
        "    echo $path",
        "end",
        "",
        "complete -c vsd -e",
    ]
    for c in cmds:
        at = f"-n {_fq(f'test (__vsd_path) = {_fq(c.path)}')}"
        for s in c.subcommands:
            lines.append(f"complete -c vsd {at} -f -a {s.path.split()[-1]} -d {_fq(s.help)}")
        for w in c.words:
            lines.append(f"complete -c vsd {at} -f -a {w}")
        for o in c.options:
            flags = " ".join(
                f"-l {f[2:]}" if f.startswith("--") else (f"-s {f[1:]}" if len(f) == 2 else f"-o {f[1:]}")
                for f in o.flags
            )
            value = (f"-x -a {_fq(' '.join(o.choices))}" if o.choices else "-r") if o.takes_value else ""
            lines.append(" ".join(x for x in (f"complete -c vsd {at}", flags, value, f"-d {_fq(o.help)}") if x))
    return "\n".join(lines) + "\n"
