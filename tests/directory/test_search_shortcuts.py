"""Shortcuts that make a search cheaper and must not change what it finds.

- `SearchIndex.searcher`: one search ranked for several limits gives what `search` gives for each.
- `Directory.find`: when the whole-text probe undoes every implied filter, its search is the answer's.
- `among`: a posting array searched by bisection finds what a set intersection finds.
- `TokenIndex.expand`, `TokenIndex.best_docs`: what is remembered for the next query is what would
  be computed afresh.
- `SearchIndex._candidates` (`WordValues`): the word values and scores of every candidate, worked
  out over arrays, are what plain dicts give record by record.
- `choose` with filters: a posting array read only as far as the budget needs gives the records
  (and leaves out the rest) that a whole intersection gives.
- The budget a query's words share: each word of a long query brings fewer records.
- `SearchIndex._rank`: candidates rescored in order of a bound, only as far as the best hits need,
  give the hits of rescoring every shortlisted candidate in full.
- `TokenIndex.pairs`: the posting lists of a word's expansions, remembered, are fresh ones.
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
from directory.directory import NAME_MATCH  # noqa: E402
from directory.postings import BISECT_RATIO, among, choose  # noqa: E402
from directory.search import QUERY_BUDGET, WORD_BUDGET, WORD_BUDGET_MIN  # noqa: E402

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


def test_a_name_typed_whole_with_typos_undoes_the_filter_its_words_imply(bundled):
    """ "internet" names police cyber reporting, but "internet wach foundaton" is the Internet Watch
    Foundation, a reporting hotline: its whole name typed, a typo in two of its words (the probe's
    score is below NAME_MATCH then)."""
    query = "internet wach foundaton"
    probe = bundled.index.search(query, limit=1)
    assert probe[0].service["id"] == "gb-iwf" and probe[0].score < NAME_MATCH  # (what the test is about)
    answer = bundled.find(query, limit=5)
    assert "support_type" not in answer.implied
    assert answer.hits[0].service["id"] == "gb-iwf"
    # A filter whose words are not in that name stays: the service is named, and looked for there.
    assert bundled.find("internet wach foundaton germany", limit=5).implied == {"country": "DE"}


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


def test_remembered_facet_matches_are_fresh_ones(big, monkeypatch):
    facets = big.index.facets
    words = ["c", "child", "women", "pol", "austria", "e"]
    fresh = {}
    for w in words:
        found: dict[int, float] = {}
        for x, q in facets._expand(w, True, True):
            for field, docs in facets.postings[x]:
                for j in docs:
                    found[j] = max(found.get(j, 0.0), token_index.value_of(q, field))
        fresh[w] = found
    assert any(fresh.values()), "no word matched a support type or country: nothing was checked"
    monkeypatch.setattr(token_index, "MEMO_WORDS", 3)
    facets._docs_memo = {}
    for _ in range(2):
        for w in words:
            assert facets.best_docs(w) == fresh[w]
            assert len(facets._docs_memo) <= 3


def _reference_values(idx, query, allowed, required):
    """Reference for `SearchIndex._candidates`, in plain dicts: each word's best value per record among
    the matches its budget chose, raised by every cut match and facet for every candidate, summed
    over the words in word order; the records matching a required word."""
    budget = max(WORD_BUDGET_MIN, min(WORD_BUDGET, QUERY_BUDGET // len(query.words)))
    looked_up = [choose(idx.tokens.pairs(forms), allowed, budget) for forms in query.words]
    per_word = []
    for chosen, _left in looked_up:
        best = {}
        for v, docs in chosen:
            for d in docs:
                best[d] = max(best.get(d, 0.0), v)
        per_word.append(best)
    pool = {d for best in per_word for d in best} or idx._facet_pool(query, allowed)
    for (chosen, left), facets, best in zip(looked_up, query.facets, per_word, strict=True):
        extras = search._cut(chosen, left) + [(v, idx.facet_members[j][1]) for j, v in facets.items()]
        for v, docs in extras:
            for d in pool & set(docs):
                best[d] = max(best.get(d, 0.0), v)
    total = {}
    for d in sorted(pool):
        found = [best[d] for best in per_word if d in best]
        if found:
            s = 0.0
            for v in found:
                s += v
            total[d] = s
    if required and len(required) < len(per_word):
        hit = {d for pos in required for d in per_word[pos]}
        total = {d: v for d, v in total.items() if d in hit}
    return total, per_word


CANDIDATE_QUERIES = [
    *QUERIES,
    "child helpline tartu child",  # a word said twice
    "womens refuge s graz s",
    "helpline austria",  # a country's words: a facet
    "shelter",  # a kind of help's words only
    "chil",  # a short prefix: hundreds of posting lists
]


def test_word_values_are_what_plain_dicts_give(big):
    """Every candidate's word score, and the fields each word matched it in, as the reference gives
    them: with and without filters, with every word required and with a few."""
    from directory.postings import field_of
    from directory.tokens import query_words

    idx = big.index
    checked = 0
    for text in CANDIDATE_QUERIES:
        words = query_words(text)
        for allowed in (None, idx.allowed("AT", None, None, None), idx.allowed(None, None, "shelter", None)):
            for required in (set(range(len(words))), {0}):
                query = search._Query(idx, words)
                scores = idx._candidates(query, allowed, required)
                want, per_word = _reference_values(idx, search._Query(idx, words), allowed, required)
                got = dict(zip(scores.ids.tolist(), scores.totals.tolist(), strict=True))
                assert got == want, (text, required)
                for d in list(want)[:: max(1, len(want) // 50)]:
                    fields = {field_of(best[d]) for best in per_word if d in best}
                    assert query.per_word.fields(d) == fields, (text, d)
                checked += len(want)
    assert checked > 10_000, "too few candidates compared to tell"


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 3000), max_size=400, unique=True), min_size=1, max_size=4),
    st.sets(st.integers(0, 3000), min_size=1, max_size=600),
    st.integers(1, 500),
)
def test_a_filtered_budget_reads_no_more_than_it_needs(postings, allowed, budget):
    contributions = [(1.0 - k / 10, array("I", sorted(p))) for k, p in enumerate(postings)]
    chosen, left = choose(list(contributions), allowed, budget)
    # Reference: each posting intersected whole, best value first, the last one cut to its lowest records.
    room, expected = budget, []
    for v, docs in contributions:
        inside = sorted(allowed.intersection(docs))
        if room > 0 and inside:
            expected.append((v, inside[:room]))
            room -= len(inside)
    assert [(v, list(docs)) for v, docs in chosen] == expected
    # What is left out is every other record passing the filters, each once.
    for v, docs in contributions:
        taken = [d for w, got in chosen if w == v for d in got]
        others = [d for w, out in left if w == v for d in out if d in allowed]
        assert sorted(taken + others) == sorted(allowed.intersection(docs))


def test_the_words_of_a_long_query_share_the_budget(big, monkeypatch):
    budgets: list[int] = []
    real = search.choose

    def spying(contributions, allowed, budget):
        budgets.append(budget)
        return real(contributions, allowed, budget)

    monkeypatch.setattr(search, "choose", spying)
    big.search("helpline", smart=False)
    assert budgets == [WORD_BUDGET]
    budgets.clear()
    big.search("child helpline tartu family youth centre graz", smart=False)
    assert len(budgets) == 7
    assert set(budgets) == {max(WORD_BUDGET_MIN, QUERY_BUDGET // 7)}
    assert budgets[0] < WORD_BUDGET


def _rescored_in_full(idx, scored, query, text, limit, *, country=None, preferred=None, cutoff=True):
    """Reference: every shortlisted candidate rescored with ratio and WRatio, then the best `limit`."""
    from rapidfuzz.fuzz import WRatio, ratio

    r = idx._rescoring(scored, query, text, country, preferred)
    final = []
    for _bound, d, factor, fixed in r.order:
        names = idx.names[d]
        whole = max((ratio(r.q, n, processor=None) for n in names), default=0.0) if r.q else 0.0
        sim = max((WRatio(r.q, n, processor=None) for n in names), default=0.0) if r.q else 0.0
        extra = search._PhraseBonus.near(whole) if fixed is None else fixed
        score = r.words_share * r.scored[d] + search.FUZZ_SHARE * (0.6 * sim + 0.4 * whole) / 100.0
        final.append(((score + extra) * factor, d))
    if cutoff and final:
        best = max(s for s, _ in final)
        final = [(s, d) for s, d in final if s >= best * search.RELATIVE_CUTOFF]
    final.sort(key=lambda sd: (-round(sd[0], 6), sd[1]))
    return [(idx.services[d]["id"], round(s, 4)) for s, d in final[:limit]]


def test_rescoring_only_as_far_as_needed_gives_every_candidate_rescored(big, monkeypatch):
    from directory.tokens import query_words

    idx = big.index
    calls = 0
    real_ratio = search.ratio

    def counting(*args, **kw):
        nonlocal calls
        calls += 1
        return real_ratio(*args, **kw)

    monkeypatch.setattr(search, "ratio", counting)
    shortlisted = 0
    for text in [*QUERIES, "child helpline", "victim support narva", "womens refuge"]:
        words = query_words(text)
        query = search._Query(idx, words)
        scored = idx._candidates(query, None, set(range(len(words))))
        r = idx._rescoring(scored, query, text, None, None)
        shortlisted += len(r.order)
        for limit in (1, 3, 20):
            got = [(h.service["id"], h.score) for h in idx._rank(query, r, limit)]
            assert got == _rescored_in_full(idx, scored, query, text, limit), (text, limit)
    spent = full = 0
    for text in QUERIES:  # each once, for one hit: the bounds spare most of the shortlist its ratio
        words = query_words(text)
        query = search._Query(idx, words)
        scored = idx._candidates(query, None, set(range(len(words))))
        r = idx._rescoring(scored, query, text, None, None)
        calls = 0
        idx._rank(query, r, 1)
        spent += calls
        full += sum(len(idx.names[d]) for _, d, _, _ in r.order)
    assert shortlisted
    assert spent < full / 2, "one hit asked for, and the ratio of nearly every candidate worked out"


def test_remembered_posting_pairs_are_fresh_ones(big, monkeypatch):
    tokens = big.index.tokens
    words = [("chil",), ("helpine",), ("tartu",), ("victim", "victm"), ("lubln",), ("women",)]

    def fresh(forms):
        quality = {}
        for form in forms:
            for w, q in tokens._expand(form, True, True):
                quality[w] = max(quality.get(w, 0.0), q)
        pairs = [(token_index.value_of(q, f), list(docs)) for w, q in quality.items() for f, docs in tokens.postings[w]]
        return sorted(pairs, key=lambda c: -c[0])

    expected = {forms: fresh(forms) for forms in words}
    monkeypatch.setattr(token_index, "PAIRS_MEMO_WORDS", 3)
    tokens._pairs_memo = {}
    for _ in range(2):
        for forms in words:
            assert [(v, list(docs)) for v, docs in tokens.pairs(forms)] == expected[forms]
            assert len(tokens._pairs_memo) <= 3


def test_a_word_said_twice_is_looked_up_once_and_counted_twice(big, monkeypatch):
    idx = big.index
    looked_up = []
    real = search.choose

    def spying(contributions, allowed, budget):
        looked_up.append(budget)
        return real(contributions, allowed, budget)

    monkeypatch.setattr(search, "choose", spying)
    for words in (
        [("child",), ("helpline",), ("tartu",), ("child",)],
        [("womens",), ("refuge",), ("s",), ("graz",), ("s",)],
    ):
        # The same word under another key ("s", "s": the same forms twice) is not recognised as said
        # before: looked up again, it is the reference.
        twice = [w if w not in words[:k] else (*w, *w) for k, w in enumerate(words)]
        assert twice != words
        for allowed in (None, idx.allowed("AT", None, None, None)):
            looked_up.clear()
            shared = search._Query(idx, words)
            got = idx._candidates(shared, allowed, set(range(len(words))))
            assert len(looked_up) == len(set(words)) < len(words)
            separate = search._Query(idx, twice)
            expected = idx._candidates(separate, allowed, set(range(len(twice))))
            assert got.ids.tolist() == expected.ids.tolist() and got.totals.tolist() == expected.totals.tolist()
            assert (shared.per_word.rows == separate.per_word.rows).all()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(
                st.floats(0.01, 3, allow_nan=False),
                st.lists(st.integers(0, 3000), max_size=200, unique=True).map(sorted),
            ),
            max_size=6,
        ),
        min_size=1,
        max_size=5,
    ),
    st.lists(
        st.tuples(st.floats(0.01, 3, allow_nan=False), st.lists(st.integers(0, 3000), max_size=3000, unique=True)),
        max_size=4,
    ),
    st.sets(st.integers(0, 4)),
)
def test_word_values_keep_each_words_best_and_sum_in_word_order(matches, extras, required):
    """`WordValues` against dicts: each word's best value per record (its own matches, then extras
    for the records of the pool only, long lists among them, which are searched the other way),
    the sums added in word order (the same floats whoever is summed), the required words."""
    from directory.postings import field_of
    from directory.word_values import WordValues, ids_of

    n = 3001
    arrays = [[(v, ids_of(array("I", docs))) for v, docs in word] for word in matches]
    values = WordValues.over(len(matches), [ids for word in arrays for _, ids in word], n)
    per_word = []
    for pos, word in enumerate(arrays):
        values.set_row(pos, sorted(word, key=lambda e: -e[0]))
        best = {}
        for v, docs in matches[pos]:
            for d in docs:
                best[d] = max(best.get(d, 0.0), v)
        per_word.append(best)
    pool = {d for best in per_word for d in best}
    assert values.pool.tolist() == sorted(pool)
    values.raise_row(0, [(v, ids_of(set(docs))) for v, docs in extras])
    for v, docs in extras:
        for d in pool & set(docs):
            per_word[0][d] = max(per_word[0].get(d, 0.0), v)
    required = {pos for pos in required if pos < len(matches)}
    want = {}
    for d in sorted(pool):
        s = 0.0
        for best in per_word:
            if d in best:
                s += best[d]
        if not required or len(required) == len(matches) or any(d in per_word[pos] for pos in required):
            want[d] = s
    scores = values.summed(required)
    assert dict(zip(scores.ids.tolist(), scores.totals.tolist(), strict=True)) == want
    for d in list(want)[:20]:
        assert values.fields(d) == {field_of(best[d]) for best in per_word if d in best}
    assert values.fields(n + 5) == set()
