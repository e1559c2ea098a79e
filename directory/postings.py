"""Merging posting lists: which records each query word may bring in, and at what value.

A value is match quality x field weight, with the field encoded in its sixth decimal, so the best
value of a word also says where it matched.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from itertools import islice
from typing import cast

from .token_index import value_of

__all__ = ["BISECT_RATIO", "among", "choose", "field_of", "value_of"]


def choose(
    contributions: Sequence[tuple[float, Collection[int]]], allowed: set[int] | None, budget: int
) -> tuple[list[tuple[float, Collection[int]]], list[tuple[float, Collection[int]]]]:
    """Of the (value, records) pairs of a query word, best value first (as `TokenIndex.pairs` gives
    them), those it may use, the records filtered; and the pairs the budget left out (best first;
    of the pair it cut, the records it left out).

    Only the best-valued pairs are kept until about `budget` records are
    covered, the last one cut to its best-placed (lowest-numbered) records: a
    query word never brings in more candidates than its budget, however common.
    """
    chosen: list[tuple[float, Collection[int]]] = []
    room = budget
    for k, (v, docs) in enumerate(contributions):
        if allowed is not None:
            if type(docs) is not set and _scanned(allowed, docs):
                # A posting array: its first records passing the filters, in record order, read no
                # further than needed.
                first = list(islice(filter(allowed.__contains__, docs), room + 1))
                if len(first) > room:
                    chosen.append((v, first[:room]))
                    ordered = cast(Sequence[int], docs)
                    return chosen, [(v, ordered[bisect_right(ordered, first[room - 1]) :]), *contributions[k + 1 :]]
                docs = first
            else:
                docs = among(allowed, docs)
        if len(docs) > room:
            # In record order (a posting array is already: sliced in C). What is left out is only
            # the rest of it: the records chosen have this value already.
            ordered = sorted(docs) if allowed is not None else cast(Sequence[int], docs)
            chosen.append((v, ordered[:room]))
            return chosen, [(v, ordered[room:]), *contributions[k + 1 :]]
        if docs:
            chosen.append((v, docs))
            room -= len(docs)
            if room <= 0:
                return chosen, list(contributions[k + 1 :])
    return chosen, []


def field_of(v: float) -> int:
    return round((v - round(v, 4)) * 1e6)


# A posting array this many times longer than the set it is matched against is searched by bisection
# (a few steps per record of the set) rather than read whole: measured, a bisection costs what reading
# 16 to 20 records does (arrays and memoryviews alike).
BISECT_RATIO = 18


def _scanned(records: set[int], docs: Collection[int]) -> bool:
    """Whether `docs` is best read whole against `records` (a set; or an array not so long that
    bisecting it for each record would be cheaper)."""
    return type(docs) is set or len(docs) < BISECT_RATIO * len(records)


def among(records: set[int], docs: Collection[int]) -> set[int]:
    """The records that are also in `docs` (a set, or a posting array in ascending order)."""
    n = len(docs)
    if _scanned(records, docs):
        return records.intersection(docs)
    ordered = cast(Sequence[int], docs)
    found = set()
    for d in records:
        i = bisect_left(ordered, d)
        if i < n and ordered[i] == d:
            found.add(d)
    return found
