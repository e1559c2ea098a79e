"""The index words of one length that may be a typo away from a query word, found without
comparing the query word with each of them.

An edit (OSA: a letter replaced, left out or added, or two neighbours swapped) touches at most
two neighbouring letters of the word typed. Cut the word into one piece more than it may have
edits, with a letter between neighbouring pieces: some piece is untouched, and it stands in the
index word where it stood in the word typed. The first piece begins the index word, the last one
ends it, a middle one starts no more letters away than there are edits. So only the words that
hold a piece in its place need rapidfuzz's comparison, and they are given in the order they have
in the index: what the comparison finds, and in what order, is what comparing every word gives.

"kinder" (one edit): "ki" begins or "der" ends the words of 5 to 7 letters that may be "kinder".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

# Between the words of a length laid end to end: folded text never holds it (clean() drops controls).
SEP = "\x00"
# Above every character a word may hold: the end of the words that begin with a prefix.
_AFTER = "\U0010ffff"


def pieces(word: str, edits: int) -> tuple[str, str, str, int]:
    """The first, middle ("" for one edit) and last piece of `word`, and where the middle starts."""
    inner = len(word) - edits  # letters in the pieces: one between each two
    if edits == 1:
        first = inner // 2
        return word[:first], "", word[first + 1 :], 0
    first = last = inner // 3
    return word[:first], word[first + 1 : len(word) - last - 1], word[len(word) - last :], first + 1


def joined(bucket: Sequence[str]) -> str:
    """The words of one length, each followed by SEP: the i-th starts at i x (length + 1)."""
    return SEP.join(bucket) + SEP if bucket else ""


def candidates(word: str, edits: int, bucket: Sequence[str], text: str) -> list[str]:
    """The words of `bucket` (one length, sorted; `text` is `joined(bucket)`) that hold a piece
    of `word` in its place (see the module doc), in bucket order: a superset of those within
    `edits` OSA edits of `word`."""
    if not bucket:
        return []
    n = len(bucket[0])
    stride = n + 1
    first, middle, last, at = pieces(word, edits)
    if not first or not last or (edits > 1 and not middle) or len(text) != len(bucket) * stride:
        return list(bucket)  # too short to cut, or a word holding SEP: every word is compared
    found = set(range(bisect_left(bucket, first), bisect_left(bucket, first + _AFTER)))
    tail = last + SEP
    p = text.find(tail)
    while p >= 0:
        found.add(p // stride)
        p = text.find(tail, p + 1)
    if middle:
        lo, hi = max(0, at - edits), min(n - len(middle), at + edits)
        p = text.find(middle, lo) if lo <= hi else -1
        while p >= 0:
            i, off = divmod(p, stride)
            if off < lo:
                p = text.find(middle, i * stride + lo)
                continue
            if off <= hi:
                found.add(i)
            p = text.find(middle, (i + 1) * stride + lo)
    return [bucket[i] for i in sorted(found)]
