"""`vsd feed prune --keep N`: remove old releases from the served tree without breaking any client.

A release is a snapshot version, the targets version it lists and the target files that lists. Kept:

- the newest `keep` releases (the current one always);
- any file written in the last `grace` (default a day): a client that read the previous
  `timestamp.json` just before a publish may still fetch what it promised, and a CDN may still
  hand out a `timestamp.json` it cached a little longer than it should;
- every `N.root.json` and `root.json`, `timestamp.json`: a client that trusts root v1 walks the whole
  chain of roots, however old;
- whatever a staged proposal refers to.

Files are removed oldest release first, metadata before the target files it lists, under the publish lock.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from tuf.api.metadata import Metadata, Snapshot, Targets  # type: ignore[attr-defined]

from .errors import PublishError
from .publisher import Publisher

DEFAULT_GRACE = timedelta(days=1)
_VERSIONED = re.compile(r"^([0-9]+)\.(snapshot|targets)\.json$")


@dataclass(frozen=True)
class PruneResult:
    removed: list[Path]
    kept_releases: list[int]  # snapshot versions kept
    bytes_freed: int


def _versions(metadata_dir: Path, role: str) -> dict[int, Path]:
    out = {}
    for path in metadata_dir.iterdir():
        m = _VERSIONED.match(path.name)
        if m and m.group(2) == role:
            out[int(m.group(1))] = path
    return out


def _young(path: Path, grace: timedelta, now: float) -> bool:
    try:
        return now - path.stat().st_mtime < grace.total_seconds()
    except FileNotFoundError:
        return False


def _listed_files(targets_path: Path) -> set[str]:
    md = Metadata[Targets].from_bytes(targets_path.read_bytes())
    return {p for tf in md.signed.targets.values() for p in tf.get_prefixed_paths()}


def prune(pub: Publisher, keep: int, *, grace: timedelta = DEFAULT_GRACE, dry_run: bool = False) -> PruneResult:
    if keep < 1:
        raise PublishError("--keep must be at least 1 (the current release is always kept)")
    now = time.time()
    with pub.locked():
        _, timestamp, _, _ = pub.current()
        current = timestamp.signed.snapshot_meta.version
        snapshots = _versions(pub.metadata_dir, "snapshot")
        targets = _versions(pub.metadata_dir, "targets")
        kept = sorted(v for v in snapshots if v > current - keep or _young(snapshots[v], grace, now))
        kept_targets = {
            Metadata[Snapshot].from_bytes(snapshots[v].read_bytes()).signed.meta["targets.json"].version for v in kept
        }
        kept_targets |= {v for v, p in targets.items() if _young(p, grace, now) or v > max(kept_targets)}
        wanted = set().union(*(_listed_files(targets[v]) for v in kept_targets if v in targets))
        wanted |= _staged_files(pub)

        doomed = [p for v, p in sorted(snapshots.items()) if v not in kept]
        doomed += [p for v, p in sorted(targets.items()) if v not in kept_targets]
        doomed += sorted(
            p for p in pub.targets_dir.iterdir() if p.is_file() and p.name not in wanted and not _young(p, grace, now)
        )
        freed = sum(p.stat().st_size for p in doomed)
        if not dry_run:
            for path in doomed:
                path.unlink(missing_ok=True)
    return PruneResult(doomed, kept, freed)


def _staged_files(pub: Publisher) -> set[str]:
    from .review import staged_dir

    folder = staged_dir(pub) / "targets"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()
