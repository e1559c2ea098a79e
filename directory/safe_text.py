"""Untrusted text made safe to show in a terminal (TUI and command line alike).

Directory records, feed data and config values are data, never markup or
terminal control. `plain()` removes whole escape sequences (CSI, OSC, DCS...,
so `\\x1b[31m` leaves nothing behind, not `[31m`), every other C0/C1 control
character, and the bidirectional overrides that can make text read differently
from what it is. The widgets then wrap the result in `Content`/`Text` objects,
which Textual never parses as markup.
"""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar, cast

_T = TypeVar("_T")

# Whole escape sequences, 7-bit and 8-bit forms.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                 # CSI ... final byte
    | \x9b[0-?]*[ -/]*[@-~]?                   # 8-bit CSI
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL / ST
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?     # 8-bit OSC
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?   # DCS / SOS / PM / APC ... ST
    | [\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)?
    | \x1b[ -/]*[0-~]?                         # any other ESC sequence
    """,
    re.VERBOSE,
)
# Explicit bidi embeddings, overrides and isolates (Trojan Source), and marks.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
_SPACES = re.compile(r"[ \t]+")


def plain(value: object, *, keep_newlines: bool = False) -> str:
    """`value` as a single safe line (or lines with keep_newlines) of plain text."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():
        return text.strip()
    text = _ESCAPES.sub("", text).translate(_BIDI)
    text = (_LINE_BREAKS if keep_newlines else _BREAKS).sub(" ", text)
    text = _C0_C1.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


# What `plain` makes a space (a newline too unless it keeps lines), then every other C0/C1 control dropped.
_LINE_BREAKS = re.compile(r"[\x09\x0d\x0b\x0c\x85\u2028\u2029]")
_BREAKS = re.compile(r"[\x09\x0a\x0d\x0b\x0c\x85\u2028\u2029]")
_C0_C1 = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


# Bidi controls that reorder text (embeddings, overrides, isolates): never legitimate in data that
# leaves vsd. The marks (LRM, RLM, ALM) only nudge neutral characters and are kept in free text.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))
# Fields of free text in a record (and in HSDS) where a bidi mark is legitimate: a right-to-left
# name or description may need one to show a number or a Latin word in the right place.
TEXT_FIELDS = frozenset(
    {
        "name",
        "name_en",
        "aliases",
        "alternate_name",
        "organization",
        "description",
        "notes",
        "note",
        "label",
        "region",
        "languages_note",
        "interpretation_services",
        "quote",
    }
)


def scrub(value: str, *, keep_marks: bool = False) -> str:
    """Text as it is, less what could drive a terminal or reorder it: escape sequences, C0/C1
    controls but tab and newline, bidi embeddings/overrides/isolates, lone surrogates, and the
    bidi marks unless `keep_marks`. Unlike `plain`, spacing and lines are kept (for JSON output)."""
    if (_SUSPECTS_BUT_MARKS if keep_marks else _SUSPECTS).search(value) is None:
        return value
    text = _ESCAPES.sub("", value).translate(_BIDI_CONTROLS)
    if not keep_marks:
        text = text.translate(_BIDI_MARKS)
    return _CONTROLS_BUT_TAB_NL.sub("", text)


# C0/C1 controls (Cc) but tab and newline, and lone surrogates (Cs): what `scrub` drops last. Every
# escape sequence starts with one of them, so a text with none of these nor a bidi control is left as it is.
_CONTROLS_BUT_TAB_NL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SUSPECTS_BUT_MARKS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_SUSPECTS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def scrub_tree(value: _T) -> _T:
    """A copy of parsed JSON with every string (keys too) scrubbed; bidi marks kept in TEXT_FIELDS.

    Every JSON text vsd writes for others (`search --json`, `export hsds`) goes through this."""
    return cast(_T, _scrub_tree(value, None))


def _scrub_tree(value: object, key: str | None) -> object:
    if isinstance(value, str):
        return scrub(value, keep_marks=key in TEXT_FIELDS)
    if isinstance(value, dict):
        return {scrub(str(k)): _scrub_tree(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub_tree(v, key) for v in value]
    return value


# What `scrub` might change, as it shows in JSON text written with ensure_ascii=False: the characters
# themselves, or the escape json writes for a C0 control other than tab and newline. A backslash that is
# text (written \\ in JSON) before r, b, f or u looks the same: it only costs the full scrub.
# (Two searches: one pattern with both alternatives is twice as slow as the two, which each scan at C speed.)
_SUSPECT_CHARS = re.compile(r"[\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SUSPECT_ESCAPE = re.compile(r"\\[rbfu]")


def _suspect_json(text: str) -> bool:
    return _SUSPECT_CHARS.search(text) is not None or _SUSPECT_ESCAPE.search(text) is not None


def scrubbed_json(value: object, **dumps: Any) -> str:
    """`json.dumps(scrub_tree(value), ensure_ascii=False, **dumps)` for parsed JSON (string keys), dumped
    once and not copied when nothing in it needs scrubbing (nearly always): the export writes 100k
    services this way."""
    text = json.dumps(value, ensure_ascii=False, **dumps)
    if not _suspect_json(text):
        return text
    return json.dumps(scrub_tree(value), ensure_ascii=False, **dumps)


def scrubbed(value: _T) -> _T:
    """`scrub_tree(value)` for parsed JSON (string keys), but `value` itself, not a copy, when nothing in
    it needs scrubbing; the caller must not change it then."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return scrub_tree(value)
    return scrub_tree(value) if _suspect_json(text) else value
