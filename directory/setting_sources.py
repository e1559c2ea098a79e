"""Where the sync settings (feed URL, mirrors, trusted root, feed age limit) come from: one precedence rule.

    command line > environment > user config > system config > remembered

The environment is `VSD_FEED_URL`, `VSD_FEED_ROOT` and `VSD_FEED_MIRRORS` (addresses separated by
spaces or commas). The user config is `[sync]` in `paths.config_path()`; the system config is the same
section in `paths.system_config_path()` (/etc/xdg/vsd/config.toml), which an organisation installs from
`vsd feed bundle`. "Remembered" is what the data dir kept from the last sync (URL, mirrors, pinned root).

A system config can `lock` feed_url, mirrors and root: a locked value wins over every other source, and
the sources it overrode are named in a notice, so a caseworker sees why `--feed` had no effect.

The root is read only to pin it: once pinned in the data dir, later roots arrive as signed TUF updates.
Here only the rule lives (so `vsd info` shows the sources without loading the feed client);
`sync.config` turns a broken config file into the refusal of a sync.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import paths
from .settings import load_settings

FEED_ENV = paths.FEED_URL_ENV
ROOT_ENV = paths.FEED_ROOT_ENV
MIRRORS_ENV = paths.FEED_MIRRORS_ENV
DEFAULT_MAX_FEED_AGE_HOURS = 48.0

COMMAND_LINE = "command line"
REMEMBERED = "remembered from the last sync"
DEFAULT = "default"

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    value: T | None
    source: str  # "command line", "environment (VSD_FEED_URL)", "system config (/etc/...), locked", ...
    overridden: tuple[str, ...] = ()  # sources a lock made ineffective

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Resolved:
    feed_url: Setting[str]
    mirrors: Setting[tuple[str, ...]]
    root: Setting[Path]
    max_feed_age_hours: Setting[float]
    notices: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # a config file's [sync] problems: a sync refuses


@dataclass(frozen=True)
class _Layer:
    name: str
    values: dict[str, Any]
    locked: frozenset[str] = frozenset()


def _file_layer(name: str, path: Path, problems: list[str], *, may_lock: bool) -> _Layer:
    settings = load_settings(path)
    problems += settings.problems_in("sync")
    sy = settings.sync
    values = {
        "feed_url": sy.feed_url,
        "mirrors": tuple(sy.mirrors) if sy.mirrors is not None else None,
        "root": sy.root,
        "max_feed_age_hours": sy.max_feed_age_hours,
    }
    locked = sy.lock if may_lock else frozenset()
    return _Layer(f"{name} ({path})", values, locked)


def split_mirrors(text: str) -> tuple[str, ...]:
    return tuple(m for m in re.split(r"[\s,]+", text) if m)


def _env_layer() -> _Layer:
    url, root, mirrors = (os.environ.get(v) or None for v in (FEED_ENV, ROOT_ENV, MIRRORS_ENV))
    values: dict[str, Any] = {
        "feed_url": url,
        "root": Path(root).expanduser() if root else None,
        "mirrors": split_mirrors(mirrors) if mirrors is not None else None,
    }
    return _Layer("environment", {k: v for k, v in values.items() if v is not None})


_ENV_NAMES = {"feed_url": FEED_ENV, "root": ROOT_ENV, "mirrors": MIRRORS_ENV}


def _pick(key: str, layers: list[_Layer]) -> Setting[Any]:
    """The first layer that sets `key`, unless a later (system) layer locks it."""
    given = [(layer, layer.values.get(key)) for layer in layers if layer.values.get(key) is not None]

    def label(layer: _Layer) -> str:
        return f"environment ({_ENV_NAMES[key]})" if layer.name == "environment" else layer.name

    for layer, value in given:
        if key in layer.locked:  # only the system config's layer can lock
            overridden = tuple(label(other) for other, v in given if other is not layer and v != value)
            return Setting(value, f"{label(layer)}, locked", overridden)
    if given:
        layer, value = given[0]
        return Setting(value, label(layer))
    return Setting(None, "not set")


def resolve(
    *,
    feed_url: str | None = None,
    root: str | os.PathLike[str] | None = None,
    mirrors: list[str] | tuple[str, ...] | None = None,
    remembered: dict[str, Any] | None = None,
) -> Resolved:
    """Every sync setting with the source it came from, and the problems of the config files."""
    remembered = remembered or {}
    problems: list[str] = []
    cli = {"feed_url": feed_url, "root": Path(root) if root else None, "mirrors": tuple(mirrors) if mirrors else None}
    layers = [
        _Layer(COMMAND_LINE, {k: v for k, v in cli.items() if v is not None}),
        _env_layer(),
        _file_layer("user config", paths.config_path(), problems, may_lock=False),
        _file_layer("system config", paths.system_config_path(), problems, may_lock=True),
        _Layer(REMEMBERED, {k: v for k, v in remembered.items() if v is not None}),
    ]
    picked = {key: _pick(key, layers) for key in ("feed_url", "mirrors", "root")}
    age = _pick("max_feed_age_hours", layers)
    if age.value is None:
        age = Setting(DEFAULT_MAX_FEED_AGE_HOURS, DEFAULT)
    notices = [
        f"ignoring the {key.replace('_', ' ')} from the {', '.join(s.overridden)}: {s.source.removesuffix(', locked')} "
        "locks it"
        for key, s in picked.items()
        if s.overridden
    ]
    return Resolved(picked["feed_url"], picked["mirrors"], picked["root"], age, notices, problems)


def describe(resolved: Resolved, show: Callable[[Any], str] = str) -> list[tuple[str, str]]:
    """Rows for `vsd info`: each setting, its value and where it came from."""
    rows = []
    for label, s in (
        ("feed", resolved.feed_url),
        ("mirrors", resolved.mirrors),
        ("trusted root", resolved.root),
        ("feed age warning", resolved.max_feed_age_hours),
    ):
        if s.value is None:
            rows.append((label, "not set"))
            continue
        value = " ".join(s.value) if isinstance(s.value, tuple) else show(s.value)
        if label == "feed age warning":
            value = f"after {s.value:g} hours"
        rows.append((label, f"{value or '(none)'}  [{s.source}]"))
    return rows


def remembered_settings(state: dict[str, Any]) -> dict[str, Any]:
    """What the last sync kept in its state file (damaged values are ignored)."""
    feed, mirrors = state.get("feed"), state.get("mirrors")
    ok = isinstance(mirrors, list) and all(isinstance(m, str) for m in mirrors)
    kept = tuple(mirrors) if ok and isinstance(mirrors, list) else None
    return {"feed_url": feed if isinstance(feed, str) else None, "mirrors": kept}
