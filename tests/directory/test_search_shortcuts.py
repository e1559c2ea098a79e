"""Shortcuts that make a search cheaper and must not change what it finds.

- `_within_reach`: candidates that cannot reach the rescoring are left out before what the cut words
  and the facets add is looked up; the hits are those of adding everything to every candidate.
- `SearchIndex.searcher`: one search ranked for several limits gives what `search` gives for each.
- `Directory.find`: when the whole-text probe undoes every implied filter, its search is the answer's.
- `among`: a posting array searched by bisection finds what a set intersection finds.
- `TokenIndex.expand`: expansions remembered for the next query are the ones computed afresh.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from directory import Directory, search, token_index  # noqa: E402
from directory.bundled import bundled_path  # noqa: E402
from directory.postings import BISECT_RATIO, among  # noqa: E402
from directory.search import WORD_BUDGET  # noqa: E402

FIRST = ("Child", "Victim", "Women's", "Family", "Youth")
SECOND = ("Helpline", "Support", "Refuge", "Centre", "Line")
PLACES = ("Tartu", "Narva", "Graz", "Linz", "Poznan", "Lublin", "Torino", "Genova", "Lyon", "Nantes", "Kiel")
TYPES = ("child_helpline", "victim_support", "domestic_violence", "shelter", "counselling")
COUNTRIES = ("EE", "AT", "PL", "IT", "FR", "DE")


def many(n: int) -> Directory:
    """`n` services whose names share a few words (more records than one word's budget)."""
    services = []
    for k in range(n):
        name = f"{FIRST[k % 5]} {SECOND[k // 5 % 5]} {PLACES[k % 11]} {k}"
        services.append(
            {
                "id": f"s-{k}",
                "name": name,
                "description": f"Help for {'children' if k % 3 else 'women'} in {PLACES[k // 7 % 11]}, day and night",
                "support_types": [TYPES[k % 5], *(["emergency"] if k % 97 == 0 else [])],
                "countries": [COUNTRIES[k % 6]],
                "area": "national",
                "channels": [{"kind": "phone", "value": f"+372 5{k:06d}"}],
                "source": "https://example.org/listing",
                "last_verified": "2026-05-01",
                "verification": "verified",
            }
        )
    return Directory.from_envelope(
        {"schema": "vsd.services/1", "version": 1, "generated_at": "2026-11-01T00:00:00Z", "services": services}
    )


@pytest.fixture(scope="module")
def big() -> Directory:
    d = many(WORD_BUDGET + 900)
    d.warm()
    return d


def _hits(d: Directory, query: str, **kw: object) -> list[tuple[str, float, tuple[str, ...]]]:
    return [(h.service["id"], h.score, h.matched) for h in d.search(query, smart=False, limit=20, **kw)]


QUERIES = [
    "child helpline tartu",
    "victim support narva 12",
    "womens refuge in graz for a woman",
    "family centre poznan children",
    "youth line lyon",
    "help for children",
    "helpline",
    "chlid helpine",
]


def test_leaving_out_unreachable_candidates_changes_no_hit(big, monkeypatch):
    pruned = 0
    real = search._within_reach

    def counting(*args):
        nonlocal pruned
        keep = real(*args)
        pruned += keep is not None
        return keep

    monkeypatch.setattr(search, "_within_reach", counting)
    fast = {q: _hits(big, q) for q in QUERIES}
    fast_filtered = {q: _hits(big, q, country="AT") for q in QUERIES}
    assert pruned, "no query left a candidate out: the shortcut was not exercised"
    monkeypatch.setattr(search, "_within_reach", lambda *args: None)  # every candidate gets everything
    assert fast == {q: _hits(big, q) for q in QUERIES}
    assert fast_filtered == {q: _hits(big, q, country="AT") for q in QUERIES}


def test_one_search_ranked_for_several_limits(big):
    idx = big.index
    for q in QUERIES[:4]:
        ranked = idx.searcher(q, country="PL")
        for limit in (1, 20, 3, 0, 7):
            assert ranked(limit) == idx.search(q, country="PL", limit=limit)


@pytest.fixture(scope="module")
def bundled() -> Directory:
    return Directory.from_file(bundled_path())


def test_a_probe_that_undoes_every_filter_answers_with_all_its_hits(bundled):
    query = "nummer gegen kumer"  # "kumer" would be the Khmer language, but it is in the name
    answer = bundled.find(query, limit=5)
    assert answer.implied == {}
    assert answer.hits[0].service["id"] == "de-nummer-gegen-kummer-116111"
    assert [h.service["id"] for h in answer.hits] == [
        h.service["id"] for h in bundled.search(query, smart=False, limit=5)
    ]
    assert len(answer.hits) == 5


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 50_000), min_size=1, max_size=40, unique=True),
    st.lists(st.integers(0, 50_000), min_size=0, max_size=3000, unique=True),
)
def test_among_finds_what_an_intersection_finds(records, docs):
    posting = array("I", sorted(docs))
    wanted = set(records) & set(docs)
    assert set(among(set(records), posting)) == wanted
    assert set(among(set(records), memoryview(posting))) == wanted  # as read back from the index file
    assert set(among(set(records), set(docs))) == wanted


def test_among_bisects_long_arrays():
    posting = array("I", range(0, 10 * BISECT_RATIO * 4, 2))
    assert sorted(among({0, 3, 8, 10**6}, posting)) == [0, 8]


def test_remembered_expansions_are_fresh_ones(big, monkeypatch):
    tokens = big.index.tokens
    words = ["chil", "helpine", "tartu", "victim", "lubln", "women"]
    fresh = {w: tokens._expand(w, True, True) for w in words}
    monkeypatch.setattr(token_index, "MEMO_WORDS", 3)
    tokens._memo = {}
    for _ in range(2):
        for w in words:
            assert tokens.expand(w) == fresh[w]
            assert len(tokens._memo) <= 3
