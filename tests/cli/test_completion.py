"""`vsd completion bash|zsh|fish`: scripts made from the parser, naming every command and option."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tui.cli import build_parser, main, subparsers
from tui.subcommands.completion import SHELLS, command_tree, script


def all_commands(parser, path=("vsd",)):
    """Every command path the parser has, found without the completion module's own walk."""
    for name, sub in subparsers(parser).items():
        yield (*path, name), sub
        yield from all_commands(sub, (*path, name))


def printed(capsys, shell: str) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("shell", SHELLS)
def test_every_command_and_option_is_in_the_script(capsys, shell):
    out = printed(capsys, shell)
    commands = list(all_commands(build_parser()))
    names = {path[-1] for path, _ in commands}
    assert {"search", "info", "sync", "import", "export", "feed", "completion", "hsds", "publish"} <= names
    for ch in "\"'():":  # quotes, arrays, zsh's "name:description"
        out = out.replace(ch, " ")
    words = set(out.split())
    for path, parser in commands:
        assert path[-1] in words, f"{' '.join(path)} missing from the {shell} script"
        for action in parser._actions:
            for flag in action.option_strings:
                shown = flag if shell != "fish" else flag.lstrip("-")
                assert shown in words, f"{flag} of {' '.join(path)} missing from the {shell} script"
    assert "phone" in words and "international" in words  # listed values: --channel, --area


def test_the_tree_follows_the_parser():
    parser = build_parser()
    tree = command_tree(parser)
    assert [c.path for c in tree.subcommands] == [f"vsd {n}" for n in subparsers(parser)]
    search = next(c for c in tree.subcommands if c.path == "vsd search")
    channel = next(o for o in search.options if "--channel" in o.flags)
    assert channel.takes_value and "sms" in channel.choices
    assert "--json" in [f for o in search.options if not o.takes_value for f in o.flags]
    completion = next(c for c in tree.subcommands if c.path == "vsd completion")
    assert completion.words == SHELLS


def test_an_unknown_shell_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        main(["completion", "powershell"])
    assert done.value.code == 2


# -- the scripts in their shells (when the machine has them) ---------------------------------------


def complete_in_bash(tmp_path, words: list[str]) -> list[str]:
    path = tmp_path / "vsd.bash"
    path.write_text(script("bash", build_parser()), encoding="utf-8")
    quoted = " ".join(f"'{w}'" for w in words)
    code = (
        f"source {path}; COMP_WORDS=({quoted}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); _vsd; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(["bash", "--norc", "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")


@needs_bash
def test_the_bash_script_is_valid_bash(tmp_path):
    path = tmp_path / "vsd.bash"
    path.write_text(script("bash", build_parser()), encoding="utf-8")
    done = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@needs_bash
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["vsd", ""], ["search", "coverage", "info", "import", "completion"]),
        (["vsd", "se"], ["search"]),
        (["vsd", "search", "--ch"], ["--channel"]),
        (["vsd", "search", "--channel", ""], ["phone", "sms", "chat", "email", "web", "report", "app"]),
        (["vsd", "--data-dir", "/tmp/d", "import", ""], ["hsds", "list", "remove"]),
        (["vsd", "import", "hsds", "--area", ""], ["national", "regional", "international"]),
        (["vsd", "search", "--country", "DE", "--js"], ["--json"]),
        (["vsd", "completion", ""], ["bash", "zsh", "fish"]),
    ],
)
def test_bash_completes_commands_options_and_values(tmp_path, words, expected):
    got = complete_in_bash(tmp_path, words)
    assert set(expected) <= set(got) if words[-1] == "" and len(expected) > 3 else got == expected


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh here")
def test_the_zsh_script_is_valid_zsh_and_completes(tmp_path):
    path = tmp_path / "_vsd"
    path.write_text(script("zsh", build_parser()), encoding="utf-8")
    assert subprocess.run(["zsh", "-n", str(path)], capture_output=True, timeout=60).returncode == 0
    # compsys's own functions stand in as printers: what _vsd would offer, one call per line
    code = f"""
compdef() {{ : }}
_describe() {{ local name=${{@[-1]}}; local -a arr; arr=("${{(@P)name}}"); print -r -- ${{arr%%:*}}; }}
compadd() {{ local name=${{@[-1]}}; print -r -- ${{(P)name}}; }}
_files() {{ print -r -- FILES; }}
source {path}
t() {{ words=("$@"); CURRENT=${{#words}}; _vsd; }}
t vsd ''
t vsd search --channel ''
t vsd import ''
t vsd validate ''
"""
    done = subprocess.run(["zsh", "-f", "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    top, channel, imports, files = done.stdout.splitlines()
    assert {"search", "info", "completion"} <= set(top.split())
    assert channel.split() == ["phone", "sms", "chat", "email", "web", "report", "app"]
    assert imports.split() == ["hsds", "list", "remove"]
    assert files == "FILES"


@pytest.mark.skipif(shutil.which("fish") is None, reason="no fish here")
def test_the_fish_script_is_valid_fish_and_completes(tmp_path):
    path = tmp_path / "vsd.fish"
    path.write_text(script("fish", build_parser()), encoding="utf-8")
    assert subprocess.run(["fish", "--no-execute", str(path)], capture_output=True, timeout=60).returncode == 0
    code = (
        f"source {path}; "
        "for l in 'vsd ' 'vsd search --channel ' 'vsd --data-dir /tmp/d import '; "
        "echo (complete -C \"$l\" | string split -f1 \\t | sort | string join ' '); end"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(["fish", "--no-config", "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    top, channel, imports = done.stdout.splitlines()
    assert {"search", "info", "completion"} <= set(top.split())
    assert channel.split() == sorted(["phone", "sms", "chat", "email", "web", "report", "app"])
    assert imports.split() == ["hsds", "list", "remove"]
