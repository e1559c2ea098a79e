"""The one place the TUI calls the sync client (ctrl+s).

`run_sync` runs in a worker thread: it may block on the network, must not
touch widgets, reports progress through `progress(SyncProgress)` (called from
that thread), returns a one-line summary and raises `VsdError` (a `SyncError`
whose message a caseworker can read) on failure. After it returns, the app
reopens the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def run_sync(data_dir: Path | None, progress: Callable[[Any], None] | None = None) -> str:
    from directory.store import Store
    from sync.client import sync

    return summary(sync(Store(data_dir), progress=progress))


def summary(result: Any) -> str:
    """One line for a notification: what the sync did."""
    if result.status == "updated":
        line = f"Updated to version {result.version} (was {result.previous})"
        return f"{line}: {result.diff.summary()}" if result.diff else line
    return f"Up to date (version {result.version})"


def describe_progress(p: Any) -> str:
    """ "downloading 40%" style text for the status line."""
    if p.total:
        return f"{p.phase} {min(100, 100 * p.done // p.total)}%"
    return p.phase
