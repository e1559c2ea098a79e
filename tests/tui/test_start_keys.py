"""Keys typed while vsd is still starting are not lost (issue 13, item 6).

The keys are written into a real pseudo-terminal *before* vsd starts, as a caseworker typing at
once would: they wait in the terminal's buffer and reach the app before its search box exists."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import termios
import time

import pytest

pytestmark = pytest.mark.slow


def run_app_with_early_keys(tmp_path, early: bytes, wait_for: bytes) -> bytes:
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~termios.ECHO  # no echo by the terminal: what shows is what the app drew
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    os.write(master, early)  # typed before the process even starts
    env = dict(
        os.environ,
        VSD_DATA_DIR=str(tmp_path / "data"),
        VSD_CONFIG=str(tmp_path / "none.toml"),
        TERM="xterm-256color",
        COLUMNS="100",
        LINES="30",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli"], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 90  # a generous bound, not a speed check: the first run builds tables
    try:
        while time.monotonic() < deadline and wait_for not in seen:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        os.write(master, b"\x11")  # ctrl+q: quick exit
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return seen


def test_keys_typed_before_the_app_is_ready_reach_the_search_box(tmp_path):
    seen = run_app_with_early_keys(tmp_path, b"kummer", b"Nummer gegen Kummer")
    assert b"Nummer gegen Kummer" in seen  # the search ran on the early keys
    assert b"kummer" in seen  # and they are in the box (lower case: the results say "Kummer")


def test_a_question_mark_typed_at_once_opens_the_help(tmp_path):
    seen = run_app_with_early_keys(tmp_path, b"?", b"How it works")
    assert b"How it works" in seen
