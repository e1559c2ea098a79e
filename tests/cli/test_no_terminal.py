"""`vsd` without a terminal (a pipe, cron) exits 2 with a one-line hint instead of waiting for keys."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui import launch

HINT = "vsd: the app needs a terminal; for scripts use `vsd search ...` (see vsd --help)"


def run_vsd(tmp_path, *, stdin, stdout=subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, VSD_CONFIG=str(tmp_path / "none.toml"))
    # The timeout only keeps a hanging app from hanging the suite; it measures nothing.
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--data-dir", str(tmp_path / "data")],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
    )


def test_in_a_pipe(tmp_path):
    done = run_vsd(tmp_path, stdin=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [HINT]
    assert done.stdout == b""  # no escape codes written to the pipe
    assert not (tmp_path / "data").exists()  # nothing was started


def test_from_cron_stdin_is_not_a_terminal(tmp_path):
    done = run_vsd(tmp_path, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stderr.decode().strip() == HINT


def test_keys_from_a_terminal_but_output_to_a_pipe(tmp_path):
    master, slave = os.openpty()
    try:
        done = run_vsd(tmp_path, stdin=slave)
    finally:
        os.close(master)
        os.close(slave)
    assert done.returncode == 2 and done.stderr.decode().strip() == HINT


def test_a_terminal_on_both_sides_is_a_terminal(monkeypatch):
    master, slave = os.openpty()
    tty_in, tty_out = os.fdopen(os.dup(slave), "r"), os.fdopen(os.dup(slave), "w")
    r, w = os.pipe()
    pipe_out = os.fdopen(w, "w")
    try:
        monkeypatch.setattr(sys, "__stdin__", tty_in)
        monkeypatch.setattr(sys, "__stdout__", tty_out)
        assert launch.has_terminal()
        monkeypatch.setattr(sys, "__stdout__", pipe_out)
        assert not launch.has_terminal()
        monkeypatch.setattr(sys, "__stdout__", None)  # pythonw, a detached service
        assert not launch.has_terminal()
    finally:
        for f in (tty_in, tty_out, pipe_out):
            f.close()
        os.close(r)
        os.close(master)
        os.close(slave)


@pytest.mark.parametrize("argv", [["info"], ["search", "kummer"]])
def test_the_commands_still_run_in_a_pipe(tmp_path, argv):
    env = dict(os.environ, VSD_CONFIG=str(tmp_path / "none.toml"))
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--data-dir", str(tmp_path / "data"), *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
