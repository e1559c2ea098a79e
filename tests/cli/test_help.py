"""`vsd --help` says what plain `vsd` does, where the settings file is, every environment variable
and a few examples; `--version` still answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from directory import paths
from tui.cli import build_parser, main
from tui.subcommands._epilog import ENV_LINES, env_names


def help_text(capsys) -> str:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_says_what_plain_vsd_does(capsys):
    out = help_text(capsys)
    assert "With no command, vsd opens the app on the local copy" in out
    assert "needs\na terminal" in out


def test_help_names_the_settings_file(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("VSD_CONFIG", str(tmp_path / "mine.toml"))
    out = help_text(capsys)
    assert f"settings file:\n  {paths.config_path()}\n" in out
    assert str(tmp_path / "mine.toml") in out


def test_help_names_every_environment_variable_with_a_line_of_its_own(capsys):
    out = help_text(capsys)
    names = [v for k, v in vars(paths).items() if k.endswith("_ENV") and str(v).startswith("VSD_")]
    assert set(env_names()) == set(names) and len(names) >= 8
    lines = out.splitlines()
    for name in names:
        assert name in ENV_LINES, f"{name} has no line of help in tui/subcommands/_epilog.py"
        (line,) = [li for li in lines if li.split()[:1] == [name]]
        assert ENV_LINES[name] in line


def test_help_gives_examples_and_keeps_its_layout(capsys):
    out = help_text(capsys)
    examples = out[out.index("examples:") :]
    assert "vsd search kinder telefon deutschland" in examples and "vsd completion bash" in examples
    # the epilog is printed as written (RawDescriptionHelpFormatter), in 80 columns
    epilog = out[out.index("With no command") :].splitlines()
    assert all(len(line) < 80 for line in epilog if not line.strip().startswith(str(paths.config_path())))


def test_the_commands_help_is_unchanged_by_the_epilog(capsys):
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: vsd search") and "environment:" not in out


def test_version_is_looked_up_only_when_asked(monkeypatch, capsys):
    import tui.cli

    def no(*a):
        raise AssertionError("the version was looked up")

    monkeypatch.setattr(tui.cli, "_version", no)
    build_parser().parse_args(["info"])  # building the parser does not ask
    monkeypatch.setattr(tui.cli, "_version", lambda: "9.9.9")
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == "vsd 9.9.9\n"
    done = subprocess.run([sys.executable, "-m", "tui.cli", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("vsd ") and len(done.stdout.splitlines()) == 1


def test_a_command_parses_alike_with_its_own_module_or_all_of_them():
    from tui.cli import parser_for

    argv = ["--data-dir", "/tmp/x", "search", "kinder", "--country", "DE", "-n", "3", "--json"]
    own, whole = parser_for(argv).parse_args(argv), build_parser().parse_args(argv)
    assert {k: v for k, v in vars(own).items() if k != "func"} == {k: v for k, v in vars(whole).items() if k != "func"}
    assert own.func is whole.func


def test_a_mistyped_command_gets_the_whole_list(capsys):
    with pytest.raises(SystemExit) as done:
        main(["serch", "kummer"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'serch'" in err and "'search'" in err and "'import'" in err
