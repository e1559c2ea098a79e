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
     "counts": {"imported", "skipped", "rejected"}}
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from .store import Store

IMPORTS_FILE = "imports.json"
TABLE = "sources"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class Layers:
    """The imported services of one data dir, by source label."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None, *, store: Store | None = None) -> None:
        self.store = store or Store(data_dir)
        self.path: Path = self.store.data_dir / IMPORTS_FILE

    @property
    def notices(self) -> list[str]:
        return self.store.notices

    def _db(self, *, holding_lock: bool = False) -> TinyDB:
        """The TinyDB, after moving a corrupt file aside (with a notice) so imports can start over."""
        return self.store.open_db(self.path, holding_lock=holding_lock)

    # -- reading -------------------------------------------------------------
    def layers(self) -> list[dict[str, Any]]:
        """Every label's document, by label."""
        if not self.path.exists():
            return []
        docs = [dict(d) for d in self._db().table(TABLE).all()]
        good = [d for d in docs if isinstance(d.get("label"), str) and isinstance(d.get("records", []), list)]
        if len(good) < len(docs):  # only a damaged file has these; vsd never writes them
            self.notices.append(
                f"{self.path.name}: ignored {len(docs) - len(good)} source document(s) without a label or records"
            )
        return sorted(good, key=lambda d: d["label"])

    def get(self, label: str) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        docs = self._db().table(TABLE).search(Query().label == label)
        return dict(docs[0]) if docs else None

    def services(self) -> list[dict[str, Any]]:
        """All imported records of all labels."""
        return [dict(rec) for doc in self.layers() for rec in doc.get("records", [])]

    def known_ids(self, label: str) -> dict[str, str]:
        """HSDS id -> vsd id of a label's records, so a re-import keeps the ids (and bookmarks) stable."""
        doc = self.get(label)
        if not doc:
            return {}
        return {h: v for v, h in (doc.get("hsds_ids") or {}).items()}

    # -- writing -------------------------------------------------------------
    def replace(
        self,
        label: str,
        *,
        source: str,
        kind: str,
        records: list[dict[str, Any]],
        hsds_ids: dict[str, str],
        fetched_at: str,
        incremental: bool = False,
        drop_hsds_ids: Iterable[str] = (),
        counts: dict[str, int] | None = None,
    ) -> dict[str, Any]:
        """Store one import of `label` in a single atomic write.

        Full: the label's records become exactly `records`. Incremental (a
        `modified_after` refresh): records with the same HSDS id are replaced,
        new ones added, those in `drop_hsds_ids` (now inactive/defunct) removed.
        """
        with self.store._locked(self.path):
            table = self._db(holding_lock=True).table(TABLE)
            old = table.search(Query().label == label)
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
            doc = {
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
            table.upsert(doc, Query().label == label)
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
        return dict(docs[0])


def imported_services(
    data_dir: str | os.PathLike[str] | None = None, *, store: Store | None = None, exclude_ids: Iterable[str] = ()
) -> tuple[list[dict[str, Any]], list[str]]:
    """The imported records to show beside the central directory, and notices about any left out.

    (What the layer file needed on its own -- a corrupt file moved aside -- goes
    to the store's `notices`.)

    A record whose id is already taken (by the central directory or an earlier
    label) is left out with a notice rather than shadowing it.
    """
    layers = Layers(data_dir, store=store)
    taken = set(exclude_ids)
    out: list[dict[str, Any]] = []
    notices: list[str] = []
    for doc in layers.layers():
        for rec in doc.get("records", []):
            rid = rec.get("id") if isinstance(rec, dict) else None
            if not isinstance(rid, str) or rid in taken:
                notices.append(f"imported record {rid} of '{doc.get('label')}' left out: its id is already used")
                continue
            taken.add(rid)
            out.append(dict(rec))
    return out, notices
