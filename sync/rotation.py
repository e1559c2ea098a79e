"""The offline root operations, and new keys for the people who hold them.

    vsd feed keygen OUT.pem           a new Ed25519 key, encrypted with a passphrase, and OUT.pem.pub
    vsd feed root-sign DIR            renew the root (a new version, same keys) before it expires
    vsd feed rotate ROLE DIR          replace a role's keys: a fresh key in DIR/keys, or the public keys
                                      of the people who will hold them (--public, --threshold)

Each writes a new root version signed by the current root key(s) (and, for root itself, by the new
one too), so a client that trusts any earlier root follows the chain one version at a time. What the
new keys must re-sign is re-signed at once where the keys are here; otherwise (targets keys held by
others) the new root and the re-signed release are staged together (`sync.review`) and published
when enough holders have approved, so clients never see a root whose targets no key has signed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from securesystemslib.signer import CryptoSigner, Signer  # type: ignore[attr-defined]
from tuf.api import exceptions
from tuf.api.metadata import Metadata, Root  # type: ignore[attr-defined]

from directory.atomic import write_bytes_atomic

from . import review
from . import signers as keys
from .errors import PublishError
from .publisher import ONLINE, ROLES, ROOT_EXPIRES_DAYS, Publisher, check_threshold


@dataclass(frozen=True)
class RotateResult:
    role: str
    root_version: int
    keyids: list[str]
    threshold: int
    key_file: Path | None  # where a generated key was written
    staged: bool  # the re-signed release waits for approvals
    retired: Path | None = None  # where the role's old key file went


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def keygen(path: Path, passphrase: bytes | None) -> tuple[Path, str]:
    """A new key for a key holder: the private key (encrypted when a passphrase is given) and PATH.pub."""
    signer = keys.new_key()
    pub_path = path.with_name(path.name + ".pub")
    if pub_path.exists():
        raise PublishError(f"{pub_path} already exists; not overwriting a key")
    keys.write_private(path, signer, passphrase)
    write_bytes_atomic(pub_path, keys.public_pem(signer), mode=0o644)
    return pub_path, signer.public_key.keyid


def _sign_root(md: Metadata[Root], old: Root, signers: list[Signer]) -> None:
    """Sign a new root and check it against both the old root's and its own root threshold."""
    md.signatures.clear()
    for signer in signers:
        md.sign(signer, append=True)
    for which, trusted in (("current", old), ("new", md.signed)):
        try:
            trusted.verify_delegate("root", md.signed_bytes, md.signatures)
        except exceptions.UnsignedMetadataError:
            raise PublishError(
                f"the new root is not signed by enough {which} root keys "
                f"(threshold {trusted.roles['root'].threshold}); give them with --root-key"
            ) from None


def _write_root(pub: Publisher, md: Metadata[Root]) -> None:
    raw = md.to_bytes()
    for name in (f"{md.signed.version}.root.json", "root.json"):  # the versioned file first
        write_bytes_atomic(pub.metadata_dir / name, raw, mode=0o644)


def _root_signers(pub: Publisher, root: Root, specs: list[str] | None) -> list[Signer]:
    return [pub.signer(root, "root", spec) for spec in specs or [None]]  # type: ignore[list-item]


def root_sign(
    pub: Publisher,
    *,
    root_keys: list[str] | None = None,
    expires_days: int = ROOT_EXPIRES_DAYS,
    now: datetime | None = None,
) -> Metadata[Root]:
    """Renew the root: a new version with a new expiry, same keys, signed with the root key(s)."""
    now = now or _now()
    with pub.locked():
        md = pub.current()[0]
        old = copy.deepcopy(md.signed)
        signers = _root_signers(pub, old, root_keys)
        md.signed.version += 1
        md.signed.expires = now + timedelta(days=expires_days)
        _sign_root(md, old, signers)
        _write_root(pub, md)
    return md


def _retire(pub: Publisher, role: str, version: int) -> Path | None:
    """Move the role's old key file aside (kept, owner-only) before a new one takes its name."""
    old = pub.keys_dir / f"{role}.pem"
    if not old.exists():
        return None
    retired = pub.keys_dir / "retired"
    retired.mkdir(mode=0o700, exist_ok=True)
    return old.rename(retired / f"{role}-root-v{version}.pem")


def rotate(
    pub: Publisher,
    role: str,
    *,
    public_keys: list[Path] | None = None,
    threshold: int = 1,
    root_keys: list[str] | None = None,
    passphrase: bytes | None = None,
    now: datetime | None = None,
) -> RotateResult:
    """Replace `role`'s keys: a fresh key (written to keys/ROLE.pem) or the given public keys."""
    if role not in ROLES:
        raise PublishError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if role == "root" and public_keys:
        raise PublishError("a new root key is made here: it must sign the root that introduces it")
    if review.staged_dir(pub).exists():
        raise PublishError(
            f"{review.staged_dir(pub)} holds a proposal: publish it (or delete the folder) before rotating keys"
        )
    with pub.locked():
        md, _, _, _ = pub.current()
        old = copy.deepcopy(md.signed)
        root_signers = _root_signers(pub, old, root_keys)  # a missing root key stops us before any change
        generated: CryptoSigner | None = None if public_keys else keys.new_key()
        new_keys = [generated.public_key] if generated else [keys.load_public(p) for p in public_keys or []]
        if not 1 <= threshold <= len(new_keys):
            raise PublishError(f"a threshold of {threshold} needs at least {threshold} keys (given {len(new_keys)})")
        root = md.signed
        for keyid in list(root.roles[role].keyids):
            root.revoke_key(keyid, role)
        for key in new_keys:
            root.add_key(key, role)
        root.roles[role].threshold = threshold
        root.version += 1
        _sign_root(md, old, [*root_signers, *([generated] if role == "root" and generated else [])])
        staged = _resign(pub, md, role, generated)
        key_file = None
        retired = _retire(pub, role, old.version)  # the old key signs nothing clients accept any more
        if generated is not None:
            key_file = pub.keys_dir / f"{role}.pem"
            keys.write_private(key_file, generated, passphrase)
    return RotateResult(role, root.version, [k.keyid for k in new_keys], threshold, key_file, staged, retired)


def _resign(pub: Publisher, md: Metadata[Root], role: str, generated: CryptoSigner | None) -> bool:
    """Publish the new root with what its new keys must re-sign; True when that waits for approvals."""
    root = md.signed
    if role == "root":
        _write_root(pub, md)
        return False
    if role in ONLINE:
        online = {r: generated if (r == role and generated) else pub.signer(root, r) for r in ONLINE}
        _, _, snapshot, targets = pub.current()
        on_disk = (pub.metadata_dir / f"{targets.signed.version}.targets.json").read_bytes()
        _write_root(pub, md)
        pub._write_signed_release(
            targets, online, snapshot.signed.expires, pub.current()[1].signed.expires, targets_raw=on_disk
        )
        return False
    release = pub.resign_release()
    if generated is not None:
        release.targets.sign(generated)
    else:
        for signer in _local_targets_signers(pub, root):
            release.targets.sign(signer, append=True)
    current = pub.current()[0]
    try:
        check_threshold(root, release.targets)
    except PublishError:
        review.stage(pub, release, new_root=md)
        return True
    pub.write_release(release, current, new_root=md)
    return False


def _local_targets_signers(pub: Publisher, root: Root) -> list[Signer]:
    """The default targets key, when it is one of the new keys (others sign with `vsd feed approve`)."""
    try:
        return [pub.signer(root, "targets")]
    except PublishError:
        return []
