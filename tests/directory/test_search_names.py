"""What a caseworker types as a service's name, among namesakes that match the words as well or better.

A name may join several names ("Opferhilfe Schweiz / Aide aux victimes"), add a detail after a dash
("Rat auf Draht – Notruf 147") or start with an article ("De Kindertelefoon"); a query may carry a
country beside the name ("kids helpline australia"); and of near-equal matches the record whose
facts cite where they were read comes first. Each test fails on the ranking before these rules.
"""

from __future__ import annotations

from typing import Any

import pytest

from directory import Directory
from directory.tokens import name_parts
from tests.factories import envelope, service

CITED = [
    {
        "url": "https://example.org/about",
        "publisher": "service",
        "read": "2026-11-01",
        "quote": "Call us on the number above.",
    }
]


def rec(sid: str, name: str, country: str, types: list[str], **more: Any) -> dict[str, Any]:
    return service(
        id=sid,
        name=name,
        name_en=None,
        aliases=None,
        organization=None,
        countries=[country],
        support_types=types,
        channels=[],
        description=None,
        **more,
    )


def directory(*services: dict[str, Any]) -> Directory:
    return Directory.from_envelope(envelope(*services))


def top(d: Directory, query: str, n: int = 1) -> list[str]:
    return [h.service["id"] for h in d.search(query, limit=n)]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Opferhilfe Schweiz / Aide aux victimes", ["opferhilfe schweiz", "aide aux victimes"]),
        ("Rat auf Draht – Notruf 147", ["rat auf draht"]),
        ("De Kindertelefoon", ["kindertelefoon"]),
        ("The Samaritans", ["samaritans"]),
        ("Childline", []),
        ("Notruf 112 / Polizei 110", ["notruf 112", "polizei 110"]),
        ("A / B", []),  # too short to be names of their own
    ],
)
def test_the_names_a_name_holds(name, parts):
    assert name_parts(name) == parts


def test_each_name_of_a_joined_name_is_a_whole_name():
    d = directory(
        rec("ch-geneve", "Aide aux victimes Genève", "CH", ["victim_support"]),
        rec("ch-opferhilfe", "Opferhilfe Schweiz / Aide aux victimes / Aiuto alle vittime", "CH", ["victim_support"]),
        rec("ch-vaud", "Aide aux victimes Vaud", "CH", ["victim_support"]),
    )
    assert top(d, "aide aux victimes") == ["ch-opferhilfe"]
    assert top(d, "aiuto alle vittime") == ["ch-opferhilfe"]


def test_the_name_before_a_dash_and_without_its_article_is_a_whole_name():
    d = directory(
        rec("at-draht-graz", "Rat auf Draht Graz", "AT", ["child_helpline"]),
        rec("at-rat-auf-draht", "Rat auf Draht – Notruf 147", "AT", ["child_helpline"]),
        rec("nl-kt-saba", "Kindertelefoon Saba", "NL", ["child_helpline"]),
        rec("nl-kindertelefoon", "De Kindertelefoon", "NL", ["child_helpline"]),
        rec("nl-kt-texel", "Kindertelefoon Texel", "NL", ["child_helpline"]),
    )
    assert top(d, "rat auf draht") == ["at-rat-auf-draht"]
    assert top(d, "kindertelefoon") == ["nl-kindertelefoon"]


def test_a_name_typed_with_its_country_is_a_whole_name():
    d = directory(
        rec("au-child-south", "Kids Helpline Australia South", "AU", ["child_helpline"]),
        rec("au-child-west", "Kids Helpline Australia West", "AU", ["child_helpline"]),
        rec("au-kids-helpline", "Kids Helpline", "AU", ["child_helpline"]),
        rec("nz-kids", "Kids Helpline Aotearoa", "NZ", ["child_helpline"]),
    )
    answer = d.find("kids helpline australia", limit=3)
    assert answer.filters["country"] == "AU"
    assert answer.hits[0].service["id"] == "au-kids-helpline"


@pytest.mark.parametrize("query", ["Krisesenter Norge Viken", "krisesenter norge iken", "krisesentr norge viken"])
def test_a_name_typed_whole_keeps_its_country_word_in_the_ranking(query: str):
    # "Norge" is read as Norway, and stays a filter (the service is in Norway); but it is also a word of the
    # name typed whole, typos aside, so it ranks: the namesake without it must not come first.
    d = directory(
        rec("no-viken-a", "Krisesenter Viken", "NO", ["domestic_violence"]),
        rec("no-viken-b", "Krisesenter Viken", "NO", ["domestic_violence"]),
        rec("no-norge-viken", "Krisesenter Norge Viken", "NO", ["domestic_violence"]),
        rec("no-norge", "Krisesenter Norge", "NO", ["domestic_violence"]),
    )
    answer = d.find(query, limit=3)
    assert answer.filters["country"] == "NO"
    assert answer.hits[0].service["id"] == "no-norge-viken"


def test_of_equal_matches_the_cited_record_comes_first():
    # The same name three times; the cited record is listed last (its id sorts last).
    d = directory(
        rec("it-a-copy", "Telefono Azzurro", "IT", ["child_helpline"]),
        rec("it-b-copy", "Telefono Azzurro", "IT", ["child_helpline"]),
        rec("it-z-azzurro", "Telefono Azzurro", "IT", ["child_helpline"], citations=CITED),
    )
    assert top(d, "telefono azzurro") == ["it-z-azzurro"]
    # A better match still wins over a cited one: the preference only breaks near-ties.
    d = directory(
        rec("it-azzurro", "Telefono Azzurro", "IT", ["child_helpline"]),
        rec("it-z-other", "Telefono Rosa", "IT", ["child_helpline"], citations=CITED),
    )
    assert top(d, "telefono azzurro") == ["it-azzurro"]


def test_a_listing_by_filters_alone_shows_cited_records_first_within_each_group():
    d = directory(
        rec("de-a-branch", "Beratungsstelle Bayern", "DE", ["emergency"]),
        rec("de-b-branch", "Beratungsstelle Berlin", "DE", ["emergency"]),
        rec("de-emergency", "Notruf 112 / Polizei 110", "DE", ["emergency"], citations=CITED),
        rec("de-helpline", "Nummer gegen Kummer", "DE", ["child_helpline"], citations=CITED),
    )
    ids = [h.service["id"] for h in d.search("", country="DE", limit=4)]
    assert ids[0] == "de-emergency"
    assert ids[-1] == "de-helpline"  # the group (emergency first) still comes before the evidence
    ids = [h.service["id"] for h in d.search("", support_type="emergency", limit=3)]
    assert ids[0] == "de-emergency"
