"""The publisher: keeps the feed's keys and signs new directory versions (python-tuf Metadata API).

A feed directory `DIR` holds

    DIR/keys/            Ed25519 private keys, one per top-level role (0600, never served); root and
                         targets may be encrypted (`init --encrypt`) or kept elsewhere (`sync.signers`)
    DIR/staged/          a proposed release waiting for its targets signatures (`sync.review`)
    DIR/repo/            the served tree: copy it to any web server or CDN
        metadata/        root.json + N.root.json, timestamp.json, N.snapshot.json, N.targets.json
        targets/         <sha256>.services.json (consistent snapshots: content-addressed)

Key roles as TUF intends them: `root` is offline (used only by `sync.keys`: root-sign and rotate),
`targets` signs what caseworkers get and may need 2 signatures from different people, `snapshot` and
`timestamp` are online for cron (`refresh` re-signs only them, every day or so: the timestamp expires in
TIMESTAMP_EXPIRES_DAYS, so a frozen feed is noticed within days, not a month).

A publish writes files in the order a reader can never see half of: the
target, then targets, then snapshot, and last `timestamp.json` (atomically),
which is the only file that changes in place apart from `root.json`. Old
versioned files stay, so a client mid-sync still finds what it was promised.

The directory version, date and size travel in the signed targets metadata
(`custom` of the target), so a client learns whether there is anything new
from a few kilobytes of metadata.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from securesystemslib.signer import Signer
from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from directory import compat
from directory.atomic import write_bytes_atomic
from directory.loading import read_json_file
from directory.validate import validate

from . import signers as keys
from .errors import PublishError

ROLES = ("root", "targets", "snapshot", "timestamp")
TARGET_NAME = "services.json"  # what every client reads: vsd.services/1 (older clients know only this)
TARGET_V2 = "services-v2.json"  # the full vsd.services/2 file, for clients that know it
DEFAULT_EXPIRES_DAYS = 30  # targets and snapshot
TIMESTAMP_EXPIRES_DAYS = 2  # re-signed by `vsd feed refresh` from cron, e.g. daily
ROOT_EXPIRES_DAYS = 365
# `vsd feed refresh` warns about a root (or targets) this close to its expiry: renewing needs offline keys.
ROOT_RENEW_DAYS = 60
TARGETS_RENEW_DAYS = 7
ONLINE = ("snapshot", "timestamp")
OFFLINE_ENCRYPTED = ("root", "targets")  # `init --encrypt`: the keys a cron host never needs
_SERIALIZER = JSONSerializer(compact=False)
# When the timestamp was signed: an extra field of the signed timestamp metadata (TUF keeps and signs
# unknown fields), so a client can warn that a feed has not been re-signed for too long.
SIGNED_AT = "vsd_signed_at"


def _targets_of(envelope: dict[str, Any]) -> dict[str, bytes]:
    """The files a release publishes: a /2 directory also as /1, for clients that know only /1."""

    def dump(env: dict[str, Any]) -> bytes:
        return json.dumps(env, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    if envelope.get("schema") == compat.V2:
        return {TARGET_NAME: dump(compat.to_v1(envelope)), TARGET_V2: dump(envelope)}
    return {TARGET_NAME: dump(envelope)}


def _schema_of(name: str, schema: Any) -> Any:
    return compat.V1 if name == TARGET_NAME and schema == compat.V2 else schema


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _publish_file(path: Path, data: bytes) -> None:
    """Files in the served tree are public (a web server must read them); written atomically."""
    write_bytes_atomic(path, data, mode=0o644)


def _bytes(md: Metadata) -> bytes:
    return md.to_bytes(_SERIALIZER)


@dataclass(frozen=True)
class RoleStatus:
    role: str
    version: int
    expires: datetime
    threshold: int = 1
    keys: int = 1

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires <= (now or _now())


@dataclass(frozen=True)
class FeedStatus:
    feed_dir: Path
    roles: list[RoleStatus]
    directory: dict[str, Any] | None  # version, services, generated_at, target, length
    keys: list[str]

    @property
    def expires(self) -> datetime:
        """When clients start refusing the feed as frozen unless it is re-signed."""
        return min(r.expires for r in self.roles)


@dataclass(frozen=True)
class RefreshResult:
    expires: datetime  # the new timestamp's expiry
    targets_resigned: bool
    warnings: list[str]


@dataclass
class Release:
    """A new targets metadata and the target files it lists (not yet written), for one directory version."""

    targets: Metadata[Targets]
    blobs: dict[str, bytes]  # served path under targets/ -> bytes (empty when only re-signing)
    version: int  # the directory version
    services: int
    previous: int | None
    envelope: dict[str, Any] | None = None  # the proposed directory, for a reviewer's diff

    @property
    def resign(self) -> bool:
        """The current directory signed again (by new targets keys), not a new version."""
        return not self.blobs and self.envelope is None


@dataclass(frozen=True)
class PublishResult:
    version: int
    services: int
    target: Path
    length: int
    expires: datetime
    previous: int | None
    resigned: bool = False  # the same directory version, signed again (after a targets key rotation)
    new_root: int | None = None  # the root version published with it


class Publisher:
    """One feed directory: its keys and its served tree."""

    def __init__(self, feed_dir: str | os.PathLike) -> None:
        self.dir = Path(feed_dir)
        self.keys_dir = self.dir / "keys"
        self.repo = self.dir / "repo"
        self.metadata_dir = self.repo / "metadata"
        self.targets_dir = self.repo / "targets"

    @property
    def root_path(self) -> Path:
        """The file a client must be given once, to trust this feed."""
        return self.metadata_dir / "1.root.json"

    # -- creating ------------------------------------------------------------
    @classmethod
    def init(
        cls,
        feed_dir: str | os.PathLike,
        *,
        expires_days: int = DEFAULT_EXPIRES_DAYS,
        root_expires_days: int = ROOT_EXPIRES_DAYS,
        now: datetime | None = None,
        passphrase: bytes | None = None,
    ) -> Publisher:
        """Create keys and the initial signed metadata (root v1 and an empty release).

        With a passphrase, the root and targets keys are written encrypted; the online keys
        (snapshot, timestamp) stay plain for cron, readable by their owner only.
        """
        pub = cls(feed_dir)
        if pub.metadata_dir.exists() or pub.keys_dir.exists():
            raise PublishError(f"{pub.dir} already holds a feed (keys/ or repo/ exists); not overwriting its keys")
        now = now or _now()
        pub.dir.mkdir(parents=True, exist_ok=True)
        pub.keys_dir.mkdir(mode=0o700)
        os.chmod(pub.keys_dir, 0o700)
        pub.metadata_dir.mkdir(parents=True)
        pub.targets_dir.mkdir(parents=True)

        root = Root(expires=now + timedelta(days=root_expires_days), consistent_snapshot=True)
        signers: dict[str, Signer] = {}
        for role in ROLES:
            signer = keys.new_key()
            root.add_key(signer.public_key, role)
            keys.write_private(pub.keys_dir / f"{role}.pem", signer, passphrase if role in OFFLINE_ENCRYPTED else None)
            signers[role] = signer
        root_md = Metadata(root)
        root_md.sign(signers["root"])
        raw = _bytes(root_md)
        _publish_file(pub.metadata_dir / "1.root.json", raw)
        _publish_file(pub.metadata_dir / "root.json", raw)

        targets = Metadata(Targets(expires=now + timedelta(days=expires_days)))
        pub._write_release(targets, None, None, signers, now + timedelta(days=expires_days))
        return pub

    # -- reading ---------------------------------------------------------------
    def _check(self) -> None:
        if not (self.metadata_dir / "root.json").is_file():
            raise PublishError(
                f"{self.dir} is not a feed directory (no repo/metadata/root.json); run `vsd feed init {self.dir}`"
            )

    def _load(self, name: str) -> Metadata:
        path = self.metadata_dir / name
        try:
            return Metadata.from_bytes(path.read_bytes())
        except FileNotFoundError:
            raise PublishError(f"{path}: missing; the feed directory is incomplete") from None
        except Exception as e:  # noqa: BLE001 - any parse problem is a broken feed dir
            raise PublishError(f"{path}: not readable TUF metadata ({e})") from None

    def current(self) -> tuple[Metadata[Root], Metadata[Timestamp], Metadata[Snapshot], Metadata[Targets]]:
        self._check()
        root = self._load("root.json")
        timestamp = self._load("timestamp.json")
        snapshot = self._load(f"{timestamp.signed.snapshot_meta.version}.snapshot.json")
        targets = self._load(f"{snapshot.signed.meta['targets.json'].version}.targets.json")
        return root, timestamp, snapshot, targets

    def signer(self, root: Root, role: str, spec: str | None = None) -> Signer:
        """A signer for `role` from a key spec, by default `$VSD_KEY_<ROLE>` or keys/<role>.pem."""
        return keys.load(spec or keys.default_spec(self.keys_dir, role), root, role)

    def _signers(self, root: Root) -> dict[str, Signer]:
        """The default signer of each non-root role (what a threshold-1 feed publishes with)."""
        return {role: self.signer(root, role) for role in ("targets", *ONLINE)}

    def _online_signers(self, root: Root) -> dict[str, Signer]:
        return {role: self.signer(root, role) for role in ONLINE}

    def published(self) -> dict[str, Any] | None:
        """The published directory's custom info (version, services, generated_at), or None."""
        *_, targets = self.current()
        return _info(targets)

    def published_envelope(self) -> dict[str, Any] | None:
        """The published directory itself (the /2 file where there is one), read from the served tree."""
        *_, targets = self.current()
        for name in (TARGET_V2, TARGET_NAME):
            tf = targets.signed.targets.get(name)
            if tf is not None:
                return read_json_file(self.targets_dir / tf.get_prefixed_paths()[0])
        return None

    def status(self) -> FeedStatus:
        root, timestamp, snapshot, targets = self.current()
        roles = [
            RoleStatus(
                md.signed.type,
                md.signed.version,
                md.signed.expires,
                root.signed.roles[md.signed.type].threshold,
                len(root.signed.roles[md.signed.type].keyids),
            )
            for md in (root, targets, snapshot, timestamp)
        ]
        keys_found = sorted(p.name for p in self.keys_dir.glob("*.pem")) if self.keys_dir.is_dir() else []
        return FeedStatus(self.dir, roles, self.published(), keys_found)

    def key_warnings(self) -> list[str]:
        """One line per private key (or the keys folder) that other users of this machine can read
        or change: whoever reads the keys can sign a feed every client will trust."""
        out: list[str] = []
        paths = [self.keys_dir, *sorted(self.keys_dir.glob("*.pem"))] if self.keys_dir.is_dir() else []
        for path in paths:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except OSError:
                continue
            if mode & 0o077:
                fix = "700" if path.is_dir() else "600"
                out.append(
                    f"{path} is open to other users (mode {mode:04o}): anyone who reads it can sign feeds "
                    f"your clients trust; run: chmod {fix} {path}"
                )
        return out

    # -- writing ---------------------------------------------------------------
    def lock(self) -> FileLock:
        return FileLock(str(self.dir / ".publish.lock"), timeout=10)

    def locked(self) -> Any:
        """The publish lock as a context manager that says what to do when it is held."""
        return _Locked(self)

    def prepare(
        self, services_path: str | os.PathLike, *, expires_days: int = DEFAULT_EXPIRES_DAYS, now: datetime | None = None
    ) -> Release:
        """Validate a services file and build (without signing or writing) its release."""
        self._check()
        envelope = read_json_file(services_path)
        report = validate(envelope)
        if not report.ok:
            shown = "".join(f"\n  {p}" for p in report.problems[:30])
            more = f"\n  ... and {len(report.problems) - 30} more" if len(report.problems) > 30 else ""
            raise PublishError(f"{services_path}: invalid data, not published ({report.summary()}){shown}{more}")
        return self._release(envelope, _targets_of(envelope), expires_days=expires_days, now=now)

    def _release(
        self, envelope: dict[str, Any], data: bytes | dict[str, bytes], *, expires_days: int, now: datetime | None
    ) -> Release:
        now = now or _now()
        _, _, _, targets = self.current()
        prev = targets.signed.targets.get(TARGET_NAME)
        prev_version = (prev.custom or {}).get("version") if prev else None
        version = envelope["version"]
        if isinstance(prev_version, int) and version <= prev_version:
            raise PublishError(
                f"directory version {version} is not greater than the published version {prev_version}; "
                "bump `version` in the file (versions only ever grow)"
            )
        files = data if isinstance(data, dict) else {TARGET_NAME: data}
        custom = {
            "schema": envelope.get("schema"),
            "version": version,
            "generated_at": envelope.get("generated_at"),
            "services": len(envelope.get("services", [])),
        }
        listed, blobs = {}, {}
        for name, blob in files.items():
            tf = TargetFile.from_data(name, blob, ["sha256"])
            tf.unrecognized_fields["custom"] = {**custom, "schema": _schema_of(name, custom["schema"])}
            listed[name] = tf
            blobs[tf.get_prefixed_paths()[0]] = blob
        targets.signed.targets = listed
        targets.signed.version += 1
        targets.signed.expires = now + timedelta(days=expires_days)
        targets.signatures.clear()
        previous = prev_version if isinstance(prev_version, int) else None
        return Release(targets, blobs, version, len(envelope.get("services", [])), previous, envelope)

    def resign_release(self, *, expires_days: int = DEFAULT_EXPIRES_DAYS, now: datetime | None = None) -> Release:
        """The current release as a new, unsigned targets version (for new targets keys)."""
        now = now or _now()
        _, _, _, targets = self.current()
        info = _info(targets) or {}
        targets.signed.version += 1
        targets.signed.expires = now + timedelta(days=expires_days)
        targets.signatures.clear()
        version = info.get("version")
        return Release(targets, {}, version if isinstance(version, int) else 0, int(info.get("services") or 0), None)

    def publish(
        self,
        services_path: str | os.PathLike,
        *,
        expires_days: int = DEFAULT_EXPIRES_DAYS,
        timestamp_days: int = TIMESTAMP_EXPIRES_DAYS,
        key_specs: list[str] | None = None,
        now: datetime | None = None,
    ) -> PublishResult:
        """Validate a services file and publish it as the feed's new directory version.

        Signed with the targets key(s) given (default: keys/targets.pem); refused, with nothing
        written, when they do not reach the targets threshold (then: propose and approve)."""
        with self.locked():
            release = self.prepare(services_path, expires_days=expires_days, now=now)
            root = self._load("root.json")
            for spec in key_specs or [None]:  # type: ignore[list-item]
                release.targets.sign(self.signer(root.signed, "targets", spec), append=True)
            return self.write_release(release, root, timestamp_days=timestamp_days, now=now)

    def _publish_bytes(
        self,
        envelope: dict[str, Any],
        data: bytes | dict[str, bytes],
        *,
        expires_days: int,
        now: datetime | None = None,
    ) -> PublishResult:
        """Sign and publish bytes as given, unvalidated (tests imitate a broken publisher with it)."""
        with self.locked():
            release = self._release(envelope, data, expires_days=expires_days, now=now)
            root = self._load("root.json")
            release.targets.sign(self.signer(root.signed, "targets"))
            return self.write_release(release, root, timestamp_days=expires_days, now=now)

    def write_release(
        self,
        release: Release,
        root: Metadata[Root],
        *,
        new_root: Metadata[Root] | None = None,
        timestamp_days: int = TIMESTAMP_EXPIRES_DAYS,
        now: datetime | None = None,
    ) -> PublishResult:
        """Write a signed release (call under the lock): a new root first if any, then the target files,
        targets, snapshot and timestamp. Refused before anything is written when the targets
        signatures do not reach the threshold of the root that will be in force."""
        now = now or _now()
        in_force = (new_root or root).signed
        check_threshold(in_force, release.targets)
        online = self._online_signers(in_force)  # fail on a bad key before writing anything
        if new_root is not None:
            raw = _bytes(new_root)
            _publish_file(self.metadata_dir / f"{new_root.signed.version}.root.json", raw)
            _publish_file(self.metadata_dir / "root.json", raw)
        target_path, size = self.targets_dir, 0
        for path, blob in release.blobs.items():
            _publish_file(self.targets_dir / path, blob)
            if path.endswith(f".{TARGET_NAME}"):
                target_path, size = self.targets_dir / path, len(blob)
        expires = release.targets.signed.expires
        ts_expires = min(expires, now + timedelta(days=timestamp_days))
        self._write_signed_release(release.targets, online, expires, ts_expires, signed_at=now)
        return PublishResult(
            release.version,
            release.services,
            target_path,
            size,
            ts_expires,
            release.previous,
            release.resign,
            new_root.signed.version if new_root is not None else None,
        )

    def refresh(
        self,
        *,
        expires_days: int = DEFAULT_EXPIRES_DAYS,
        timestamp_days: int = TIMESTAMP_EXPIRES_DAYS,
        targets: bool = False,
        now: datetime | None = None,
    ) -> RefreshResult:
        """Re-sign the current release with new expiry dates (from cron, e.g. daily).

        Only the online keys are used: a new snapshot (valid `expires_days`) and timestamp (valid
        `timestamp_days`). With `targets=True` the targets metadata is re-signed too, with the
        targets key (a threshold-1 feed). The root is never touched: the warnings say when the
        root or targets need their offline keys (`vsd feed root-sign`, a new release).
        """
        now = now or _now()
        with self.locked():
            root, _, _, current = self.current()
            signers = self._online_signers(root.signed)
            if targets:
                current.signed.version += 1
                current.signed.expires = now + timedelta(days=expires_days)
                current.signatures.clear()
                current.sign(self.signer(root.signed, "targets"))
                check_threshold(root.signed, current)
            expires = now + timedelta(days=expires_days)
            ts_expires = min(expires, now + timedelta(days=timestamp_days))
            on_disk = None if targets else (self.metadata_dir / f"{current.signed.version}.targets.json").read_bytes()
            self._write_signed_release(current, signers, expires, ts_expires, targets_raw=on_disk, signed_at=now)
        return RefreshResult(ts_expires, targets, self._expiry_warnings(root.signed, current.signed, now))

    def _expiry_warnings(self, root: Root, targets: Targets, now: datetime) -> list[str]:
        out = []
        if root.expires - now < timedelta(days=ROOT_RENEW_DAYS):
            out.append(
                f"the root expires on {root.expires:%Y-%m-%d}: renew it with the root key, "
                f"`vsd feed root-sign {self.dir}`, before then"
            )
        if targets.expires - now < timedelta(days=TARGETS_RENEW_DAYS):
            out.append(
                f"the targets metadata expires on {targets.expires:%Y-%m-%d}: publish a new version, or "
                f"`vsd feed refresh {self.dir} --targets` with the targets key"
            )
        return out

    def _bump_and_write(self, targets: Metadata[Targets], signers: dict[str, Signer], expires: datetime) -> None:
        """Re-sign `targets` as a new version and write a release around it (with the lock held or not)."""
        _, timestamp, snapshot, _ = self.current()
        targets.signed.version += 1
        self._write_release(targets, snapshot, timestamp, signers, expires)

    def _write_release(
        self,
        targets: Metadata[Targets],
        snapshot: Metadata[Snapshot] | None,
        timestamp: Metadata[Timestamp] | None,
        signers: dict[str, Signer],
        expires: datetime,
    ) -> None:
        """Sign targets with one key, then write it, snapshot and timestamp (the initial release)."""
        targets.signed.expires = expires
        targets.signatures.clear()
        targets.sign(signers["targets"])
        self._write_signed_release(targets, signers, expires, expires, snapshot, timestamp)

    def _write_signed_release(
        self,
        targets: Metadata[Targets],
        signers: dict[str, Signer],
        expires: datetime,
        ts_expires: datetime,
        snapshot: Metadata[Snapshot] | None = None,
        timestamp: Metadata[Timestamp] | None = None,
        *,
        targets_raw: bytes | None = None,
        signed_at: datetime | None = None,
    ) -> None:
        """Write signed targets (unless `targets_raw`, the unchanged file already served, is given), then
        a new snapshot and last the timestamp: a reader never sees half a release."""
        if snapshot is None and timestamp is None and (self.metadata_dir / "timestamp.json").exists():
            _, timestamp, snapshot, _ = self.current()
        if targets_raw is None:
            targets_raw = _bytes(targets)
            _publish_file(self.metadata_dir / f"{targets.signed.version}.targets.json", targets_raw)

        snap = snapshot or Metadata(Snapshot(expires=expires))
        if snapshot is not None:
            snap.signed.version += 1
        snap.signed.expires = expires
        snap.signed.meta["targets.json"] = MetaFile.from_data(targets.signed.version, targets_raw, ["sha256"])
        snap.signatures.clear()
        snap.sign(signers["snapshot"])
        snap_raw = _bytes(snap)
        _publish_file(self.metadata_dir / f"{snap.signed.version}.snapshot.json", snap_raw)

        ts = timestamp or Metadata(Timestamp(expires=ts_expires))
        if timestamp is not None:
            ts.signed.version += 1
        ts.signed.expires = ts_expires
        ts.signed.unrecognized_fields[SIGNED_AT] = (signed_at or _now()).isoformat().replace("+00:00", "Z")
        ts.signed.snapshot_meta = MetaFile.from_data(snap.signed.version, snap_raw, ["sha256"])
        ts.signatures.clear()
        ts.sign(signers["timestamp"])
        _publish_file(self.metadata_dir / "timestamp.json", _bytes(ts))


class _Locked:
    def __init__(self, pub: Publisher) -> None:
        self.pub = pub
        self.lock = pub.lock()

    def __enter__(self) -> None:
        try:
            self.lock.acquire()
        except Timeout:
            raise PublishError(f"{self.pub.dir} is locked by another publish; try again when it has finished") from None

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def valid_signers(root: Root, targets: Metadata[Targets]) -> list[str]:
    """The keyids `root` lists for targets whose signature on `targets` verifies."""
    good = []
    for keyid in root.roles["targets"].keyids:
        sig = targets.signatures.get(keyid)
        if sig is None:
            continue
        try:
            root.keys[keyid].verify_signature(sig, targets.signed_bytes)
        except Exception:  # noqa: BLE001, S112 - a signature that does not verify does not count
            continue
        good.append(keyid)
    return good


def check_threshold(root: Root, targets: Metadata[Targets]) -> None:
    """Refuse targets metadata without enough valid signatures from the keys `root` lists for targets."""
    threshold, valid = root.roles["targets"].threshold, len(valid_signers(root, targets))
    if valid < threshold:
        raise PublishError(
            f"not published: targets needs {threshold} signatures from different keys, it has {valid}; "
            "stage it with `vsd feed propose` and have another key holder run `vsd feed approve`"
        )


def _info(targets: Metadata[Targets]) -> dict[str, Any] | None:
    tf = targets.signed.targets.get(TARGET_NAME)
    if tf is None:
        return None
    info = dict(tf.custom or {})
    info.update(target=tf.get_prefixed_paths()[0], length=tf.length)
    return info
