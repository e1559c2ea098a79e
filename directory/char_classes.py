"""Dropping or replacing characters by Unicode category at C speed, with the results of a per-character
`unicodedata.category` loop.

A `CategoryFilter` finds the strings that need work with one regex search (a character class of the BMP
characters in the categories, plus every character outside the BMP, which the regex engine tests in
constant time) and rewrites only those, with `str.translate` and a table that asks `unicodedata` once per
distinct character. The class is built on first use from the running Python's Unicode database (about
10 ms), so it always agrees with `unicodedata.category`.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping


class _Table(dict[int, "int | str | None"]):
    """str.translate table: a character's replacement, looked up in `unicodedata` the first time it is seen."""

    def __init__(self, actions: Mapping[str, str | None], keep: Iterable[str]) -> None:
        super().__init__({ord(ch): ord(ch) for ch in keep})
        self._actions = actions

    def __missing__(self, cp: int) -> int | str | None:
        cat = unicodedata.category(chr(cp))
        value = self._actions[cat] if cat in self._actions else cp
        self[cp] = value
        return value


class CategoryFilter:
    """Replace each character whose category is a key of `actions` by its value ("" or None drops it,
    " " makes it a space); the characters in `keep` stay whatever their category."""

    def __init__(self, actions: Mapping[str, str | None], keep: str = "") -> None:
        self._actions = {cat: (None if rep == "" else rep) for cat, rep in actions.items()}
        self._keep = keep
        self._table = _Table(self._actions, keep)
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def _suspects(self) -> re.Pattern[str]:
        """Any BMP character in the categories (but those in `keep`), or any character beyond the BMP."""
        if self._pattern is None:
            with self._lock:
                if self._pattern is None:
                    cps = [
                        cp
                        for cp in range(0x10000)
                        if unicodedata.category(chr(cp)) in self._actions and chr(cp) not in self._keep
                    ]
                    self._pattern = re.compile("[" + _ranges(cps) + "\U00010000-\U0010ffff]")
        return self._pattern

    def needs_work(self, text: str) -> bool:
        return self._suspects().search(text) is not None

    def __call__(self, text: str) -> str:
        if text.isascii() and text.isprintable():  # no control, format or unassigned character
            return text
        return text.translate(self._table) if self._suspects().search(text) else text


def _ranges(cps: list[int]) -> str:
    """A regex character-class body for sorted code points, consecutive runs as ranges."""
    out: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        a, b = re.escape(chr(cps[i])), re.escape(chr(cps[j]))
        out.append(a if i == j else f"{a}-{b}")
        i = j + 1
    return "".join(out)
