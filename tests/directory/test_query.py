"""The smart query: which words become filters, and which stay text."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from directory import Directory, ParsedQuery, parse_query  # noqa: E402
from directory.bundled import bundled_path  # noqa: E402


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ukrainian child helpline poland", ParsedQuery("", "PL", "uk", "child_helpline")),
        ("kinder telefon deutschland", ParsedQuery("", "DE", None, "child_helpline")),
        ("Kindertelefon Österreich", ParsedQuery("", "AT", None, "child_helpline")),
        ("Allemagne", ParsedQuery("", "DE")),
        ("victim support in france", ParsedQuery("", "FR", None, "victim_support")),
        ("frauenhaus berlin", ParsedQuery("berlin", None, None, "shelter")),
        ("missing children europe", ParsedQuery("europe", None, None, "missing_children")),
        ("childline UK", ParsedQuery("", "GB", None, "child_helpline")),
        ("report abuse images uk", ParsedQuery("", "GB", None, "csam_reporting")),
        ("Deutschlnd", ParsedQuery("", "DE")),  # one typo in a long name
        ("polnisch opferhilfe", ParsedQuery("", None, "pl", "victim_support")),
        ("telefon zaufania dla dzieci", ParsedQuery("", None, None, "child_helpline")),
        ("Україна дитяча гаряча лінія", ParsedQuery("", "UA", None, "child_helpline")),
        ("emergency 112 japan", ParsedQuery("112", "JP", None, "emergency")),
    ],
)
def test_filters_recognised(text, expected):
    assert parse_query(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "nummer gegen kummer",  # "kummer" is not Khmer
        "help for children and young people",  # "and" is not Andorra
        "us victim line",  # "us" is not the USA in lower case
        "bily kruh",
        "116 111",
        "weisser ring",
        "women abuse online chat",
    ],
)
def test_ordinary_words_stay_text(text):
    parsed = parse_query(text)
    assert parsed.country is None and parsed.language is None
    assert parsed.text


def test_lower_case_uk_is_the_country():
    assert parse_query("uk").country == "GB"
    assert parse_query("uk").language is None


def test_one_filter_of_each_kind():
    parsed = parse_query("germany france")
    assert parsed.country == "DE"
    assert parsed.text == "france"


def test_skip_keeps_kinds_for_the_caller():
    parsed = parse_query("childline poland", skip=("country",))
    assert parsed.country is None and parsed.text == "poland"


def test_words_of_the_directory_are_not_typo_corrected():
    d = Directory.from_file(bundled_path())
    # "Kummer" is a word of the directory: never a typo for anything
    assert d.parse_query("kummer").text == "kummer"
    # a typo of a country that no record uses as a word still is a country
    assert d.parse_query("Deutchland").country == "DE"


def test_filters_property():
    assert parse_query("ukrainian child helpline poland").filters == {
        "country": "PL",
        "language": "uk",
        "support_type": "child_helpline",
    }
    assert parse_query("").filters == {}


@pytest.mark.parametrize("text", ["", "   ", "\u202e", "x" * 10_000, "(((", "[a-z]*", "🆘🆘", "\x00\x1b"])
def test_hostile_input(text):
    parsed = parse_query(text)
    assert isinstance(parsed, ParsedQuery)
    assert len(parsed.text) <= 500
