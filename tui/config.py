"""The app's settings: theme, keymap, default filters, results limit — from the one config file.

`directory.settings` reads the file (`~/.config/vsd/config.toml` on Linux, or `VSD_CONFIG`);
here its sections become the app's `Config`, and key bindings are checked against the app's
binding ids. A missing file means defaults; a broken one means defaults plus a clear message
per problem — never a crash.


The file's sections are described in `directory.settings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from directory import paths
from directory.settings import DEFAULT_LIMIT, DEFAULT_THEME, load_settings

from .key_conflicts import settle as settle_conflicts
from .keys import SPEC_BY_ID

_KEY = re.compile(r"^[a-z0-9_+]+$|^.$", re.IGNORECASE)


@dataclass
class Config:
    theme: str = DEFAULT_THEME
    results_limit: int = DEFAULT_LIMIT
    country: str | None = None
    language: str | None = None  # the language filter
    ui_language: str | None = None  # the language the app speaks (top-level `language`)
    support_type: str | None = None
    open_now: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)
    # Not from the file: test and snapshot knobs.
    cursor_blink: bool = True
    save_theme: bool = True  # a theme chosen in the app is written back to `path`


def config_path() -> Path:
    return paths.config_path()


def load_config(path: Path | None = None) -> Config:
    """The app's settings from the one config file (`directory.settings`): every problem becomes a
    message and that setting's default; key bindings are checked against the app's binding ids."""
    settings = load_settings(path)
    cfg = Config(
        theme=settings.ui.theme,
        results_limit=settings.ui.results_limit,
        country=settings.filters.country,
        language=settings.filters.language,
        ui_language=settings.ui.language,
        support_type=settings.filters.support_type,
        open_now=settings.filters.open_now,
        path=settings.path,
        # the app goes on: a file it cannot use at all means the defaults
        problems=[f"{p}; using the defaults" if p.section == "file" else str(p) for p in settings.problems],
    )
    if (problem := _language_problem(settings.ui.language)) is not None:
        cfg.problems.append(f"{settings.path}: {problem}")
    for binding_id, value in settings.keys.items():
        problem = _key_problem(binding_id, value)
        if problem:
            cfg.problems.append(f"{settings.path}: {problem}")
        else:
            cfg.keymap[binding_id] = ",".join(p.strip() for p in value.split(","))
    cfg.keymap, conflicts = settle_conflicts(cfg.keymap)  # the quick exit keeps its key; one key, one action
    cfg.problems += [f"{settings.path}: {c}" for c in conflicts]
    return cfg


def _key_problem(binding_id: str, value: str) -> str | None:
    if binding_id not in SPEC_BY_ID:
        return f"unknown key binding id {binding_id!r} ignored (known: {', '.join(sorted(SPEC_BY_ID))})"
    parts = [p.strip() for p in value.split(",")]
    if not parts or not all(p and _KEY.match(p) for p in parts):
        return (
            f'keys.{binding_id} = {value!r} is not a key list like "ctrl+f" or "slash,ctrl+f"; '
            f"keeping {SPEC_BY_ID[binding_id].keys!r}"
        )
    return None


def _language_problem(language: str | None) -> str | None:
    from directory.i18n import available_languages, catalog_language, normalize

    if not language or catalog_language(normalize(language)) is not None:
        return None
    return f"language = {language!r} has no translation (available: {', '.join(available_languages())})"
