"""Languages: resolve "Ukrainian", "українська", "uk", "ukr" to an ISO 639 code (639-1 where one exists)."""

from __future__ import annotations

import pycountry

from .normalize import clean


def _code(lang) -> str:
    return getattr(lang, "alpha_2", None) or lang.alpha_3


def resolve_language(text: str) -> str | None:
    """ISO 639 code for a language name or code, or None if unknown/ambiguous."""
    t = clean(text)
    if not t:
        return None
    try:
        return _code(pycountry.languages.lookup(t))
    except LookupError:
        return None


def language_name(code: str, locale: str = "en") -> str:
    """Display name of a language code ("uk" -> "Ukrainian"); unknown codes are returned as they are."""
    c = (code or "").lower()
    lang = pycountry.languages.get(alpha_2=c) if len(c) == 2 else pycountry.languages.get(alpha_3=c)
    return lang.name if lang else code
