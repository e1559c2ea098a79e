"""Where a sync's feed URL and trusted root come from.

In order: the command line (`--feed`, `--root`), the environment
(`VSD_FEED_URL`, `VSD_FEED_ROOT`), what the data dir remembers from the last
sync, and the `[sync]` table of the config file
(`<user config dir>/vsd/config.toml`, or `$VSD_CONFIG`):

    [sync]
    feed_url = "https://feed.example.org/vsd"
    root = "/etc/vsd/root.json"   # the feed's trusted root.json, given once

The root is read only to pin it: after the first sync the data dir holds the
pinned copy, and later roots arrive only as signed TUF root updates.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path

from .errors import SyncUsageError

FEED_ENV = "VSD_FEED_URL"
ROOT_ENV = "VSD_FEED_ROOT"
CONFIG_ENV = "VSD_CONFIG"


@dataclass(frozen=True)
class SyncConfig:
    feed_url: str | None = None
    root: Path | None = None


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    return Path(env) if env else user_config_path("vsd", appauthor=False) / "config.toml"


def from_file(path: Path | None = None) -> SyncConfig:
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return SyncConfig()
    except OSError as e:
        raise SyncUsageError(f"{path}: cannot read the config file ({e.strerror or e})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SyncUsageError(f"{path}: not a valid TOML config file ({e})") from None
    table = data.get("sync", {})
    if not isinstance(table, dict):
        raise SyncUsageError(f"{path}: [sync] must be a table")
    url, root = table.get("feed_url"), table.get("root")
    for key, value in (("feed_url", url), ("root", root)):
        if value is not None and not isinstance(value, str):
            raise SyncUsageError(f"{path}: sync.{key} must be a string")
    root_path = Path(root).expanduser() if root else None
    if root_path is not None and not root_path.is_absolute():
        root_path = path.parent / root_path
    return SyncConfig(url or None, root_path)


def from_env() -> SyncConfig:
    url = os.environ.get(FEED_ENV) or None
    root = os.environ.get(ROOT_ENV)
    return SyncConfig(url, Path(root).expanduser() if root else None)
