"""Words of records and queries: native and ASCII forms, compounds, unspaced scripts, phone keys, URL hosts.

What the search index stores for a record and what a query is split into come from here, so both
sides always cut words the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from typing import Any

from . import support_types
from .built_once import built_once
from .normalize import UNSPACED, digits, fold, native_words, words_uncached

MAX_QUERY_WORDS = 12


def text_of(v: Any) -> str:
    return v if isinstance(v, str) else ""


def strs(v: Any) -> list[str]:
    if type(v) is not list:
        return []
    for x in v:
        if type(x) is not str:
            return [x for x in v if isinstance(x, str)]
    return v


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """A native word and its ASCII fold (one or more words), without duplicates."""
    a = fold(word)
    if not a or a == word:
        return (word,)
    parts = a.split()
    return (word, *parts) if word not in parts else tuple(parts)


# Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar,
# Chinese, Japanese) and Korean compounds: a word there is indexed with all its
# suffixes too, so that "สายเด็ก" finds "มูลนิธิสายเด็ก" and "전화" finds "청소년전화".
MAX_SUFFIX_WORD = 24


@lru_cache(maxsize=262_144)
def chunk_words(chunk: str) -> tuple[str, ...]:
    out = list(chain.from_iterable(map(word_forms, words_uncached(chunk))))
    if UNSPACED.search(chunk):
        for w in list(out):
            if UNSPACED.search(w) and 2 < len(w) <= MAX_SUFFIX_WORD:
                out.extend(w[k:] for k in range(1, len(w) - 1))
    return tuple(out)


MIN_COMPOUND = 9  # letters of a word whose tails are indexed
MIN_PART = 5  # letters of the shortest tail


@lru_cache(maxsize=262_144)
def tails(word: str) -> tuple[str, ...]:
    if len(word) < MIN_COMPOUND or not word.isalpha() or UNSPACED.search(word):
        return ()
    return tuple(word[k:] for k in range(3, len(word) - MIN_PART + 1))


def compound_parts(words: list[str]) -> list[str]:
    """Tails of the long words of names: German, Dutch and Nordic compounds are then found by their
    last part ("Jugendtelefon" by "telefon", "Brottsofferjouren" by "offerjouren")."""
    return list(chain.from_iterable(map(tails, words)))


@lru_cache(maxsize=262_144)
def chunk_fold(chunk: str) -> str:
    return fold(chunk)


def fast_fold(text: str) -> str:
    """fold(text) for one-off texts, folding their (often repeated) whitespace-separated chunks once."""
    if text.isascii():
        return " ".join(_ASCII_WORD.findall(text.lower()))
    return " ".join(f for f in map(chunk_fold, text.split()) if f)


# Between the names of a service written as one, in several languages ("Opferhilfe Schweiz / Aide
# aux victimes / Aiuto alle vittime"), and between a name and what it adds ("Rat auf Draht – Notruf 147").
_NAMES_SEPARATOR = re.compile(r"\s+/\s+")
_DETAIL_SEPARATOR = re.compile(r"\s+[–—|]\s+")
# Definite articles a name may start with and a caseworker leaves out ("De Kindertelefoon").
_ARTICLES = frozenset("the de het der die das la le les l il lo el los las o a os as".split())


def name_parts(name: str) -> list[str]:
    """The names a record's name holds (folded), or [] when it is one: each name of a joined name,
    the part of each before a dash, and each without a leading article. A caseworker may type any of them in full; each is then as
    good a match as the whole name. After a dash comes a detail ("– Notruf 147", "– Help Centre"),
    which can be as generic as a kind of help, so it is not a name of its own."""
    parts = []
    for piece in _NAMES_SEPARATOR.split(name):
        parts.append(fast_fold(piece))
        head = _DETAIL_SEPARATOR.split(piece, maxsplit=1)
        if len(head) > 1:
            parts.append(fast_fold(head[0]))
    for part in list(parts):
        first, _, after = part.partition(" ")
        if first in _ARTICLES and after:
            parts.append(after)
    whole = fast_fold(name)
    return [f for f in dict.fromkeys(parts) if len(f) >= 3 and f != whole]


_HAS_DIGIT = re.compile(r"[0-9]")
_LETTER_DIGIT = re.compile(r"[0-9][A-Za-z]|[A-Za-z][0-9]")
_PIECES = re.compile(r"[a-z]+|[0-9]+")
_DIGIT_RUN = re.compile(r"\d[\s./-]+\d")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def field_words(text: str) -> list[str]:
    """Index words of a field: native words, their ASCII folds, and runs of digits joined
    ("116 111" -> also "116111")."""
    if not text:
        return []
    if text.isascii():
        out = _ASCII_WORD.findall(text.lower())
    else:
        # Whitespace-separated chunks repeat across records: fold each once.
        out = list(chain.from_iterable(map(chunk_words, text.split())))
    if not _HAS_DIGIT.search(text):
        return out
    if _DIGIT_RUN.search(text):
        run: list[str] = []
        for w in out + [""]:
            if w.isdigit():
                run.append(w)
            else:
                if len(run) > 1:
                    out.append("".join(run))
                run = []
    if _LETTER_DIGIT.search(text):  # "1800RESPECT" is also "1800" and "respect"
        out += [p for w in out if not (w.isalpha() or w.isdigit()) and w.isascii() for p in _PIECES.findall(w)]
    return out


def ascii_words(text: str) -> list[str]:
    return fold(text).split()


def phone_keys(value: str, countries: Iterable[str] = ()) -> list[str]:
    """See phone_key_tuple (cached: the same numbers recur across records)."""
    return list(phone_key_tuple(value, tuple(countries)))


@lru_cache(maxsize=65536)
def phone_key_tuple(value: str, countries: tuple[str, ...]) -> tuple[str, ...]:
    """Digit strings a phone is found by: as written, without the country code, with the trunk 0,
    with the country code: "+49 800 111 0 333" -> 498001110333, 8001110333, 08001110333."""
    d = digits(value)
    if not d:
        return ()
    keys = {d}
    international = value.lstrip().startswith(("+", "00"))
    if international:
        d = d[2:] if value.lstrip().startswith("00") else d
        for n in (1, 2, 3):
            if int(d[:n] or 0) in _calling_codes()[0]:
                rest = d[n:]
                keys.update({d, rest, "0" + rest})
                break
    elif d.startswith("0") and len(d) > 6:
        rest = d[1:]
        keys.add(rest)
        for c in countries:
            cc = _calling_codes()[1].get(c, 0)
            if cc:
                keys.add(f"{cc}{rest}")
    return tuple(sorted(k for k in keys if len(k) >= 2))


def _phone_codes() -> dict[str, Any]:
    import phonenumbers

    return {
        "codes": sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE),
        "regions": {r: phonenumbers.country_code_for_region(r) for r in sorted(phonenumbers.SUPPORTED_REGIONS)},
    }


@built_once
def _calling_codes() -> tuple[frozenset[int], dict[str, int]]:
    """Every country calling code, and each region's (phonenumbers' country_code_for_region: 0 for a
    region it does not know), from the disk cache: importing phonenumbers and reading a region's
    metadata cost a search more than all the rest of the phone keys. Without a cache, phonenumbers."""
    from .name_lookup import cache_dir, cached_json
    from .stamps import library_stamp

    if cache_dir() is None:
        table = _phone_codes()
    else:
        table = cached_json(
            "phone-codes",
            f"phone-codes|{library_stamp('phonenumbers')}",
            _phone_codes,
            lambda t: (
                isinstance(t, dict)
                and isinstance(t.get("codes"), list)
                and all(type(c) is int for c in t["codes"])
                and isinstance(t.get("regions"), dict)
                and all(type(c) is int for c in t["regions"].values())
            ),
        )
    return frozenset(table["codes"]), table["regions"]


@lru_cache(maxsize=512)
def country_words(code: str) -> tuple[str, ...]:
    """Words a record's country is found by: English and native names, code ("germany deutschland de")."""
    from .countries import facts

    f = facts(code)  # from the disk cache: CLDR's locales are not loaded for a search
    names = {f.name, code}
    for lang in f.official[:3]:
        try:
            names.add(f.name_in(lang))
        except Exception:
            pass
    out: list[str] = []
    for n in names:
        out.extend(field_words(n))
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def official_languages(countries: tuple[str, ...]) -> tuple[str, ...]:
    """Record-form codes of the official languages of some countries (CLDR, de facto ones too)."""
    from .countries import facts

    out: list[str] = []
    for c in countries[:5]:
        for lang in facts(c).languages:
            if lang not in out:
                out.append(lang)
    return tuple(out)


@lru_cache(maxsize=64)
def type_words(code: str) -> tuple[str, ...]:
    out: list[str] = []
    for s in support_types.synonyms(code):
        out.extend(field_words(s))
    return tuple(dict.fromkeys(out))


def query_words(text: str) -> list[tuple[str, ...]]:
    """Query words, each as its forms (native, ASCII), runs of digits joined ("116 111" -> "116111")."""
    words = native_words(text) if not text.isascii() else ascii_words(text)
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for w in words[: MAX_QUERY_WORDS * 2]:
        if w.isdigit():
            run.append(w)
            continue
        if run:
            out.append(("".join(run),))
            run = []
        out.append(word_forms(w))
    if run:
        out.append(("".join(run),))
    return out[:MAX_QUERY_WORDS]


_URL_NOISE = frozenset(("www", "com", "org", "net", "http", "https", "mailto", "example"))


def url_words(value: str) -> list[str]:
    """Host words of a URL or e-mail ("https://www.nummergegenkummer.de/x" -> "nummergegenkummer")."""
    v = value.lower()
    k = v.find("://")
    if k >= 0:
        v = v[k + 3 :]
    host = v.partition("/")[0].rpartition("@")[2]
    parts = host.split(".")[:-1]  # not the top-level domain
    return [p for p in parts if len(p) > 2 and p not in _URL_NOISE]
