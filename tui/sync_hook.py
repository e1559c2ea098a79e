"""The one place the TUI calls the sync client (ctrl+s).

Point `run_sync` at `sync.client` when the sync issue lands; until then it says
so. It runs in a worker thread: it may block on the network, must not touch
widgets, returns a one-line summary and raises `VsdError` (with a message a
caseworker can read) on failure. After it returns, the app reopens the store.
"""

from __future__ import annotations

from pathlib import Path


class SyncUnavailable(Exception):
    """This build has no sync client yet."""


def run_sync(data_dir: Path | None) -> str:
    raise SyncUnavailable("sync is not available yet in this build — your offline copy is unchanged")
