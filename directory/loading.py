"""Reading a services file from disk with a clear message for every way it can be wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import InputError

# Far above any real directory (100k services is ~100 MB) yet small enough
# that a stray multi-GB file is refused before it is read into memory.
MAX_FILE_BYTES = 512 * 1024 * 1024

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def read_json_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Parse a UTF-8 JSON file, turning every failure into one readable InputError."""
    return parse_json_bytes(read_file_bytes(path, max_bytes=max_bytes), str(path))


def read_file_bytes(
    path: str | os.PathLike[str], *, what: str = "a services file", max_bytes: int = MAX_FILE_BYTES
) -> bytes:
    """The bytes of a regular, non-empty file no larger than `max_bytes`, or one readable InputError."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not {what}")
    if st.st_size == 0:
        raise InputError(f"{p}: file is empty (0 bytes)")
    if st.st_size > max_bytes:
        raise InputError(
            f"{p}: file is {st.st_size / 2**20:,.0f} MiB, larger than the {max_bytes / 2**20:,.0f} MiB {what} may be"
        )
    try:
        return p.read_bytes()
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None


def parse_json_bytes(raw: bytes, where: str) -> Any:
    """Decode UTF-8 (a BOM is tolerated) and parse JSON, naming line and column on error."""
    for bom, name in _BOMS.items():
        if raw.startswith(bom):
            raise InputError(f"{where}: file is {name}-encoded; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            f"{where}: not UTF-8 text (byte 0x{raw[e.start]:02x} at line {line}); save it as UTF-8"
        ) from None
    if "\x00" in text[:4096]:
        raise InputError(f"{where}: contains NUL bytes; this is not a JSON text file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{where}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise InputError(f"{where}: JSON is nested too deeply") from None
