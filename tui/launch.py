"""Opening the interactive app (`vsd` with no sub-command), and leaving no trace.

Every exit — the quick exit, escape ×3, or any other — ends with the terminal
cleared *after* Textual has left the alternate screen: cursor home, erase the
screen (ED 2) and the scrollback (ED 3, honoured by xterm, VTE, iTerm2, kitty,
Windows Terminal and tmux), so nothing searched stays on screen or in the
scrollback.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from typing import TextIO

from directory.i18n import N_, _

CLEAR = "\x1b[H\x1b[2J\x1b[3J"
# Without a terminal (a pipe, cron, a service) the app would wait for keys that never come.
NO_TERMINAL = N_("vsd: the app needs a terminal; for scripts use `vsd search ...` (see vsd --help)")
NO_TERMINAL_EXIT = 2


def clear_terminal(stream: TextIO | None = None) -> None:
    stream = stream or sys.__stdout__
    try:
        stream.write(CLEAR)
        stream.flush()
    except (OSError, ValueError):
        pass


def has_terminal() -> bool:
    """Both standard input (the keys) and standard output (the screen) are a terminal."""
    try:
        return all(s is not None and s.isatty() for s in (sys.__stdin__, sys.__stdout__))
    except ValueError:  # a closed stream
        return False


def launch_tui(args: argparse.Namespace) -> int:
    if not has_terminal():
        print(_(NO_TERMINAL), file=sys.stderr)
        return NO_TERMINAL_EXIT
    from . import startup_gc

    startup_gc.hold()  # released once the first results are on screen (see startup_gc)
    from directory import paths

    from .app import VsdApp
    from .config import load_config

    app = VsdApp(config=load_config(), data_dir=paths.chosen_data_dir(getattr(args, "data_dir", None)))
    try:
        app.run()
    finally:
        startup_gc.release()
        if sys.__stdout__ is not None and sys.__stdout__.isatty():
            clear_terminal()
    if app.quick_exited and any(
        t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()
    ):
        os._exit(0)  # never wait for a stray thread on the way out
    return int(app.return_code or 0)
