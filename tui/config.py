"""Typed settings from a TOML file: theme, keymap, default filters, results limit.

The file lives in the platformdirs user config dir (`~/.config/vsd/config.toml` on
Linux); `VSD_CONFIG` points elsewhere. A missing file means defaults; a broken one
means defaults plus a clear message per problem — never a crash.

    theme = "textual-dark"       # or "textual-light"; "ansi-dark"/"ansi-light" for 16 colours
    results_limit = 30

    [filters]                    # starting filters; names or codes
    country = "Germany"
    language = "de"
    support_type = "child_helpline"
    open_now = false

    [keys]                       # binding id = "key[,key...]"
    quick_exit = "ctrl+q"
    bookmark = "m"
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from .keys import SPEC_BY_ID

DEFAULT_THEME = "textual-dark"
DEFAULT_LIMIT = 30
MAX_LIMIT = 500
_KEY = re.compile(r"^[a-z0-9_+]+$|^.$", re.IGNORECASE)


@dataclass
class Config:
    theme: str = DEFAULT_THEME
    results_limit: int = DEFAULT_LIMIT
    country: str | None = None
    language: str | None = None
    support_type: str | None = None
    open_now: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)
    # Not from the file: test and snapshot knobs.
    cursor_blink: bool = True


def config_path() -> Path:
    env = os.environ.get("VSD_CONFIG")
    return Path(env) if env else user_config_path("vsd", appauthor=False) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; every problem becomes a message and that setting's default."""
    path = path or config_path()
    cfg = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return cfg
    except OSError as e:
        cfg.problems.append(f"cannot read {path} ({e.strerror or e}); using the defaults")
        return cfg
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        cfg.problems.append(f"{path} is not UTF-8 text; using the defaults")
        return cfg
    except tomllib.TOMLDecodeError as e:
        cfg.problems.append(f"{path} is not valid TOML: {e}; using the defaults")
        return cfg
    _apply(cfg, data, str(path))
    return cfg


def _apply(cfg: Config, data: dict[str, Any], where: str) -> None:
    def bad(msg: str) -> None:
        cfg.problems.append(f"{where}: {msg}")

    for key in sorted(set(data) - {"theme", "results_limit", "filters", "keys"}):
        bad(f"unknown setting {key!r} ignored")
    if "theme" in data:
        if isinstance(data["theme"], str) and data["theme"].strip():
            cfg.theme = data["theme"].strip()
        else:
            bad(f"theme must be a theme name, using {DEFAULT_THEME!r}")
    if "results_limit" in data:
        limit = data["results_limit"]
        if isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= MAX_LIMIT:
            cfg.results_limit = limit
        else:
            bad(f"results_limit must be a whole number from 1 to {MAX_LIMIT}, using {DEFAULT_LIMIT}")
    filters = data.get("filters", {})
    if not isinstance(filters, dict):
        bad("[filters] must be a table; ignored")
        filters = {}
    for key in sorted(set(filters) - {"country", "language", "support_type", "open_now"}):
        bad(f"unknown filter {key!r} ignored")
    for key in ("country", "language", "support_type"):
        if key in filters:
            value = filters[key]
            if isinstance(value, str):
                setattr(cfg, key, value.strip() or None)
            else:
                bad(f"filters.{key} must be text; ignored")
    if "open_now" in filters:
        if isinstance(filters["open_now"], bool):
            cfg.open_now = filters["open_now"]
        else:
            bad("filters.open_now must be true or false; ignored")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        bad("[keys] must be a table; ignored")
        keys = {}
    for binding_id, value in keys.items():
        if binding_id not in SPEC_BY_ID:
            known = ", ".join(sorted(SPEC_BY_ID))
            bad(f"unknown key binding id {binding_id!r} ignored (known: {known})")
            continue
        parts = [p.strip() for p in value.split(",")] if isinstance(value, str) else []
        if not parts or not all(p and _KEY.match(p) for p in parts):
            bad(
                f'keys.{binding_id} = {value!r} is not a key list like "ctrl+f" or "slash,ctrl+f"; '
                f"keeping {SPEC_BY_ID[binding_id].keys!r}"
            )
            continue
        cfg.keymap[binding_id] = ",".join(parts)
