"""The search index file after a sync, brought up to date in proportion to the change.

A sync replaces a few records of many; building the whole index again (parse the store, index every
record, write every record) costs seconds at 100,000 services. Here the index file of the data as it
was is the starting point. The stores before and after the sync are compared record by record, by a
hash of each record's stored JSON text (as `sync.incremental` does): a record found byte for byte in
both keeps its bytes, its columns and its postings in the file, renumbered; only the records new or
changed are indexed, by `SearchIndex` itself, and those gone are taken out. The file written is byte
for byte the file a full build of the new data writes (the tests hold it to that).

    b = before(data_dir)        # before the sync: the store file and the index file as they are, opened
    ... the sync ...
    after_sync(b, data_dir)     # the index file of the new data, updated or (whenever in doubt) built

Anything unusual -- no index file of the old data, a file that fails its checks, imported services,
a change of more than `SHARE` of the records, a word the file cannot hold -- and `keep` builds the
file in full instead: the index is derived data, never a source.
"""

from __future__ import annotations

import hashlib
import mmap
import os
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from . import index_file

if TYPE_CHECKING:  # the search machinery is imported once an update is due (a sync with nothing new needs none)
    from .index_cache import File, Sections
    from .search import SearchIndex

# Above this share of records changed (new, changed or gone), the index is built in full.
SHARE = 0.2
GONE = 0xFFFFFFFF  # the new number of a record that is gone (record numbers are 32-bit: never one of them)


class Unsuitable(Exception):
    """Why the index cannot be updated from the old file (it is built in full instead)."""


@dataclass
class Before:
    """The data as it was before a sync: its key, its store file and its index file, opened (a sync
    replaces the store by a rename, so the old one stays readable through its open file)."""

    data_dir: Path
    parts: list[str]
    store: BinaryIO
    index: BinaryIO

    def close(self) -> None:
        self.store.close()
        self.index.close()


def before(data_dir: Path) -> Before | None:
    """The store and index files of a data dir as they are now, opened; None when there is no index
    file of this data (then the index is built in full after the sync)."""
    try:
        parts = index_file.key_parts(data_dir)
        path = index_file.cache_file(data_dir)
        if parts is None or path is None:
            return None
        store = open(data_dir / index_file.WATCHED[0], "rb")
        try:
            index = open(path, "rb")
        except OSError:
            store.close()
            raise
        b = Before(data_dir, parts, store, index)
        # The very store file the key names, and an index file of that key.
        if index_file.stat_text(index_file.WATCHED[0], os.fstat(store.fileno())) != parts[index_file.STORE_PART]:
            b.close()
            return None
        return b
    except OSError:
        return None


def after_sync(b: Before | None, data_dir: Path) -> Path:
    """The index file of the data a sync has just written: updated from `b` when it can be, else built
    in full (`index_cache.keep`). Raises `NotKept` with a one-line reason when it cannot be written."""
    from .index_cache import NotKept, keep

    if b is not None:
        try:
            return update(b)
        except NotKept:
            raise
        except Exception:  # noqa: BLE001 - Unsuitable, or anything unforeseen: the full build decides
            pass
        finally:
            b.close()
    return keep(data_dir)


def update(b: Before) -> Path:
    """The index file of the data dir now, made from the one of the data `b` saw and the records
    that differ; `Unsuitable` when it cannot be, `NotKept` when it cannot be written."""
    from .index_cache import File, records_intact, write_made

    data_dir = b.data_dir
    parts = index_file.key_parts(data_dir)
    here = index_file.STORE_PART
    if parts is None or parts[:here] + parts[here + 1 :] != b.parts[:here] + b.parts[here + 1 :]:
        raise Unsuitable("the import layer, the bundled copy or vsd itself changed")
    if parts[index_file.IMPORTS_PART] != f"{index_file.WATCHED[1]} -":
        raise Unsuitable("imported services")  # they share ids with the central copy: build in full
    old = File(b.index, index_file.key_of(b.parts))
    if not records_intact(old):  # unchanged records are copied from it as they are: they must be right
        raise Unsuitable("the index file's records are damaged or unchecked")
    fresh, gone, n_old, count, meta = _compare(b.store, data_dir)
    if int(old.header["count"]) != n_old:
        raise Unsuitable("the index does not hold the store's records")
    if len(fresh) + len(gone) > SHARE * max(n_old, 1):
        raise Unsuitable("too many records changed")
    if index_file.key_parts(data_dir) != parts:
        raise Unsuitable("the data changed while it was read")
    merge = _Merge(old, [_record(r) for r in gone], [_record(r) for r in fresh])
    chunks = merge.chunks(index_file.key_of(parts), meta, count)
    return write_made(data_dir, lambda: chunks)


def _compare(old_store: BinaryIO, data_dir: Path) -> tuple[list[bytes], list[bytes], int, int, dict[str, Any]]:
    """The records of the store now (their JSON text) not found byte for byte in the old one, those
    of the old one not found in the new, how many each holds, and the new one's meta document.

    The old store is hashed first and its pages let go (its records are read again only where
    they are gone): the two stores are never held whole at once (94 MB each at 100,000 services)."""
    import msgspec

    from .store import Store

    with mmap.mmap(old_store.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        try:
            tables = msgspec.json.decode(mm, type=dict[str, dict[str, msgspec.Raw]])
        except (msgspec.DecodeError, RecursionError) as e:
            raise Unsuitable("the old store cannot be read") from e
        raws = list(tables.pop("services", {}).values())
        del tables
        place = {hashlib.sha256(raw).digest(): i for i, raw in enumerate(raws)}
        if len(place) != len(raws):
            raise Unsuitable("the same record twice")
        try:
            mm.madvise(mmap.MADV_DONTNEED)
        except (AttributeError, OSError):  # no madvise here: the pages stay a while
            pass
        stored = Store(data_dir).stored_records()
        if stored is None:
            raise Unsuitable("the store must be read in full")
        fresh = []
        for raw in stored.records:
            if place.pop(hashlib.sha256(raw).digest(), None) is None:
                fresh.append(bytes(raw))
        count, meta = len(stored.records), stored.meta
        del stored  # the new store's text
        gone = [bytes(raws[i]) for i in sorted(place.values())]
        n = len(raws)
        del raws
    return fresh, gone, n, count, meta


def _record(raw: bytes) -> dict[str, Any]:
    """A stored record, parsed as the store parses it."""
    from .loading import parse_json_bytes

    rec = parse_json_bytes(raw, "the store")
    if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
        raise Unsuitable("a record without an id")
    return rec


class _Merge:
    """The new file, from the old file (`old`), the records gone and the records new or changed."""

    def __init__(self, old: File, gone: list[dict[str, Any]], fresh: list[dict[str, Any]]) -> None:
        from .search import SearchIndex

        self.f = f = old
        self.n = n = int(f.header["count"])
        # The changed records' words, fields and columns, as the full build makes them.
        self.gone, self.fresh = SearchIndex(gone), SearchIndex(fresh)  # type: ignore[arg-type]
        self.primary, self.ids = f.column("primary", n), f.column("ids", n)
        self.other, self.rank = f.view("group.other"), f.view("group.rank")
        self.offsets = f.view("records.offsets")
        self.records_at = f.span("records")[0]
        gone_at = [self._place(self.gone, j, exact=True) for j in range(len(gone))]
        self._renumber(gone_at, [self._place(self.fresh, j) for j in range(len(fresh))])

    # -- the order -------------------------------------------------------------------------------
    def _key(self, i: int) -> tuple[bool, int, str, str]:
        """The listing order's key of old record i (`search._static_key`, from the stored columns)."""
        return (bool(self.other[i]), self.rank[i], self.primary[i], self.ids[i])

    def _place(self, idx: SearchIndex, j: int, *, exact: bool = False) -> int:
        """Where record j of a small index goes among the old records (`exact`: it is one of them)."""
        s = idx.services[j]
        other, rank = idx.group[j]
        key = (other, rank, idx.primary[j], str(s["id"]))
        i = bisect_left(range(self.n), key, key=self._key)
        if exact:
            from .index_cache import record_bytes

            if i == self.n or self._old_record(i) != record_bytes(s):
                raise Unsuitable(f"record {j} gone from the store is not in the index")
        return i

    def _old_record(self, i: int) -> bytes:
        a = self.records_at + self.offsets[i]
        return self.f.mm[a : self.records_at + self.offsets[i + 1]]

    def _renumber(self, gone_at: list[int], fresh_at: list[int]) -> None:
        """The new number of each old record (GONE for those gone) and of each fresh one, and the new
        order as runs: (False, a, b) the old records a..b-1, (True, j, j+1) fresh record j."""
        newpos = array("I", bytes(4 * self.n))
        fresh_new = [0] * len(fresh_at)
        runs: list[tuple[bool, int, int]] = []
        gone = set(gone_at)
        pos = j = 0
        run: int | None = None
        for i in range(self.n):
            while j < len(fresh_at) and fresh_at[j] <= i:
                if run is not None:
                    runs.append((False, run, i))
                    run = None
                runs.append((True, j, j + 1))
                fresh_new[j], pos, j = pos, pos + 1, j + 1
            if i in gone:
                newpos[i] = GONE
                if run is not None:
                    runs.append((False, run, i))
                    run = None
            else:
                newpos[i], pos = pos, pos + 1
                if run is None:
                    run = i
        if run is not None:
            runs.append((False, run, self.n))
        while j < len(fresh_at):
            runs.append((True, j, j + 1))
            fresh_new[j], pos, j = pos, pos + 1, j + 1
        self.newpos, self.fresh_new, self.runs, self.count = newpos, fresh_new, runs, pos

    def _old_new(self, old: Any, fresh: Any = ()) -> list[int]:
        """Old record numbers renumbered (those gone left out) and fresh ones numbered, ascending."""
        got = [d for d in map(self.newpos.__getitem__, old) if d != GONE]
        if fresh:
            got += map(self.fresh_new.__getitem__, fresh)
            got.sort()
        return got

    # -- the file --------------------------------------------------------------------------------
    def chunks(self, key: str, stored_meta: dict[str, Any], count: int) -> list[Any]:
        from .index_cache import Sections, finish

        sec = Sections()
        self._records(sec)
        self._columns(sec)
        for name in ("with_hours", "always"):
            sec.add(name, array("I", self._old_new(self.f.array(name), sorted(getattr(self.fresh, name)))))
        self._tokens(sec)
        scratch = self._tables()
        made = finish(key, self.count, self._meta(stored_meta, count, scratch), sec, scratch)
        if made is None:
            raise Unsuitable("the facets")
        return made

    def _records(self, sec: Sections) -> None:
        from .index_cache import Span, record_bytes

        pieces: list[Any] = []
        offsets = array("Q", [0])
        off, at = self.offsets, self.records_at
        for is_fresh, a, b in self.runs:
            if is_fresh:
                blob = record_bytes(self.fresh.services[a])
                pieces.append(blob)
                offsets.append(offsets[-1] + len(blob))
            else:
                pieces.append(Span(self.f.mm, at + off[a], at + off[b]))
                shift = offsets[-1] - off[a]
                offsets.extend(off[k] + shift for k in range(a + 1, b + 1))
        sec.add("records", pieces)
        sec.add("records.offsets", offsets)

    def _columns(self, sec: Sections) -> None:
        from .index_cache import COLUMNS, FLAGS, columns, flags

        fresh = columns(self.fresh)
        for name in COLUMNS:
            off = self.f.view(name + ".offsets")
            if len(off) != self.n + 1:
                raise Unsuitable(name)
            base = self.f.span(name)[0]
            blob, offsets = bytearray(), array("Q", [0])
            for is_fresh, a, b in self.runs:
                if is_fresh:
                    blob += fresh[name][a].encode("utf-8")
                    offsets.append(len(blob))
                else:
                    shift = len(blob) - off[a]
                    blob += self.f.mm[base + off[a] : base + off[b]]
                    offsets.extend(off[k] + shift for k in range(a + 1, b + 1))
            sec.add(name, bytes(blob))
            sec.add(name + ".offsets", offsets)
        numbers = flags(self.fresh)
        for name, code in FLAGS:
            old, out = self.f.view(name), array(code)
            for is_fresh, a, b in self.runs:
                if is_fresh:
                    out.append(numbers[name][a])
                else:
                    out.frombytes(old[a:b].tobytes())
            sec.add(name, out)

    def _tokens(self, sec: Sections) -> None:
        """The word index: untouched words' postings copied in runs, renumbered; the words of records
        gone or fresh merged one by one."""
        from .index_cache import storable
        from .token_index import TokenIndex

        f = self.f
        words = f.strings("tokens.words")
        wstart, efield, dstart = (f.array("tokens." + name) for name in ("wstart", "efield", "dstart"))
        docs = f.view("tokens.docs")
        if len(wstart) != len(words) + 1 or len(dstart) != len(efield) + 1 or dstart[-1] != len(docs):
            raise Unsuitable("tokens")
        renumbered = array("I", map(self.newpos.__getitem__, docs))
        gone, fresh = self.gone.tokens, self.fresh.tokens
        expected = sum(gone.sizes.values())
        if renumbered.count(GONE) != expected:
            raise Unsuitable("the postings of the records gone")
        events: set[tuple[int, bool, str]] = set()  # (old place, an old word?, word)
        for w in gone.words:
            i = bisect_left(words, w)
            if i == len(words) or words[i] != w:
                raise Unsuitable("a word of a record gone")
            events.add((i, True, w))
        for w in fresh.words:
            i = bisect_left(words, w)
            events.add((i, i < len(words) and words[i] == w, w))
        out = _Postings()
        cur = removed = 0
        for i, known, w in sorted(events):  # a new word before the old word at its place
            out.copy(wstart, efield, dstart, renumbered, words, cur, i)
            entries: dict[int, list[int] | array[int]] = {}
            if known:
                for e in range(wstart[i], wstart[i + 1]):
                    seg = renumbered[dstart[e] : dstart[e + 1]]
                    if w in gone.postings:
                        k = seg.count(GONE)
                        removed += k
                        if k <= 8:  # a few records gone from a long list: taken out in C
                            for _ in range(k):
                                seg.remove(GONE)
                        else:
                            seg = array("I", [d for d in seg if d != GONE])
                    entries[efield[e]] = seg
                cur = i + 1
            else:
                cur = i
            for field, local in fresh.postings.get(w, ()):
                entries[field] = sorted([*entries.get(field, ()), *map(self.fresh_new.__getitem__, local)])
            out.word(w, entries)
        out.copy(wstart, efield, dstart, renumbered, words, cur, len(words))
        if removed != expected or not storable(out.words):
            raise Unsuitable("the word index")
        sec.token_arrays("tokens.", TokenIndex.frozen(out.words, {}, {}), out.arrays())

    def _tables(self) -> SearchIndex:
        """An index holding only the set tables of the new records and the facets made of them."""
        from .index_cache import SET_TABLES
        from .search import SearchIndex
        from .token_index import TokenIndex

        f = self.f
        scratch = SearchIndex.__new__(SearchIndex)
        for name in SET_TABLES:
            codes: list[str] = f.header["tables"][name]
            off, members = f.array(name + ".offsets"), f.view(name + ".members")
            if len(off) != len(codes) + 1 or off[-1] != len(members):
                raise Unsuitable(name)
            fresh: dict[str, set[int]] = getattr(self.fresh, name)
            old = dict(zip(codes, range(len(codes)), strict=True))
            table: dict[str, list[int]] = {}
            for code in sorted(old.keys() | fresh.keys()):
                k = old.get(code)
                got = self._old_new(members[off[k] : off[k + 1]] if k is not None else (), sorted(fresh.get(code, ())))
                if got:
                    table[code] = got
            setattr(scratch, name, table)
        scratch.facets, scratch.facet_members, scratch.facet_index = TokenIndex(), [], {}
        scratch._build_facets()
        return scratch

    # -- the directory's figures -----------------------------------------------------------------
    def _meta(self, stored: dict[str, Any], count: int, scratch: SearchIndex) -> dict[str, Any]:
        """The header's metadata, as `Directory._meta` makes it for the new data (no imported
        services here: `update` builds in full when there are)."""
        from .directory import Directory
        from .store import ENVELOPE_TABLES

        env = {k: stored[k] for k in ("schema", "version", "generated_at")}
        env.update({k: stored[k] for k in ENVELOPE_TABLES if isinstance(stored.get(k), list)})
        d = Directory({**env, "services": []})
        countries = sorted(scratch.by_country)
        d.central = {  # as `directory._summary`
            "version": env.get("version"),
            "generated_at": env.get("generated_at"),
            "services": count,
            "countries": countries,
            "stored_at": stored.get("stored_at"),
        }
        d._facet_values = {"country": countries, "language": self._languages(), "support_type": sorted(scratch.by_type)}
        return d._meta()

    def _languages(self) -> list[str]:
        """The languages records list (not those their channels speak, nor those assumed: the index's
        language table holds those too), from the old list, the records gone and the fresh."""
        import json

        from .tokens import strs

        listed = set(self.f.header["meta"]["facets"]["language"])
        fresh = {lang for s in self.fresh.services for lang in strs(s.get("languages"))}
        maybe = {lang for s in self.gone.services for lang in strs(s.get("languages"))} - fresh
        codes: list[str] = self.f.header["tables"]["by_language"]
        off, members = self.f.array("by_language.offsets"), self.f.view("by_language.members")
        for lang in maybe:
            k = codes.index(lang) if lang in codes else None
            kept = (i for i in members[off[k] : off[k + 1]] if self.newpos[i] != GONE) if k is not None else ()
            if not any(lang in strs(json.loads(self._old_record(i)).get("languages")) for i in kept):
                listed.discard(lang)
        return sorted(listed | fresh)


class _Postings:
    """The word index of the new file, as `Sections.token_index` lays it out, word by word or in runs."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.wstart, self.efield = array("I", [0]), array("B")
        self.dstart, self.docs = array("I", [0]), array("I")

    def word(self, w: str, entries: dict[int, Any]) -> None:
        fields = [field for field in sorted(entries) if len(entries[field])]
        if not fields:
            return  # no record has the word any more
        for field in fields:
            self.efield.append(field)
            self.docs.extend(entries[field])
            self.dstart.append(len(self.docs))
        self.words.append(w)
        self.wstart.append(len(self.efield))

    def copy(
        self,
        wstart: array[int],
        efield: array[int],
        dstart: array[int],
        docs: array[int],
        words: list[str],
        a: int,
        b: int,
    ) -> None:
        """Old words a..b-1 as they are, with their (renumbered) records."""
        if a >= b:
            return
        e0, e1 = wstart[a], wstart[b]
        shift = len(self.efield) - e0
        self.wstart.extend(x + shift for x in wstart[a + 1 : b + 1])
        self.efield.extend(efield[e0:e1])
        shift = len(self.docs) - dstart[e0]
        self.dstart.extend(x + shift for x in dstart[e0 + 1 : e1 + 1])
        self.docs.extend(docs[dstart[e0] : dstart[e1]])
        self.words += words[a:b]

    def arrays(self) -> tuple[array[int], array[int], array[int], array[int]]:
        return self.wstart, self.efield, self.dstart, self.docs
