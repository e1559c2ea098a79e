"""Reading JSON from disk or the network with a clear message for every way it can be wrong.

Every byte parsed here may be hostile, so the parse refuses, with one readable InputError, what
would otherwise crash or exhaust a later step:

- a file that is not a regular file (a FIFO would block for ever, `/dev/zero` never ends),
- more bytes than the caller allows (MAX_FILE_BYTES by default),
- nesting deeper than MAX_JSON_DEPTH (a pre-scan, before the recursive parser runs),
- an integer longer than MAX_INT_DIGITS digits (Python refuses 4,300 with a traceback),
- NaN, Infinity and numbers that overflow to them (not JSON; a schema check chokes on them).

A lone UTF-16 surrogate escape (`"\\ud800"`) is read as U+FFFD: it is no character and could not
be printed or written back as UTF-8.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError

# Far above any real directory (100k services is ~100 MB) yet small enough
# that a stray multi-GB file is refused before it is read into memory.
MAX_FILE_BYTES = 512 * 1024 * 1024
# NDJSON (one record a line) is read a block of lines at a time, so the limit is per record, and the file may be
# as large as the records vsd can hold: an export of 100k services is 1.2-1.7 GB.
MAX_RECORD_BYTES = 64 * 1024 * 1024
MAX_NDJSON_FILE_BYTES = 16 * 1024 * 1024 * 1024
# ... and as many records as a directory of a million services: a file of millions of `{}` lines would
# otherwise fill memory with empty records.
MAX_NDJSON_RECORDS = 1_000_000
# A services record is about 8 levels deep and an HSDS page about 12; 64 leaves room and keeps
# every recursive step after the parse (schema check, copies, dumps) far from the recursion limit.
MAX_JSON_DEPTH = 64
# No count, age or version needs more; a timestamp in nanoseconds has 19 digits.
MAX_INT_DIGITS = 40

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def read_json_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Parse a UTF-8 JSON file, turning every failure into one readable InputError."""
    return parse_json_bytes(read_file_bytes(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes)


def special_file_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO", "a device"...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_file_bytes(
    path: str | os.PathLike[str], *, what: str = "a services file", max_bytes: int = MAX_FILE_BYTES
) -> bytes:
    """The bytes of a regular, non-empty file no larger than `max_bytes`, or one readable InputError.

    FIFOs, devices and sockets are refused before anything is read (opening a FIFO would block,
    `/dev/zero` never ends), and at most `max_bytes` are read even if the file grows meanwhile."""
    p = Path(path)
    with open_regular_file(p, what=what, max_bytes=max_bytes) as f:
        try:
            raw = f.read(max_bytes + 1)
        except OSError as e:
            raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    if len(raw) > max_bytes:
        raise InputError(f"{p}: file grew past the {_size(max_bytes)} {what} may be while it was read")
    if not raw:
        raise InputError(f"{p}: file is empty (0 bytes)")
    return raw


def open_regular_file(
    path: str | os.PathLike[str], *, what: str = "a services file", max_bytes: int = MAX_FILE_BYTES
) -> BinaryIO:
    """A regular, non-empty file no larger than `max_bytes`, opened for reading in binary, or one
    readable InputError (the checks of `read_file_bytes`, for a caller that reads it bit by bit)."""
    p = Path(path)
    try:  # checked before opening: opening some devices does something (a tape rewinds)
        kind = special_file_kind(p.stat().st_mode)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    if kind is not None:
        raise InputError(f"{p}: is {kind}, not {what}")
    try:
        # O_NONBLOCK: if a FIFO replaces the file after the check, opening it still returns at once.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not {what}") from None
    except OSError as e:
        if e.errno == errno.ENXIO:  # a socket, or a FIFO with no writer on some systems
            raise InputError(f"{p}: is not a regular file, not {what}") from None
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    try:
        st = os.fstat(fd)
        kind = special_file_kind(st.st_mode)
        if kind is not None:
            raise InputError(f"{p}: is {kind}, not {what}")
        if st.st_size == 0:
            raise InputError(f"{p}: file is empty (0 bytes)")
        if st.st_size > max_bytes:
            raise InputError(f"{p}: file is {_size(st.st_size)}, larger than the {_size(max_bytes)} {what} may be")
        return os.fdopen(fd, "rb")
    except OSError as e:
        os.close(fd)
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    except BaseException:
        os.close(fd)
        raise


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:,.0f} MiB"
    if n >= 2**10:
        return f"{n / 2**10:,.0f} KiB"
    return f"{n:,} bytes"


def parse_json_bytes(raw: bytes, where: str, *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Decode UTF-8 (a BOM is tolerated) and parse JSON within the caps, naming line and column on error."""
    if len(raw) > max_bytes:
        raise InputError(f"{where}: {_size(len(raw))} of JSON, more than the {_size(max_bytes)} allowed")
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
    return _loads(text, raw, where)


def parse_json_text(text: str, where: str, *, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Parse JSON text within the caps (depth, integer digits, finite numbers, size); InputError if not.

    InputError is also a ValueError here (`JSONInputError`), so code that parses embedded JSON
    (an attribute's value) with `except ValueError` treats a refusal like any other bad JSON."""
    if len(text) > max_bytes:
        raise JSONInputError(f"{where}: {_size(len(text))} of JSON, more than the {_size(max_bytes)} allowed")
    return _loads(text, text.encode("utf-8", "surrogatepass"), where)


def _loads(text: str, data: bytes, where: str) -> Any:
    """`text` parsed within the caps; `data` is the same text as UTF-8 bytes (for the depth pre-scan)."""
    # No deeper than it has opening brackets: most texts (a record, an attribute) need no pre-scan.
    if data.count(b"[") + data.count(b"{") > MAX_JSON_DEPTH and json_depth(data) > MAX_JSON_DEPTH:
        raise JSONInputError(f"{where}: JSON is nested more than {MAX_JSON_DEPTH} levels deep")
    if _SURROGATE_HINT.search(text):
        text = _LONE_SURROGATE.sub(r"\1\\ufffd", text)
    try:
        return _DECODER.decode(text)
    except _NumberRefused as e:
        raise JSONInputError(f"{where}: {e}") from None
    except json.JSONDecodeError as e:
        raise JSONInputError(f"{where}: invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except RecursionError:
        raise JSONInputError(f"{where}: JSON is nested too deeply") from None


class JSONInputError(InputError, ValueError):
    """JSON refused by parse_json_text: not JSON, or past a cap."""


class _NumberRefused(Exception):
    pass


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberRefused(f"a number has {len(digits.lstrip('-')):,} digits, more than the {MAX_INT_DIGITS} allowed")
    return int(digits)


def _float(text: str) -> float:
    if len(text) > 400:  # the longest exact double is 767 significant digits; nobody writes those by hand
        raise _NumberRefused(f"a number is written with {len(text):,} characters, more than 400")
    value = float(text)
    if not math.isfinite(value):
        raise _NumberRefused(f"the number {text[:40]} is too large to be read")
    return value


def _constant(name: str) -> Any:
    raise _NumberRefused(f"{name} is not a JSON number")


# One decoder for every parse (json.loads with these hooks would build a new one, and its scanner, each time:
# an import parses some 5 small texts per service).
_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)


# Strings (with their escapes) removed, only brackets left: the nesting depth is then the number
# of passes that delete every innermost "()" pair, each pass a C-speed bytes.replace. Works on
# UTF-8 bytes: no byte of a multi-byte character is ASCII, so brackets and quotes are what they seem.
_KEEP = b'[]{}"'
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_PARENS = bytes.maketrans(b"[{]}", b"(())")


def json_depth(raw: bytes | str, *, limit: int = MAX_JSON_DEPTH) -> int:
    """The deepest nesting of arrays and objects in JSON text, counted up to about `limit` + 1."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if b"[" not in data and b"{" not in data:
        return 0
    # Escaped backslashes first (they pair from the left), then escaped quotes: what is left of a
    # string is its brackets between two quotes, and what lies outside strings is every other segment.
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = data.translate(None, _DROP)
    if b'"' in brackets:
        # A string without brackets is two quotes side by side: they go first (two quotes dropped keep
        # every later one opening or closing as it was), so that the split is of the few strings left
        # (a layer file of 100k services has 6 million strings: 0.45 s of 0.56)
        brackets = brackets.replace(b'""', b"")
        brackets = b"".join(brackets.split(b'"')[::2])
    brackets = brackets.translate(_PARENS)
    depth = 0
    while brackets and depth <= limit:
        peeled = brackets.replace(b"()", b"")
        if len(peeled) == len(brackets):
            break  # unbalanced: the parser says where
        brackets = peeled
        depth += 1
    if brackets and depth <= limit:
        # What is left does not close: count its opening brackets so "[[[[..." alone is caught too.
        depth += min(brackets.count(b"("), limit + 1)
    return depth


_SURROGATE_HINT = re.compile(r"\\u[dD][89a-fA-F]")
# A \uD800-\uDBFF escape not followed by a \uDC00-\uDFFF one, or such a low one not after a high one;
# (?<!\\)(\\\\)* makes sure the backslash starts an escape and is not itself escaped.
_LONE_SURROGATE = re.compile(
    r"(?<!\\)((?:\\\\)*)"
    r"(?:\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<![\\]u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)


def read_services_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], list[str]]:
    """A services file to search or count, with only its valid records, and a note when some were left out.

    A file the user names may hold anything; the code that shows records relies on their shape, so a
    record that is not valid is left out (`vsd validate FILE` says why) rather than shown half-broken."""
    env = read_json_file(path)
    if not isinstance(env, dict) or not isinstance(env.get("services"), list):
        raise InputError(f'{path}: not a services file: expected an object with a "services" list')
    kept, left_out = valid_services(env)
    if not left_out:
        return kept, []
    n = left_out
    note = f"{path}: {n} service{'s' if n != 1 else ''} left out as not valid (`vsd validate {path}` says why)"
    return kept, [note]


def valid_services(env: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """`env` with only the service records that validate (and without a sourced table, short numbers
    or coverage, that does not), and how many records were left out."""
    from .validate import validate

    services = env.get("services")
    if not isinstance(services, list):
        return {**env, "services": []}, 0
    bad = {i for i, s in enumerate(services) if not isinstance(s, dict)}
    problems = validate(env).problems
    for problem in problems:
        m = _RECORD_WHERE.match(problem.where)
        if m:
            bad.add(int(m.group(1)))
    damaged = {m.group(1) for p in problems if (m := _TABLE_WHERE.match(p.where))}
    kept = {**env, **{table: [] for table in damaged}}  # a damaged sourced table is not used at all
    if not bad:
        return kept, 0
    return {**kept, "services": [s for i, s in enumerate(services) if i not in bad]}, len(bad)


_RECORD_WHERE = re.compile(r"services\[(\d+)\]")
_TABLE_WHERE = re.compile(r"(short_numbers|coverage)\b")
