"""Two-person review: a release is staged, signed by as many targets keys as the root asks, then published.

    vsd feed propose SERVICES.json DIR   validate and stage the next version, signed by the proposer's key
    vsd feed diff DIR                    what the staged version changes, service by service (sync.diff)
    vsd feed approve DIR --key MINE.pem  add a second targets signature (a key already on it is refused)
    vsd feed publish DIR                 write it: refused unless the signatures reach the threshold

The stage is `DIR/staged/` (never served): the proposed targets metadata with its signatures, the target
files, the proposed directory (for the diff) and, after `vsd feed rotate targets` to keys that are not all
here, a new root that is published together with the release it makes valid.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tuf.api.metadata import Metadata, Root, Targets  # type: ignore[attr-defined]

from directory.atomic import write_bytes_atomic
from directory.loading import read_json_file

from .errors import PublishError
from .publisher import (
    DEFAULT_EXPIRES_DAYS,
    TIMESTAMP_EXPIRES_DAYS,
    Publisher,
    PublishResult,
    Release,
    valid_signers,
)
from .signers import default_spec, role_env

PROPOSAL = "proposal.json"


@dataclass(frozen=True)
class Signatures:
    valid: int
    threshold: int
    keyids: list[str]

    @property
    def ready(self) -> bool:
        return self.valid >= self.threshold


@dataclass(frozen=True)
class Staged:
    release: Release
    new_root: Metadata[Root] | None
    base_targets: int
    base_root: int
    signatures: Signatures


def staged_dir(pub: Publisher) -> Path:
    return pub.dir / "staged"


def count_signatures(root: Root, targets: Metadata[Targets]) -> Signatures:
    good = valid_signers(root, targets)
    return Signatures(len(good), root.roles["targets"].threshold, good)


def stage(pub: Publisher, release: Release, *, new_root: Metadata[Root] | None = None, replace: bool = False) -> None:
    """Write the stage (all of it, or nothing: it is built beside and renamed into place)."""
    final = staged_dir(pub)
    if final.exists() and not replace:
        raise PublishError(
            f"{final} already holds a proposal; publish it, or propose again with --replace to discard it"
        )
    root, _, _, targets = pub.current()
    tmp = pub.dir / ".staged.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "targets").mkdir(parents=True)
    for path, blob in release.blobs.items():
        write_bytes_atomic(tmp / "targets" / path, blob, mode=0o644)
    write_bytes_atomic(tmp / "targets.json", release.targets.to_bytes())
    if new_root is not None:
        write_bytes_atomic(tmp / "root.json", new_root.to_bytes())
    if release.envelope is not None:
        write_bytes_atomic(tmp / "services.json", json.dumps(release.envelope, ensure_ascii=False).encode("utf-8"))
    proposal = {
        "base_targets": targets.signed.version,
        "base_root": root.signed.version,
        "version": release.version,
        "services": release.services,
        "previous": release.previous,
    }
    write_bytes_atomic(tmp / PROPOSAL, json.dumps(proposal, indent=2).encode("utf-8"))
    if final.exists():
        shutil.rmtree(final)
    os.replace(tmp, final)


def load(pub: Publisher) -> Staged:
    d = staged_dir(pub)
    if not (d / PROPOSAL).is_file():
        raise PublishError(f"nothing is staged in {pub.dir}: run `vsd feed propose SERVICES.json {pub.dir}` first")
    try:
        info = read_json_file(d / PROPOSAL)
        targets = Metadata[Targets].from_bytes((d / "targets.json").read_bytes())
        new_root = Metadata[Root].from_bytes((d / "root.json").read_bytes()) if (d / "root.json").exists() else None
        blobs = {p.name: p.read_bytes() for p in (d / "targets").iterdir() if p.is_file()}
        envelope = read_json_file(d / "services.json") if (d / "services.json").exists() else None
        release = Release(targets, blobs, int(info["version"]), int(info["services"]), info.get("previous"), envelope)
        root = new_root.signed if new_root else pub.current()[0].signed
        return Staged(
            release, new_root, int(info["base_targets"]), int(info["base_root"]), count_signatures(root, targets)
        )
    except PublishError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged stage: say so, never publish half of it
        raise PublishError(f"the proposal in {d} is damaged ({type(e).__name__}: {e}); propose again") from None


def propose(
    pub: Publisher,
    services_path: str | os.PathLike[str],
    *,
    key_specs: list[str] | None = None,
    expires_days: int = DEFAULT_EXPIRES_DAYS,
    replace: bool = False,
    now: datetime | None = None,
) -> Staged:
    """Validate and stage the next version, signed by the given targets keys (default: keys/targets.pem
    when it exists; a curator without a key may propose unsigned)."""
    with pub.locked():
        release = pub.prepare(services_path, expires_days=expires_days, now=now)
        root = pub.current()[0].signed
        specs = key_specs if key_specs is not None else _default_targets_spec(pub)
        for spec in specs:
            release.targets.sign(pub.signer(root, "targets", spec), append=True)
        stage(pub, release, replace=replace)
    return load(pub)


def _default_targets_spec(pub: Publisher) -> list[str]:
    spec = default_spec(pub.keys_dir, "targets")
    return [spec] if os.environ.get(role_env("targets")) or Path(spec).is_file() else []


def approve(pub: Publisher, key_specs: list[str] | None = None) -> Staged:
    """Add the signature of each given targets key (default keys/targets.pem) to the staged proposal."""
    with pub.locked():
        staged = load(pub)
        root = staged.new_root.signed if staged.new_root else pub.current()[0].signed
        targets = staged.release.targets
        for spec in key_specs or [None]:  # type: ignore[list-item]
            signer = pub.signer(root, "targets", spec)
            keyid = signer.public_key.keyid
            if keyid in targets.signatures:
                raise PublishError(
                    f"the key {keyid[:12]} has already signed this proposal: a second approval must come "
                    "from a different targets key"
                )
            targets.sign(signer, append=True)
        write_bytes_atomic(staged_dir(pub) / "targets.json", targets.to_bytes())
    return load(pub)


def publish_staged(pub: Publisher, *, timestamp_days: int = TIMESTAMP_EXPIRES_DAYS) -> PublishResult:
    """Publish the staged proposal, if its signatures reach the threshold and the feed has not moved on."""
    with pub.locked():
        staged = load(pub)
        root, _, _, targets = pub.current()
        if (staged.base_targets, staged.base_root) != (targets.signed.version, root.signed.version):
            raise PublishError(
                f"the feed changed since this proposal was made (targets v{targets.signed.version}, "
                f"root v{root.signed.version} now); propose it again with --replace"
            )
        if not staged.signatures.ready:
            raise PublishError(
                f"not published: targets needs {staged.signatures.threshold} signatures from different keys, "
                f"the proposal has {staged.signatures.valid}; another key holder must run "
                f"`vsd feed approve {pub.dir} --key THEIR-KEY`"
            )
        result = pub.write_release(staged.release, root, new_root=staged.new_root, timestamp_days=timestamp_days)
        shutil.rmtree(staged_dir(pub))
    return result


def summary(staged: Staged) -> dict[str, Any]:
    s = staged.signatures
    return {
        "version": staged.release.version,
        "previous": staged.release.previous,
        "services": staged.release.services,
        "signatures": s.valid,
        "threshold": s.threshold,
        "signed_by": [k[:12] for k in s.keyids],
        "new_root": staged.new_root.signed.version if staged.new_root else None,
    }
