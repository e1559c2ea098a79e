"""Phone numbers as a caseworker dials them: the international form, and the short numbers a source gives.

`phonenumbers` (libphonenumber's metadata) knows most numbers, but not every short number that a service
publishes (Thailand's 1387, the EU's 116 016 in most countries). A directory file carries a table of those,
each with its source; validation accepts a number that is in it, and the app labels it "short number: dial
within <country>".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import phonenumbers

ShortTable = frozenset[tuple[str, str]]
EMPTY: ShortTable = frozenset()


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


@cache
def _parse(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, None if value.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return None


def known_to_metadata(value: str, region: str) -> bool:
    """A full number (national or +international) or a short number that the metadata knows for `region`."""
    num = _parse(value, region)
    if num is None:
        return False
    if value.startswith("+"):
        return phonenumbers.is_valid_number(num)
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
