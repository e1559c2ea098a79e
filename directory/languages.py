"""Languages: resolve "Ukrainian", "українська", "ukrainien", "uk", "ukr" to an ISO 639 code.

Codes are ISO 639-1 where one exists, else ISO 639-3 (as records store them).
The vocabulary: ISO 639-1/2/3 codes and English names (pycountry), every
CLDR locale's name for every language babel knows (babel), autonyms first.
Built once, lazily, and kept in the user cache dir.
"""

from __future__ import annotations

from functools import lru_cache

from .built_once import built_once
from .name_lookup import Vocabulary, VocabularyBuilder, cached_table
from .normalize import clean
from .stamps import library_stamp

_TIER_CODE = 0  # ISO codes, English names, autonyms
_TIER_NATIVE = 1  # names in the locales of languages with CLDR data, i.e. "everyday" languages
_TIER_CLDR = 2  # every other CLDR locale's name
_TIER_OBSCURE = 3  # ISO 639-3 names of languages CLDR has no locale for ("Alabama", "Even", "Mono")

# Beyond this tier a word in free text is never taken for a language: ISO 639-3
# has thousands of names that are also ordinary words.
QUERY_MAX_TIER = _TIER_CLDR


@lru_cache(maxsize=8192)
def canonical(code: str) -> str | None:
    """The record form of a language code: "deu"/"ger"/"de" -> "de", "fil" -> "fil"; None if not ISO 639."""
    import pycountry

    c = code.lower().split("_")[0].split("-")[0]
    lang = None
    if len(c) == 2:
        lang = pycountry.languages.get(alpha_2=c)
    elif len(c) == 3:
        lang = pycountry.languages.get(alpha_3=c)
        if lang is None:
            try:
                lang = pycountry.languages.get(bibliographic=c)
            except (KeyError, LookupError):
                lang = None
    if lang is None:
        return None
    return str(getattr(lang, "alpha_2", None) or lang.alpha_3)


def _fingerprint() -> str:
    return f"languages|{library_stamp('babel', 'pycountry')}"


def _build_table() -> dict[str, dict[str, int]]:
    import pycountry
    from babel import Locale, localedata

    b = VocabularyBuilder()
    has_locale = {i.split("_")[0] for i in localedata.locale_identifiers()}
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None) or lang.alpha_3
        common = code in has_locale or hasattr(lang, "alpha_2")
        for c in (getattr(lang, "alpha_2", None), lang.alpha_3, getattr(lang, "bibliographic", None)):
            b.add(c, code, _TIER_CODE if common else _TIER_OBSCURE)
        b.add(lang.name, code, _TIER_CODE if common else _TIER_OBSCURE)
    for ident in localedata.locale_identifiers():
        try:
            loc = Locale.parse(ident)
        except Exception:
            continue
        own = canonical(loc.language)
        for lcode, name in loc.languages.items():
            code = canonical(lcode)
            if code is None:
                continue
            base = lcode.split("_")[0]
            english = loc.language == "en" and loc.script in (None, "Latn")  # not en_Dsrt (Deseret)
            if english or code == own:
                tier = _TIER_CODE if base == lcode else _TIER_NATIVE  # "British English" is a variant
            elif base in has_locale:
                tier = _TIER_NATIVE if loc.language in ("de", "fr", "es", "it", "pt", "ru") else _TIER_CLDR
            else:
                tier = _TIER_CLDR if base in has_locale else _TIER_OBSCURE
            b.add(name, code, tier)
    return dict(b.table)


@built_once
def vocabulary() -> Vocabulary:
    """The language vocabulary, built on first use (or read from the disk cache)."""
    fingerprint = _fingerprint()
    return Vocabulary(
        cached_table("languages", fingerprint, _build_table), kind="language", cached_as=("languages", fingerprint)
    )


def resolve_language(text: str) -> str | None:
    """ISO 639 code for a language code, English name, autonym or any CLDR name (one typo tolerated in
    names of 5+ letters), or None if unknown or ambiguous: "українська" -> "uk", "Polnisch" -> "pl"."""
    return vocabulary().resolve(text)


def suggest_language(text: str, n: int = 3) -> list[str]:
    return vocabulary().suggest(text, n, max_tier=QUERY_MAX_TIER)


@lru_cache(maxsize=4096)
def language_name(code: str, locale: str = "en") -> str:
    """Display name of a language code ("uk" -> "Ukrainian"); unknown codes are returned as they are."""
    import pycountry

    raw = clean(code)
    c = canonical(raw) if raw else None
    if c is None:
        return raw
    try:
        from babel import Locale

        name = Locale.parse(locale).languages.get(c)
        if name:
            return str(name)
    except Exception:
        pass
    lang = pycountry.languages.get(alpha_2=c) if len(c) == 2 else pycountry.languages.get(alpha_3=c)
    return lang.name if lang else raw


@lru_cache(maxsize=4096)
def autonym(code: str) -> str | None:
    """The language's name for itself ("uk" -> "українська"), when CLDR knows it."""
    try:
        from babel import Locale

        return Locale.parse(code).get_display_name(code)
    except Exception:
        return None
