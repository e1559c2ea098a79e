"""Typo search compares only the words that hold a piece of the query word in its place
(`near_words`): it must find what comparing every word of a similar length finds, in the same order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

from directory import near_words
from directory.token_index import MAX_FUZZY_WORDS, TokenIndex

LETTERS = "abcdeéнж"  # few letters, so that many words are a typo or two apart; two scripts


def _index(words: list[str]) -> TokenIndex:
    idx = TokenIndex()
    for doc, w in enumerate(words):
        idx.add_doc(doc, {w: 0})
    idx.freeze()
    return idx


def _every_word(idx: TokenIndex, word: str) -> list[tuple[str, int]]:
    """Reference: the query word compared with every index word of a length it may have."""
    k = 1 if len(word) < 8 else 2
    by_len = idx._lengths()
    cands = [w for n in range(len(word) - k, len(word) + k + 1) for w in by_len.get(n, ())]
    found = process.extract(word, cands, scorer=OSA.distance, score_cutoff=k, limit=MAX_FUZZY_WORDS + 1)
    return [(w, d) for w, d, _ in found if w != word][:MAX_FUZZY_WORDS]


def _edited(word: str, rng: random.Random, edits: int) -> str:
    for _ in range(edits):
        i = rng.randrange(len(word))
        op = rng.choice("dirs")
        c = rng.choice(LETTERS)
        if op == "d" and len(word) > 1:
            word = word[:i] + word[i + 1 :]
        elif op == "i":
            word = word[:i] + c + word[i:]
        elif op == "r":
            word = word[:i] + c + word[i + 1 :]
        elif i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


words_st = st.text(LETTERS, min_size=2, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(words_st, min_size=1, max_size=300, unique=True), st.randoms(use_true_random=False))
def test_typo_search_finds_what_comparing_every_word_finds(vocabulary, rng):
    idx = _index(vocabulary)
    # words of the index with one or two edits (found), and the words themselves
    queries = [_edited(w, rng, rng.choice((1, 2))) for w in vocabulary[:40]] + vocabulary[:20]
    for q in queries:
        if len(q) >= 4:
            assert idx._near(q) == _every_word(idx, q), q


def test_every_word_within_the_edits_holds_a_piece_in_its_place():
    rng = random.Random(7)
    for _ in range(3000):
        word = "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 12)))
        k = 1 if len(word) < 8 else 2
        other = _edited(word, rng, rng.randint(1, k))
        if OSA.distance(word, other) > k or not other:
            continue
        assert near_words.candidates(word, k, [other], near_words.joined([other])) == [other], (word, other)


def test_few_words_are_compared():
    rng = random.Random(3)
    bucket = sorted({"".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9)) for _ in range(3000)})
    got = near_words.candidates("helplinex", 2, bucket, near_words.joined(bucket))
    assert len(got) < len(bucket) // 5, "the pieces picked out most of the words: nothing was saved"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(LETTERS + " ", min_size=3, max_size=12), min_size=1, max_size=200, unique=True), st.randoms())
def test_names_a_typo_away_are_those_comparing_every_name_finds(names, rng):
    from directory.name_lookup import Vocabulary

    vocabulary = Vocabulary({n: {f"c{k}": k % 3} for k, n in enumerate(names)}, kind="test")
    for tier in (0, 9):
        by_len = vocabulary._length_buckets(tier)
        for key in [_edited(n, rng, 1) for n in names[:30]] + names[:10]:
            every = [k for n in (len(key) - 1, len(key), len(key) + 1) for k in by_len.get(n, ())]
            found = process.extract(key, every, scorer=OSA.distance, score_cutoff=1, limit=None)
            assert sorted(vocabulary._near(key, tier)) == sorted(k for k, _, _ in found), key
