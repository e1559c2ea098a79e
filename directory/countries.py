"""Countries: resolve what people type ("Allemagne", "UK", "Deutschland", "Нiмеччина") to ISO 3166-1 alpha-2.

The vocabulary comes from pycountry (codes, English common/official names)
and babel's CLDR data (every locale's name for every country), plus a short
alias table for names people use that neither lists. It is built once, lazily,
and kept in the user cache dir (keyed by the library versions).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .built_once import built_once
from .name_lookup import Vocabulary, VocabularyBuilder, cache_dir, cached_json, cached_table
from .normalize import clean
from .stamps import library_stamp

# Names in everyday use that pycountry and CLDR do not give (all English unless noted).
ALIASES: dict[str, tuple[str, ...]] = {
    "GB": (
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "United Kingdom of Great Britain",
        "Grossbritannien",
        "Großbritannien",
        "Angleterre",
    ),
    "NL": ("Holland", "The Netherlands", "Nederland"),
    "KR": ("South Korea", "Korea", "Republic of Korea", "Südkorea", "한국", "남한"),
    "KP": ("North Korea",),
    "TR": ("Türkiye", "Turkiye", "Turkey"),
    "CZ": ("Czechia", "Czech Republic", "Czech", "Tschechei"),
    "US": ("USA", "U.S.A.", "U.S.", "America", "United States of America", "the States"),
    "AE": ("UAE", "Emirates"),
    "RU": ("Russia", "Russian Federation"),
    "MD": ("Moldova",),
    "MK": ("Macedonia", "North Macedonia", "FYROM"),
    "BA": ("Bosnia", "Bosnia-Herzegovina", "BiH"),
    "VA": ("Vatican", "Holy See", "Vatican City"),
    "CI": ("Ivory Coast",),
    "MM": ("Burma",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "IE": ("Eire", "Republic of Ireland"),
    "SK": ("Slovak Republic",),
    "BY": ("Belorussia", "Byelorussia"),
    "LA": ("Laos",),
    "SY": ("Syria",),
    "IR": ("Persia",),
    "TW": ("Taiwan",),
    "PS": ("Palestine",),
    "CD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
}

# Short aliases taken as a country in free text even in lower case ("childline uk").
# Codes are not ("and" = Andorra, "can" = Canada, "us" is a word), only in capitals.
SHORT_ALIASES: frozenset[str] = frozenset({"uk", "usa", "uae", "drc", "bih"})

_TIER_CODE = 0
_TIER_EN = 0
_TIER_NATIVE = 1
_TIER_CLDR = 2


def _fingerprint() -> str:
    return f"countries|{library_stamp('babel', 'pycountry')}|{sorted(ALIASES.items())}"


def _build_table() -> dict[str, dict[str, int]]:
    import pycountry
    from babel import Locale, localedata
    from babel.languages import get_official_languages

    b = VocabularyBuilder()
    codes = {c.alpha_2 for c in pycountry.countries}
    for c in pycountry.countries:
        b.add(c.alpha_2, c.alpha_2, _TIER_CODE)
        b.add(c.alpha_3, c.alpha_2, _TIER_CODE)
        b.add_many((c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)), c.alpha_2, _TIER_EN)
    for code, names in ALIASES.items():
        b.add_many(names, code, _TIER_EN)
    native_langs = {code: set(get_official_languages(code, de_facto=True)) for code in codes}
    for ident in localedata.locale_identifiers():
        try:
            loc = Locale.parse(ident)
        except Exception:  # a locale babel lists but cannot load
            continue
        lang = loc.language
        en = lang == "en" and loc.script in (None, "Latn")  # not en_Dsrt (Deseret)
        for code, name in loc.territories.items():
            if code not in codes:
                continue
            tier = _TIER_EN if en else (_TIER_NATIVE if lang in native_langs[code] else _TIER_CLDR)
            b.add(name, code, tier)
    return dict(b.table)


@built_once
def vocabulary() -> Vocabulary:
    """The country vocabulary, built on first use (or read from the disk cache)."""
    fingerprint = _fingerprint()
    return Vocabulary(
        cached_table("countries", fingerprint, _build_table), kind="country", cached_as=("countries", fingerprint)
    )


def resolve_country(text: str) -> str | None:
    """ISO alpha-2 code for a country name or code in any language (one typo tolerated in names of 5+
    letters), or None if unknown or ambiguous: "Allemagne" -> "DE", "UK" -> "GB", "Atlantis" -> None."""
    return vocabulary().resolve(text)


def suggest_country(text: str, n: int = 3) -> list[str]:
    """Codes of the countries whose names are closest to `text`, for "did you mean ...?"."""
    return vocabulary().suggest(text, n)


@lru_cache(maxsize=4096)
def country_name(code: str, locale: str = "en") -> str:
    """Display name of a country code ("DE" -> "Germany", locale "de" -> "Deutschland").

    Unknown codes are returned as they are.
    """
    import pycountry

    code = clean(code).upper()
    if locale != "en":
        try:
            from babel import Locale

            name = Locale.parse(locale).territories.get(code)
            if name:
                return str(name)
        except Exception:
            pass
    c = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


# -- what the search index and the query parser need of each country --------------------------------
# Read from CLDR once per machine and kept in the cache beside the vocabularies: loading the CLDR
# locales of every country's languages, for every search, took a third of `vsd search`'s start-up.

# Locales besides a country's own languages whose name for it is kept (see query.EXTRA_STEM_LOCALES).
OTHER_NAME_LOCALES = ("uk", "ru")


@dataclass(frozen=True)
class CountryFacts:
    code: str
    name: str  # country_name(code)
    official: tuple[str, ...]  # CLDR's official languages, de facto ones too, in CLDR's order
    languages: tuple[str, ...]  # those as record codes (languages.canonical), unknown ones left out
    names: Mapping[str, str]  # country_name(code, lang) for official[:3] and OTHER_NAME_LOCALES

    def name_in(self, lang: str) -> str:
        """country_name(code, lang), from the facts when they hold it."""
        name = self.names.get(lang)
        return name if name is not None else country_name(self.code, lang)


def _live_facts(code: str) -> CountryFacts:
    from babel.languages import get_official_languages

    from .languages import canonical

    try:
        official = tuple(get_official_languages(code, de_facto=True))
    except Exception:
        official = ()
    langs = tuple(lang for lang in map(canonical, official) if lang)
    names = {lang: country_name(code, lang) for lang in dict.fromkeys([*official[:3], *OTHER_NAME_LOCALES])}
    return CountryFacts(code, country_name(code), official, langs, names)


def _build_facts() -> dict[str, list[Any]]:
    import pycountry

    out: dict[str, list[Any]] = {}
    for c in pycountry.countries:
        f = _live_facts(c.alpha_2)
        out[f.code] = [f.name, list(f.official), list(f.languages), dict(f.names)]
    return out


def _facts_row(row: Any) -> bool:
    return (
        isinstance(row, list)
        and len(row) == 4
        and isinstance(row[0], str)
        and all(isinstance(x, list) and all(isinstance(v, str) for v in x) for x in row[1:3])
        and isinstance(row[3], dict)
        and all(isinstance(v, str) for v in row[3].values())
    )


@built_once
def _facts_table() -> dict[str, list[Any]]:
    """Facts of every ISO country from the disk cache (built there on first use); none without a
    cache, and then each country's are read from CLDR when asked, as they were before the cache."""
    if cache_dir() is None:
        return {}
    return cached_json(
        "country-facts",
        f"country-facts|{library_stamp('babel', 'pycountry')}|{OTHER_NAME_LOCALES}",
        _build_facts,
        lambda t: isinstance(t, dict) and all(_facts_row(r) for r in t.values()),
    )


@lru_cache(maxsize=1024)
def facts(code: str) -> CountryFacts:
    """What the search needs of a country (a record's code as written)."""
    row = _facts_table().get(code)
    if row is None:
        return _live_facts(code)
    return CountryFacts(code, row[0], tuple(row[1]), tuple(row[2]), row[3])
