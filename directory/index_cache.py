"""The search index on disk, one file per data dir: the next start opens it instead of building it.

Building the index costs the whole directory every start (at 100,000 services: parse 90 MB, then
about 4 s of indexing). The file written after a build holds everything `SearchIndex` needs, as
flat arrays and byte blobs behind a JSON header, and the records themselves as compact JSON with
their offsets. Opening it parses only the header and the small columns; a word's postings and a
record are decoded when a search first asks for them, so the cost of a start no longer grows with
the directory.

The file is derived data, never a source: its key is what it was built from (the store file, the
import layer and the bundled copy, by inode, size and time; the code and the libraries that shape
the index). Any mismatch, damage or doubt means "build again"; nothing here can stop the directory
from opening. No pickle: arrays, UTF-8 text and JSON only.
"""

from __future__ import annotations

import bisect
import json
import mmap
import zlib
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from .index_file import FORMAT, MAGIC, MAX_FILES, SEP, cache_file
from .phone_chars import DISPLAY_CHARS
from .records import Service
from .search import SearchIndex
from .token_index import TYPE, TokenIndex

if TYPE_CHECKING:
    from .word_values import Ids

# -- writing ------------------------------------------------------------------------------


class Sections:
    """Named byte sections laid end to end, each with its offset, length and array type.

    Kept as the pieces they were made of and written one after another: joined, the file would be
    held twice more (at 1,000,000 services the records alone are 900 MB)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.table: dict[str, list[Any]] = {}
        self.pieces: dict[str, list[bytes]] = {}
        self.at = 0

    def add(self, name: str, data: bytes | array[Any] | list[Any]) -> None:
        """A section: bytes, an array, or pieces (bytes, or `Span`s of a file read when written)."""
        pieces = data if isinstance(data, list) else [data.tobytes() if isinstance(data, array) else data]
        code = data.typecode if isinstance(data, array) else ""
        pad = -self.at % 8  # every section starts on an 8-byte boundary: arrays are read in place
        if pad:
            self.parts.append(bytes(pad))
            self.at += pad
        length = sum(map(len, pieces))
        self.table[name] = [self.at, length, code]
        self.parts += pieces
        self.pieces[name] = pieces
        self.at += length

    def crc(self) -> int:
        """`_crc` of the sections as laid out, from their pieces."""
        crc = 1
        for name in sorted(self.table):
            if name != "records":
                for piece in expanded(self.pieces[name]):
                    crc = zlib.adler32(piece, crc)
        return crc

    def strings(self, name: str, values: Sequence[str]) -> None:
        self.add(name, SEP.join(values).encode("utf-8"))

    def groups(self, name: str, groups: dict[int, list[str]]) -> None:
        """Lists of strings under small integer keys (words by length): one blob, each list's byte range."""
        blob, ranges = bytearray(), {}
        for key in sorted(groups):
            raw = SEP.join(groups[key]).encode("utf-8")
            ranges[str(key)] = [len(blob), len(blob) + len(raw)]
            blob += raw
        self.add(name, bytes(blob))
        self.table[name].append(ranges)

    def column(self, name: str, values: Sequence[str]) -> None:
        """Strings read back one by one (see `_Strings`): UTF-8 laid end to end, and their offsets."""
        blobs = [v.encode("utf-8") for v in values]
        offsets = array("Q", [0])
        for b in blobs:
            offsets.append(offsets[-1] + len(b))
        self.add(name, b"".join(blobs))
        self.add(name + ".offsets", offsets)

    def token_index(self, prefix: str, tokens: TokenIndex) -> None:
        """Words, and for each its (field, records) entries, as four flat arrays."""
        wstart, efield, dstart, docs = array("I", [0]), array("B"), array("I", [0]), array("I")
        for w in tokens.words:
            for field, records in tokens.postings[w]:
                efield.append(field)
                docs.extend(records)
                dstart.append(len(docs))
            wstart.append(len(efield))
        self.token_arrays(prefix, tokens, (wstart, efield, dstart, docs))

    def token_arrays(self, prefix: str, tokens: TokenIndex, arrays: Sequence[array[int]]) -> None:
        """`token_index` of postings already laid out: wstart, efield, dstart, docs."""
        self.strings(prefix + "words", tokens.words)
        self.groups(prefix + "bylen", tokens._lengths())
        for name, arr in zip(("wstart", "efield", "dstart", "docs"), arrays, strict=True):
            self.add(prefix + name, arr)

    def set_table(self, name: str, table: Mapping[str, Collection[int]]) -> list[str]:
        codes = sorted(table)
        offsets, members = array("I", [0]), array("I")
        for code in codes:
            members.extend(sorted(table[code]))
            offsets.append(len(members))
        self.add(name + ".offsets", offsets)
        self.add(name + ".members", members)
        return codes


def storable(values: Sequence[str]) -> bool:
    """The words can be laid end to end in the file (none holds the separator)."""
    return all(SEP not in v for v in values)


def record_bytes(s: Service) -> bytes:
    """A record as the file keeps it."""
    return json.dumps(s, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


COLUMNS = ("ids", "primary", "secondary", "native", "aliases")
FLAGS = (("group.other", "B"), ("group.rank", "i"), ("international", "B"), ("cited", "B"))


def columns(idx: SearchIndex) -> dict[str, list[str]]:
    """The string columns of an index's records, as the file keeps them (`COLUMNS`)."""
    return {
        "ids": [str(s.get("id")) for s in idx.services],
        "primary": list(idx.primary),
        "secondary": list(idx.secondary),
        "native": list(idx.native),
        "aliases": [json.dumps(names[2:], ensure_ascii=False) if len(names) > 2 else "" for names in idx.names],
    }


def flags(idx: SearchIndex) -> dict[str, list[int]]:
    """The small per-record numbers of an index's records (`FLAGS`)."""
    return {
        "group.other": [int(g[0]) for g in idx.group],
        "group.rank": [int(g[1]) for g in idx.group],
        "international": list(map(int, idx.international)),
        "cited": list(map(int, idx.cited)),
    }


def to_chunks(key: str, idx: SearchIndex, meta: dict[str, Any]) -> list[Any] | None:
    """The file for an index and its directory's metadata, in the pieces it is written in; None when
    something cannot be stored."""
    if not (storable(idx.tokens.words) and storable(idx.facets.words)):
        return None
    sec = Sections()
    records = array("Q", [0])
    blobs = []
    for s in idx.services:
        blob = record_bytes(s)
        blobs.append(blob)
        records.append(records[-1] + len(blob))
    sec.add("records", blobs)
    sec.add("records.offsets", records)
    for name, values in columns(idx).items():
        sec.column(name, values)
    numbers = flags(idx)
    for name, code in FLAGS:
        sec.add(name, array(code, numbers[name]))
    sec.add("with_hours", array("I", sorted(idx.with_hours)))
    sec.add("always", array("I", sorted(idx.always)))
    sec.token_index("tokens.", idx.tokens)
    return finish(key, len(idx.services), meta, sec, idx)


def finish(key: str, n: int, meta: dict[str, Any], sec: Sections, idx: SearchIndex) -> list[Any] | None:
    """The file's last sections (the facets' words, the set tables: from `idx`) and its header, in
    front of every section laid out in `sec` so far (the records, their columns, their words)."""
    sec.token_index("facets.", idx.facets)
    tables = {name: sec.set_table(name, getattr(idx, name)) for name in SET_TABLES}
    facet_index = sorted(idx.facet_index.items(), key=lambda kv: kv[1])
    if [j for _, j in facet_index] != list(range(len(idx.facet_members))):
        return None
    header = {
        "format": FORMAT,
        "key": key,
        "count": n,
        "meta": meta,
        "tables": tables,
        "facet_index": [[field, code] for (field, code), _ in facet_index],
        "sections": sec.table,
        # Damage shows as a mismatch (the records blob, the bulk, is checked record by record on use).
        "crc": sec.crc(),
        # The records too, checked only by a sync's update before it copies them on (`records_intact`):
        # a digit changed by damage still parses, and would otherwise outlive every update.
        "records_crc": _adler(expanded(sec.pieces["records"])),
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return [MAGIC + len(head).to_bytes(8, "little") + head, *sec.parts]


class Span:
    """Bytes of a mapped file, read only as the file being written takes them, a block at a time, each
    block's pages let go once read: an update copies the records of the index file it replaces
    without holding them (90 MB at 100,000 services)."""

    BLOCK = 1 << 20

    def __init__(self, mm: mmap.mmap, start: int, end: int) -> None:
        self.mm, self.start, self.end = mm, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def blocks(self) -> Iterator[bytes]:
        page = mmap.PAGESIZE
        for a in range(self.start, self.end, self.BLOCK):
            b = min(a + self.BLOCK, self.end)
            yield self.mm[a:b]
            first = a - a % page
            try:
                self.mm.madvise(mmap.MADV_DONTNEED, first, b - first)
            except (AttributeError, OSError, ValueError):  # no madvise here: the pages stay a while
                pass


def expanded(chunks: Iterable[Any]) -> Iterator[Any]:
    """Chunks with each `Span` read as it comes."""
    for chunk in chunks:
        if isinstance(chunk, Span):
            yield from chunk.blocks()
        else:
            yield chunk


SET_TABLES = ("by_country", "by_language", "by_type", "by_channel")


def _adler(chunks: Iterable[Any]) -> int:
    crc = 1
    for chunk in chunks:
        crc = zlib.adler32(chunk, crc)
    return crc


def records_intact(f: File) -> bool:
    """The records section holds what was written (a file from before this check says no)."""
    a, b = f.span("records")
    return f.header.get("records_crc") == _adler([memoryview(f.mm)[a:b]])


def _crc(body: bytes | memoryview, table: dict[str, list[Any]]) -> int:
    crc = 1
    for name, (at, length, *_) in sorted(table.items()):
        if name != "records":
            crc = zlib.adler32(memoryview(body)[at : at + length], crc)
    return crc


class NotKept(Exception):
    """The index file could not be written (its one-line reason); the next start builds the index."""

    def note(self) -> str:
        """What a command says about it, in one line (the sync or import it follows is done); in
        English, as the store's and the import's other notes."""
        return f"the search index was not saved ({self}); the next search builds it"


def save(data_dir: Path, key: str, idx: SearchIndex, meta: dict[str, Any]) -> Path | None:
    """Write the index file of a data dir (best effort: a cache that cannot be written is skipped)."""
    try:
        return write(data_dir, key, idx, meta)
    except NotKept:
        return None


def write(data_dir: Path, key: str, idx: SearchIndex, meta: dict[str, Any]) -> Path:
    """Write the index file of a data dir, or say why not (`NotKept`)."""
    return write_made(data_dir, lambda: to_chunks(key, idx, meta))


def write_made(data_dir: Path, make: Callable[[], list[Any] | None]) -> Path:
    """`write` of the chunks `make` gives (see `to_chunks`), or say why not (`NotKept`)."""
    path = cache_file(data_dir)
    if path is None:
        raise NotKept("no cache folder ($VSD_CACHE_DIR is set empty)")
    try:
        chunks = make()
        if chunks is None:
            raise NotKept("a word of the directory cannot be stored in the file")
        put(path, chunks)
    except OSError as e:
        raise NotKept(f"{path.parent}: {e.strerror or e}") from None
    except (ValueError, TypeError, OverflowError) as e:
        raise NotKept(str(e)) from None
    return path


def keep(data_dir: str | Path | None = None) -> Path:
    """Build the search index of a data dir now and write its file, so that the next start reads it
    back instead of building it (a sync or an import calls this once it has changed the data).
    Returns the file; raises `NotKept` with a one-line reason, whatever went wrong: the index is
    derived data, and the sync or import before it must stand. Nothing here writes the data."""
    from .directory import Directory
    from .gc_pause import gc_paused

    try:
        # (the collector paused: the records and the index are all alive until the file is written, and
        # walking them again and again took more than half of this at 100,000 imported services)
        with gc_paused():
            return Directory.open(data_dir).save_index()
    except NotKept:
        raise
    except Exception as e:  # noqa: BLE001 - see above: the next start builds the index instead
        first = str(e).partition("\n")[0]
        raise NotKept(first or type(e).__name__) from e


def put(path: Path, chunks: list[Any]) -> None:
    """Write the chunks of an index file in place of `path`, atomically; remove the oldest files."""
    from .atomic import write_chunks_atomic

    write_chunks_atomic(path, expanded(chunks))
    _prune(path.parent)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("index-*.bin"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[MAX_FILES:]:
        try:
            old.unlink()
        except OSError:
            pass


# -- reading ------------------------------------------------------------------------------


class CacheDamaged(ValueError):
    """The index file does not hold what its header says: build again."""


class File:
    """An opened index file: its header, and its sections as arrays, strings or bytes."""

    def __init__(self, path: Path | BinaryIO, key: str, *, verify: bool = True) -> None:
        """`path`: the file's path, or the file opened (see `index_update`)."""
        with open(path, "rb") if isinstance(path, Path) else nullcontext(path) as f:
            try:
                self.mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError as e:  # an empty file
                raise CacheDamaged("empty") from e
        mm = self.mm
        if mm[: len(MAGIC)] != MAGIC:
            raise CacheDamaged("not an index file")
        size = int.from_bytes(mm[len(MAGIC) : len(MAGIC) + 8], "little")
        start = len(MAGIC) + 8
        self.header: dict[str, Any] = json.loads(mm[start : start + size])
        if self.header.get("format") != FORMAT or self.header.get("key") != key:
            raise CacheDamaged("another version")
        self.base = start + size
        self.sections: dict[str, list[Any]] = self.header["sections"]
        for at, length, *_ in self.sections.values():
            if at < 0 or length < 0 or self.base + at + length > len(mm):
                raise CacheDamaged("truncated")
        if verify and not self.intact():
            raise CacheDamaged("checksum")

    def intact(self) -> bool:
        """The checksum holds (30 MB read at 100,000 services: the app checks it after the first results)."""
        return _crc(memoryview(self.mm)[self.base :], self.sections) == self.header.get("crc")

    def span(self, name: str) -> tuple[int, int]:
        at, length, *_ = self.sections[name]
        return self.base + at, self.base + at + length

    def bytes(self, name: str) -> bytes:
        a, b = self.span(name)
        return self.mm[a:b]

    def array(self, name: str) -> array[Any]:
        code = self.sections[name][2]
        out = array(code)
        a, b = self.span(name)
        out.frombytes(memoryview(self.mm)[a:b])
        return out

    def view(self, name: str) -> memoryview:
        """An array section read in place (no copy: the postings of 100,000 records are 15 MB)."""
        a, b = self.span(name)
        code = self.sections[name][2]
        if (b - a) % array(code).itemsize:
            raise CacheDamaged(name)
        return memoryview(self.mm)[a:b].cast(code)

    def column(self, name: str, n: int) -> _Strings:
        offsets = self.view(name + ".offsets")
        if len(offsets) != n + 1 or offsets[0] != 0 or offsets[-1] != self.sections[name][1]:
            raise CacheDamaged(f"{name}: not {n} strings")
        return _Strings(self.mm, self.span(name)[0], offsets)

    def strings(self, name: str, n: int | None = None) -> list[str]:
        raw = self.bytes(name).decode("utf-8")
        values = raw.split(SEP) if raw or n else []
        if n is not None and len(values) != n:
            raise CacheDamaged(f"{name}: {len(values)} values for {n} records")
        return values


class _Strings(Sequence[str]):
    """A column of strings, each decoded when asked for (a search looks at 200 names of 100,000)."""

    def __init__(self, mm: mmap.mmap, base: int, offsets: Sequence[int]) -> None:
        self._mm, self._base, self._offsets = mm, base, offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        o = self._offsets
        return self._mm[self._base + o[i] : self._base + o[i + 1]].decode("utf-8")


class _Records(Sequence[Service]):
    """The records, decoded one by one as they are asked for (a search shows 20 of 100,000)."""

    def __init__(self, f: File, offsets: Sequence[int], on_damage: Any) -> None:
        self._mm, (self._base, self._end) = f.mm, f.span("records")
        self._offsets = offsets
        self._done: dict[int, Service] = {}
        self._on_damage = on_damage

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        got = self._done.get(i)
        if got is None:
            got = self._decode(i)
            self._done[i] = got
        return got

    def __iter__(self) -> Iterator[Service]:
        return (self[i] for i in range(len(self)))

    def _decode(self, i: int) -> Service:
        if i < 0:
            i += len(self)
        a, b = self._base + self._offsets[i], self._base + self._offsets[i + 1]
        try:
            if not self._base <= a <= b <= self._end:
                raise ValueError("out of range")
            rec = json.loads(self._mm[a:b])
            if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
                raise ValueError("not a record")
        except ValueError:
            self._on_damage()
            return {"id": f"damaged-{i}", "name": "(this record could not be read: restart vsd)", "channels": []}
        return _safe_numbers(rec, self._on_damage)


def _safe_numbers(rec: dict[str, Any], on_damage: Any) -> Service:
    """A number that would not display as it dials never reaches the screen (the cache is a file
    anyone with the user's rights can edit, like the import layer it was built from)."""
    channels = rec.get("channels")
    if not isinstance(channels, list):
        return rec  # type: ignore[return-value]
    kept = []
    for ch in channels:
        value = ch.get("value") if isinstance(ch, dict) else None
        if isinstance(ch, dict) and ch.get("kind") in ("phone", "sms"):
            if not isinstance(value, str) or not DISPLAY_CHARS.issuperset(value):
                on_damage()
                continue
        kept.append(ch)
    if len(kept) != len(channels):
        rec = {**rec, "channels": kept}
    return rec  # type: ignore[return-value]


class _Postings(Mapping[str, tuple[tuple[int, Any], ...]]):
    """word -> ((field, records), ...), decoded on first use of each word."""

    def __init__(self, words: list[str], wstart: array[int], efield: array[int], dstart: array[int], docs: array[int]):
        # The words are sorted: a word's place is found by bisection (no dict of every word to build).
        self._words = words
        self._w, self._f, self._d, self._docs = wstart, efield, dstart, docs
        self._done: dict[str, tuple[tuple[int, array[int]], ...]] = {}

    def _place(self, word: str) -> int:
        i = bisect.bisect_left(self._words, word)
        if i == len(self._words) or self._words[i] != word:
            raise KeyError(word)
        return i

    def __getitem__(self, word: str) -> tuple[tuple[int, array[int]], ...]:
        got = self._done.get(word)
        if got is None:
            i = self._place(word)
            d, f, docs = self._d, self._f, self._docs
            got = tuple((f[e], docs[d[e] : d[e + 1]]) for e in range(self._w[i], self._w[i + 1]))
            self._done[word] = got
        return got

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        i = bisect.bisect_left(self._words, word)
        return i < len(self._words) and self._words[i] == word

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def size(self, word: str) -> int:
        i = self._place(word)
        return self._d[self._w[i + 1]] - self._d[self._w[i]]


class _Sizes(Mapping[str, int]):
    def __init__(self, postings: _Postings) -> None:
        self._p = postings

    def __getitem__(self, word: str) -> int:
        return self._p.size(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._p)

    def __len__(self) -> int:
        return len(self._p)


class _SetTable(Mapping[str, set[int]]):
    """code -> set of records, each set made on first use."""

    def __init__(self, codes: list[str], offsets: array[int], members: array[int]) -> None:
        self._pos = dict(zip(codes, range(len(codes)), strict=True))
        self._off, self._members = offsets, members
        self._done: dict[str, set[int]] = {}

    def __getitem__(self, code: str) -> set[int]:
        got = self._done.get(code)
        if got is None:
            i = self._pos[code]
            got = set(self._members[self._off[i] : self._off[i + 1]])
            self._done[code] = got
        return got

    def ids(self, code: str) -> Ids:
        """The records of `code`, ascending, as an array read in place (see `word_values`)."""
        from .word_values import ids_of  # numpy, when a search asks (see `SearchIndex._candidates`)

        i = self._pos[code]
        return ids_of(memoryview(self._members)[self._off[i] : self._off[i + 1]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._pos)

    def __len__(self) -> int:
        return len(self._pos)


class _Members(AbstractSet[int]):
    """Stored record numbers, made a set on first use: only the open-now filter asks, and at
    100,000 services the two such sets took 5 ms of every start."""

    def __init__(self, f: File, name: str) -> None:
        self._f, self._name = f, name
        self._set: set[int] | None = None

    def _members(self) -> set[int]:
        if self._set is None:
            self._set = set(self._f.array(self._name))
        return self._set

    def __contains__(self, i: object) -> bool:
        return i in self._members()

    def __iter__(self) -> Iterator[int]:
        return iter(self._members())

    def __len__(self) -> int:
        return len(self._members())

    def __or__(self, other: AbstractSet[Any]) -> set[int]:
        return self._members() | set(other)  # a union in C, as with two plain sets

    @classmethod
    def _from_iterable(cls, it: Iterable[int]) -> set[int]:  # type: ignore[override]  # `&` etc. make a plain set
        return set(it)


class _Column(Sequence[Any]):
    """A per-record value made on first use from stored columns."""

    def __init__(self, n: int, make: Any) -> None:
        self._n, self._make = n, make

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._make(j) for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return self._make(i % self._n)


def _token_index(f: File, prefix: str) -> TokenIndex:
    words = f.strings(prefix + "words")
    arrays: list[Any] = [f.array(prefix + name) for name in ("wstart", "efield", "dstart")]
    arrays.append(f.view(prefix + "docs"))
    if len(arrays[0]) != len(words) + 1 or len(arrays[2]) != len(arrays[1]) + 1 or arrays[2][-1] != len(arrays[3]):
        raise CacheDamaged(prefix + "postings")
    postings = _Postings(words, *arrays)
    idx = TokenIndex.frozen(words, postings, _Sizes(postings))
    idx._by_len = _ByLen(f, prefix + "bylen")
    return idx


class _ByLen(Mapping[int, list[str]]):
    """Index words by length for typo search, each length's list read on first use."""

    def __init__(self, f: File, name: str) -> None:
        base, end = f.span(name)
        self._mm, self._base = f.mm, base
        self._ranges = {int(k): (int(a), int(b)) for k, (a, b) in f.sections[name][3].items()}
        if any(not 0 <= a <= b <= end - base for a, b in self._ranges.values()):
            raise CacheDamaged(name)
        self._done: dict[int, list[str]] = {}

    def __getitem__(self, n: int) -> list[str]:
        got = self._done.get(n)
        if got is None:
            a, b = self._ranges[n]
            got = self._mm[self._base + a : self._base + b].decode("utf-8").split(SEP)
            self._done[n] = got
        return got

    def __iter__(self) -> Iterator[int]:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)


def _index(f: File, on_damage: Any) -> SearchIndex:
    n = int(f.header["count"])
    offsets = f.view("records.offsets")
    if len(offsets) != n + 1:
        raise CacheDamaged("records")
    idx = SearchIndex.__new__(SearchIndex)
    idx.services = _Records(f, offsets, on_damage)  # type: ignore[assignment]
    other, rank = f.view("group.other"), f.view("group.rank")
    idx.group = _Column(n, lambda i: (bool(other[i]), rank[i]))  # type: ignore[assignment]
    idx.primary, idx.secondary = f.column("primary", n), f.column("secondary", n)  # type: ignore[assignment]
    idx.native = f.column("native", n)  # type: ignore[assignment]
    aliases = f.column("aliases", n)
    primary, secondary = idx.primary, idx.secondary

    decoded: dict[int, tuple[str, ...]] = {}  # a search asks for a candidate's names several times

    def names(i: int) -> tuple[str, ...]:
        got = decoded.get(i)
        if got is None:
            raw = aliases[i]
            more = tuple(json.loads(raw)) if raw else ()
            got = (primary[i], secondary[i], *more) if secondary[i] or more else (primary[i],)
            decoded[i] = got
        return got

    idx.names = _Column(n, names)  # type: ignore[assignment]
    idx.international = f.view("international")  # type: ignore[assignment]
    idx.cited = f.view("cited")  # type: ignore[assignment]
    idx.with_hours, idx.always = _Members(f, "with_hours"), _Members(f, "always")  # type: ignore[assignment]
    idx.tokens, idx.facets = _token_index(f, "tokens."), _token_index(f, "facets.")
    for name in SET_TABLES:
        codes = f.header["tables"][name]
        table = _SetTable(codes, f.array(name + ".offsets"), f.array(name + ".members"))
        setattr(idx, name, table)
    idx.facet_index = {(int(field), str(code)): j for j, (field, code) in enumerate(f.header["facet_index"])}
    keys = list(idx.facet_index)
    by_type, by_country = cast(_SetTable, idx.by_type), cast(_SetTable, idx.by_country)
    idx.facet_members = _Column(  # type: ignore[assignment]
        len(keys), lambda j: (keys[j][0], (by_type if keys[j][0] == TYPE else by_country)[keys[j][1]])
    )
    idx.facet_ids = _Column(len(keys), lambda j: (by_type if keys[j][0] == TYPE else by_country).ids(keys[j][1]))
    idx.static_order = idx.static_rank = range(n)
    return idx


Restored = tuple[SearchIndex, dict[str, Any], Sequence[str], Callable[[], bool]]


def load(data_dir: Path, key: str, *, verify: bool = True) -> Restored | None:
    """The index, the directory's metadata and ids stored for this data dir, if built from what is
    there now, and a check of the file's checksum: done here, or (verify=False) by the caller later,
    off the path to the first results; a failed check removes the file."""
    path = cache_file(data_dir)
    if path is None:
        return None

    def damaged() -> None:  # a bad record seen later: the next start builds the file again
        try:
            path.unlink()
        except OSError:
            pass

    try:
        f = File(path, key, verify=verify)
        idx = _index(f, damaged)

        def check() -> bool:
            ok = f.intact()
            if not ok:
                damaged()
            return ok

        return idx, dict(f.header["meta"]), f.column("ids", len(idx.services)), check
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, IndexError, OverflowError, UnicodeDecodeError):
        damaged()
        return None
