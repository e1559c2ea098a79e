"""Where a sync's feed URL, mirrors and trusted root come from: `directory.setting_sources` holds the
one precedence rule (command line > environment > user config > system config > remembered, and a
value the system config locks wins); here a problem in a config file becomes the sync's refusal.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from directory import paths
from directory.setting_sources import (
    DEFAULT_MAX_FEED_AGE_HOURS,
    FEED_ENV,
    MIRRORS_ENV,
    ROOT_ENV,
    Resolved,
    remembered_settings,
)
from directory.setting_sources import resolve as _resolve

from .errors import SyncUsageError

__all__ = [
    "DEFAULT_MAX_FEED_AGE_HOURS",
    "FEED_ENV",
    "MIRRORS_ENV",
    "ROOT_ENV",
    "Resolved",
    "config_path",
    "remembered_settings",
    "resolve",
    "system_config_path",
]


def resolve(
    *,
    feed_url: str | None = None,
    root: str | os.PathLike[str] | None = None,
    mirrors: list[str] | tuple[str, ...] | None = None,
    remembered: dict[str, Any] | None = None,
) -> Resolved:
    """Every sync setting with its source; a problem in a config file's [sync] refuses the sync."""
    resolved = _resolve(feed_url=feed_url, root=root, mirrors=mirrors, remembered=remembered)
    if resolved.problems:
        raise SyncUsageError("; ".join(resolved.problems))
    return resolved


def config_path() -> Path:
    return paths.config_path()


def system_config_path() -> Path:
    return paths.system_config_path()
