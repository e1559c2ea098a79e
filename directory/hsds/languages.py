"""Languages named by HSDS data: ISO 639 codes from codes, tags or names (through langcodes)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import langcodes

from ..languages import canonical, language_name
from ..validate import is_language
from .fields import FieldReader
from .text import clean_text


@cache
def normalize_language(code: str | None = None, name: str | None = None) -> str | None:
    """ISO 639-1 where it exists, else 639-3, from a 639-1/2/3 code (or a tag like en-GB) or a language name in
    English or the language itself ("Cantonese" -> yue, "Mandarin" -> zh, "español" -> es, "ASL" -> ase)."""
    found = _from_code(code.strip()) if code and code.strip() else None
    if found is not None or not name:
        return found
    return _from_name(name.strip())


def _from_code(code: str) -> str | None:
    """A code as records store it. A three-letter value that is only the code of a little-used language and is
    also a well-known name is read as the name: "ASL" is American Sign Language (ase), not Asilulu (asl)."""
    found = canonical(code)
    if found is None or len(found) == 3:
        by_name = _from_name(code)
        if by_name is not None and (found is None or by_name != found):
            return by_name
    return found


def _from_name(name: str) -> str | None:
    """A language name through langcodes (CLDR names and their aliases), Chinese varieties kept apart from
    Chinese itself only where records do ("Cantonese" -> yue; "Mandarin" is written zh, as vsd's data has it).
    A name with a part in brackets ("Sign Language (ASL)") is tried whole, then by that part."""
    for text in (name, *re.findall(r"\(([^()]{1,60})\)", name)):
        try:
            lang = langcodes.find(text[:100]).prefer_macrolanguage()
        except LookupError:
            continue
        code = canonical(lang.language or "")
        if code is not None and is_language(code):
            return code
    return None


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
