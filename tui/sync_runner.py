"""The one place the TUI calls the sync client (ctrl+s), and what it says afterwards.

`run_sync` runs in a worker thread: it may block on the network, must not
touch widgets, reports progress through `progress(SyncProgress)` (called from
that thread), returns a `SyncReport` (one or two short lines, plus the changes
service by service for the message log) and raises `VsdError` (a `SyncError`
whose message a caseworker can read) on failure. After it returns, the app
reopens the store.

The report says the facts `vsd sync` prints (tui/subcommands/sync.py `report`), in fewer words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

EXPIRY_WARNING_DAYS = 7  # as `vsd sync`: a feed that expires sooner is said to


@dataclass(frozen=True)
class SyncReport:
    text: str  # one or two short lines: what the sync did
    details: str = ""  # the services added, removed and changed, and any notes (for the message log)

    def __str__(self) -> str:
        return self.text


def run_sync(data_dir: Path | None, progress: Callable[[Any], None] | None = None) -> SyncReport:
    from directory.store import Store
    from sync.client import sync

    return summary(sync(Store(data_dir), progress=progress))


def summary(result: Any, now: datetime | None = None) -> SyncReport:
    """What the sync did: the versions, the changes counted, and the feed's expiry when it is near."""
    from sync.diff import plain

    if result.updated:
        first = f"Directory updated to version {result.version} (was {result.previous})"
        d = result.diff
        first += "." if d is None else (": no service changed." if d.empty else f": {changes(d)}.")
        second = f"{result.services} services, generated {plain(result.generated_at[:10])}."
    else:
        first, second = f"Already up to date (version {result.version}).", ""
    soon = expiry_note(result.feed_expires, now or datetime.now(UTC))
    warnings = list(getattr(result, "warnings", []))  # e.g. a feed not re-signed for too long
    stale = "The feed was not re-signed on time; newer data may exist." if warnings else ""
    second = " ".join(s for s in (second, soon, stale) if s)
    details = [f"warning: {plain(w)}" for w in warnings] + [f"note: {plain(n)}" for n in result.notices]
    details += result.diff.lines() if result.diff else []
    return SyncReport("\n".join(s for s in (first, second) if s), "\n".join(details))


def changes(diff: Any) -> str:
    """ "3 services added, 2 changed, 1 removed": the kinds that happened, the first with its noun."""
    counts = [(len(diff.added), "added"), (len(diff.changed), "changed"), (len(diff.removed), "removed")]
    parts = [f"{n} {label}" for n, label in counts if n]
    if parts:
        n = next(n for n, _label in counts if n)
        parts[0] = parts[0].replace(" ", " service " if n == 1 else " services ", 1)
    return ", ".join(parts)


def expiry_note(expires: datetime | None, now: datetime) -> str:
    if expires is None:
        return ""
    days = (expires - now).total_seconds() / 86400
    if days >= EXPIRY_WARNING_DAYS:
        return ""
    return f"The feed expires in {max(days, 0):.1f} days; then syncs are refused until it is re-signed."


def failure(error: Exception) -> SyncReport:
    """Why a sync changed nothing, first line for the toast; a refusal's list of problems for the log."""
    from sync.errors import SyncRefused

    if isinstance(error, SyncRefused):
        keeping = f"; {error.keeping}" if error.keeping else ""
        return SyncReport(f"Sync refused ({error.attack}): {error.detail}{keeping}.", "\n".join(error.problems))
    first, _, rest = str(error).partition("\n")
    return SyncReport(f"Sync failed: {first}", rest)


def describe_progress(p: Any) -> str:
    """ "downloading 40%" style text for the status line."""
    if p.total:
        return f"{p.phase} {min(100, 100 * p.done // p.total)}%"
    return p.phase
