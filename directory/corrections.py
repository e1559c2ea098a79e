"""Corrections from the field: a caseworker says a service's number does not answer, its hours are
wrong, it has closed, or something else, and the curators read it beside the record.

A correction names a service and what is wrong with it, never a person: the dialog reminds the
caseworker not to write anything about a victim, and no field asks for one. Corrections are kept on
this computer in `corrections.json` in the data dir, beside the user data and like it never touched
by a sync: written atomically under the file's lock (`<file>.lock`, as the store's files).
`vsd corrections export` writes them to a private file (0600) to send by the usual channel; nothing
is ever sent by vsd.
"""

from __future__ import annotations

import json
import os
import tomllib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from .atomic import write_bytes_atomic
from .errors import InputError, VsdError
from .loading import parse_json_bytes, read_file_bytes
from .normalize import clean
from .safe_text import plain
from .store import LOCK_TIMEOUT_S, Store, utc_stamp

FORMAT = "vsd.corrections/1"
FILE = "corrections.json"
MAX_TEXT = 500
# An export of every correction one caseworker could file in years is a few hundred KiB.
MAX_IMPORT_BYTES = 4 * 1024 * 1024
_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Kind:
    id: str
    label: str  # the caseworker's words
    curator: str  # the curator's words


@cache
def kinds() -> dict[str, Kind]:
    """What can be reported, in the dialog's order (from correction_kinds.toml)."""
    data = tomllib.loads((_HERE / "correction_kinds.toml").read_text(encoding="utf-8"))
    return {k["id"]: Kind(k["id"], k["label"], k["curator"]) for k in data["kind"]}


@cache
def _validator() -> jsonschema_rs.Validator:
    schema = json.loads((_HERE / "corrections.schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def new_correction(
    service: dict[str, Any], kind: str, text: str = "", *, now: datetime | None = None, directory_version: Any = None
) -> dict[str, Any]:
    """A correction of `service`; VsdError (one line) when it says nothing usable."""
    if kind not in kinds():
        raise VsdError(f"unknown kind of problem {plain(kind)!r}; one of {', '.join(kinds())}")
    words = clean(text)[:MAX_TEXT]
    if kind == "other" and not words:
        raise VsdError("say what is wrong: “something else” needs a few words")
    sid = service.get("id")
    if not isinstance(sid, str) or not sid:
        raise VsdError("this service has no id, so a correction could not be matched to it")
    row: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "service_id": sid,
        "service_name": plain(service.get("name") or sid)[:200],
        "kind": kind,
        "text": words,
        "filed_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
    }
    if isinstance(directory_version, int) and not isinstance(directory_version, bool) and directory_version >= 0:
        row["directory_version"] = directory_version
    return row


def problems(envelope: Any) -> list[str]:
    """Why `envelope` is not a corrections file (empty when it is one)."""
    out = []
    for err in _validator().iter_errors(envelope):
        where = "/".join(str(p) for p in err.instance_path) or "the file"
        out.append(f"{where}: {err.message[:160]}")
        if len(out) >= 5:
            break
    return out


class CorrectionsFile:
    """corrections.json of a data dir."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.data_dir / FILE

    def all(self) -> list[dict[str, Any]]:
        """The corrections filed here, oldest first ([] when there are none yet)."""
        try:
            return self._read()
        except InputError as e:
            raise InputError(f"{e}; it is kept, and set aside when you next report a problem") from None

    def _read(self) -> list[dict[str, Any]]:
        if not os.path.lexists(self.path):
            return []
        raw = read_file_bytes(self.path, what="a corrections file", max_bytes=MAX_IMPORT_BYTES)
        data = parse_json_bytes(raw, str(self.path), max_bytes=MAX_IMPORT_BYTES)
        why = problems(data)
        if why:
            raise InputError(f"{self.path}: not a corrections file ({why[0]})")
        rows: list[dict[str, Any]] = data["corrections"]
        return rows

    def add(self, correction: dict[str, Any]) -> None:
        """Append one correction: one atomic write under the lock. A damaged file is moved aside
        first (kept, never overwritten) and said so in the store's notices."""
        from filelock import Timeout

        lock = self.store.lock(self.path)
        try:
            lock.acquire()
        except Timeout:
            raise VsdError(
                f"{self.path} is locked by another vsd process (waited {LOCK_TIMEOUT_S} s); try again"
            ) from None
        try:
            try:
                rows = self._read()
            except InputError as e:
                aside = self.path.with_name(f"{FILE}.corrupt-{utc_stamp()}")
                os.replace(self.path, aside)
                self.store.notices.append(f"{FILE} was unreadable ({e}); moved it to {aside}")
                rows = []
            rows.append(correction)
            write_bytes_atomic(self.path, _dumps({"format": FORMAT, "corrections": rows}))
        finally:
            lock.release()


def export_bytes(rows: list[dict[str, Any]], *, now: datetime | None = None) -> bytes:
    """The file a caseworker sends to the curators."""
    exported = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return _dumps({"format": FORMAT, "exported_at": exported, "corrections": rows})


def _dumps(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def read_export(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A corrections file someone sent: InputError (one line, naming the first problems) unless it
    is one. Every string in it may be hostile; callers show them through `plain`."""
    raw = read_file_bytes(path, what="a corrections file", max_bytes=MAX_IMPORT_BYTES)
    data = parse_json_bytes(raw, str(path), max_bytes=MAX_IMPORT_BYTES)
    why = problems(data)
    if why:
        more = f" (and {len(why) - 1} more)" if len(why) > 1 else ""
        raise InputError(
            f"{plain(str(path))}: not a corrections file from `vsd corrections export`: {plain(why[0])}{more}"
        )
    result: dict[str, Any] = data
    return result
