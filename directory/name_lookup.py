"""A name -> code vocabulary with tiers, typo tolerance and "did you mean" suggestions.

Countries, languages and support types are each one `Vocabulary`. Names are
stored under two keys, the script-preserving fold ("україна") and the ASCII
fold ("ukraina"), each with a tier (0 = codes, curated aliases, English names;
1 = native names; 2 = any other CLDR locale's name; 3 = obscure). A name that
several codes share resolves to the code named at the strongest tier, and to
nothing if that is still a tie: an ambiguous input returns None rather than a
wrong guess.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import ratio

from . import near_words, paths, table_shards
from .normalize import UNSPACED, clean, fold, native_words

T = TypeVar("T")

# Names shorter than this are never typo-corrected ("Iran"/"Iraq", "Oman"/"Omen").
MIN_TYPO_LEN = 5
# Typos are looked for in keys up to this length: nobody mistypes a 60-letter official name.
MAX_TYPO_KEY_LEN = 40
# Bump when the way tables are built or stored changes, so old disk caches are ignored.
TABLE_FORMAT = 7


def keys_for(name: str) -> tuple[str, ...]:
    """The lookup keys of a name: its native fold (words joined by spaces) and its ASCII fold."""
    native = " ".join(native_words(name))
    ascii_ = fold(name)
    if not ascii_ and not native:
        return ()
    return (native,) if native == ascii_ or not ascii_ else tuple(k for k in (native, ascii_) if k)


class Vocabulary:
    """Folded names mapped to {code: tier}; resolves exactly, then with one typo."""

    def __init__(
        self, table: Mapping[str, dict[str, int]], *, kind: str, cached_as: tuple[str, str] | None = None
    ) -> None:
        self.kind = kind
        # (name, fingerprint) of the table in the disk cache: what is derived from it is kept there too.
        self._cached_as = cached_as
        # A dict, or a table read from the disk cache shard by shard (see `table_shards`): lookups
        # go through `table`; walks over every name through `table_shards.whole`.
        self.table = table
        self._by_len: dict[int, dict[int, list[str]]] = {}
        # (tier, length) -> those keys sorted, and laid end to end (see `near_words`)
        self._sorted: dict[tuple[int, int], tuple[list[str], str]] = {}
        self._lock = threading.Lock()
        # Search-as-you-type asks about the same words again and again.
        self.exact_entry = lru_cache(maxsize=8192)(self._exact_entry)
        self.typo_entry = lru_cache(maxsize=8192)(self._typo_entry)

    # -- building ---------------------------------------------------------------
    @staticmethod
    def builder() -> VocabularyBuilder:
        return VocabularyBuilder()

    def warm(self) -> None:
        """Read the whole table now (e.g. in a background worker), not shard by shard as asked."""
        table_shards.whole(self.table)

    # -- lookups -------------------------------------------------------------------
    def exact(self, text: str, *, max_tier: int = 9) -> str | None:
        """The code a name names exactly (any script, accents and case ignored), None if unknown or ambiguous."""
        hit = self.exact_entry(text, max_tier=max_tier)
        return hit[0] if hit else None

    def _exact_entry(self, text: str, *, max_tier: int = 9) -> tuple[str, int] | None:
        """(code, tier) for an exact name, None if unknown or ambiguous."""
        best: dict[str, int] = {}
        for key in keys_for(text):
            for code, tier in self.table.get(key, {}).items():
                if tier <= max_tier and tier < best.get(code, 99):
                    best[code] = tier
        return _pick(best)

    def typo(self, text: str, *, max_tier: int = 9) -> str | None:
        """The code of the name one typo away (insert, delete, replace, swap), if exactly one fits."""
        hit = self.typo_entry(text, max_tier=max_tier)
        return hit[0] if hit else None

    def _typo_entry(self, text: str, *, max_tier: int = 9) -> tuple[str, int] | None:
        """Each key form in turn (native script first): the single code whose name is nearest."""
        for key in keys_for(text):
            if len(key.replace(" ", "")) < MIN_TYPO_LEN or len(key) > MAX_TYPO_KEY_LEN:
                continue
            best: dict[str, tuple[int, int]] = {}
            for other in self._near(key, max_tier):
                dist = 0 if other == key else 1
                if dist and len(other.replace(" ", "")) < MIN_TYPO_LEN:
                    continue  # "woman" is not a typo of Oman: short names need the exact word
                for code, tier in self.table[other].items():
                    if tier <= max_tier and (dist, tier) < best.get(code, (9, 9)):
                        best[code] = (dist, tier)
            if best:
                top = min(best.values())
                winners = [c for c, v in best.items() if v == top]
                return (winners[0], top[1]) if len(winners) == 1 else None
        return None

    def phrase_typo_entry(self, text: str, *, max_tier: int = 9, cutoff: float = 88.0) -> tuple[str, int] | None:
        """A name of several words with a typo in more than one of them ("chld helpine" -> child helpline):
        the single code whose multi-word name is nearest, by rapidfuzz ratio at or above `cutoff`."""
        t = fold(clean(text))
        if " " not in t or len(t.replace(" ", "")) < 8:
            return None
        keys = self._phrase_keys(max_tier)
        found = process.extract(t, keys, scorer=ratio, limit=3, score_cutoff=cutoff)
        codes = {code: tier for key, _, _ in found for code, tier in self.table[key].items() if tier <= max_tier}
        return next(iter(codes.items())) if len(codes) == 1 else None

    def _phrase_keys(self, max_tier: int) -> list[str]:
        cached: dict[int, list[str]] = self.__dict__.setdefault("_phrase_keys_cache", {})
        if max_tier not in cached:
            cached[max_tier] = [
                k
                for k, codes in table_shards.whole(self.table).items()
                if " " in k and k.isascii() and min(codes.values()) <= max_tier
            ]
        return cached[max_tier]

    def unspaced_entries(self, max_tier: int = 9) -> list[tuple[str, str, int]]:
        """(key, code, tier) of names in scripts written without spaces (Thai, Khmer, CJK, Hangul),
        longest first: such a name can stand inside a longer word of a query ("ประเทศไทย")."""
        cached: dict[int, list[tuple[str, str, int]]] = self.__dict__.setdefault("_unspaced_cache", {})
        if max_tier not in cached:
            out = []
            for key, codes in table_shards.whole(self.table).items():
                if len(key) >= 2 and " " not in key and UNSPACED.search(key):
                    code, tier = min(codes.items(), key=lambda ct: ct[1])
                    if tier <= max_tier and len(codes) == 1:
                        out.append((key, code, tier))
            out.sort(key=lambda e: (-len(e[0]), e[2], e[0]))
            cached[max_tier] = out
        return cached[max_tier]

    def resolve(self, text: str, *, max_tier: int = 9, typos: bool = True) -> str | None:
        """Exact match first, then (names of MIN_TYPO_LEN+ letters) one typo; None when unknown or ambiguous."""
        t = clean(text)
        if not t:
            return None
        code = self.exact(t, max_tier=max_tier)
        if code is None and typos:
            code = self.typo(t, max_tier=max_tier)
        return code

    def suggest(self, text: str, n: int = 3, *, max_tier: int = 9) -> list[str]:
        """Codes whose names are closest to `text`, best first (for "did you mean ...?")."""
        t = fold(clean(text))
        if not t:
            return []
        keys = [k for k in table_shards.whole(self.table) if k.isascii() and len(k) <= MAX_TYPO_KEY_LEN]
        scores: dict[str, float] = {}
        for key, score, _ in process.extract(t, keys, scorer=_similarity, limit=60, score_cutoff=0.5):
            for code, tier in self.table[key].items():
                if tier <= max_tier:
                    s = score - 0.01 * tier
                    if s > scores.get(code, -1.0):
                        scores[code] = s
        return sorted(scores, key=lambda c: (-scores[c], c))[:n]

    def _near(self, key: str, max_tier: int = 9) -> list[str]:
        """Keys (naming something at max_tier or better) within one edit (OSA distance) of `key`,
        in no set order. Only the keys holding a piece of it in its place are compared (`near_words`)."""
        by_len = self._length_buckets(max_tier)
        cands: list[str] = []
        for n in (len(key) - 1, len(key), len(key) + 1):
            keys = by_len.get(n)
            if keys:
                laid = self._sorted.get((max_tier, n))
                if laid is None:
                    in_order = sorted(keys)
                    laid = self._sorted[(max_tier, n)] = (in_order, near_words.joined(in_order))
                cands.extend(near_words.candidates(key, 1, *laid))
        return [k for k, _, _ in process.extract(key, cands, scorer=OSA.distance, score_cutoff=1, limit=None)]

    def _length_buckets(self, max_tier: int) -> dict[int, list[str]]:
        """Keys by length, only those naming something at max_tier or better (built once per tier)."""
        found = self._by_len.get(max_tier)
        if found is None:
            with self._lock:
                if self._cached_as is None:
                    found = self._buckets(max_tier)
                else:  # read back (a first query would parse every shard of the table for them)
                    name, fingerprint = self._cached_as
                    raw = cached_json(
                        f"{name}-lengths-{max_tier}",
                        fingerprint,
                        lambda: {str(n): keys for n, keys in self._buckets(max_tier).items()},
                        _lengths_valid,
                    )
                    found = {int(n): keys for n, keys in raw.items()}
                self._by_len[max_tier] = found
        return found

    def _buckets(self, max_tier: int) -> dict[int, list[str]]:
        buckets: dict[int, list[str]] = defaultdict(list)
        for k, codes in table_shards.low(self.table, max_tier).items():
            if MIN_TYPO_LEN - 1 <= len(k) <= MAX_TYPO_KEY_LEN + 1 and min(codes.values()) <= max_tier:
                buckets[len(k)].append(k)
        return dict(buckets)


def _lengths_valid(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(n, str) and n.isdigit() and isinstance(keys, list) and all(isinstance(k, str) for k in keys)
        for n, keys in value.items()
    )


def _similarity(a: str, b: str, **kw: Any) -> float:
    return 1.0 - OSA.normalized_distance(a, b)


def _pick(best: dict[str, int]) -> tuple[str, int] | None:
    if not best:
        return None
    top = min(best.values())
    winners = [c for c, t in best.items() if t == top]
    return (winners[0], top) if len(winners) == 1 else None


class VocabularyBuilder:
    def __init__(self) -> None:
        self.table: dict[str, dict[str, int]] = defaultdict(dict)

    def add(self, name: str | None, code: str, tier: int) -> None:
        if not name:
            return
        for key in keys_for(name):
            slot = self.table[key]
            if tier < slot.get(code, 99):
                slot[code] = tier

    def add_many(self, names: Iterable[str | None], code: str, tier: int) -> None:
        for name in names:
            self.add(name, code, tier)

    def build(self, kind: str) -> Vocabulary:
        return Vocabulary(dict(self.table), kind=kind)


# -- the disk cache ------------------------------------------------------------------


def cache_dir() -> Path | None:
    """Where built tables are kept between runs (see `paths.cache_dir`); None without a usable home."""
    try:
        return paths.cache_dir()
    except Exception:  # pragma: no cover - no usable home directory
        return None


def _cache_path(name: str, fingerprint: str, suffix: str) -> Path | None:
    folder = cache_dir()
    digest = hashlib.sha256(f"{TABLE_FORMAT}|{fingerprint}".encode()).hexdigest()[:16]
    return folder / f"{name}-{digest}{suffix}" if folder else None


def _write(path: Path | None, data: bytes) -> None:
    if path is None:
        return
    try:
        from .atomic import write_bytes_atomic

        write_bytes_atomic(path, data)
    except OSError:
        pass


def cached_table(
    name: str, fingerprint: str, build: Callable[[], dict[str, dict[str, int]]]
) -> Mapping[str, dict[str, int]]:
    """A table from the disk cache if its fingerprint matches (read shard by shard as lookups need
    them, see `table_shards`), else built, written there, and returned whole."""
    path = _cache_path(name, fingerprint, ".jsonl")

    def rebuild() -> dict[str, dict[str, int]]:
        table = build()
        _write(path, table_shards.to_bytes(table))
        return table

    if path is not None:
        try:
            return table_shards.ShardedTable(path.read_bytes(), rebuild)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            pass
    return rebuild()


def cached_json(name: str, fingerprint: str, build: Callable[[], T], valid: Callable[[Any], bool]) -> T:
    """A small JSON value from the disk cache if its fingerprint matches and `valid` accepts it,
    else built and written there."""
    path = _cache_path(name, fingerprint, ".json")
    if path is not None:
        try:
            value = json.loads(path.read_bytes())
            if valid(value):
                return value  # type: ignore[no-any-return]
        except (OSError, ValueError):
            pass
    value = build()
    _write(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return value
