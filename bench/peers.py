"""Peer engines for the benchmarks: the same records, the same fields, the same re-rank as vsd.

    from bench.peers import engines
    for engine in engines(services):     # built here; each knows its build time and size
        ids = engine.search("telefono azurro", 3)

    python bench/peers.py                # which peers this machine can run, and why not

Every peer indexes the words vsd indexes (`directory.tokens.field_words` of each field, so folding,
transliteration and the cutting of unspaced scripts are shared), in the same fields with the same
weights as vsd's (`token_index.WEIGHTS`), and gets the same query words (`query_words`: native
and ASCII forms). Each peer's own candidates (its best `CANDIDATES`) are then re-ranked exactly
like vsd re-ranks its own (`rerank`, vsd's `FUZZ_SHARE` mix of word score and rapidfuzz similarity
to the folded names, plus its whole-name bonuses). So the engines differ only where they should:
which candidates they find and how they score words.

Peers:
- brute force: rapidfuzz `process.extract` (WRatio) of the query against every record's folded names;
- SQLite FTS5, `unicode61` tokenizer (words, prefix queries), bm25 with vsd's field weights;
- SQLite FTS5, `trigram` tokenizer (substrings of 3+ letters), bm25 likewise;
- tantivy (Rust, `pip install tantivy`), words with typo and prefix expansion (Levenshtein 1) on
  names, BM25 with field boosts.
A peer whose library is missing (tantivy not installed, an SQLite without FTS5 or trigram) is
skipped with a message.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process

from directory.normalize import clean, fold, fold_native, native_words
from directory.search import FUZZ_SHARE
from directory.token_index import ALIAS, NAME, ORG, PHONE, PLACE, TEXT, TYPE, WEIGHTS
from directory.tokens import country_words, field_words, query_words, strs, text_of, type_words

CANDIDATES = 200  # what each peer hands to the re-rank, like vsd's RESCORE
FIELDS = ("names", "aliases", "org", "phones", "types", "place", "text")
FIELD_WEIGHTS = (
    WEIGHTS[NAME],
    WEIGHTS[ALIAS],
    WEIGHTS[ORG],
    WEIGHTS[PHONE],
    WEIGHTS[TYPE],
    WEIGHTS[PLACE],
    WEIGHTS[TEXT],
)
_SAFE = re.compile(r"[^\w]+")


def record_fields(s: dict[str, Any]) -> tuple[str, ...]:
    """The text of each of FIELDS for one record, as vsd's index words joined by spaces."""

    def words(*texts: str) -> str:
        return " ".join(w for t in texts if t for w in field_words(t))

    channels = [c for c in s.get("channels") or [] if isinstance(c, dict)]
    phones = [text_of(c.get("value")) for c in channels if c.get("kind") in ("phone", "sms")]
    other = [text_of(c.get("value")) for c in channels if c.get("kind") not in ("phone", "sms")]
    labels = [text_of(c.get("label")) for c in channels]
    return (
        words(text_of(s.get("name")), text_of(s.get("name_en"))),
        words(*strs(s.get("aliases"))),
        words(text_of(s.get("organization"))),
        words(*phones) + " " + " ".join(re.sub(r"\D", "", p) for p in phones),
        " ".join(w for t in strs(s.get("support_types")) for w in type_words(t)),
        " ".join(w for c in strs(s.get("countries")) for w in country_words(c)) + " " + words(text_of(s.get("region"))),
        words(text_of(s.get("description")), *labels, *(re.sub(r"[:/.@]+", " ", o) for o in other)),
    )


def query_terms(text: str) -> list[str]:
    """The query's words as vsd reads them (native and ASCII forms), each once."""
    forms = [f for word in query_words(clean(text)) for f in word]
    return [t for t in dict.fromkeys(_SAFE.sub("", f) for f in forms) if t]


class Names:
    """Each record's folded names (name, name_en, aliases), for the shared re-rank."""

    def __init__(self, services: list[dict[str, Any]]) -> None:
        self.names: list[tuple[str, ...]] = []
        self.primary: list[str] = []
        self.secondary: list[str] = []
        self.native: list[str] = []  # the name folded with its script kept
        self.aliases: list[tuple[str, ...]] = []
        for s in services:
            name, en = fold(text_of(s.get("name"))), fold(text_of(s.get("name_en")))
            self.primary.append(name)
            self.secondary.append(en)
            self.native.append(fold_native(text_of(s.get("name"))))
            self.aliases.append(tuple(fold(a) for a in strs(s.get("aliases"))))
            self.names.append(tuple(n for n in (name, en, *map(fold, strs(s.get("aliases")))) if n))


def rerank(names: Names, text: str, candidates: list[tuple[int, float]], limit: int) -> list[int]:
    """vsd's rescoring (see `SearchIndex._rank` and `search._PhraseBonus`) over (record, engine score) pairs."""
    if not candidates:
        return []
    raw = clean(text)
    q = fold(raw)
    qn = " ".join(native_words(raw))
    top = max(v for _, v in candidates) or 1.0
    bare = q.replace(" ", "")
    out: list[tuple[float, int]] = []
    for d, v in candidates:
        sim = whole = 0.0
        for name in names.names[d]:
            sim = max(sim, fuzz.WRatio(q, name, processor=None))
            whole = max(whole, fuzz.ratio(q, name, processor=None))
        score = (1 - FUZZ_SHARE) * v / top + FUZZ_SHARE * (0.6 * sim + 0.4 * whole) / 100.0
        bonus = max(0.0, (whole - 90.0) / 100.0)
        if any(a == q or a.replace(" ", "") == bare for a in names.aliases[d]):
            bonus = 0.3
        for name in (names.primary[d], names.secondary[d]):
            if name and (name == q or name.replace(" ", "") == bare):
                bonus = 0.3
                break
            if name and len(q) >= 3 and name.startswith(q):
                bonus = max(bonus, 0.15)
        if bonus < 0.15 and qn and qn != q and len(qn) >= 2 and names.native[d].startswith(qn):
            bonus = 0.15
        out.append((score + bonus, d))
    out.sort(key=lambda sd: (-round(sd[0], 6), sd[1]))
    return [d for _, d in out[:limit]]


class Engine:
    """A peer: a name, its build time and on-disk size, and `search(text, limit)` -> record numbers."""

    name = ""

    def __init__(self, services: list[dict[str, Any]], names: Names, fields: list[tuple[str, ...]]) -> None:
        self.names = names
        t = time.perf_counter()
        self.build(services, fields)
        self.build_s = time.perf_counter() - t

    def build(self, services: list[dict[str, Any]], fields: list[tuple[str, ...]]) -> None:
        raise NotImplementedError

    def candidates(self, text: str) -> list[tuple[int, float]]:
        raise NotImplementedError

    def search(self, text: str, limit: int) -> list[int]:
        return rerank(self.names, text, self.candidates(text), limit)

    @property
    def size_mb(self) -> float:
        return 0.0

    def close(self) -> None:
        pass


class BruteForce(Engine):
    name = "brute force (rapidfuzz)"

    def build(self, services: list[dict[str, Any]], fields: list[tuple[str, ...]]) -> None:
        self.column = [" / ".join(n) for n in self.names.names]

    def candidates(self, text: str) -> list[tuple[int, float]]:
        q = fold(clean(text))
        if not q:
            return []
        found = process.extract(q, self.column, scorer=fuzz.WRatio, processor=None, limit=CANDIDATES)
        return [(i, score / 100.0) for _, score, i in found]

    @property
    def size_mb(self) -> float:
        return sum(len(c) for c in self.column) / 2**20


class _Fts5(Engine):
    tokenizer = ""

    def build(self, services: list[dict[str, Any]], fields: list[tuple[str, ...]]) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="vsd-bench-fts-"))
        self.path = self.dir / "index.db"
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        cols = ", ".join(FIELDS)
        self.db.execute(f"create virtual table fts using fts5({cols}, tokenize={self.tokenizer!r})")
        marks = ", ".join("?" * (len(FIELDS) + 1))
        self.db.executemany(f"insert into fts(rowid, {cols}) values ({marks})", ((i, *f) for i, f in enumerate(fields)))
        self.db.execute("insert into fts(fts) values ('optimize')")
        self.db.commit()
        weights = ", ".join(f"{w}" for w in FIELD_WEIGHTS)
        self.sql = f"select rowid, -bm25(fts, {weights}) from fts where fts match ? order by rank limit {CANDIDATES}"

    def expression(self, terms: list[str]) -> str:
        raise NotImplementedError

    def candidates(self, text: str) -> list[tuple[int, float]]:
        expr = self.expression(query_terms(text))
        if not expr:
            return []
        return [(int(i), float(v)) for i, v in self.db.execute(self.sql, (expr,))]

    @property
    def size_mb(self) -> float:
        return os.path.getsize(self.path) / 2**20

    def close(self) -> None:
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Fts5Words(_Fts5):
    name = "SQLite FTS5 unicode61"
    tokenizer = "unicode61 remove_diacritics 2"

    def expression(self, terms: list[str]) -> str:
        # Any word, each also as a prefix (as typed so far), like vsd's word expansion.
        return " OR ".join(f'"{t}"*' for t in terms)


class Fts5Trigram(_Fts5):
    name = "SQLite FTS5 trigram"
    tokenizer = "trigram"

    def expression(self, terms: list[str]) -> str:
        # Substrings: words shorter than three letters cannot be looked up by trigrams.
        return " OR ".join(f'"{t}"' for t in terms if len(t) >= 3)


class Tantivy(Engine):
    name = "tantivy"

    def build(self, services: list[dict[str, Any]], fields: list[tuple[str, ...]]) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        for f in FIELDS:
            builder.add_text_field(f, stored=False)
        builder.add_integer_field("i", stored=True, indexed=False, fast=True)
        self.schema = builder.build()
        self.dir = Path(tempfile.mkdtemp(prefix="vsd-bench-tantivy-"))
        self.index = tantivy.Index(self.schema, path=str(self.dir))
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for i, values in enumerate(fields):
            writer.add_document(tantivy.Document(i=i, **dict(zip(FIELDS, values, strict=True))))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.boosts = dict(zip(FIELDS, FIELD_WEIGHTS, strict=True))

    def candidates(self, text: str) -> list[tuple[int, float]]:
        terms = query_terms(text)
        if not terms:
            return []
        query = self.index.parse_query(
            " ".join(terms),
            list(FIELDS),
            field_boosts=self.boosts,
            fuzzy_fields={"names": (True, 1, True), "aliases": (True, 1, True)},
        )
        found = self.searcher.search(query, CANDIDATES).hits
        return [(self.searcher.doc(addr)["i"][0], score) for score, addr in found]

    @property
    def size_mb(self) -> float:
        return sum(p.stat().st_size for p in self.dir.rglob("*") if p.is_file()) / 2**20

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def settled() -> Iterator[None]:
    """Time queries with what was built out of the cyclic garbage collector's way, as the app has
    it (tui/app.py freezes what it loaded): otherwise a collection that walks every record of a
    large index lands in one timed query or another. Each engine, vsd or peer, is timed inside."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def available() -> list[tuple[type[Engine], str]]:
    """(peer, why it is skipped or "") for every peer."""
    out: list[tuple[type[Engine], str]] = [(BruteForce, "")]
    for cls in (Fts5Words, Fts5Trigram):
        try:
            sqlite3.connect(":memory:").execute(f"create virtual table t using fts5(a, tokenize={cls.tokenizer!r})")
            out.append((cls, ""))
        except sqlite3.Error as e:
            out.append((cls, f"SQLite {sqlite3.sqlite_version}: {e}"))
    try:
        import tantivy  # noqa: F401

        out.append((Tantivy, ""))
    except ImportError:
        out.append((Tantivy, "not installed (pip install tantivy)"))
    return out


def engines(
    services: list[dict[str, Any]], say: Callable[[str], None] = print, skip: tuple[type[Engine], ...] = ()
) -> list[Engine]:
    """Every available peer but `skip`, built over `services` (record numbers are positions in that list)."""
    names = Names(services)
    fields = [record_fields(s) for s in services]
    out: list[Engine] = []
    for cls, why in available():
        if cls in skip:
            continue
        if why:
            say(f"skipped {cls.name}: {why}")
            continue
        engine = cls(services, names, fields)
        say(f"built {engine.name}: {engine.build_s:.1f} s, {engine.size_mb:.0f} MB")
        out.append(engine)
    return out


def main() -> int:
    print(f"SQLite {sqlite3.sqlite_version}")
    for cls, why in available():
        print(f"{cls.name}: {why or 'available'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
