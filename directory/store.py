"""The local store: the directory copy and the user's own data, in TinyDB files.

TinyDB is neither crash-safe nor multi-process safe on its own, so every write
goes through `AtomicJSONStorage` (temp file + fsync + os.replace) and is made
under a `filelock` lock. Readers need no lock: a rename is atomic, so they see
the old file or the new one.

Files in the data dir:
- `directory.json` — tables `meta` (one document) and `services`; replaced whole by a sync.
- `userdata.json`  — tables `bookmarks` and `notes`; never touched by a sync.
- `state/<name>.json` — small state of other parts (sync settings, last sync).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.storages import Storage

from . import paths
from .atomic import write_json_atomic
from .bundled import bundled_path
from .errors import InputError, VsdError
from .loading import parse_json_bytes, read_json_file
from .validate import validate

DIRECTORY_FILE = "directory.json"
USERDATA_FILE = "userdata.json"
LOCK_TIMEOUT_S = 30
# Envelope tables beside the services (vsd.services/2), kept in the meta document.
ENVELOPE_TABLES = ("short_numbers", "coverage")


class CorruptStoreError(VsdError):
    """A store file that cannot be read as what it should be."""


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads strictly and writes atomically."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            data = parse_json_bytes(raw, str(self.path))
        except InputError as e:
            raise CorruptStoreError(str(e)) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise CorruptStoreError(f"{self.path}: not a TinyDB database (tables of documents)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_json_atomic(self.path, data)

    def close(self) -> None:
        pass


def _directory_shape_problem(meta: list[Any], services: list[Any]) -> str | None:
    """Why stored tables cannot be a directory (None when they can): the store is only ever
    written from validated data, so any of this means the file was damaged."""
    head = meta[0] if meta else None
    if not isinstance(head, dict):
        return "no directory meta document in the store"
    version = head.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        return "no directory version in the store"
    if not isinstance(head.get("generated_at"), str) or not isinstance(head.get("schema"), str):
        return "the directory meta document is incomplete"
    if not all(isinstance(s, dict) for s in services):
        return "a stored service is not a record"
    return None


def default_data_dir() -> Path:
    return paths.data_dir()


def utc_stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


class Store:
    """The data dir: one directory copy, the user's data, small state files."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.directory_path = self.data_dir / DIRECTORY_FILE
        self.userdata_path = self.data_dir / USERDATA_FILE
        # Messages for the user about what the store did on its own
        # (seeded, recovered a corrupt file); the front end shows them.
        self.notices: list[str] = []

    # -- locking -----------------------------------------------------------
    def lock(self, path: Path | None = None) -> FileLock:
        """The lock that guards writes to `path` (the directory file by default)."""
        target = path or self.directory_path
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(str(target) + ".lock", timeout=LOCK_TIMEOUT_S)

    def _locked(self, path: Path | None = None) -> FileLock:
        lock = self.lock(path)
        try:
            lock.acquire()
        except Timeout:
            raise VsdError(
                f"the store in {self.data_dir} is locked by another vsd process "
                f"(waited {LOCK_TIMEOUT_S} s); try again when it has finished"
            ) from None
        return lock

    # -- the directory -----------------------------------------------------
    def envelope(self) -> dict[str, Any]:
        """The directory as a services envelope, seeding or recovering the store if needed."""
        data = self._read_directory()
        if data is None or self._bundled_is_newer(data):
            with self._locked():
                data = self._read_directory(recover=True)
                if data is None or self._bundled_is_newer(data):
                    self._seed()
                    data = self._read_directory()
        assert data is not None
        return data

    def _bundled_is_newer(self, data: dict[str, Any]) -> bool:
        """An upgraded vsd may ship a newer snapshot than the copy a user never synced."""
        try:
            head = read_json_file(bundled_path())
        except InputError:
            return False
        version = head.get("version") if isinstance(head, dict) else None
        return isinstance(version, int) and version > data["version"]

    def _read_directory(self, *, recover: bool = False) -> dict[str, Any] | None:
        """The stored envelope, or None when absent (or, with recover, corrupt and moved aside)."""
        try:
            # One read of the file for both tables: TinyDB re-reads its storage for every
            # table, so a sync's rename between two reads would pair old meta with new services.
            tables = AtomicJSONStorage(self.directory_path).read() or {}
            meta = list(tables.get("meta", {}).values())
            services = list(tables.get("services", {}).values())
        except CorruptStoreError as e:
            if not recover:
                return None
            self._move_aside(self.directory_path, str(e))
            return None
        why = _directory_shape_problem(meta, services)
        if why:
            if self.directory_path.exists() and recover:
                self._move_aside(self.directory_path, why)
            return None
        env = {k: meta[0][k] for k in ("schema", "version", "generated_at")}
        env.update({k: meta[0][k] for k in ENVELOPE_TABLES if isinstance(meta[0].get(k), list)})
        env["services"] = [dict(s) for s in services]
        return env

    def _move_aside(self, path: Path, why: str) -> Path:
        aside = path.with_name(f"{path.name}.corrupt-{utc_stamp()}")
        os.replace(path, aside)
        self.notices.append(f"{path.name} was unreadable ({why}); moved it to {aside}")
        return aside

    def _seed(self) -> None:
        src = bundled_path()
        env = read_json_file(src)
        report = validate(env)
        if not report.ok:
            raise VsdError(
                f"the bundled directory {src} failed validation ({report.summary()}); "
                "reinstall vsd or run `vsd validate` for details"
            )
        self._write_directory(env, seeded_from=str(src))
        self.notices.append(
            f"seeded the store from the bundled directory (version {env['version']}, {len(env['services'])} services)"
        )

    def replace_directory(
        self, envelope: dict[str, Any], *, under_lock: Callable[[], None] | None = None, **meta: Any
    ) -> None:
        """Swap in a new, already validated directory atomically, under the lock.

        `under_lock` is called once the lock is held, before writing; it may
        raise to abort (e.g. a sync checking that nobody replaced the
        directory since it read it).
        """
        with self._locked():
            if under_lock is not None:
                under_lock()
            self._write_directory(envelope, **meta)

    def _write_directory(self, envelope: dict[str, Any], **extra: Any) -> None:
        meta = {k: envelope[k] for k in ("schema", "version", "generated_at")}
        meta.update({k: envelope[k] for k in ENVELOPE_TABLES if k in envelope})
        meta.update(extra, stored_at=datetime.now(UTC).isoformat(timespec="seconds"))
        data = {
            "meta": {"1": meta},
            "services": {str(i): s for i, s in enumerate(envelope["services"], start=1)},
        }
        write_json_atomic(self.directory_path, data)

    def meta(self) -> dict[str, Any]:
        """The stored directory's meta document (version, generated_at, stored_at, ...)."""
        self.envelope()  # seeds or recovers first
        db = TinyDB(self.directory_path, storage=AtomicJSONStorage)
        return dict(db.table("meta").all()[0])

    # -- user data ---------------------------------------------------------
    def open_db(self, path: Path, *, holding_lock: bool = False) -> TinyDB:
        """A TinyDB file of this store, after moving it aside (with a notice) if it is corrupt.

        The check is repeated under the lock: another process may have
        recovered the file in the meantime, and its good file must stay.
        """
        try:
            AtomicJSONStorage(path).read()
        except CorruptStoreError:
            lock = nullcontext() if holding_lock else self._locked(path)
            with lock:
                try:
                    AtomicJSONStorage(path).read()
                except CorruptStoreError as e:
                    self._move_aside(path, str(e))
        return TinyDB(path, storage=AtomicJSONStorage)

    def _userdata(self, *, holding_lock: bool = False) -> TinyDB:
        return self.open_db(self.userdata_path, holding_lock=holding_lock)

    def bookmarks(self) -> list[str]:
        """Bookmarked service ids, oldest first."""
        rows = self._userdata().table("bookmarks").all()
        return [r["id"] for r in sorted(rows, key=lambda r: r.get("added", ""))]

    def set_bookmark(self, service_id: str, on: bool = True) -> None:
        with self._locked(self.userdata_path):
            table = self._userdata(holding_lock=True).table("bookmarks")
            table.remove(Query().id == service_id)
            if on:
                table.insert({"id": service_id, "added": datetime.now(UTC).isoformat()})

    def note(self, service_id: str) -> str:
        rows = self._userdata().table("notes").search(Query().id == service_id)
        return rows[0]["text"] if rows else ""

    def set_note(self, service_id: str, text: str) -> None:
        with self._locked(self.userdata_path):
            table = self._userdata(holding_lock=True).table("notes")
            table.remove(Query().id == service_id)
            if text.strip():
                table.insert({"id": service_id, "text": text, "updated": datetime.now(UTC).isoformat()})

    # -- small state files ---------------------------------------------------
    def state_path(self, name: str) -> Path:
        return self.data_dir / "state" / f"{name}.json"

    def read_state(self, name: str) -> dict[str, Any]:
        """A small JSON state document; {} when absent or unreadable."""
        try:
            data = json.loads(self.state_path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def write_state(self, name: str, data: dict[str, Any]) -> None:
        path = self.state_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked(path):
            write_json_atomic(path, data)
