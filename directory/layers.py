"""The local layer: services imported from other sources (HSDS), kept beside the central directory.

They live in their own TinyDB file in the data dir, `imports.json`, table
`sources`: one document per import label with that source's records, where
they came from and when. A central sync replaces `directory.json` only and
never touches this file; re-importing a label replaces (or, for an
incremental refresh, updates) exactly that label's records. Writes are atomic
and locked like the store's (`AtomicJSONStorage`, `Store._locked`), and every
change to one label is a single write, so an import lands whole or not at all.

Document of one label::

    {"label", "source", "kind": "api"|"file", "imported_at", "fetched_at",
     "mode": "full"|"incremental", "records": [...], "hsds_ids": {vsd id: HSDS id},
     "counts": {"imported", "skipped", "rejected"}, "filters": {API parameter: value} (only when filtered)}

No credential is ever kept: `redact_url` takes user:password and token parameters out of an
address, and every stored source, and every record's origin and source, passes through it when
written and again when read (so a file written before this rule shows no secret either).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import msgspec
from tinydb import Query, TinyDB

from .atomic import write_chunks_atomic
from .plain_json import NOT_PLAIN, plain_value
from .store import AtomicJSONStorage, CorruptStoreError, Store

IMPORTS_FILE = "imports.json"
TABLE = "sources"


# Query parameters that carry a credential: these names, and any name holding one of the words.
SECRET_PARAMS = frozenset(
    {"key", "auth", "sig", "code", "pass", "pwd", "jwt", "hash", "hmac", "nonce", "otp", "pin", "ticket", "sid"}
)
SECRET_WORDS = ("token", "secret", "passw", "signature", "apikey", "api_key", "auth", "credential", "session")
_URL = re.compile(r"https?://[^\s'\"<>]+", re.IGNORECASE)


def is_secret_param(name: str) -> bool:
    n = name.strip().lower().replace("-", "_")
    return n in SECRET_PARAMS or n.endswith("_key") or any(w in n for w in SECRET_WORDS)


def redact_url(url: str) -> str:
    """`url` without user:password and without parameters that carry a credential."""
    if "@" not in url and "?" not in url:  # neither to take out (each record's source passes through here)
        return url
    return _redacted(url)


def _redacted(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//[^/@\s]*@", "//", url)
    netloc = parts.netloc.rpartition("@")[2]
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not is_secret_param(k)]
        if len(kept) < len(pairs):
            query = urlencode(kept)
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str) -> str:
    """Every http(s) address in `text` redacted (an origin reads "HSDS import 'x': <address>").

    Text without "@" and "?" is returned as it is: each address in it has neither, which `redact_url`
    leaves as it is (every record's origin and source passes here, at each write and read of its label)."""
    if "://" not in text or ("@" not in text and "?" not in text):
        return text
    return _URL.sub(lambda m: redact_url(m.group(0)), text)


def _redact_doc(doc: dict[str, Any]) -> dict[str, Any]:
    if isinstance(doc.get("source"), str):
        doc["source"] = redact_text(doc["source"])
    records = doc.get("records")
    if isinstance(records, list):
        doc["records"] = [redacted_record(r) for r in records]
    return doc


def redacted_record(rec: Any) -> Any:
    """The record with its origin and source redacted: itself when neither changes (nearly always; every
    record of a label passes here when it is written and when it is read). Anything but a dict is itself:
    a record handed over by an import's helper as the bytes to store (hsds/mapping.py) was checked there."""
    if not isinstance(rec, dict):
        return rec
    changed = {}
    for k in ("origin", "source"):
        value = rec.get(k)
        if isinstance(value, str):
            redacted = redact_text(value)
            if redacted != value:
                changed[k] = redacted
    return {**rec, **changed} if changed else rec


def _labelled(table: dict[Any, dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """The documents of `label`, in order: TinyDB's `search(Query().label == label)`."""
    return [d for d in table.values() if "label" in d and d["label"] == label]


def _replace_with(new: dict[str, Any]) -> Any:
    def transform(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new)

    return transform


class LayerStorage(AtomicJSONStorage):
    """The store's storage, written by msgspec (a part at a time, `_encoded`): the bytes `json.dumps(data, ensure_ascii=False,
    separators=(",", ":"))` writes (the store's format) five times as fast -- an import of 100k services
    writes some 250 MB. The two differ only on floats written with an exponent (1e16 against 1e+16, the
    same number) and NaN, which no record holds (the schema has no fractional field; the reader refuses
    NaN); a lone surrogate fails both ways (UnicodeEncodeError)."""

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_chunks_atomic(self.path, _encoded(data))

    def _parse(self, raw: bytes) -> Any:
        """Read by msgspec when that gives the capped parse's value (a re-import reads the file twice)."""
        value = plain_value(raw)
        return super()._parse(raw) if value is NOT_PLAIN else value


_ENCODE = msgspec.json.Encoder().encode
_RECORDS_AT_ONCE = 2000


def _encoded(data: Any) -> Iterator[bytes | memoryview]:
    """`_ENCODE(data)` a part at a time: a label's records a few thousand at once, so that the file (some
    250 MB at 100k services) is never held whole, nor its memory touched for the first time (0.1 s).

    msgspec writes a dict as "{", its members `"key":value` joined by ",", "}", and a list as "[", its
    items joined by ",", "]": the parts joined are its bytes, whatever the data holds."""
    if not isinstance(data, dict) or not data:
        yield _ENCODE(data)
        return
    for i, (name, docs) in enumerate(data.items()):
        yield (b"," if i else b"{") + _key(name)
        if not isinstance(docs, dict) or not docs:
            yield _ENCODE(docs)
            continue
        for j, (doc_id, doc) in enumerate(docs.items()):
            yield (b"," if j else b"{") + _key(doc_id)
            yield from _encoded_doc(doc)
        yield b"}"
    yield b"}"


def _key(key: Any) -> bytes:
    """A member's key as msgspec writes it, with its colon (`{key: 0}` written, less "{" and "0}")."""
    return _ENCODE({key: 0})[1:-2]


def _encoded_doc(doc: Any) -> Iterator[bytes | memoryview]:
    records = doc.get("records") if isinstance(doc, dict) else None
    if not isinstance(records, list) or len(records) <= _RECORDS_AT_ONCE:
        yield _ENCODE(doc)
        return
    for i, (key, value) in enumerate(doc.items()):
        yield (b"," if i else b"{") + _key(key)
        if value is not records:
            yield _ENCODE(value)
            continue
        yield b"["
        for start in range(0, len(records), _RECORDS_AT_ONCE):
            if start:
                yield b","
            yield memoryview(_ENCODE(records[start : start + _RECORDS_AT_ONCE]))[1:-1]  # "[a,b,...]" less []
        yield b"]"
    yield b"}"


def _identity(path: Path) -> tuple[int, ...] | None:
    """What tells one version of a file from another (None when there is none): every write of the
    file replaces it (a new inode, `write_chunks_atomic`), and an edit in place changes its times."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Layers:
    """The imported services of one data dir, by source label."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None, *, store: Store | None = None) -> None:
        self.store = store or Store(data_dir)
        self.path: Path = self.store.data_dir / IMPORTS_FILE
        self._kept: tuple[tuple[int, ...], dict[str, Any]] | None = None  # `_tables`' last read, for `replace`

    @property
    def notices(self) -> list[str]:
        return self.store.notices

    def _db(self, *, holding_lock: bool = False) -> TinyDB:
        """The TinyDB, after moving a corrupt file aside (with a notice) so imports can start over."""
        return self.store.open_db(self.path, holding_lock=holding_lock, storage=LayerStorage)

    # -- reading -------------------------------------------------------------
    def layers(self) -> list[dict[str, Any]]:
        """Every label's document, by label."""
        if not self.path.exists():
            return []
        docs = [_redact_doc(dict(d)) for d in self._db().table(TABLE).all()]
        good = [d for d in docs if isinstance(d.get("label"), str) and isinstance(d.get("records", []), list)]
        if len(good) < len(docs):  # only a damaged file has these; vsd never writes them
            self.notices.append(
                f"{self.path.name}: ignored {len(docs) - len(good)} source document(s) without a label or records"
            )
        return sorted(good, key=lambda d: d["label"])

    def _tables(self, *, holding_lock: bool = False) -> dict[str, Any]:
        """The file's tables, read once: through TinyDB, reading a label and writing one read the whole
        file two and three times more (some 250 MB each at 100k services). A corrupt file is moved
        aside first, with its notice, as `_db` does.

        What was read is kept, with the file's identity, for `replace`: a re-import reads the label
        before it maps the services and writes it after, and the file read again (1.5 s and 0.7 GB more
        at 100k services) is nearly always the one already read. Nothing changes the kept tables but
        `replace`, which takes them (none are kept after it): `get` hands out a copy of its document
        (whose records and ids are the kept ones: the import only reads them)."""
        kept = self._kept
        if kept is not None and kept[0] == _identity(self.path):
            return kept[1]
        try:
            return self._read_tables()
        except CorruptStoreError:
            self._db(holding_lock=holding_lock)
        return self._read_tables()

    def _read_tables(self) -> dict[str, Any]:
        """The tables as read now, kept when the file was the same one (same identity) all along."""
        self._kept = None
        before = _identity(self.path)
        tables = LayerStorage(self.path).read() or {}
        if before is not None and _identity(self.path) == before:
            self._kept = (before, tables)
        return tables

    def get(self, label: str) -> dict[str, Any] | None:
        """The label's document as read (None when there is none). Read-only: its records are the very
        objects `replace` may write back from the read kept (a caller that changed one would write it)."""
        if not self.path.exists():
            return None
        docs = _labelled(self._tables().get(TABLE) or {}, label)
        return _redact_doc(dict(docs[0])) if docs else None

    def services(self) -> list[dict[str, Any]]:
        """All imported records of all labels."""
        return [dict(rec) for doc in self.layers() for rec in doc.get("records", [])]

    def known_ids(self, label: str) -> dict[str, str]:
        """HSDS id -> vsd id of a label's records, so a re-import keeps the ids (and bookmarks) stable."""
        return known_ids_of(self.get(label))

    # -- writing -------------------------------------------------------------
    def replace(
        self,
        label: str,
        *,
        source: str,
        kind: str,
        records: list[Any],  # dicts, or (a full file import's) bytes to store as they are (Outcome.stored)
        hsds_ids: dict[str, str],
        fetched_at: str,
        incremental: bool = False,
        drop_hsds_ids: Iterable[str] = (),
        counts: dict[str, int] | None = None,
        requested: str | None = None,
        filters: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Store one import of `label` in a single atomic write.

        Full: the label's records become exactly `records`. Incremental (a
        `modified_after` refresh): records with the same HSDS id are replaced,
        new ones added, those in `drop_hsds_ids` (now inactive/defunct) removed.
        """
        with self.store._locked(self.path):
            try:
                # the tables read before (by `get`) when the file is still that one, else read now
                tables = self._tables(holding_lock=True)
            finally:
                self._kept = None  # changed below, and written: never used again
            raw = tables.get(TABLE) or {}
            old = _labelled(raw, label)
            if incremental and old:
                prev = dict(old[0])
                by_hsds: dict[str, dict[str, Any]] = {}
                prev_ids = prev.get("hsds_ids") or {}
                for rec in prev.get("records", []):
                    by_hsds[prev_ids.get(rec["id"], rec["id"])] = rec
                for rec in records:
                    by_hsds[hsds_ids[rec["id"]]] = rec
                for h in drop_hsds_ids:
                    by_hsds.pop(h, None)
                merged = list(by_hsds.values())
                ids = {rec["id"]: h for h, rec in by_hsds.items()}
            else:
                merged, ids = list(records), dict(hsds_ids)
            doc = _redact_doc(
                {
                    "label": label,
                    "source": source,
                    "kind": kind,
                    "imported_at": _now(),
                    "fetched_at": fetched_at,
                    "mode": "incremental" if incremental and old else "full",
                    "records": merged,
                    "hsds_ids": ids,
                    "counts": dict(counts or {}),
                }
            )
            if filters:
                doc["filters"] = dict(filters)  # what the API was asked to match (a re-import must ask the same)
            if requested and redact_url(requested) != doc["source"]:
                doc["requested"] = redact_url(requested)  # the address asked for, when it redirected
            # What TinyDB's update or insert writes, from the tables read above: its ids are ints ("01" is 1).
            table = {int(doc_id): d for doc_id, d in raw.items()}
            if old:  # the whole document replaced in one write: no key of the last import lingers
                for d in _labelled(table, label):
                    _replace_with(doc)(d)
            else:
                table[max(table, default=0) + 1] = dict(doc)
            tables[TABLE] = {str(doc_id): d for doc_id, d in table.items()}
            LayerStorage(self.path).write(tables)
        return doc

    def remove(self, label: str) -> dict[str, Any] | None:
        """Drop one label and its records; returns what was removed (None if there was no such label)."""
        if not self.path.exists():
            return None
        with self.store._locked(self.path):
            table = self._db(holding_lock=True).table(TABLE)
            docs = table.search(Query().label == label)
            if not docs:
                return None
            table.remove(Query().label == label)
        return _redact_doc(dict(docs[0]))


def known_ids_of(doc: dict[str, Any] | None) -> dict[str, str]:
    """`Layers.known_ids` of a label's document already read (the file, all labels, is read whole)."""
    if not doc:
        return {}
    return {h: v for v, h in (doc.get("hsds_ids") or {}).items()}


def imported_services(
    data_dir: str | os.PathLike[str] | None = None, *, store: Store | None = None, exclude_ids: Iterable[str] = ()
) -> tuple[list[dict[str, Any]], list[str]]:
    """The imported records to show beside the central directory, and notices about any left out.

    (What the layer file needed on its own -- a corrupt file moved aside -- goes
    to the store's `notices`.)

    A record whose id is already taken (by the central directory or an earlier
    label) is left out with a notice rather than shadowing it.
    """
    from .validate import has_record_shape

    layers = Layers(data_dir, store=store)
    taken = set(exclude_ids)
    out: list[dict[str, Any]] = []
    notices: list[str] = []
    for doc in layers.layers():
        for rec in doc.get("records", []):
            # imports.json is a file anyone with the user's rights can edit: a record of a shape the import
            # never writes (channels that are a number...) would break the search built from it
            if not has_record_shape(rec):
                rid = rec.get("id") if isinstance(rec, dict) else None
                shown = rid if isinstance(rid, str) else "without an id"
                notices.append(f"imported record {shown} of '{doc.get('label')}' left out: it is not a valid record")
                continue
            rid = rec["id"]
            if rid in taken:
                notices.append(f"imported record {rid} of '{doc.get('label')}' left out: its id is already used")
                continue
            unsafe = _unsafe_number(rec)
            if unsafe:
                notices.append(f"imported record {rid} of '{doc.get('label')}' left out: {unsafe}")
                continue
            taken.add(rid)
            out.append(dict(rec))
    return out, notices


def _unsafe_number(rec: dict[str, Any]) -> str | None:
    """Why a stored record's phone would not display as the number it dials, or None.

    The import checked this; it is checked again on every load because imports.json is a file
    anyone with the user's rights can edit, and a spoofed number sends a victim elsewhere."""
    from . import phones

    for ch in rec.get("channels") or ():
        if isinstance(ch, dict) and ch.get("kind") in ("phone", "sms"):
            value = ch.get("value")
            problem = phones.display_problem(value) if isinstance(value, str) else "is not text"
            if problem:
                shown = phones.shown(value) if isinstance(value, str) else repr(type(value).__name__)
                return f"its {ch['kind']} {shown} {problem}"
    return None
