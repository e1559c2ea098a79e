"""Text from untrusted HSDS data made plain, and the labels and ids of imported records."""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nh3
from anyascii import anyascii

from ..char_classes import CategoryFilter
from ..errors import InputError
from ..normalize import clean

LABEL_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def json_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


def short(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


# Tags that end a line or a block: kept (bare) by the sanitiser, then made line breaks.
_BREAKS = {"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_BREAK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BREAKS)) + r")\s*/?>")


def clean_text(value: str, limit: int | None = None, *, keep_newlines: bool = False) -> str:
    """Plain text from free text that may hold HTML: the nh3 sanitiser keeps only text ("Ages 5 < 18" stays,
    script and style content goes), block tags become line breaks, entities are decoded, then normalize.clean
    (line by line, empty lines dropped, with keep_newlines) drops control characters."""
    if "<" in value or "&" in value:
        safe = nh3.clean(value, tags=_BREAKS, attributes={}, strip_comments=True)
        # nh3 writes every "<" of the text as &lt;, so each "<" left starts one of the bare tags kept above.
        value = html.unescape(_BREAK_TAG.sub("\n", safe))
    if keep_newlines:
        text = "\n".join(ln for ln in map(clean, value.split("\n")) if ln)
    elif value.isprintable():
        # what normalize.clean makes of it: a printable text holds none of the characters it drops or makes
        # spaces (controls, format, line and paragraph separators...), and \s is what str.split splits at
        text = " ".join(value.split())
    else:
        text = clean(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


# Not normalize.clean or safe_text.plain: both reflow spaces and lines; this keeps text as it is but for controls.
_CONTROLS = CategoryFilter({"Cc": None, "Cf": None, "Cs": None, "Co": None}, keep="\n\t")


def strip_controls(value: str) -> str:
    """Untrusted text without control or format characters (escape sequences, bidi overrides); keeps \n and \t."""
    # Most text, and here half a million times an import of 20k: a printable text holds no character of the
    # categories dropped (Cc, Cf, Cs, Co), whatever its script.
    if value.isprintable():
        return value
    return _CONTROLS(value)


def import_text(value: str, limit: int, *, exact: bool, keep_newlines: bool = False) -> str:
    """Text from vsd's own export is taken as it is (it is plain text already); other text is cleaned."""
    return value[:limit] if exact else clean_text(value, limit, keep_newlines=keep_newlines)


def slug(text: str, limit: int) -> str:
    # anyascii leaves ASCII as it is (tests/directory/test_hsds_import_fast_paths.py): most names need no call.
    # Each run of characters but a-z and 0-9 becomes one "-" (the letters lowered): split at the spaces a
    # byte table makes of them, joined by "-". (A regular expression took five times as long in an import.)
    # Other text, word by word: a space is always such a character, and names share their words (a city, "help").
    s = _ascii_slug(text) if text.isascii() else "-".join(filter(None, map(_word_slug, text.split(" "))))
    return s[:limit].rstrip("-")


def _ascii_slug(text: str) -> str:
    return "-".join(text.encode("ascii").translate(_SLUG_BYTES).decode("ascii").split())


@lru_cache(maxsize=16384)
def _word_slug(word: str) -> str:
    return _ascii_slug(word.translate(_TRANSLITERATED))


_SLUG_BYTES = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else c + 32 if 65 <= c <= 90 else 32 for c in range(256))


class _Transliterations(dict[int, str]):
    """anyascii as a `str.translate` table, filled as characters are met: anyascii looks each character
    up in its own tables one by one in Python, and transliterates a text character by character, so a
    translation at C speed gives the same text (tests/directory/test_hsds_import_fast_paths.py)."""

    def __missing__(self, codepoint: int) -> str:
        out = self[codepoint] = anyascii(chr(codepoint))
        return out


_TRANSLITERATED = _Transliterations()


def derive_label(source: str) -> str:
    """A default layer label from an import source: the host of a URL, the stem of a file."""
    if re.match(r"^https?://", source, re.I):
        host = urlsplit(source).hostname or "hsds"
        base = host
    else:
        base = Path(source).stem or "hsds"
    return slug(base, 40) or "hsds"


def check_label(label: str) -> str:
    if not LABEL_RE.match(label):
        raise InputError(
            f'import name "{label}" is not valid: use 1-40 lowercase letters, digits and dashes, '
            "starting with a letter or digit"
        )
    return label


def record_id(label: str, name: str, hsds_id: str) -> str:
    digest = hashlib.sha256(hsds_id.encode("utf-8")).digest()[:4].hex()  # (hexdigest()[:8], in half the time)
    middle = slug(name, 60)
    return f"{label}-{middle}-{digest}" if middle else f"{label}-{digest}"
