"""The candidate index: an inverted index of folded words, with prefix and typo expansion.

Every searchable field of every record is split into words once, at load time,
in two forms (script kept and ASCII-transliterated, see `normalize`). Each word
maps to one array of record numbers per field, each record listed once, under
the best field it has that word in. A query word is expanded to the
index words it may mean (exact, prefixes as typed, one or two typos) and only
the records on those posting lists become candidates. Nothing here scans all
records.
"""

from __future__ import annotations

import bisect
import functools
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import near_words

# Fields, best first; the id is the field's slot in the posting entry (3 bits).
NAME, ALIAS, PHONE, ORG, TYPE, PLACE, TEXT, PART = range(8)
# PART: the tail of a long compound word of a name or alias ("telefon" of "Jugendtelefon").
FIELD_NAMES = ("name", "aliases", "phone", "organization", "support_types", "countries", "description", "name")
# Field weights: name > alias > organisation > type label > description.
WEIGHTS = (1.0, 0.85, 0.95, 0.7, 0.5, 0.45, 0.35, 0.6)

# Match qualities: exact > prefix > fuzzy, whatever the lengths.
EXACT = 1.0
PREFIX_MIN, PREFIX_MAX = 0.55, 0.9
FUZZY_1, FUZZY_2 = 0.7, 0.5

# Bounds that keep one query word cheap on a huge directory: prefixes expand to
# at most this many posting entries (shortest completions first, they are the
# best), typos to at most this many index words.
MAX_PREFIX_POSTINGS = 20000
MAX_FUZZY_WORDS = 40
MIN_PREFIX_LEN = 1
MIN_FUZZY_LEN = 4
# Expansions kept for the next query (a query typed letter by letter, the whole text searched twice
# by `Directory.find`); past this many words the memo starts again.
MEMO_WORDS = 4096
# The posting lists of words' expansions kept (`pairs`): fewer words, as each may hold hundreds.
PAIRS_MEMO_WORDS = 512


@functools.cache  # a few hundred qualities x 8 fields; a query word's expansions ask thousands of times
def value_of(q: float, field: int) -> float:
    """Match quality x field weight, rounded to 4 decimals, with the field in the 6th decimal
    (so the best value of a word also says where it matched; see `postings.field_of`)."""
    return round(q * WEIGHTS[field], 4) + field * 1e-6


class TokenIndex:
    """Words -> per-field arrays of record numbers, a sorted word list for prefixes, length buckets for typos."""

    def __init__(self) -> None:
        self._building: list[dict[str, array[int]]] | None = [defaultdict(lambda: array("I")) for _ in FIELD_NAMES]
        # word -> ((field, records), ...), best field first; records ascending.
        self.postings: dict[str, tuple[tuple[int, array[int]], ...]] = {}
        self.sizes: dict[str, int] = {}
        self.words: list[str] = []
        self._by_len: Mapping[int, list[str]] | None = {}
        self._memo: dict[tuple[str, bool, bool], tuple[tuple[str, float], ...]] = {}
        self._docs_memo: dict[str, dict[int, float]] = {}
        self._texts: dict[int, str] = {}  # words of each length laid end to end (see `near_words`)
        self._pairs_memo: dict[tuple[str, ...], tuple[tuple[float, Collection[int]], ...]] = {}

    @classmethod
    def frozen(cls, words: list[str], postings: Mapping[str, Any], sizes: Mapping[str, int]) -> TokenIndex:
        """An index already built (read back from disk, see `index_cache`): words sorted, postings by word."""
        idx = cls()
        idx._building = None
        idx.postings, idx.sizes, idx.words = postings, sizes, words  # type: ignore[assignment]
        idx._by_len = None  # made on the first typo search
        return idx

    # -- building --------------------------------------------------------------
    def add_doc(self, doc: int, fields: dict[str, int]) -> None:
        """Add one record's words, each with its best (lowest-numbered) field. Records in ascending order."""
        b = self._building
        assert b is not None, "index already frozen"
        for word, field in fields.items():
            b[field][word].append(doc)

    def freeze(self) -> None:
        b = self._building
        assert b is not None
        self._building = None
        words: set[str] = set()
        for table in b:
            words.update(table)
        self.postings = {w: tuple((f, b[f][w]) for f in range(len(b)) if w in b[f]) for w in words}
        self.sizes = {w: sum(len(a) for _, a in plist) for w, plist in self.postings.items()}
        self.words = sorted(words)
        self._by_len = self._lengths()
        self._memo = {}
        self._docs_memo = {}
        self._texts = {}
        self._pairs_memo = {}

    def _lengths(self) -> dict[int, list[str]]:
        """Words by length, for typo search (digits never have typos)."""
        by_len: dict[int, list[str]] = defaultdict(list)
        for w in self.words:
            if len(w) >= MIN_FUZZY_LEN - 2 and not w.isdigit():
                by_len[len(w)].append(w)
        return dict(by_len)

    def __contains__(self, word: str) -> bool:
        return word in self.postings

    # -- expanding a query word --------------------------------------------------------
    def expand(self, word: str, *, prefix: bool = True, fuzzy: bool = True) -> tuple[tuple[str, float], ...]:
        """Index words a query word may mean, with their match quality (exact 1.0 > prefix > typo)."""
        key = (word, prefix, fuzzy)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= MEMO_WORDS:
                self._memo = {}
            found = self._memo[key] = self._expand(word, prefix, fuzzy)
        return found

    def pairs(self, forms: tuple[str, ...]) -> tuple[tuple[float, Collection[int]], ...]:
        """(value, records) of each posting list of the index words that one query word (in any of
        its `forms`) may mean, best value first (see `value_of`; of two forms, a word keeps its best
        match). Kept for the next query like `expand`: a short word's expansions have hundreds of
        posting lists, and the whole text of a query whose words named a filter is searched twice."""
        found = self._pairs_memo.get(forms)
        if found is None:
            if len(self._pairs_memo) >= PAIRS_MEMO_WORDS:
                self._pairs_memo = {}
            quality: dict[str, float] = {}
            for form in forms:
                for w, q in self.expand(form):
                    if q > quality.get(w, 0.0):
                        quality[w] = q
            pairs = [(value_of(q, field), docs) for w, q in quality.items() for field, docs in self.postings[w]]
            pairs.sort(key=lambda c: -c[0])
            found = self._pairs_memo[forms] = tuple(pairs)
        return found

    def best_docs(self, word: str) -> dict[int, float]:
        """Document -> the best value (match quality x field weight, see `postings.value_of`) of any
        index word `word` may mean. Kept for the next query like `expand`: for a short word of a
        small index with many documents per word (the support types and countries a letter may
        begin), this loop is most of the word's cost. Not to be changed by the caller."""
        found = self._docs_memo.get(word)
        if found is None:
            if len(self._docs_memo) >= MEMO_WORDS:
                self._docs_memo = {}
            found = self._docs_memo[word] = {}
            for w, q in self.expand(word):
                for field, docs in self.postings[w]:
                    v = value_of(q, field)
                    for j in docs:
                        if v > found.get(j, 0.0):
                            found[j] = v
        return found

    def _expand(self, word: str, prefix: bool, fuzzy: bool) -> tuple[tuple[str, float], ...]:
        out: dict[str, float] = {}
        if word in self.postings:
            out[word] = EXACT
        if prefix and len(word) >= MIN_PREFIX_LEN:
            for w in self._completions(word):
                if w not in out:
                    out[w] = PREFIX_MIN + (PREFIX_MAX - PREFIX_MIN) * len(word) / len(w)
        if fuzzy and len(word) >= MIN_FUZZY_LEN and not word.isdigit():
            # A word of 4 letters only gets typo matches when it matched nothing else.
            if len(word) >= 5 or not out:
                for w, dist in self._near(word):
                    if w not in out:
                        out[w] = FUZZY_1 if dist <= 1 else FUZZY_2
        return tuple(out.items())

    def _completions(self, word: str) -> Iterable[str]:
        """Index words that start with `word` (not itself), shortest first, bounded by posting volume."""
        words = self.words
        lo = bisect.bisect_right(words, word)
        hi = bisect.bisect_left(words, word + "\U0010ffff", lo)
        if hi - lo <= 64:
            found = words[lo:hi]
            found.sort(key=len)
        else:
            # Many completions (a one-letter prefix): take the shortest ones first.
            found = sorted(words[lo:hi], key=len)
        cap = MAX_PREFIX_POSTINGS if len(word) > 2 else MAX_PREFIX_POSTINGS // (4 - len(word))
        total = 0
        for w in found:
            total += self.sizes[w]
            yield w
            if total >= cap:
                return

    def _near(self, word: str) -> list[tuple[str, int]]:
        """Index words one typo away (two for words of 8+ letters), nearest first.

        Of each length only the words holding a piece of `word` in its place are compared
        (`near_words`): the same words, in the same order, as comparing every word of the length."""
        k = 1 if len(word) < 8 else 2
        by_len = self._by_len
        if by_len is None:
            by_len = self._by_len = self._lengths()
        cands: list[str] = []
        for n in range(len(word) - k, len(word) + k + 1):
            bucket = by_len.get(n, ())
            if bucket:
                text = self._texts.get(n)
                if text is None:
                    text = self._texts[n] = near_words.joined(bucket)
                cands.extend(near_words.candidates(word, k, bucket, text))
        found = process.extract(word, cands, scorer=OSA.distance, score_cutoff=k, limit=MAX_FUZZY_WORDS + 1)
        return [(w, d) for w, d, _ in found if w != word][:MAX_FUZZY_WORDS]
