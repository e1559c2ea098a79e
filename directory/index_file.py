"""Where the search index file of a data dir lives, what it is keyed by, and its header.

A module of its own, light to import: `vsd info` reads the stored copy's figures from the header
(`stored_summary`) without the search machinery that reading the index needs (`index_cache`).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from . import paths
from .stamps import library_stamp

FORMAT = 6
MAGIC = b"VSDINDEX"
# One file per data dir; the oldest beyond this many are removed (tests and trials make many dirs).
MAX_FILES = 4
SEP = "\x00"  # between strings of a column: folded text never holds it (clean() drops controls)
# What the index is made from besides the records: its code and the libraries that fold and name.
LIBRARIES = ("anyascii", "rapidfuzz", "babel", "pycountry", "phonenumbers")
WATCHED = ("directory.json", "imports.json")


# -- the key ------------------------------------------------------------------------------


def _stat_text(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path.name} -"
    return stat_text(path.name, st)


def _code_stamp() -> str:
    """The index code and its data files, by size and time (an upgrade or an edit rewrites them)."""
    here = Path(__file__).resolve().parent
    parts = []
    for p in sorted(here.iterdir()):
        if p.suffix in (".py", ".toml", ".json"):
            parts.append(_stat_text(p))
    return "|".join(parts)


def fingerprint(data_dir: Path) -> str | None:
    """What an index of this data dir is built from; None when the store file is missing."""
    parts = key_parts(data_dir)
    return None if parts is None else key_of(parts)


def key_parts(data_dir: Path) -> list[str] | None:
    """`fingerprint` before it is hashed: the format, the store file (`STORE_PART`), the import layer,
    the bundled copy, the code, the libraries; None when the store file is missing."""
    from .bundled import bundled_path

    if not (data_dir / WATCHED[0]).is_file():
        return None
    parts = [f"format {FORMAT}", *(_stat_text(data_dir / name) for name in WATCHED)]
    parts += [_stat_text(Path(bundled_path())), _code_stamp(), library_stamp(*LIBRARIES)]
    return parts


STORE_PART, IMPORTS_PART = 1, 2  # the places of the store file and the import layer in `key_parts`


def key_of(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def stat_text(name: str, st: os.stat_result) -> str:
    """A file's part of the key, from its stat."""
    return f"{name} {st.st_ino} {st.st_size} {st.st_mtime_ns}"


def cache_file(data_dir: Path) -> Path | None:
    try:
        folder = paths.cache_dir()
    except Exception:  # pragma: no cover - no usable home directory
        return None
    if folder is None:
        return None
    where = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return folder / f"index-{where}.bin"


def load_meta(data_dir: Path, key: str) -> dict[str, Any] | None:
    """Only the directory metadata of a current index file: its header, nothing of the body."""
    path = cache_file(data_dir)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                return None
            size = int.from_bytes(f.read(8), "little")
            header = json.loads(f.read(size))
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
        return None
    meta = header.get("meta")
    return meta if isinstance(meta, dict) else None


def stored_summary(data_dir: Path) -> dict[str, Any] | None:
    """Version, size, countries and date of the stored copy (before imports), from a current index
    file's header; None when there is none (then the store must be read)."""
    key = fingerprint(data_dir)
    meta = load_meta(data_dir, key) if key else None
    central = meta.get("central") if meta else None
    return central if isinstance(central, dict) else None
