"""Resolvers: countries, languages and support types from what people type, in any language.

Accuracy is measured on the vocabularies themselves (babel's CLDR data), not
on hand-picked examples: every locale's name for each of the 48 countries of
the bundled directory, the same names with one random typo, every language
by its English name and its autonym.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from babel import Locale, localedata  # noqa: E402

from directory import (  # noqa: E402
    country_name,
    language_name,
    resolve_country,
    resolve_language,
    resolve_support_type,
    support_types,  # noqa: E402
)
from directory.bundled import bundled_path  # noqa: E402
from directory.countries import suggest_country  # noqa: E402
from directory.languages import canonical  # noqa: E402


def alliance_countries() -> list[str]:
    env = json.loads(bundled_path().read_text(encoding="utf-8"))
    return sorted({c for s in env["services"] for c in s["countries"]})


def cldr_country_names(codes: list[str]) -> list[tuple[str, str, str]]:
    """(locale, code, name) for every locale babel ships, each distinct (code, name) once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for ident in localedata.locale_identifiers():
        territories = Locale.parse(ident).territories
        for code in codes:
            name = territories.get(code)
            if name and (code, name) not in seen:
                seen.add((code, name))
                out.append((ident, code, name))
    return out


def one_typo(name: str, rng: random.Random) -> str:
    """Delete, insert, replace (with a letter of the same name, so the same script) or swap."""
    letters = [ch for ch in name if ch.isalpha()]
    i = rng.randrange(len(name))
    op = rng.choice("dirs")
    if op == "d":
        return name[:i] + name[i + 1 :]
    if op == "i":
        return name[:i] + rng.choice(letters) + name[i:]
    if op == "r":
        others = [ch for ch in letters if ch != name[i]] or ["x"]
        return name[:i] + rng.choice(others) + name[i + 1 :]
    i = min(i, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


@pytest.fixture(scope="module")
def names() -> list[tuple[str, str, str]]:
    codes = alliance_countries()
    assert len(codes) == 48
    return cldr_country_names(codes)


def test_every_cldr_name_of_the_48_countries(names):
    wrong = [(loc, code, name, resolve_country(name)) for loc, code, name in names]
    wrong = [w for w in wrong if w[1] != w[3]]
    accuracy = 1 - len(wrong) / len(names)
    print(f"country names: {accuracy:.2%} of {len(names)} CLDR names")
    assert len(names) > 5000
    assert accuracy >= 0.99, wrong[:30]
    # What fails must fail safe: unknown or ambiguous, never another country.
    guessed = [w for w in wrong if w[3] is not None]
    assert len(guessed) <= len(names) * 0.002, guessed


@pytest.mark.slow
def test_one_typo_in_names_of_six_letters_or_more(names):
    rng = random.Random(20261128)
    long = [(code, name) for _, code, name in names if sum(ch.isalpha() for ch in name) >= 6]
    results = [(code, name, typo, resolve_country(typo)) for code, name in long for typo in [one_typo(name, rng)]]
    right = sum(1 for code, _, _, got in results if got == code)
    accuracy = right / len(results)
    print(f"country names with one typo: {accuracy:.2%} of {len(results)}")
    assert accuracy >= 0.95, [r for r in results if r[0] != r[3]][:30]


def test_languages_by_autonym_and_english_name():
    en = Locale("en")
    cases = []
    for base in sorted({i.split("_")[0] for i in localedata.locale_identifiers()} - {"root"}):
        code = canonical(base)
        if code is None:
            continue
        cases.append((code, en.languages.get(base)))
        cases.append((code, Locale.parse(base).languages.get(base)))
    cases = [(c, n) for c, n in cases if n]
    wrong = [(c, n, resolve_language(n)) for c, n in cases if resolve_language(n) != c]
    accuracy = 1 - len(wrong) / len(cases)
    print(f"languages: {accuracy:.2%} of {len(cases)} names")
    assert len(cases) > 500
    assert accuracy >= 0.98, wrong


@pytest.mark.parametrize(
    "text, code",
    [
        ("DE", "DE"),
        ("deu", "DE"),
        ("Germany", "DE"),
        ("Allemagne", "DE"),
        ("Deutschland", "DE"),
        ("Німеччина", "DE"),
        ("ドイツ", "DE"),
        ("germania", "DE"),
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("Royaume-Uni", "GB"),
        ("Holland", "NL"),
        ("South Korea", "KR"),
        ("대한민국", "KR"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Česko", "CZ"),
        ("USA", "US"),
        ("Ελλάδα", "GR"),
        ("ελλαδα", "GR"),
        ("Україна", "UA"),
        ("ไทย", "TH"),
        ("საქართველო", "GE"),
        ("Viet Nam", "VN"),
        ("Việt Nam", "VN"),
        ("Polska", "PL"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("Svizzera", "CH"),
        ("  germany  ", "DE"),
        ("GERMANY", "DE"),
        ("Germnay", "DE"),
        ("Frankriech", "FR"),
        ("Ukriane", "UA"),
    ],
)
def test_country_examples(text, code):
    assert resolve_country(text) == code


@pytest.mark.parametrize(
    "text", ["", "   ", "Atlantis", "Narnia", "xx", "Iran Iraq", "a" * 10_000, "\x00", "🆘", "[.*]"]
)
def test_unknown_or_ambiguous_countries_are_none(text):
    assert resolve_country(text) is None


def test_short_names_get_no_typo_tolerance():
    # "Irak" is one letter from "Iran" and "Iraq": with four letters, no guessing.
    assert resolve_country("Irqn") is None


def test_suggestions_for_unknown_countries():
    assert "DE" in suggest_country("Germanyy land")
    assert suggest_country("") == []


@pytest.mark.parametrize(
    "text, code",
    [
        ("uk", "uk"),
        ("ukr", "uk"),
        ("Ukrainian", "uk"),
        ("українська", "uk"),
        ("ukrainien", "uk"),
        ("Ukrainisch", "uk"),
        ("Ukranian", "uk"),
        ("de", "de"),
        ("ger", "de"),
        ("deu", "de"),
        ("Deutsch", "de"),
        ("German", "de"),
        ("Polish", "pl"),
        ("polski", "pl"),
        ("Greek", "el"),
        ("Ελληνικά", "el"),
        ("日本語", "ja"),
        ("한국어", "ko"),
        ("ไทย", "th"),
        ("Filipino", "fil"),
        ("fil", "fil"),
    ],
)
def test_language_examples(text, code):
    assert resolve_language(text) == code


@pytest.mark.parametrize("text", ["", "Foobarian", "isiNdebele", "\u202e"])
def test_unknown_or_ambiguous_languages_are_none(text):
    assert resolve_language(text) is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("child_helpline", "child_helpline"),
        ("Child helpline", "child_helpline"),
        ("Kindertelefon", "child_helpline"),
        ("kinder telefon", "child_helpline"),
        ("ligne d'écoute", "counselling"),
        ("hotline", "csam_reporting"),
        ("child hotline", "child_helpline"),
        ("report abuse images", "csam_reporting"),
        ("missing child", "missing_children"),
        ("Frauenhaus", "shelter"),
        ("shelter", "shelter"),
        ("victim support", "victim_support"),
        ("Opferhilfe", "victim_support"),
        ("aide aux victimes", "victim_support"),
        ("atención a víctimas", "victim_support"),
        ("assistenza vittime", "victim_support"),
        ("pomoc ofiarom", "victim_support"),
        ("apoio à vítima", "victim_support"),
        ("slachtofferhulp", "victim_support"),
        ("допомога постраждалим", "victim_support"),
        ("помощь пострадавшим", "victim_support"),
        ("niños desaparecidos", "missing_children"),
        ("zaginione dzieci", "missing_children"),
        ("vermiste kinderen", "missing_children"),
        ("kinderporno", "csam_reporting"),
        ("Opferhlife", "victim_support"),
        ("Frauenhause", "shelter"),
        ("häusliche Gewalt", "domestic_violence"),
        ("Menschenhandel", "trafficking"),
    ],
)
def test_support_type_synonyms(text, code):
    assert resolve_support_type(text) == code


def test_every_support_type_has_synonyms_in_many_languages():
    for code in support_types.LABELS:
        assert resolve_support_type(code) == code
        assert resolve_support_type(support_types.label(code)) == code
        assert len(support_types.SYNONYMS[code]) >= 15, code


@pytest.mark.parametrize("text", ["", "helpline", "xyzzy", "\x1b[2J"])
def test_support_type_unknown_or_ambiguous(text):
    assert resolve_support_type(text) is None


def test_display_names():
    assert country_name("DE") == "Germany"
    assert country_name("de") == "Germany"
    assert country_name("DE", "fr") == "Allemagne"
    assert country_name("ZZ") == "ZZ"
    assert language_name("uk") == "Ukrainian"
    assert language_name("uk", "de") == "Ukrainisch"
    assert language_name("zzz") == "zzz"
