"""Phone numbers as a caseworker dials them: the international form, and the short numbers a source gives.

`phonenumbers` (libphonenumber's metadata) knows most numbers, but not every short number that a service
publishes (Thailand's 1387, the EU's 116 016 in most countries). A directory file carries a table of those,
each with its source; validation accepts a number that is in it, and the app labels it "short number: dial
within <country>".

A number is also shown exactly as it is stored, so what a caseworker reads is what they dial: a phone or sms
value may hold only ASCII digits, spaces and the separators + - ( ) . / # *. Digits of other scripts (which
`phonenumbers` reads as digits), letters, bidi controls, invisible format characters and other spaces are
refused (`display_problem`); words go in the channel's label.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import phonenumbers

from .phone_chars import DISPLAY_CHARS

ShortTable = frozenset[tuple[str, str]]
EMPTY: ShortTable = frozenset()

_ALLOWED_TEXT = "the digits 0-9, spaces and + - ( ) . / # *"
# Explicit embeddings, overrides, isolates and marks (LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_WHY = {
    "bidi": "a bidi control, which can make a number display in another order",
    "format": "an invisible format character",
    "control": "a control character",
    "space": "not a plain space; use a plain space",
    "digit": "not an ASCII digit; write the number with the digits 0-9",
    "letter": "a letter; put words in the channel label and only the number in the value",
    "other": f"not allowed in a number, which may hold only {_ALLOWED_TEXT}",
}


def digits(value: str) -> str:
    """The dialled characters of a number: ASCII digits, # and * (spaces, dashes and dots go)."""
    return re.sub(r"[^0-9#*+]", "", value)


def short_table(entries: Iterable[Mapping[str, Any]] | None) -> ShortTable:
    """(country, digits) pairs of a `short_numbers` table; malformed entries are skipped."""
    out = set()
    for e in entries or ():
        if isinstance(e, Mapping) and isinstance(e.get("country"), str) and isinstance(e.get("number"), str):
            out.add((e["country"], digits(e["number"])))
    return frozenset(out)


def _parse(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number as dialled in `region`; a +number is read without a region: it is the same number,
    read once, whichever region it is checked for (one record's countries, the mapping's and the
    validation's checks)."""
    return _parse_in(value, None if value.startswith("+") else region)


@cache
def _parse_in(value: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None


@cache
def _valid_international(value: str) -> bool:
    num = _parse_in(value, None)
    return num is not None and phonenumbers.is_valid_number(num)


def known_to_metadata(value: str, region: str) -> bool:
    """A full number (national or +international) or a short number that the metadata knows for `region`."""
    if value.startswith("+"):
        return _valid_international(value)  # (the region plays no part)
    num = _parse(value, region)
    if num is None:
        return False
    return phonenumbers.is_valid_number_for_region(num, region) or phonenumbers.is_valid_short_number_for_region(
        num, region
    )


def international_form(value: str, region: str) -> str | None:
    """E.164 (+4930…) for a number that can be called from abroad; None for short numbers (112, 116 111)."""
    num = _parse(value, region)
    if num is None or not phonenumbers.is_valid_number(num) or not phonenumbers.can_be_internationally_dialled(num):
        return None  # (Australia's 1800 numbers, for one, cannot be called from abroad)
    if not value.startswith("+") and not phonenumbers.is_valid_number_for_region(num, region):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def grouped_international(e164: str) -> str:
    """ "+302811391615" as people read and dial it: "+30 281 139 1615" (the E.164 form when unknown)."""
    try:
        num = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(num):
        return e164
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _kind_of(ch: str) -> str:
    if ch in _BIDI:
        return "bidi"
    cat = unicodedata.category(ch)
    if ch.isspace() or cat == "Zs":
        return "space"  # no-break, narrow no-break, figure, thin, ideographic spaces, tabs, line breaks
    if cat == "Cf":
        return "format"  # ZWJ, ZWNJ, ZWSP, word joiner, BOM, soft hyphen...
    if cat == "Cc":
        return "control"
    if cat[0] == "N":
        return "digit"  # Arabic-Indic, Devanagari, Gurmukhi, fullwidth, superscript...
    if cat[0] in "LM":
        return "letter"
    return "other"


def _codepoint(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}" if name else f"U+{ord(ch):04X}"


_DISPLAY_TEXT = "".join(sorted(DISPLAY_CHARS))


def display_problem(value: str) -> str | None:
    """Why a phone or sms `value` would not display as the number it dials ("holds U+0663 ..."), or None.

    One entry per kind of offending character (bidi control, format character, other space, non-ASCII digit,
    letter, other), each naming its first character by code point, since most of them are invisible."""
    if not value.strip(_DISPLAY_TEXT):  # every character one of DISPLAY_CHARS (a scan at C speed)
        return None
    first: dict[str, str] = {}
    for ch in value:
        if ch not in DISPLAY_CHARS:
            first.setdefault(_kind_of(ch), ch)
    return "; ".join(f"holds {_codepoint(ch)}, {_WHY[kind]}" for kind, ch in first.items())


def display_form(value: str) -> str | None:
    """The form in which a phone value is shown: the value as stored, trimmed, runs of spaces made one.

    None for a value that `display_problem` refuses: such a value is never shown as a number."""
    if display_problem(value) is not None:
        return None
    return " ".join(value.split())


def shown(value: str, limit: int = 80) -> str:
    """A value quoted for a message in ASCII, invisible and foreign characters as \\uXXXX escapes (as in JSON)."""
    text = json.dumps(value[:limit], ensure_ascii=True)
    return text + "…" if len(value) > limit else text
