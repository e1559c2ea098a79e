"""The configuration file, read once into one typed object with a section per part of vsd.

The file is TOML, at `paths.config_path()` (`~/.config/vsd/config.toml`, or $VSD_CONFIG):

    theme = "textual-dark"       # [ui] values stay at the top level: "textual-light", "ansi-dark", "ansi-light"
    results_limit = 30
    language = "de"              # the language vsd speaks (`--lang` wins; else $LC_ALL/$LC_MESSAGES/$LANG)

    [filters]                    # starting filters; names or codes
    country = "Germany"
    language = "de"
    support_type = "child_helpline"
    open_now = false

    [keys]                       # binding id = "key[,key...]" (the app checks the ids)
    quick_exit = "ctrl+q"

    [sync]
    feed_url = "https://feed.example.org/vsd"
    root = "/etc/vsd/root.json"  # the feed's trusted root.json, pinned on the first sync
    mirrors = ["https://mirror.example.org/vsd"]  # tried in order when the feed does not answer
    max_feed_age_hours = 48      # `vsd sync` warns when the feed's timestamp was signed longer ago
    lock = ["feed_url", "mirrors", "root"]  # system config only: these win over every other source

    [hsds]
    mapping = ["211-terms.toml"] # taxonomy mapping files, relative to this file

A missing file means defaults. Every problem becomes one plain sentence in `problems`, tagged with
its section, and that setting keeps its default: the app shows them all and goes on; a command that
needs a section (`vsd sync` needs [sync]) refuses with that section's problems. Nothing here raises.
"""

from __future__ import annotations

import json
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .atomic import write_bytes_atomic

DEFAULT_THEME = "textual-dark"
DEFAULT_LIMIT = 30
MAX_LIMIT = 500
MAX_CONFIG_BYTES = 1 << 20  # a config file is a few lines: a larger "file" (/dev/zero) is refused unread
TOP_LEVEL = {"theme", "results_limit", "language", "filters", "keys", "sync", "hsds"}


@dataclass
class UiSettings:
    theme: str = DEFAULT_THEME
    results_limit: int = DEFAULT_LIMIT
    language: str | None = None  # the UI language (not the language filter); checked by directory.i18n


@dataclass
class FilterSettings:
    country: str | None = None
    language: str | None = None
    support_type: str | None = None
    open_now: bool = False


SYNC_LOCKABLE = ("feed_url", "mirrors", "root")


@dataclass
class SyncSettings:
    feed_url: str | None = None
    root: Path | None = None
    mirrors: list[str] | None = None
    max_feed_age_hours: float | None = None
    lock: frozenset[str] = frozenset()


@dataclass
class ImportSettings:
    mapping_files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    section: str  # "file", "ui", "filters", "keys", "sync", "hsds"
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Settings:
    path: Path
    ui: UiSettings = field(default_factory=UiSettings)
    filters: FilterSettings = field(default_factory=FilterSettings)
    keys: dict[str, str] = field(default_factory=dict)  # raw: the app checks ids and key names
    sync: SyncSettings = field(default_factory=SyncSettings)
    imports: ImportSettings = field(default_factory=ImportSettings)
    problems: list[Problem] = field(default_factory=list)

    def problems_in(self, *sections: str) -> list[str]:
        """The problems of some sections (and of the file as a whole)."""
        return [p.text for p in self.problems if p.section in ("file", *sections)]


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.config_path()
    s = Settings(path=path)
    data = _read(path, s)
    if data is not None:
        _Reader(s, data, str(path)).read()
    return s


def _read(path: Path, s: Settings) -> dict[str, Any] | None:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as e:
        s.problems.append(Problem("file", f"cannot read {path} ({e.strerror or e})"))
        return None
    if len(raw) > MAX_CONFIG_BYTES:
        s.problems.append(Problem("file", f"{path} is larger than a config file can be (1 MiB)"))
        return None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        s.problems.append(Problem("file", f"{path} is not UTF-8 text"))
    except tomllib.TOMLDecodeError as e:
        s.problems.append(Problem("file", f"{path} is not a valid TOML config file (not valid TOML: {e})"))
    return None


class _Reader:
    """One pass over the parsed file, section by section."""

    def __init__(self, s: Settings, data: dict[str, Any], where: str) -> None:
        self.s, self.data, self.where = s, data, where

    def bad(self, section: str, msg: str) -> None:
        self.s.problems.append(Problem(section, f"{self.where}: {msg}"))

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if isinstance(value, dict):
            return value
        self.bad(name, f"[{name}] must be a table; ignored")
        return {}

    def read(self) -> None:
        for key in sorted(set(self.data) - TOP_LEVEL):
            self.bad("ui", f"unknown setting {key!r} ignored")
        self.ui()
        self.filters()
        self.keys()
        self.sync()
        self.hsds()

    def ui(self) -> None:
        ui, data = self.s.ui, self.data
        if "theme" in data:
            if isinstance(data["theme"], str) and data["theme"].strip():
                ui.theme = data["theme"].strip()
            else:
                self.bad("ui", f"theme must be a theme name, using {DEFAULT_THEME!r}")
        if "results_limit" in data:
            limit = data["results_limit"]
            if isinstance(limit, int) and not isinstance(limit, bool) and 1 <= limit <= MAX_LIMIT:
                ui.results_limit = limit
            else:
                self.bad("ui", f"results_limit must be a whole number from 1 to {MAX_LIMIT}, using {DEFAULT_LIMIT}")
        if "language" in data:
            if isinstance(data["language"], str):
                ui.language = data["language"].strip() or None
            else:
                self.bad("ui", 'language must be a language code like "de"; using the locale\'s')

    def filters(self) -> None:
        t, f = self.table("filters"), self.s.filters
        for key in sorted(set(t) - {"country", "language", "support_type", "open_now"}):
            self.bad("filters", f"unknown filter {key!r} ignored")
        for key in ("country", "language", "support_type"):
            if key in t:
                if isinstance(t[key], str):
                    setattr(f, key, t[key].strip() or None)
                else:
                    self.bad("filters", f"filters.{key} must be text; ignored")
        if "open_now" in t:
            if isinstance(t["open_now"], bool):
                f.open_now = t["open_now"]
            else:
                self.bad("filters", "filters.open_now must be true or false; ignored")

    def keys(self) -> None:
        for binding_id, value in self.table("keys").items():
            if isinstance(value, str):
                self.s.keys[binding_id] = value
            else:
                self.bad("keys", f'keys.{binding_id} = {value!r} is not a key list like "ctrl+f"; ignored')

    def sync(self) -> None:
        t, sy = self.table("sync"), self.s.sync
        for key in sorted(set(t) - {"feed_url", "root", "mirrors", "max_feed_age_hours", "lock"}):
            self.bad("sync", f"unknown sync setting {key!r} ignored")
        url, root = t.get("feed_url"), t.get("root")
        if url is not None and (not isinstance(url, str) or not url.strip()):
            self.bad("sync", "sync.feed_url must be text (the feed's address)")
        elif isinstance(url, str):
            sy.feed_url = url.strip()
        if root is not None and (not isinstance(root, str) or not root.strip()):
            self.bad("sync", "sync.root must be text (the path of the feed's root.json)")
        elif isinstance(root, str):
            p = Path(root).expanduser()
            sy.root = p if p.is_absolute() else self.s.path.parent / p
        self.sync_extras(t, sy)

    def sync_extras(self, t: dict[str, Any], sy: SyncSettings) -> None:
        mirrors, age, lock = t.get("mirrors"), t.get("max_feed_age_hours"), t.get("lock")
        if mirrors is not None:
            if isinstance(mirrors, list) and all(isinstance(m, str) and m.strip() for m in mirrors):
                sy.mirrors = [m.strip() for m in mirrors]
            else:
                self.bad("sync", "sync.mirrors must be a list of feed addresses")
        if age is not None:
            if isinstance(age, int | float) and not isinstance(age, bool) and age > 0:
                sy.max_feed_age_hours = float(age)
            else:
                self.bad("sync", "sync.max_feed_age_hours must be a number of hours above 0")
        if lock is True:
            sy.lock = frozenset(SYNC_LOCKABLE)
        elif isinstance(lock, list) and all(isinstance(k, str) and k in SYNC_LOCKABLE for k in lock):
            sy.lock = frozenset(lock)
        elif lock is not None and lock is not False:
            self.bad("sync", f"sync.lock must be true or a list of {', '.join(SYNC_LOCKABLE)}")

    def hsds(self) -> None:
        value = self.table("hsds").get("mapping", [])
        files = [value] if isinstance(value, str) else value
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            self.bad("hsds", "hsds.mapping must be a file name or a list of them")
            return
        base = self.s.path.parent
        self.s.imports.mapping_files = [
            str(p if (p := Path(f).expanduser()).is_absolute() else base / p) for f in files
        ]


# -- writing the settings the app changes itself: the theme and the language chosen in the palette ----
_TABLE_HEADER = re.compile(r"^\s*\[")
_VALUE_LINE = r"""^(\s*{key}\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^#]*?)(\s*(?:#.*)?)$"""


def save_theme(theme: str, path: Path | None = None) -> None:
    """Set the top-level `theme` of the config file (see `save_top_level`)."""
    save_top_level("theme", theme, path)


def with_theme(text: str, theme: str) -> str:
    return with_top_level(text, "theme", theme)


def save_top_level(key: str, value: str, path: Path | None = None) -> None:
    """Set a top-level text setting (`theme`, `language`) of the config file, keeping every other line
    and comment.

    One line is edited (or added above the first table); the result must read back as the same
    settings with the new value, or nothing is written. The write is atomic, keeps the file's mode and
    goes through a symlink (a dotfile kept elsewhere stays a link). Raises OSError when the file or its
    folder cannot be written, ValueError when the file cannot be edited safely (not TOML, too large).
    """
    target = (path or paths.config_path()).expanduser().resolve()
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
        raw = target.read_bytes()[: MAX_CONFIG_BYTES + 1]
    except FileNotFoundError:
        mode, raw = None, b""
    if len(raw) > MAX_CONFIG_BYTES:
        raise ValueError(f"{target} is larger than a config file can be (1 MiB)")
    write_bytes_atomic(target, with_top_level(raw.decode("utf-8"), key, value).encode("utf-8"), mode=mode)


def with_top_level(text: str, key: str, setting: str) -> str:
    """`text` (a config file) with its top-level `key` set to `setting`, every other line as it was."""
    lines = text.splitlines(keepends=True)
    # A JSON string is a TOML basic string, once DEL (raw in JSON, not in TOML) is escaped too.
    value = json.dumps(setting, ensure_ascii=False).replace("\x7f", "\\u007f")
    pattern = re.compile(_VALUE_LINE.format(key=re.escape(key)))
    for i, line in enumerate(lines):
        if _TABLE_HEADER.match(line):
            lines.insert(i, f"{key} = {value}\n")
            break
        body = line.rstrip("\r\n")
        if m := pattern.match(body):
            lines[i] = f"{m.group(1)}{value}{m.group(3)}{line[len(body) :]}"
            break
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(f"{key} = {value}\n")
    new = "".join(lines)
    _check_same_but(key, text, new, setting)
    return new


def _check_same_but(key: str, old: str, new: str, setting: str) -> None:
    """The edit changed `key` and nothing else (a line edit cannot see inside multi-line strings)."""
    try:
        before, after = tomllib.loads(old), tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise ValueError(f"the config file is not valid TOML ({e})") from None
    before.pop(key, None)
    if after.pop(key, None) != setting or after != before:
        raise ValueError("the config file could not be edited safely")
