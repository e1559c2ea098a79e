"""Opening the interactive app (`vsd` with no sub-command)."""

from __future__ import annotations

import argparse


def launch_tui(args: argparse.Namespace) -> int:
    from .cli import build_parser

    # The Textual app lands with the TUI issue; until then `vsd` shows the
    # local directory's summary and the commands, then quits cleanly.
    from .commands import info

    code = info.run(args)
    print()
    build_parser().print_help()
    return code
