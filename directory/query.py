"""The smart query: words that name a country, language or support type become filters."""

from __future__ import annotations

from dataclasses import dataclass

from .countries import resolve_country
from .languages import resolve_language
from .normalize import MAX_QUERY_CHARS, clean
from .support_types import resolve_support_type


@dataclass(frozen=True)
class ParsedQuery:
    """Free text left over after the filters the query named were taken out."""

    text: str
    country: str | None = None
    language: str | None = None
    support_type: str | None = None


def parse_query(text: str) -> ParsedQuery:
    words = clean(text)[:MAX_QUERY_CHARS].split()
    rest: list[str] = []
    country = language = stype = None
    for w in words:
        if country is None and len(w) > 3 and (c := resolve_country(w)):
            country = c
        elif language is None and len(w) > 3 and (lang := resolve_language(w)):
            language = lang
        elif stype is None and (t := resolve_support_type(w)):
            stype = t
        else:
            rest.append(w)
    return ParsedQuery(" ".join(rest), country, language, stype)
