"""One query's word values over its candidates, as arrays: what each query word gives each candidate
record (its best match quality x field weight, see `token_index.value_of`), and their sum.

A query of many words brings in thousands of candidates, and directories of look-alikes bring in
thousands more through a word's cut matches and the kinds of help and countries it names. Kept as
dicts and sets of record numbers, every candidate was touched once per word in Python: at 100,000
services that was half of a slow query's time. Here each step is one numpy operation over the
candidates, with the same values and the same sums (the words' values added in word order, as
floats are: x + 0.0 is x, so a word that does not match a record adds nothing to its sum).
"""

from __future__ import annotations

from array import array
from collections.abc import Collection

import numpy as np
import numpy.typing as npt

from .postings import BISECT_RATIO, field_of

# Record numbers, as the posting arrays hold them ("I"): arrays of one type are searched without copies.
ID = np.uint32

Ids = npt.NDArray[np.uint32]


def ids_of(docs: Collection[int]) -> Ids:
    """Record numbers as an ascending array: a posting array (or a slice of one) read in place, any
    other collection copied (a list is ascending, as `postings.choose` makes them; a set is sorted)."""
    if isinstance(docs, array | memoryview):
        got = np.asarray(docs)
        return got if got.dtype == ID else got.astype(ID)
    got = np.fromiter(docs, dtype=ID, count=len(docs))
    if type(docs) is not list:
        got.sort()
    return got


class WordValues:
    """Rows: the query's words, in order; columns: the candidates (`pool`, ascending record numbers).
    0.0 where a word does not match a record (every value of a match is above 0)."""

    def __init__(self, n_words: int, in_pool: npt.NDArray[np.bool_]) -> None:
        """`in_pool`: for each record of the directory, whether it is a candidate."""
        self.pool = np.flatnonzero(in_pool).astype(ID)
        self.rows = np.zeros((n_words, len(self.pool)))
        self._in_pool = in_pool

    @classmethod
    def over(cls, n_words: int, matches: list[Ids], n_records: int) -> WordValues:
        """Values over every record of `matches` (arrays of record numbers)."""
        in_pool = np.zeros(n_records, dtype=bool)
        if matches:
            in_pool[np.concatenate(matches)] = True
        return cls(n_words, in_pool)

    def set_row(self, pos: int, chosen: list[tuple[float, Ids]]) -> None:
        """Word `pos` matches these (value, records), every record in the pool: each record gets
        its best value."""
        if chosen:
            ids, values = _laid_out(chosen)
            np.maximum.at(self.rows[pos], self.pool.searchsorted(ids), values)

    def raise_row(self, pos: int, extras: list[tuple[float, Ids]]) -> None:
        """Word `pos` also gives each record of the pool among these (value, records) that value,
        where it is more than the word's own."""
        row, pool = self.rows[pos], self.pool
        short = []
        for v, ids in extras:
            if len(ids) > BISECT_RATIO * len(pool):  # a long posting list: each candidate looked up in it
                at = ids.searchsorted(pool)
                np.minimum(at, len(ids) - 1, out=at)
                np.maximum.at(row, np.flatnonzero(ids[at] == pool), v)
            else:
                short.append((v, ids))
        if short:  # the others at once: the pool's records among them
            ids, values = _laid_out(short)
            inside = self._in_pool[ids]
            np.maximum.at(row, pool.searchsorted(ids[inside]), values[inside])

    def copy_row(self, pos: int, source: int) -> None:
        self.rows[pos] = self.rows[source]

    def summed(self, required: Collection[int]) -> Scores:
        """The records some word matches, with their values summed over the words in word order;
        when some words are `required` (positions; not all of them), one of those must match."""
        total = self.rows[0].copy()
        for row in self.rows[1:]:
            total += row
        keep = total > 0.0
        if required and len(required) < len(self.rows):
            keep &= (self.rows[sorted(required)] > 0.0).any(axis=0)
        return Scores(self.pool[keep], total[keep])

    def fields(self, d: int) -> set[int]:
        """Fields where the words matched record d (each word's best)."""
        col = int(self.pool.searchsorted(d))
        if col == len(self.pool) or self.pool[col] != d:
            return set()
        return {field_of(v) for v in self.rows[:, col].tolist() if v > 0.0}


def _laid_out(pairs: list[tuple[float, Ids]]) -> tuple[Ids, npt.NDArray[np.float64]]:
    """(value, records) pairs as one array of records and one of their values (one numpy step for a
    word of hundreds of small posting lists, not one per list)."""
    ids = np.concatenate([ids for _, ids in pairs])
    values = np.array([v for v, _ in pairs]).repeat([len(ids) for _, ids in pairs])
    return ids, values


class Scores:
    """Each candidate's word score (see `WordValues.summed`), records ascending: kept as arrays, as
    only the few hundred worth rescoring are ever looked up one by one (`of`)."""

    def __init__(self, ids: Ids, totals: npt.NDArray[np.float64]) -> None:
        self.ids, self.totals = ids, totals

    @classmethod
    def none(cls) -> Scores:
        return cls(np.zeros(0, dtype=ID), np.zeros(0))

    def __len__(self) -> int:
        return len(self.ids)

    def nth_best(self, k: int) -> float:
        """The k-th highest score (1 <= k <= len), ties counted."""
        at = len(self.totals) - k
        return float(np.partition(self.totals, at)[at])

    def above(self, low: float) -> Ids:
        return self.ids[self.totals > low]

    def between(self, low: float, high: float) -> Ids:
        """The records scoring from `low` to `high`, both included."""
        return self.ids[(self.totals >= low) & (self.totals <= high)]

    def of(self, records: Ids | list[int]) -> dict[int, float]:
        """Record -> score, for these records (each one of the candidates)."""
        cols = self.ids.searchsorted(records)
        keys = records.tolist() if isinstance(records, np.ndarray) else records
        return dict(zip(keys, self.totals[cols].tolist(), strict=True))
