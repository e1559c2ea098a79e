"""The local store: the directory copy and the user's own data, in TinyDB files.

TinyDB is neither crash-safe nor multi-process safe on its own, so every write
goes through `AtomicJSONStorage` (temp file + fsync + os.replace) and is made
under a `filelock` lock. Readers need no lock: a rename is atomic, so they see
the old file or the new one.

Files in the data dir:
- `directory.json` — tables `meta` (one document) and `services`; replaced whole by a sync. The meta
  names the validation rules every record passed (`validated_with`), so that a sync need not check
  again the records it finds unchanged.
- `userdata.json`  — tables `bookmarks` and `notes`; never touched by a sync.
- `state/<name>.json` — small state of other parts (sync settings, last sync).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage

from . import paths
from .atomic import write_chunks_atomic, write_json_atomic
from .bundled import bundled_path
from .errors import DiskFullError, InputError, VsdError, is_disk_full
from .gc_pause import gc_paused
from .loading import parse_json_bytes, read_json_file

if TYPE_CHECKING:
    from filelock import FileLock

# filelock and the validator (jsonschema, pycountry, phonenumbers) are imported where a write or a
# seed needs them: a command that only reads the store (`vsd info`, `vsd search`) starts without them.

DIRECTORY_FILE = "directory.json"
USERDATA_FILE = "userdata.json"
LOCK_TIMEOUT_S = 30
# Envelope tables beside the services (vsd.services/2), kept in the meta document.
ENVELOPE_TABLES = ("short_numbers", "coverage")


# The meta field naming the validation rules (`validate.rules_stamp`) every stored record passed.
VALIDATED_WITH = "validated_with"


@dataclass(frozen=True)
class StoredDirectory:
    """directory.json as written: its meta document, and each record as the JSON text stored."""

    meta: dict[str, Any]
    records: list[Any]  # msgspec.Raw: bytes-like, sliced from the file without a copy


def _record_json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class CorruptStoreError(VsdError):
    """A store file that cannot be read as what it should be."""


# The store's own file, written by vsd once validated: a directory of 1,000,000 services is 1-2.5 GB
# (issue 16), above the limit for files vsd is given (loading.MAX_FILE_BYTES).
STORE_MAX_BYTES = 4 * 2**30


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads strictly and writes atomically."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        raw = _read_regular_file(self.path, STORE_MAX_BYTES)  # a FIFO or device is refused, never read
        if raw is None:
            return None
        try:
            with gc_paused():
                data = self._parse(raw)
        except InputError as e:
            raise CorruptStoreError(str(e)) from None
        # TinyDB turns every document id into an int and every document into a dict: check both here,
        # or a damaged file ({"sources": {"x": null}}) crashes every command that opens it.
        if not isinstance(data, dict) or not all(
            isinstance(t, dict) and all(k.isdigit() and isinstance(d, dict) for k, d in t.items())
            for t in data.values()
        ):
            raise CorruptStoreError(f"{self.path}: not a TinyDB database (tables of documents)")
        return data

    def _parse(self, raw: bytes) -> Any:
        """The file's JSON, within the caps (a subclass may read it faster: the same value or error)."""
        return parse_json_bytes(raw, str(self.path), max_bytes=STORE_MAX_BYTES)

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


# userdata.json holds at most a bookmark and a 2,000-character note per service, far less
# than this: the cap only refuses, before reading it into memory, a file vsd did not write.
USERDATA_MAX_BYTES = 64 * 1024 * 1024
_SPECIAL_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_a_file(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO (named pipe)", ...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for is_kind, name in _SPECIAL_KINDS if is_kind(mode)), "a special file")


def _os_reason(e: OSError) -> str:
    """An OSError in words, naming the usual causes of a failed write."""
    text = e.strerror or str(e)
    if is_disk_full(e):
        return f"the disk is full: {text}"
    if e.errno == errno.EROFS:
        return f"the disk is read-only: {text}"
    if e.errno in (errno.EACCES, errno.EPERM):
        return f"no permission: {text}"
    return text


def _read_regular_file(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of a regular file, or None when there is none; CorruptStoreError (one line)
    when it is special, unreadable or too large. The file type is checked before opening,
    and the open is non-blocking (checked again on the descriptor), so a FIFO cannot hang."""
    try:
        kind = _not_a_file(os.stat(path).st_mode)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise CorruptStoreError(f"cannot read it: {e.strerror or e}") from None
    if kind:
        raise CorruptStoreError(f"it is {kind}, not a file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise CorruptStoreError(f"cannot read it: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        kind = _not_a_file(st.st_mode)
        if kind:
            raise CorruptStoreError(f"it is {kind}, not a file")
        chunks: list[bytes] = []
        total = 0
        # The whole file in one read where it can be (a single chunk is joined without a copy, so a
        # 90 MB store costs 90 MB, not twice that), then pieces for whatever it grew by meanwhile.
        want = min(max(st.st_size, 1 << 20), max_bytes) + 1
        while chunk := os.read(fd, want):
            total += len(chunk)
            if total > max_bytes:
                raise CorruptStoreError(f"it is larger than {max_bytes // 2**20} MiB")
            chunks.append(chunk)
            want = 1 << 20
    except OSError as e:
        raise CorruptStoreError(f"cannot read it: {e.strerror or e}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _read_userdata(path: Path) -> dict[str, dict[str, Any]]:
    """The tables of a user-data file ({} when absent), or CorruptStoreError."""
    raw = _read_regular_file(path, USERDATA_MAX_BYTES)
    if raw is None:
        return {}
    try:
        data = parse_json_bytes(raw, str(path))
    except InputError as e:
        raise CorruptStoreError(str(e)) from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptStoreError(f"{path}: not a TinyDB database (tables of documents)")
    return data


def _table(tables: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    return tables.setdefault(name, {})


def _rows_of(tables: dict[str, dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The documents of a table that have a string id (a damaged row is skipped, and kept)."""
    return [r for r in tables.get(name, {}).values() if isinstance(r, dict) and isinstance(r.get("id"), str)]


def _next_key(table: dict[str, Any]) -> str:
    """The next TinyDB document id of a table."""
    return str(max((int(k) for k in table if k.isdigit()), default=0) + 1)


def default_data_dir() -> Path:
    return paths.data_dir()


def utc_stamp(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")


def _temp_target(name: str) -> str | None:
    """The file a temp file was written for (".userdata.json.k3x9.tmp" -> "userdata.json"), or None."""
    if not name.startswith(".") or not (name.endswith(".tmp") or name.endswith(".probe")):
        return None
    for target in (DIRECTORY_FILE, USERDATA_FILE, "imports.json"):
        if name.startswith(f".{target}."):
            return target
    if name.endswith(".tmp") and name.count(".json.") == 1:  # state files: .sync.json.<random>.tmp
        return name[1:].split(".json.")[0] + ".json"
    return None


class Store:
    """The data dir: one directory copy, the user's data, small state files."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.directory_path = self.data_dir / DIRECTORY_FILE
        self.userdata_path = self.data_dir / USERDATA_FILE
        # Messages for the user about what the store did on its own
        # (seeded, recovered a corrupt file); the front end shows them.
        self.notices: list[str] = []
        # The meta document of the directory copy last read (see `meta`).
        self.stored_meta: dict[str, Any] = {}
        # Set when userdata.json cannot be read nor moved aside: bookmarks and notes are read-only.
        self._userdata_blocked: str | None = None

    # -- locking -----------------------------------------------------------
    def lock(self, path: Path | None = None) -> FileLock:
        """The lock that guards writes to `path` (the directory file by default)."""
        from filelock import FileLock

        target = path or self.directory_path
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(str(target) + ".lock", timeout=LOCK_TIMEOUT_S)

    def _locked(self, path: Path | None = None) -> AbstractContextManager[Any]:
        """The lock, acquired, for a `with` block that releases it.

        The proxy, not the lock: `with lock:` would acquire a second level and release only
        one, so the lock stayed held until garbage collection (for ever while a traceback
        kept it alive, and a retry in the same process then timed out).
        """
        from filelock import Timeout

        lock = self.lock(path)
        try:
            return lock.acquire()
        except Timeout:
            raise VsdError(
                f"the store in {self.data_dir} is locked by another vsd process "
                f"(waited {LOCK_TIMEOUT_S} s); try again when it has finished"
            ) from None

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
        self.stored_meta = dict(meta[0])  # stored_at and the rest, for `meta()` without a second read
        env = {k: meta[0][k] for k in ("schema", "version", "generated_at")}
        env.update({k: meta[0][k] for k in ENVELOPE_TABLES if isinstance(meta[0].get(k), list)})
        with gc_paused():
            env["services"] = [dict(s) for s in services]
        return env

    def _move_aside(self, path: Path, why: str) -> Path:
        aside = path.with_name(f"{path.name}.corrupt-{utc_stamp()}")
        n = 1
        while os.path.lexists(aside):  # a second recovery within the second keeps the first
            aside, n = path.with_name(f"{path.name}.corrupt-{utc_stamp()}-{n}"), n + 1
        os.replace(path, aside)
        self.notices.append(f"{path.name} was unreadable ({why}); moved it to {aside}")
        return aside

    def _seed(self) -> None:
        from .validate import validate

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

    def replace_directory_records(
        self,
        head: dict[str, Any],
        records: Sequence[bytes | memoryview | Any],
        *,
        under_lock: Callable[[], None] | None = None,
        **meta: Any,
    ) -> None:
        """`replace_directory` for a directory given as its envelope fields (`head`, without services)
        and the JSON text of each record, already validated: the records are written as they are,
        never parsed nor held twice (a sync keeps most of them unchanged from the copy it replaces)."""
        with self._locked():
            if under_lock is not None:
                under_lock()
            self._write_tables(self._meta_of(head, meta), records)

    def _write_directory(self, envelope: dict[str, Any], **extra: Any) -> None:
        records = (_record_json(s) for s in envelope["services"])
        self._write_tables(self._meta_of(envelope, extra), records)

    @staticmethod
    def _meta_of(envelope: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        from .validate import rules_stamp  # every caller has validated already: the import is done

        meta = {k: envelope[k] for k in ("schema", "version", "generated_at")}
        meta.update({k: envelope[k] for k in ENVELOPE_TABLES if k in envelope})
        meta.update(extra, stored_at=datetime.now(UTC).isoformat(timespec="seconds"))
        meta[VALIDATED_WITH] = rules_stamp()
        return meta

    def _write_tables(self, meta: dict[str, Any], records: Iterable[bytes | memoryview | Any]) -> None:
        """directory.json, streamed: {"meta":{"1":META},"services":{"1":REC,"2":REC,...}}."""

        def chunks() -> Iterator[bytes | memoryview | Any]:
            yield b'{"meta":{"1":' + _record_json(meta) + b'},"services":{'
            for i, rec in enumerate(records, start=1):
                yield f'{"," if i > 1 else ""}"{i}":'.encode()
                yield rec
            yield b"}}"

        write_chunks_atomic(self.directory_path, chunks())

    def stored_records(self) -> StoredDirectory | None:
        """The stored directory as its meta document and the JSON text of each record, without parsing
        the records; None when the file is missing or not what vsd writes (`envelope()` then says why)."""
        import msgspec

        try:
            raw = _read_regular_file(self.directory_path, STORE_MAX_BYTES)
            if raw is None:
                return None
            tables = msgspec.json.decode(raw, type=dict[str, dict[str, msgspec.Raw]])
            meta = [parse_json_bytes(bytes(r), str(self.directory_path)) for r in tables.get("meta", {}).values()]
        except (CorruptStoreError, InputError, msgspec.DecodeError, RecursionError):
            return None
        if _directory_shape_problem(meta, []) or self._bundled_is_newer(meta[0]):
            return None  # `envelope()` recovers or reseeds it
        return StoredDirectory(meta[0], list(tables.get("services", {}).values()))

    def meta(self) -> dict[str, Any]:
        """The stored directory's meta document (version, generated_at, stored_at, ...)."""
        self.envelope()  # seeds or recovers first, and keeps the meta document it read
        return dict(self.stored_meta)

    # -- user data ---------------------------------------------------------
    def open_db(
        self, path: Path, *, holding_lock: bool = False, storage: type[AtomicJSONStorage] = AtomicJSONStorage
    ) -> TinyDB:
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
        return TinyDB(path, storage=storage)

    def _userdata_tables(self, *, holding_lock: bool = False) -> dict[str, dict[str, Any]]:
        """userdata.json's tables ({} when it does not exist yet).

        A damaged, unreadable or special file (FIFO, device, directory) is moved
        aside with a notice, after checking again under the lock (another process
        may have recovered it, and its good file must stay). One that cannot be
        moved aside leaves bookmarks and notes empty and read-only, with a notice.
        """
        self._userdata_blocked = None
        try:
            return _read_userdata(self.userdata_path)
        except CorruptStoreError:
            pass
        try:
            lock = nullcontext() if holding_lock else self._locked(self.userdata_path)
            with lock:
                try:
                    return _read_userdata(self.userdata_path)
                except CorruptStoreError as e:
                    why = str(e)
                self._move_aside(self.userdata_path, why)
        except (OSError, VsdError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            self._userdata_blocked = (
                f"{self.userdata_path} cannot be read and could not be moved aside ({reason}); "
                "bookmarks and notes are read-only and empty until it is fixed"
            )
            if self._userdata_blocked not in self.notices:
                self.notices.append(self._userdata_blocked)
        return {}

    def userdata_read_only(self) -> str | None:
        """Why bookmarks and notes cannot be saved (one line), or None when they can.

        Probed for real: a scratch file is created and removed beside userdata.json,
        as the atomic write and the lock will need.
        """
        self._userdata_tables()
        if self._userdata_blocked:
            return self._userdata_blocked
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(prefix=f".{USERDATA_FILE}.", suffix=".probe", dir=self.data_dir)
            os.close(fd)
            Path(probe).unlink(missing_ok=True)  # a start-up clean-up may have taken it already
        except OSError as e:
            return f"cannot write in {self.data_dir} ({_os_reason(e)})"
        if self.userdata_path.exists() and not os.access(self.userdata_path, os.W_OK):
            return f"{self.userdata_path} is read-only"
        return None

    def _update_userdata(self, change: Callable[[dict[str, dict[str, Any]]], None]) -> None:
        """Apply `change` to the tables and write the file once, atomically, under the lock.

        A write that fails (full disk, read-only folder) or is killed at any step
        leaves the file as it was before; the failure is one VsdError line.
        """
        try:
            lock = self._locked(self.userdata_path)
        except OSError as e:  # the lock file cannot be created: the folder is read-only
            self._userdata_tables()
            raise VsdError(
                self._userdata_blocked
                or f"bookmarks and notes are read-only: cannot write in {self.data_dir} ({_os_reason(e)})"
            ) from None
        with lock:
            tables = self._userdata_tables(holding_lock=True)
            if self._userdata_blocked:
                raise VsdError(self._userdata_blocked)
            change(tables)
            try:
                write_json_atomic(self.userdata_path, tables)
            except OSError as e:
                error = DiskFullError if is_disk_full(e) else VsdError
                raise error(f"cannot write {self.userdata_path} ({_os_reason(e)}); it was left as it was") from None

    def bookmarks(self) -> list[str]:
        """Bookmarked service ids, oldest first."""
        rows = _rows_of(self._userdata_tables(), "bookmarks")
        return [r["id"] for r in sorted(rows, key=lambda r: str(r.get("added", "")))]

    def set_bookmark(self, service_id: str, on: bool = True) -> None:
        def change(tables: dict[str, dict[str, Any]]) -> None:
            table = _table(tables, "bookmarks")
            for key in [k for k, r in table.items() if isinstance(r, dict) and r.get("id") == service_id]:
                del table[key]
            if on:
                table[_next_key(table)] = {"id": service_id, "added": datetime.now(UTC).isoformat()}

        self._update_userdata(change)

    def noted_ids(self) -> list[str]:
        """Ids of the services with a private note, oldest note first."""
        rows = _rows_of(self._userdata_tables(), "notes")
        rows = [r for r in rows if isinstance(r.get("text"), str) and r["text"].strip()]
        return list(dict.fromkeys(r["id"] for r in sorted(rows, key=lambda r: str(r.get("updated", "")))))

    def note(self, service_id: str) -> str:
        for row in _rows_of(self._userdata_tables(), "notes"):
            if row["id"] == service_id and isinstance(row.get("text"), str):
                return str(row["text"])
        return ""

    def set_note(self, service_id: str, text: str) -> None:
        """Set (or, with blank text, remove) a note: one atomic write of the whole file, so a
        kill or a full disk leaves the old note or the new one, never none."""

        def change(tables: dict[str, dict[str, Any]]) -> None:
            table = _table(tables, "notes")
            keys = [k for k, r in table.items() if isinstance(r, dict) and r.get("id") == service_id]
            for key in keys[1:] if text.strip() else keys:
                del table[key]
            if text.strip():
                row = {"id": service_id, "text": text, "updated": datetime.now(UTC).isoformat()}
                table[keys[0] if keys else _next_key(table)] = row

        self._update_userdata(change)

    # -- left-overs ----------------------------------------------------------
    def clean_stale_temp_files(self) -> list[Path]:
        """Remove the temp files a killed write left behind (`.directory.json.<random>.tmp`, ...).

        A write keeps its temp file only while it holds the lock of the file it replaces, so a temp
        file whose lock can be taken at once belongs to a write that died; one whose lock is held
        may be a write in progress and is left alone. Returns what was removed."""
        from filelock import FileLock, Timeout

        removed: list[Path] = []
        for folder in (self.data_dir, self.data_dir / "state"):
            try:
                names = sorted(p.name for p in folder.iterdir())
            except OSError:
                continue
            for name in names:
                target = _temp_target(name)
                if target is None:
                    continue
                lock = FileLock(str(folder / target) + ".lock", timeout=0)
                try:
                    lock.acquire()
                except (Timeout, OSError):
                    continue
                try:
                    (folder / name).unlink(missing_ok=True)
                    removed.append(folder / name)
                except OSError:
                    pass
                finally:
                    lock.release()
        return removed

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
