"""Where a sync's feed URL and trusted root come from.

In order: the command line (`--feed`, `--root`), the environment (`VSD_FEED_URL`, `VSD_FEED_ROOT`),
what the data dir remembers from the last sync, and the `[sync]` section of the config file (read by
`directory.settings`). The root is read only to pin it: after the first sync the data dir holds the
pinned copy, and later roots arrive only as signed TUF root updates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from directory import paths
from directory.settings import load_settings

from .errors import SyncUsageError

FEED_ENV = paths.FEED_URL_ENV
ROOT_ENV = paths.FEED_ROOT_ENV


@dataclass(frozen=True)
class SyncConfig:
    feed_url: str | None = None
    root: Path | None = None


def from_file(path: Path | None = None) -> SyncConfig:
    """The [sync] section; a problem in it (or an unreadable file) refuses the sync with its sentence."""
    settings = load_settings(path)
    problems = settings.problems_in("sync")
    if problems:
        raise SyncUsageError("; ".join(problems))
    return SyncConfig(settings.sync.feed_url, settings.sync.root)


def from_env() -> SyncConfig:
    url = os.environ.get(FEED_ENV) or None
    root = os.environ.get(ROOT_ENV)
    return SyncConfig(url, Path(root).expanduser() if root else None)


def config_path() -> Path:
    return paths.config_path()
