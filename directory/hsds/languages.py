"""Languages named by HSDS data: ISO 639 codes from codes, tags or names."""

from __future__ import annotations

from functools import cache
from typing import Any

import pycountry

from ..languages import canonical, language_name
from ..validate import is_language
from .fields import FieldReader
from .text import clean_text


@cache
def normalize_language(code: str | None = None, name: str | None = None) -> str | None:
    """ISO 639-1 where it exists, else 639-3, from a 639-1/2/3 code (or a tag like en-GB) or a name."""
    found = canonical(code.strip()) if code else None
    if found is not None or not name:
        return found
    # ISO 639 names only, not languages.resolve_language: its typo and CLDR matches are too loose for untrusted data.
    try:
        lang = pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
    return str(getattr(lang, "alpha_2", None) or lang.alpha_3)


def read_languages(
    r: FieldReader, obj: dict[str, Any], path: str, *, warn: bool, exact: bool = False
) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    notes: list[str] = []
    for p, lang in r.list(obj, "languages", path):
        code, name = r.str(lang, "code", p), r.str(lang, "name", p)
        norm = code if exact and code and is_language(code) else normalize_language(code, name)
        if norm is None or not is_language(norm):
            if warn:
                r.warn(p.rstrip("."), f"language {code or name or '?'} is not an ISO 639 code or name; not imported")
            continue
        if norm not in codes:
            codes.append(norm)
        note = r.str(lang, "note", p)
        if note:
            notes.append(f"{language_name(norm)}: {clean_text(note)}")
    return codes, notes
