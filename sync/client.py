"""The sync client: refresh the local directory from a signed feed, all or nothing.

    from directory.store import Store
    from sync.client import sync
    result = sync(Store(), progress=print)        # -> SyncResult, or raises a SyncError

python-tuf's ngclient (`Updater`) walks the trust chain root -> timestamp ->
snapshot -> targets over our httpx fetcher and keeps the verified metadata in
`<data dir>/sync/metadata/` (that is what makes rollback and freeze
detectable). The directory version lives in the signed targets metadata, so a
sync with nothing new costs two small requests (the probe for a newer root and
timestamp.json). A new version is downloaded to a scratch file (its length and
hash checked by python-tuf) and validated: the records that differ from the
stored ones, with the envelope checks over the whole file (sync.incremental), or
every record when that cannot tell. Only then is the store's directory replaced,
atomically, under the store's lock, with the bookmarks and notes file untouched.
Any failure leaves the local copy exactly as it was and raises a `SyncError` whose `exit_code` is the command's.

Data dir files owned by the sync:
    sync/root.json        the pinned trusted root (given once; rotations come signed through TUF)
    sync/metadata/        python-tuf's verified metadata cache
    sync/incoming/        scratch space for a download in progress
    sync/sync.lock        one sync at a time per data dir
    state/sync.json       feed URL, root fingerprint, last sync ({"at", "feed", "version", ...})
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tuf.api import exceptions
from tuf.api.metadata import Metadata, Root, TargetFile
from tuf.api.serialization import DeserializationError
from tuf.ngclient import Updater, UpdaterConfig

from directory.atomic import fault_point, write_bytes_atomic
from directory.errors import InputError
from directory.gc_pause import gc_paused
from directory.loading import MAX_FILE_BYTES, parse_json_bytes, read_file_bytes
from directory.store import Store
from directory.validate import validate

from . import config, incremental
from .diff import Diff, diff, plain
from .errors import FeedOffline, SyncBusy, SyncError, SyncRefused, SyncUsageError
from .fetcher import FetchSettings, HttpxFetcher, user_agent
from .publisher import SIGNED_AT

TARGET = "services.json"  # vsd.services/1: every feed has it
TARGET_V2 = "services-v2.json"  # vsd.services/2, preferred where the feed publishes it
STATE = "sync"
LOCK_TIMEOUT_S = 5
# A TUF root with a few keys is a few KB; a thousand keys would still fit.
MAX_ROOT_BYTES = 1024 * 1024


@dataclass(frozen=True)
class SyncProgress:
    """One step of a sync, for a progress bar: checking, downloading, validating, comparing, applying."""

    phase: str
    done: int = 0
    total: int = 0


ProgressCallback = Callable[[SyncProgress], None]


@dataclass(frozen=True)
class SyncResult:
    status: str  # "updated" or "up to date"
    feed_url: str
    version: int  # the local directory version now
    previous: int  # the local directory version before
    generated_at: str
    services: int | None  # after an update: how many records the new directory holds
    checked_at: datetime
    feed_expires: datetime | None  # the earliest expiry of the feed's signed metadata
    diff: Diff | None = None
    requests: int = 0
    bytes: int = 0
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. a feed whose timestamp is older than the limit

    @property
    def updated(self) -> bool:
        return self.status == "updated"


@dataclass
class _Local:
    version: int
    generated_at: str
    stat: tuple[int, int, int, int] | None
    envelope: dict[str, Any] | None = None

    @property
    def since(self) -> str:
        return self.generated_at[:10] or "?"

    @property
    def keeping(self) -> str:
        return f"keeping your copy (version {self.version} from {self.since})"


class _Paths:
    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "sync"
        self.root = self.dir / "root.json"
        self.metadata = self.dir / "metadata"
        self.incoming = self.dir / "incoming"
        self.lock = self.dir / "sync.lock"


# -- settings ------------------------------------------------------------------
def normalise_feed_url(url: str) -> str:
    url = url.strip()
    if not re.match(r"^https?://[^/\s]+", url):
        raise SyncUsageError(f'feed URL "{plain(url)}" must start with http:// or https:// and name a host')
    if re.search(r"\s", url) or "?" in url or "#" in url:
        raise SyncUsageError(f'feed URL "{plain(url)}" must be a plain base URL (no spaces, query or fragment)')
    return url.rstrip("/")


def load_root(path: Path) -> bytes:
    """Read a root.json to trust, checking it is a TUF root signed by its own keys."""
    try:
        # A regular file of sane size: `--root /dev/zero` or a FIFO must not read for ever.
        raw = read_file_bytes(path, what="a trusted root.json", max_bytes=MAX_ROOT_BYTES)
    except InputError as e:
        raise SyncUsageError(f"cannot read the trusted root: {e}") from None
    try:
        load_root_bytes(raw)
    except ValueError as e:
        raise SyncUsageError(f"{path}: not a signed TUF root.json ({e})") from None
    return raw


def load_root_bytes(raw: bytes) -> Root:
    """Parse root metadata and check it is signed by its own root keys; ValueError if not."""
    try:
        md = Metadata[Root].from_bytes(raw)
    except exceptions.RepositoryError as e:
        raise ValueError(f"not TUF metadata: {e}") from None
    if md.signed.type != Root.type:
        raise ValueError(f"it is {md.signed.type} metadata")
    try:
        md.signed.verify_delegate(Root.type, md.signed_bytes, md.signatures)
    except exceptions.RepositoryError as e:
        raise ValueError(str(e)) from None
    return md.signed


def _fingerprint(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class _Target:
    """What this sync talks to: the feed, its mirrors in order, the pinned root, the age limit."""

    url: str
    mirrors: tuple[str, ...]
    root: bytes
    max_age_hours: float
    notices: list[str]


def _resolve(
    store: Store,
    paths: _Paths,
    state: dict[str, Any],
    feed_url: str | None,
    root_path: str | os.PathLike | None,
    mirrors: list[str] | None = None,
) -> _Target:
    """Feed URL, mirrors and pinned root bytes for this sync (see sync.config), pinning a newly given root."""
    settings = config.resolve(
        feed_url=feed_url, root=root_path, mirrors=mirrors, remembered=config.remembered_settings(state)
    )
    notices = list(settings.notices)
    if not settings.feed_url.value:
        raise SyncUsageError(
            "no feed configured: run `vsd sync --feed URL --root ROOT.json` once "
            f"(or set {config.FEED_ENV}/{config.ROOT_ENV}, or [sync] in {config.config_path()} "
            f"or {config.system_config_path()})"
        )
    url = normalise_feed_url(settings.feed_url.value)
    alternates = tuple(dict.fromkeys(m for m in map(normalise_feed_url, settings.mirrors.value or ()) if m != url))

    given = settings.root.value
    pinned = paths.root.read_bytes() if paths.root.is_file() else None
    if given is not None:
        raw = load_root(given)
        if raw != pinned:
            if pinned is not None:
                notices.append(
                    f"now trusting the root in {given} ({settings.root.source}); the previous pin was replaced"
                )
                shutil.rmtree(paths.metadata, ignore_errors=True)
            else:
                notices.append(f"pinned the feed's root from {given} (fingerprint {_fingerprint(raw)[:16]})")
            write_bytes_atomic(paths.root, raw)
        pinned = raw
    if pinned is None:
        raise SyncUsageError(
            f"no trusted root for {url}: give the feed's root.json once with `vsd sync --root PATH` "
            f"(or {config.ROOT_ENV}, or sync.root in {config.config_path()})"
        )
    if (
        state.get("feed") != url
        or state.get("root_sha256") != _fingerprint(pinned)
        or state.get("mirrors") != list(alternates)
    ):
        if state.get("feed") and state.get("feed") != url:
            notices.append(f"feed changed from {state['feed']} to {url} ({settings.feed_url.source})")
        state.update(feed=url, root_sha256=_fingerprint(pinned), mirrors=list(alternates))
        store.write_state(STATE, state)
    age = settings.max_feed_age_hours.value or config.DEFAULT_MAX_FEED_AGE_HOURS
    return _Target(url, alternates, pinned, age, notices)


# -- the local copy --------------------------------------------------------------
def _stat(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _local(store: Store, state: dict[str, Any], *, full: bool = False) -> _Local:
    """The local directory's version; reads the whole store only when the cached stat is stale."""
    cached = state.get("local")
    st = _stat(store.directory_path)
    if (
        not full
        and st is not None
        and isinstance(cached, dict)
        and cached.get("stat") == list(st)
        and type(cached.get("version")) is int
    ):
        return _Local(cached["version"], str(cached.get("generated_at", "")), st)
    for _ in range(3):
        before = _stat(store.directory_path)
        env = store.envelope()  # seeds from the bundled copy or recovers if needed
        after = _stat(store.directory_path)
        if before == after:
            break
    return _Local(env["version"], str(env.get("generated_at", "")), after, env)


# -- the sync ----------------------------------------------------------------------
def sync(
    store: Store,
    feed_url: str | None = None,
    root_path: str | os.PathLike | None = None,
    *,
    mirrors: list[str] | None = None,
    progress: ProgressCallback | None = None,
    settings: FetchSettings | None = None,
) -> SyncResult:
    """Bring the local directory up to the feed's version, or raise a SyncError leaving it unchanged.

    Raises SyncUsageError (exit 2) without a feed or root, SyncRefused (exit 1,
    `.attack` names what was caught) when verification or validation fails,
    FeedOffline (exit 3) when the feed cannot be reached in time.
    """
    paths = _Paths(store.data_dir)
    paths.dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(paths.lock), timeout=LOCK_TIMEOUT_S)
    try:
        lock.acquire()
    except Timeout:
        raise SyncBusy(f"another vsd sync is running on {store.data_dir}; try again when it has finished") from None
    try:
        state = store.read_state(STATE)
        target = _resolve(store, paths, state, feed_url, root_path, mirrors)
        shutil.rmtree(paths.incoming, ignore_errors=True)  # a crashed sync's scratch file
        with HttpxFetcher(settings) as fetcher:
            result = _try_in_order(target, store, paths, state, fetcher, progress or (lambda p: None))
        result.notices[:0] = target.notices
        return result
    finally:
        lock.release()


def _try_in_order(
    target: _Target,
    store: Store,
    paths: _Paths,
    state: dict[str, Any],
    fetcher: HttpxFetcher,
    progress: ProgressCallback,
) -> SyncResult:
    """The feed, then each mirror in order, each with the fetcher's own deadline and retries.

    Only an unreachable address moves on to the next: a refusal (a bad signature, a rollback) is
    an answer, and python-tuf's verified cache is shared, so a mirror can never go back in time.
    """
    offline: list[tuple[str, FeedOffline]] = []
    for base in (target.url, *target.mirrors):
        try:
            result = _Run(store, paths, state, base, target.root, fetcher, progress).go()
        except FeedOffline as e:
            offline.append((base, e))
            continue
        if offline:
            tried = "; ".join(f"{u} ({e.reason})" for u, e in offline)
            result.notices.append(f"synced from the mirror {base}: {tried} did not answer")
        result.warnings.extend(_age_warning(paths.metadata, target.max_age_hours, result.checked_at))
        return result
    if len(offline) == 1:
        raise offline[0][1]
    reasons = "; ".join(f"{u}: {e.reason}" for u, e in offline)
    raise FeedOffline(f"no address answered — {reasons}", since=offline[0][1].since)


class _Run:
    def __init__(
        self,
        store: Store,
        paths: _Paths,
        state: dict[str, Any],
        url: str,
        root_bytes: bytes,
        fetcher: HttpxFetcher,
        progress: ProgressCallback,
    ) -> None:
        self.store, self.paths, self.state, self.url = store, paths, state, url
        self.fetcher, self.progress = fetcher, progress
        self.root_bytes = root_bytes
        self._local: _Local | None = None
        self._updater: Updater | None = None

    def local(self, *, full: bool = False) -> _Local:
        if self._local is None or (full and self._local.envelope is None):
            self._local = _local(self.store, self.state, full=full)
        return self._local

    def go(self) -> SyncResult:
        self.paths.metadata.mkdir(parents=True, exist_ok=True)
        self.progress(SyncProgress("checking"))
        try:
            load_root_bytes(self.root_bytes)
        except ValueError as e:
            raise SyncUsageError(
                f"the pinned root {self.paths.root} is unusable ({e}); give the feed's root.json again with --root"
            ) from None
        try:
            self._updater = updater = Updater(
                metadata_dir=str(self.paths.metadata),
                metadata_base_url=f"{self.url}/metadata/",
                target_base_url=f"{self.url}/targets/",
                fetcher=self.fetcher,
                config=UpdaterConfig(app_user_agent=user_agent()),
                bootstrap=self.root_bytes,
            )
            updater.refresh()
            info = updater.get_targetinfo(TARGET_V2) or updater.get_targetinfo(TARGET)
        except (exceptions.RepositoryError, exceptions.DownloadError) as e:
            raise self.explain(e) from e
        if info is None:
            raise SyncRefused("empty feed", f"{self.url} publishes no {TARGET} yet", keeping=self.local().keeping)
        checked_at = datetime.now(UTC)
        expires = _feed_expiry(self.paths.metadata)

        offered = (info.custom or {}).get("version") if isinstance(info.custom, dict) else None
        if isinstance(offered, int) and not isinstance(offered, bool):
            local = self.local()
            if offered == local.version:
                return self.finish("up to date", local, local, checked_at, expires)
            if offered < local.version:
                raise SyncRefused(
                    "rollback", f"feed offers version {offered}, you have {local.version}", keeping=local.keeping
                )
        else:
            offered = None

        data = self.download(info)
        self.progress(SyncProgress("validating", 0, 0))
        quick = self.quickly(data)
        if quick is not None:
            update, local = quick
            self.progress(SyncProgress("validating", len(update.records), len(update.records)))
            head = update.head

            def write_records(check: Callable[[], None]) -> None:
                self.store.replace_directory_records(
                    head, update.records, under_lock=check, source="feed", feed=self.url
                )

            return self.conclude(
                head, len(update.records), offered, local, checked_at, expires, lambda: update.changes, write_records
            )
        envelope = self.parse_and_validate(data)
        # Read the whole local copy now (for the diff) and compare again: a feed without
        # vsd's version info is compared only here, and the copy may have changed meanwhile.
        local = self.local(full=True)

        def changes() -> Diff:
            assert local.envelope is not None
            with gc_paused():
                found = diff(local.envelope["services"], envelope["services"])
            local.envelope = None  # free the old copy before the new one is serialised
            return found

        def write_envelope(check: Callable[[], None]) -> None:
            # The records as the feed wrote them, so that the next sync finds the unchanged ones
            # byte for byte (see sync.incremental), whatever spacing or escaping the feed uses.
            parts = incremental.split(data)
            if parts is not None and len(parts[1]) == len(envelope["services"]):
                head = {k: v for k, v in envelope.items() if k != "services"}
                self.store.replace_directory_records(head, parts[1], under_lock=check, source="feed", feed=self.url)
            else:
                self.store.replace_directory(envelope, under_lock=check, source="feed", feed=self.url)

        return self.conclude(
            envelope, len(envelope["services"]), offered, local, checked_at, expires, changes, write_envelope
        )

    def quickly(self, data: bytes) -> tuple[incremental.Update, _Local] | None:
        """The update validated record by record where records changed (see sync.incremental), with
        the local copy it was compared to; None when the whole target must be parsed and validated."""
        path = self.store.directory_path
        before = _stat(path)
        stored = self.store.stored_records()
        if stored is None or before is None or _stat(path) != before:
            return None
        update = incremental.plan(data, stored, f"the feed's {TARGET}")
        if update is None:
            return None
        self._local = _Local(stored.meta["version"], str(stored.meta.get("generated_at", "")), before)
        return update, self._local

    def conclude(
        self,
        head: dict[str, Any],
        services: int,
        offered: int | None,
        local: _Local,
        checked_at: datetime,
        expires: datetime | None,
        changes: Callable[[], Diff],
        write: Callable[[Callable[[], None]], None],
    ) -> SyncResult:
        """Compare the validated target's version with the local copy's, then apply it or say why not."""
        new_version = head["version"]
        if offered is not None and new_version != offered:
            raise SyncRefused(
                "inconsistent feed",
                f"the signed metadata announces version {offered} but the file holds version {new_version}",
                keeping=local.keeping,
            )
        self.progress(SyncProgress("comparing"))
        if new_version == local.version:
            return self.finish("up to date", local, local, checked_at, expires)
        if new_version < local.version:
            raise SyncRefused(
                "rollback", f"feed offers version {new_version}, you have {local.version}", keeping=local.keeping
            )
        found = changes()
        self.apply(local, write)
        new = _Local(new_version, str(head.get("generated_at", "")), _stat(self.store.directory_path))
        return self.finish("updated", local, new, checked_at, expires, found, services)

    # -- steps -----------------------------------------------------------------------
    def download(self, info: TargetFile) -> bytes:
        if info.length > MAX_FILE_BYTES:
            raise SyncRefused(
                "endless data",
                f"the feed's directory is {info.length / 2**20:,.0f} MiB, more than the "
                f"{MAX_FILE_BYTES / 2**20:,.0f} MiB vsd accepts",
                keeping=self.local().keeping,
            )
        self.paths.incoming.mkdir(parents=True, exist_ok=True)
        part = self.paths.incoming / f"{TARGET}.part"
        self.progress(SyncProgress("downloading", 0, info.length))
        try:
            with self.fetcher.reporting(
                lambda done, total: self.progress(SyncProgress("downloading", done, info.length))
            ):
                self._updater.download_target(info, filepath=str(part))
            data = part.read_bytes()
            info.verify_length_and_hashes(data)  # what we parse is what was verified
        except exceptions.LengthOrHashMismatchError as e:
            raise SyncRefused(
                "tampered target",
                f"{TARGET} from the feed does not match the length and hash its signed metadata lists ({e})",
                keeping=self.local().keeping,
            ) from e
        except (exceptions.RepositoryError, exceptions.DownloadError) as e:
            raise self.explain(e) from e
        finally:
            part.unlink(missing_ok=True)
        fault_point("sync-downloaded")
        return data

    def parse_and_validate(self, data: bytes) -> dict[str, Any]:
        """The whole target parsed and every record validated (a first sync, or when `quickly` cannot tell)."""
        try:
            with gc_paused():
                envelope = parse_json_bytes(data, f"the feed's {TARGET}")
        except InputError as e:
            raise SyncRefused("invalid data", str(e), keeping=self.local().keeping) from None
        with gc_paused():
            report = validate(envelope)
        if not report.ok:
            version = envelope.get("version") if isinstance(envelope, dict) else None
            raise SyncRefused(
                "invalid data",
                f"the feed's directory{f' version {version}' if isinstance(version, int) else ''} has "
                f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''} "
                f"({report.summary()}); nothing applied",
                keeping=self.local().keeping,
                problems=[plain(str(p), 300) for p in report.problems],
            )
        self.progress(SyncProgress("validating", report.services, report.services))
        return envelope

    def apply(self, local: _Local, write: Callable[[Callable[[], None]], None]) -> None:
        """Write the new directory with `write`, under the store's lock, if the local copy is still the one read."""
        self.progress(SyncProgress("applying"))
        fault_point("sync-before-apply")
        store = self.store

        def unchanged_since_read() -> None:
            if _stat(store.directory_path) != local.stat:
                raise SyncError(
                    "the local directory changed while this sync ran (another vsd process?); "
                    "nothing applied — run `vsd sync` again"
                )
            # Temp files of writes killed before their rename; only a lock holder writes.
            for stale in store.data_dir.glob(f".{store.directory_path.name}.*.tmp"):
                stale.unlink(missing_ok=True)

        write(unchanged_since_read)
        fault_point("sync-after-apply")

    def finish(
        self,
        status: str,
        before: _Local,
        now: _Local,
        checked_at: datetime,
        expires: datetime | None,
        changes: Diff | None = None,
        services: int | None = None,
    ) -> SyncResult:
        at = checked_at.isoformat(timespec="seconds")
        self.state["last_sync"] = {
            "at": at,
            "feed": self.url,
            "version": now.version,
            "result": status,
            "expires": expires.isoformat(timespec="seconds") if expires else None,
        }
        if now.stat is not None:
            self.state["local"] = {"version": now.version, "generated_at": now.generated_at, "stat": list(now.stat)}
        self.store.write_state(STATE, self.state)
        return SyncResult(
            status=status,
            feed_url=self.url,
            version=now.version,
            previous=before.version,
            generated_at=now.generated_at,
            services=services,
            checked_at=checked_at,
            feed_expires=expires,
            diff=changes,
            requests=self.fetcher.stats.requests,
            bytes=self.fetcher.stats.bytes,
        )

    # -- turning python-tuf's exceptions into what happened ---------------------------------
    def explain(self, e: BaseException) -> SyncError:
        local = self.local()
        last = self.fetcher.last_download
        name, raw = (last[0].rsplit("/", 1)[-1], last[1]) if last else ("the feed's metadata", b"")
        msg = str(e)

        def refused(attack: str, detail: str) -> SyncRefused:
            return SyncRefused(attack, detail, keeping=local.keeping)

        if isinstance(e, exceptions.DownloadLengthMismatchError):
            return refused("endless data", msg)
        if isinstance(e, exceptions.DownloadError):
            reason = msg or f"{type(e).__name__} while contacting {self.url}"
            return FeedOffline(reason, since=local.since)
        if isinstance(e, DeserializationError):
            return refused(
                "not signed metadata",
                f"{name} is not TUF metadata (it begins {_peek(raw)}) — a captive portal or a misconfigured server?",
            )
        if isinstance(e, exceptions.UnsignedMetadataError):
            return refused(*self._signature_problem(e, name, raw))
        if isinstance(e, exceptions.ExpiredMetadataError):
            role = _role_in(msg) or "timestamp"
            when = _expiry_of(role, raw, self.paths.metadata)
            date = when.strftime("%Y-%m-%d %H:%M UTC") if when else "an earlier date"
            return refused(
                "freeze",
                f"the feed's {role} metadata expired on {date}; the feed is stale or updates are being "
                "held back (the publisher must re-sign it: `vsd feed refresh`)",
            )
        if isinstance(e, exceptions.BadVersionNumberError):
            if "must be >=" in msg or re.search(r"\.json version", msg):
                return refused("rollback", f"the feed offers older metadata than you already trust ({msg})")
            return refused(
                "mix-and-match", f"{name} is not from the release the feed's signed metadata describes ({msg})"
            )
        if isinstance(e, exceptions.LengthOrHashMismatchError):
            md = _parse(raw)
            wanted = re.match(r"(\d+)\.", name)
            if md is not None and wanted and md.signed.version != int(wanted.group(1)):
                parent = "timestamp" if md.signed.type == "snapshot" else "snapshot"
                return refused(
                    "mix-and-match",
                    f"{name} holds {md.signed.type} version {md.signed.version} from another release "
                    f"(the signed {parent} lists version {wanted.group(1)})",
                )
            return refused("tampered metadata", f"{name} does not match the length and hash its signed parent lists")
        return refused("refused", f"{type(e).__name__}: {msg}")

    def _signature_problem(self, e: BaseException, name: str, raw: bytes) -> tuple[str, str]:
        md = _parse(raw)
        trusted = _trusted_root(self.paths.metadata, self.root_bytes)
        if md is None or trusted is None:
            return "bad signature", f"{name} is not signed by the keys your trusted root lists ({e})"
        role = md.signed.type
        keyids = set(trusted.roles[role].keyids) if role in trusted.roles else set()
        signers = set(md.signatures)
        if not signers & keyids:
            shown = ", ".join(sorted(plain(k[:12]) for k in signers)) or "no key"  # unverified bytes
            return (
                "unknown key",
                f"{name} is signed by {shown}, which your trusted root does not list for {role} "
                "(a forged feed, or keys replaced without a signed root rotation)",
            )
        return "tampered metadata", f"{name} was changed after it was signed (its signature does not verify)"


def _parse(raw: bytes) -> Metadata | None:
    if not raw:
        return None
    try:
        return Metadata.from_bytes(raw)
    except Exception:  # noqa: BLE001 - diagnosis only
        return None


def _peek(raw: bytes) -> str:
    text = raw[:40].decode("utf-8", "replace")
    return f'"{plain(text, 40)}"' if text.strip() else "empty"


def _role_in(msg: str) -> str | None:
    m = re.search(r"\b(root|timestamp|snapshot|targets)\b", msg)
    return m.group(1) if m else None


def _trusted_root(metadata_dir: Path, bootstrap: bytes) -> Root | None:
    """The newest root python-tuf has verified (its cache), else the pinned one."""
    for raw in (_read(metadata_dir / "root.json"), bootstrap):
        md = _parse(raw or b"")
        if md is not None and md.signed.type == Root.type:
            return md.signed  # type: ignore[return-value]
    return None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _expiry_of(role: str, raw: bytes, metadata_dir: Path) -> datetime | None:
    for data in (raw, _read(metadata_dir / f"{role}.json")):
        md = _parse(data or b"")
        if md is not None and md.signed.type == role:
            return md.signed.expires
    return None


def _age_warning(metadata_dir: Path, limit_hours: float, now: datetime) -> list[str]:
    """A warning when the verified timestamp was signed more than `limit_hours` ago: its cron has stopped,
    or someone replays an old (still unexpired) timestamp to hide newer data."""
    md = _parse(_read(metadata_dir / "timestamp.json") or b"")
    signed_at = md.signed.unrecognized_fields.get(SIGNED_AT) if md is not None else None
    try:
        when = datetime.fromisoformat(str(signed_at).replace("Z", "+00:00"))
    except ValueError:
        return []  # a feed that does not say when it signed: nothing to compare
    if when.tzinfo is None:
        return []
    hours = (now - when).total_seconds() / 3600
    if hours <= limit_hours:
        return []
    return [
        f"the feed's timestamp was signed {hours:.0f} hours ago (limit {limit_hours:g} hours, "
        "sync.max_feed_age_hours): its publisher has stopped re-signing it, or an old copy is being served; "
        "newer data may exist"
    ]


def _feed_expiry(metadata_dir: Path) -> datetime | None:
    """Earliest expiry of the verified snapshot and targets: when the feed goes stale unless its publisher
    acts. The timestamp is left out: it lives a day or two and cron renews it (`_age_warning` watches it)."""
    dates = []
    for role in ("snapshot", "targets"):
        md = _parse(_read(metadata_dir / f"{role}.json") or b"")
        if md is not None:
            dates.append(md.signed.expires)
    return min(dates) if dates else None
