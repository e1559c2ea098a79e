"""Ranking among look-alikes: a service and hundreds of namesakes that tie with it on the word score.

Which tied candidates reach the rapidfuzz rescoring must not depend on listing order: the record whose
name is exactly the query wins even when hundreds of better-placed namesakes are listed before it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from directory import Directory  # noqa: E402
from directory.search import RESCORE, RESCORE_MAX  # noqa: E402


def record(sid: str, name: str, types: list[str]) -> dict[str, object]:
    return {
        "id": sid,
        "name": name,
        "support_types": types,
        "countries": ["EE"],
        "area": "national",
        "channels": [],
        "source": "https://example.org/listing",
        "last_verified": "2026-05-01",
        "verification": "verified",
    }


def lookalikes(n: int) -> Directory:
    """`n` emergency services named "Lasteabi <place> <k>", listed before the victim-support
    service named just "Lasteabi" (listing order: emergency first)."""
    places = ("Tartu", "Narva", "Pärnu", "Viljandi", "Rakvere")
    services = [record(f"ee-branch-{k}", f"Lasteabi {places[k % 5]} {k}", ["emergency"]) for k in range(n)]
    services.append(record("ee-lasteabi", "Lasteabi", ["victim_support"]))
    return Directory.from_envelope(
        {"schema": "vsd.services/1", "version": 1, "generated_at": "2026-11-01T00:00:00Z", "services": services}
    )


@pytest.mark.parametrize(
    "namesakes",
    [
        RESCORE + 100,  # a tie the cut grows to take whole
        RESCORE_MAX + 100,  # a tie larger than the cut may grow: cut by closeness of the names
    ],
)
def test_the_exact_name_wins_however_many_namesakes_are_listed_before_it(namesakes):
    d = lookalikes(namesakes)
    # Every candidate ties on the word score, and the exact-name record is listed last.
    assert d.index.services[-1]["id"] == "ee-lasteabi"
    for query in ("lasteabi", "Lasteabi", "lasteab"):
        hits = d.search(query, limit=3)
        assert hits[0].service["id"] == "ee-lasteabi", (query, [h.service["name"] for h in hits])


def test_a_namesake_typed_in_full_still_wins_over_the_short_name():
    d = lookalikes(RESCORE_MAX + 100)
    hits = d.search("lasteabi narva 451", limit=3)
    assert hits[0].service["name"] == "Lasteabi Narva 451"


def test_an_alias_typed_in_full_is_the_name_itself():
    places = ("Uri", "Zug", "Bern", "Basel", "Genf")
    services = [
        record(f"de-branch-{k}", f"Kinder- und Jugendtelefon {places[k % 5]} {k}", ["child_helpline"])
        for k in range(50)
    ]
    main = record("de-nummer-gegen-kummer", "Nummer gegen Kummer – Kinder- und Jugendtelefon", ["child_helpline"])
    main["aliases"] = ["Kinder- und Jugendtelefon"]
    d = Directory.from_envelope(
        {
            "schema": "vsd.services/1",
            "version": 1,
            "generated_at": "2026-11-01T00:00:00Z",
            "services": [*services, main],
        }
    )
    hits = d.search("Kinder- und Jugendtelefon", limit=3)
    assert hits[0].service["id"] == "de-nummer-gegen-kummer", [h.service["name"] for h in hits]
