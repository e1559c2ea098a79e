"""The cyclic garbage collector is held from the launch to the first results on screen.

A start makes a few hundred thousand objects (imports, widgets, the directory's index) and almost
no garbage: at 100,000 services, 15 unreachable objects are left when the first results show. With
the collector running, it walked everything made so far about 150 times before those results:
40-45 ms of a 400 ms start (bench/first_results.py). Held, it runs as usual from the first results
on, or after HOLD_S if they never come (a directory that cannot be opened, a start left waiting).
"""

from __future__ import annotations

import gc

HOLD_S = 5.0

_held = False


def hold() -> None:
    """Pause the collector, if it runs (called once, before the app's imports)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Let the collector run again, if `hold` paused it; idempotent."""
    global _held
    if _held:
        _held = False
        gc.enable()


def held() -> bool:
    return _held
