"""The current screen of a running app as plain text lines (for layout assertions)."""

from __future__ import annotations

import io

from rich.console import Console


def screen_text(app) -> list[str]:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        color_system=None,
        force_terminal=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False).rstrip("\n").split("\n")
