"""The publisher: keeps the feed's keys and signs new directory versions (python-tuf Metadata API).

A feed directory `DIR` holds

    DIR/keys/            Ed25519 private keys, one per top-level role (0600, never served)
    DIR/repo/            the served tree: copy it to any web server or CDN
        metadata/        root.json + N.root.json, timestamp.json, N.snapshot.json, N.targets.json
        targets/         <sha256>.services.json (consistent snapshots: content-addressed)

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
from securesystemslib.signer import CryptoSigner, Signer
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

from .errors import PublishError

ROLES = ("root", "targets", "snapshot", "timestamp")
TARGET_NAME = "services.json"  # what every client reads: vsd.services/1 (older clients know only this)
TARGET_V2 = "services-v2.json"  # the full vsd.services/2 file, for clients that know it
DEFAULT_EXPIRES_DAYS = 30
ROOT_EXPIRES_DAYS = 365
# `vsd feed refresh` renews a root this close to its expiry.
ROOT_RENEW_DAYS = 60
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
class PublishResult:
    version: int
    services: int
    target: Path
    length: int
    expires: datetime
    previous: int | None


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
    ) -> Publisher:
        """Create keys and the initial signed metadata (root v1 and an empty release)."""
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
        signers: dict[str, CryptoSigner] = {}
        for role in ROLES:
            signer = CryptoSigner.generate_ed25519()
            root.add_key(signer.public_key, role)
            key_path = pub.keys_dir / f"{role}.pem"
            fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(signer.private_bytes)
                f.flush()
                os.fsync(f.fileno())
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

    def _signers(self, root: Root) -> dict[str, Signer]:
        signers: dict[str, Signer] = {}
        for role in ("targets", "snapshot", "timestamp"):
            keyid = root.roles[role].keyids[0]
            path = (self.keys_dir / f"{role}.pem").resolve()
            if not path.is_file():
                raise PublishError(f"{path}: the {role} key is missing; cannot sign")
            try:
                signers[role] = CryptoSigner.from_priv_key_uri(f"file2:{path}", root.keys[keyid])
            except Exception as e:  # noqa: BLE001
                raise PublishError(f"{path}: cannot load the {role} key ({e})") from None
        return signers

    def published(self) -> dict[str, Any] | None:
        """The published directory's custom info (version, services, generated_at), or None."""
        *_, targets = self.current()
        tf = targets.signed.targets.get(TARGET_NAME)
        if tf is None:
            return None
        info = dict(tf.custom or {})
        info.update(target=tf.get_prefixed_paths()[0], length=tf.length)
        return info

    def status(self) -> FeedStatus:
        root, timestamp, snapshot, targets = self.current()
        roles = [
            RoleStatus(md.signed.type, md.signed.version, md.signed.expires)
            for md in (root, targets, snapshot, timestamp)
        ]
        keys = sorted(p.name for p in self.keys_dir.glob("*.pem")) if self.keys_dir.is_dir() else []
        return FeedStatus(self.dir, roles, self.published(), keys)

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
    def _lock(self) -> FileLock:
        return FileLock(str(self.dir / ".publish.lock"), timeout=10)

    def publish(
        self,
        services_path: str | os.PathLike,
        *,
        expires_days: int = DEFAULT_EXPIRES_DAYS,
        now: datetime | None = None,
    ) -> PublishResult:
        """Validate a services file and publish it as the feed's new directory version."""
        self._check()
        envelope = read_json_file(services_path)
        report = validate(envelope)
        if not report.ok:
            shown = "".join(f"\n  {p}" for p in report.problems[:30])
            more = f"\n  ... and {len(report.problems) - 30} more" if len(report.problems) > 30 else ""
            raise PublishError(f"{services_path}: invalid data, not published ({report.summary()}){shown}{more}")
        return self._publish_bytes(envelope, _targets_of(envelope), expires_days=expires_days, now=now)

    def _publish_bytes(
        self,
        envelope: dict[str, Any],
        data: bytes | dict[str, bytes],
        *,
        expires_days: int,
        now: datetime | None = None,
    ) -> PublishResult:
        now = now or _now()
        expires = now + timedelta(days=expires_days)
        try:
            with self._lock():
                root, _, _, targets = self.current()
                prev = targets.signed.targets.get(TARGET_NAME)
                prev_version = (prev.custom or {}).get("version") if prev else None
                version = envelope["version"]
                if isinstance(prev_version, int) and version <= prev_version:
                    raise PublishError(
                        f"directory version {version} is not greater than the published version {prev_version}; "
                        "bump `version` in the file (versions only ever grow)"
                    )
                signers = self._signers(root.signed)  # fail on a bad key before writing anything
                files = data if isinstance(data, dict) else {TARGET_NAME: data}
                custom = {
                    "schema": envelope.get("schema"),
                    "version": version,
                    "generated_at": envelope.get("generated_at"),
                    "services": len(envelope.get("services", [])),
                }
                published = {}
                for name, blob in files.items():
                    tf = TargetFile.from_data(name, blob, ["sha256"])
                    tf.unrecognized_fields["custom"] = {**custom, "schema": _schema_of(name, custom["schema"])}
                    path = self.targets_dir / tf.get_prefixed_paths()[0]
                    _publish_file(path, blob)
                    published[name] = tf
                    if name == TARGET_NAME:
                        target_path, size = path, len(blob)
                targets.signed.targets = published
                self._bump_and_write(targets, signers, expires)
        except Timeout:
            raise PublishError(f"{self.dir} is locked by another publish; try again when it has finished") from None
        return PublishResult(version, len(envelope.get("services", [])), target_path, size, expires, prev_version)

    def refresh(
        self, *, expires_days: int = DEFAULT_EXPIRES_DAYS, now: datetime | None = None
    ) -> tuple[datetime, int | None]:
        """Re-sign the current release with a new expiry (run before the feed expires, e.g. from cron).

        A root that expires within ROOT_RENEW_DAYS is renewed too (a new root
        version, same keys, signed by the root key), so the feed never dies of an
        expired root. Returns the new expiry and the new root version, if any.
        """
        now = now or _now()
        expires = now + timedelta(days=expires_days)
        renewed = None
        try:
            with self._lock():
                root, _, _, targets = self.current()
                if root.signed.expires - now < timedelta(days=ROOT_RENEW_DAYS):
                    renewed = self._renew_root(root, now)
                self._bump_and_write(targets, self._signers(root.signed), expires)
        except Timeout:
            raise PublishError(f"{self.dir} is locked by another publish; try again when it has finished") from None
        return expires, renewed

    def _renew_root(self, root: Metadata[Root], now: datetime) -> int:
        keyid = root.signed.roles["root"].keyids[0]
        path = (self.keys_dir / "root.pem").resolve()
        try:
            signer = CryptoSigner.from_priv_key_uri(f"file2:{path}", root.signed.keys[keyid])
        except Exception as e:  # noqa: BLE001
            raise PublishError(f"{path}: cannot load the root key ({e})") from None
        root.signed.version += 1
        root.signed.expires = now + timedelta(days=ROOT_EXPIRES_DAYS)
        root.sign(signer)
        raw = _bytes(root)
        _publish_file(self.metadata_dir / f"{root.signed.version}.root.json", raw)
        _publish_file(self.metadata_dir / "root.json", raw)
        return root.signed.version

    def _bump_and_write(self, targets: Metadata[Targets], signers: dict[str, Signer], expires: datetime) -> None:
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
        """Sign and write targets, snapshot and timestamp (in that order) for one release."""
        targets.signed.expires = expires
        targets.sign(signers["targets"])
        targets_raw = _bytes(targets)
        _publish_file(self.metadata_dir / f"{targets.signed.version}.targets.json", targets_raw)

        snap = snapshot or Metadata(Snapshot(expires=expires))
        if snapshot is not None:
            snap.signed.version += 1
        snap.signed.expires = expires
        snap.signed.meta["targets.json"] = MetaFile.from_data(targets.signed.version, targets_raw, ["sha256"])
        snap.sign(signers["snapshot"])
        snap_raw = _bytes(snap)
        _publish_file(self.metadata_dir / f"{snap.signed.version}.snapshot.json", snap_raw)

        ts = timestamp or Metadata(Timestamp(expires=expires))
        if timestamp is not None:
            ts.signed.version += 1
        ts.signed.expires = expires
        ts.signed.unrecognized_fields[SIGNED_AT] = _now().isoformat().replace("+00:00", "Z")
        ts.signed.snapshot_meta = MetaFile.from_data(snap.signed.version, snap_raw, ["sha256"])
        ts.sign(signers["timestamp"])
        _publish_file(self.metadata_dir / "timestamp.json", _bytes(ts))
