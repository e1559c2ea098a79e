"""A name table on disk that is read one shard at a time.

The country and language tables hold every CLDR locale's names (about 140,000 keys, 4 MB of
JSON). Parsing them whole took a third of `vsd search`'s start-up, yet one query asks about a
handful of words. On disk a table is JSON Lines: a header with each line's byte range, one line
per shard (keys spread by CRC-32), and one line with the "low" entries (those naming something
at tier LOW_TIER or better), which are all a typo search in free text walks over. A lookup
parses only its key's shard; a walk over every name (suggestions, a picker) parses them all once.

A damaged file is noticed when a shard is parsed; the table is then built again (`rebuild`)
and served from memory, so a lookup never fails because of the cache.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

SHARDS = 512
# Entries naming something at this tier or better are also kept together (see module doc).
LOW_TIER = 1

Table = dict[str, dict[str, int]]


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % SHARDS


def low_entries(table: Mapping[str, dict[str, int]]) -> Table:
    return {k: codes for k, codes in table.items() if codes and min(codes.values()) <= LOW_TIER}


def to_bytes(table: Table) -> bytes:
    """The file: a header line (byte ranges counted from the end of the header), SHARDS shard lines,
    the low line."""
    parts: list[Table] = [{} for _ in range(SHARDS)]
    for key, codes in table.items():
        parts[shard_of(key)][key] = codes
    lines = [
        json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for p in [*parts, low_entries(table)]
    ]
    ranges, at = [], 0
    for line in lines:
        ranges.append([at, at + len(line)])
        at += len(line) + 1
    header = json.dumps({"shards": SHARDS, "count": len(table), "ranges": ranges}).encode("utf-8")
    return b"\n".join([header, *lines]) + b"\n"


class ShardedTable(Mapping[str, dict[str, int]]):
    """The table of a cache file, parsed shard by shard on first use (see the module doc)."""

    def __init__(self, raw: bytes, rebuild: Callable[[], Table]) -> None:
        end = raw.index(b"\n")
        header = json.loads(raw[:end])
        ranges = header["ranges"]
        if header["shards"] != SHARDS or len(ranges) != SHARDS + 1 or end + 1 + ranges[-1][1] > len(raw):
            raise ValueError("not a table of this format")
        self._raw = raw
        self._ranges: list[tuple[int, int]] = [(end + 1 + int(a), end + 1 + int(b)) for a, b in ranges]
        self._count = int(header["count"])
        self._parts: list[Table | None] = [None] * (SHARDS + 1)
        self._rebuild = rebuild
        self._whole: Table | None = None

    def _part(self, i: int) -> Table:
        part = self._parts[i]
        if part is None:
            a, b = self._ranges[i]
            try:
                part = _checked(json.loads(self._raw[a:b]))
            except (ValueError, TypeError):
                part = self._fallback() if i < SHARDS else low_entries(self._fallback())
            self._parts[i] = part  # threads racing here parse the same bytes: either result is right
        return part

    def _fallback(self) -> Table:
        """A damaged cache file: the table built again, whole, and every shard served from it."""
        if self._whole is None:
            whole = self._rebuild()
            parts: list[Table | None] = [whole] * SHARDS
            parts.append(low_entries(whole))
            self._parts, self._whole = parts, whole
        return self._whole

    def __getitem__(self, key: str) -> dict[str, int]:
        if self._whole is not None:
            return self._whole[key]
        return self._part(shard_of(key) if isinstance(key, str) else 0)[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.whole())

    def __len__(self) -> int:
        return self._count if self._whole is None else len(self._whole)

    def whole(self) -> Table:
        """Every entry, as one dict (parses every shard once)."""
        if self._whole is None:
            whole: Table = {}
            for i in range(SHARDS):
                whole.update(self._part(i))
            if self._whole is None:
                self._whole = whole
        return self._whole

    def low(self) -> Table:
        """The entries naming something at LOW_TIER or better."""
        return self._part(SHARDS)


def _checked(part: Any) -> Table:
    if not isinstance(part, dict) or not all(isinstance(v, dict) for v in part.values()):
        raise ValueError("not a table")
    return part


def whole(table: Mapping[str, dict[str, int]]) -> Mapping[str, dict[str, int]]:
    """Every entry of a table, for a walk over all of them (a plain dict is its own whole)."""
    return table.whole() if isinstance(table, ShardedTable) else table


def low(table: Mapping[str, dict[str, int]], max_tier: int) -> Mapping[str, dict[str, int]]:
    """A part of the table holding every entry that names something at `max_tier` or better."""
    return table.low() if isinstance(table, ShardedTable) and max_tier <= LOW_TIER else whole(table)
