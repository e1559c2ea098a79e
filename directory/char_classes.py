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
                    try:
                        pattern = _compiled(self._cached_body())
                    except re.error:
                        pattern = None
                    if pattern is None or not self._agrees(pattern):  # a damaged cache file: work it out again
                        pattern = _compiled(self._body())
                    self._pattern = pattern
        return self._pattern

    def _agrees(self, pattern: re.Pattern[str]) -> bool:
        """The pattern read from the cache finds what `unicodedata` says it must, on the characters
        that matter most (controls, escapes, bidi and invisible marks) and a few that must pass."""
        return all(
            bool(pattern.match(ch)) == (unicodedata.category(ch) in self._actions and ch not in self._keep)
            for ch in _PROBES
        )

    def _body(self) -> str:
        cps = [
            cp for cp in range(0x10000) if unicodedata.category(chr(cp)) in self._actions and chr(cp) not in self._keep
        ]
        return _ranges(cps)

    def _cached_body(self) -> str:
        """The BMP part of the character class, from the disk cache when there is one (working it out
        asks `unicodedata` about 65,536 characters: 25 ms of a first search in another script)."""
        from .name_lookup import cache_dir, cached_json

        if cache_dir() is None:
            return self._body()
        key = f"char-class|{unicodedata.unidata_version}|{sorted(self._actions)}|{self._keep!r}"
        # Kept as ASCII escapes: the class may hold surrogates, which UTF-8 cannot write.
        stored = cached_json(
            "char-class", key, lambda: self._body().encode("unicode_escape").decode("ascii"), _is_ascii_text
        )
        try:
            return stored.encode("ascii").decode("unicode_escape")
        except (UnicodeError, ValueError):
            return self._body()

    def needs_work(self, text: str) -> bool:
        return self._suspects().search(text) is not None

    def __call__(self, text: str) -> str:
        if text.isascii() and text.isprintable():  # no control, format or unassigned character
            return text
        return text.translate(self._table) if self._suspects().search(text) else text


# Controls (NUL, BEL, ESC, DEL, NEL), zero-width and bidi marks and isolates, BOM, private use,
# unassigned, a surrogate, line and paragraph separators, and ordinary letters, digits and spaces.
_PROBES = "\x00\x07\x1b\x7f\x85\x9b\u200b\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\ue000\u0378\ud800\u2028\u2029 a\u00e9\u0416\u4e2d1"


def _is_ascii_text(value: object) -> bool:
    return isinstance(value, str) and value.isascii()


def _compiled(body: str) -> re.Pattern[str]:
    return re.compile("[" + body + "\U00010000-\U0010ffff]")


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
