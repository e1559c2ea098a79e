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

from directory.i18n import _, ngettext

EXPIRY_WARNING_DAYS = 7  # as `vsd sync`: a feed that expires sooner is said to


@dataclass(frozen=True)
class SyncReport:
    text: str  # one or two short lines: what the sync did
    details: str = ""  # the services added, removed and changed, and any notes (for the message log)

    def __str__(self) -> str:
        return self.text


def run_sync(data_dir: Path | None, progress: Callable[[Any], None] | None = None) -> SyncReport:
    from directory import index_update
    from directory.store import Store
    from sync.client import sync

    store = Store(data_dir)
    old = index_update.before(store.data_dir)  # the index file of the data as it is
    try:
        result = sync(store, progress=progress)
        if result.updated and old is not None:
            # Brought up to date in proportion to the change, the reload reads it back; when it cannot
            # be, the reload builds it as it always did (and says so if it cannot keep it).
            try:
                index_update.update(old)
            except Exception:  # noqa: BLE001 - derived data: the reload builds it
                pass
    finally:
        if old is not None:
            old.close()
    return summary(result)


def summary(result: Any, now: datetime | None = None) -> SyncReport:
    """What the sync did: the versions, the changes counted, and the feed's expiry when it is near."""
    from sync.diff import plain

    if result.updated:
        first = _("Directory updated to version {version} (was {previous})").format(
            version=result.version, previous=result.previous
        )
        d = result.diff
        first += (
            "."
            if d is None
            else (_(": no service changed.") if d.empty else _(": {changes}.").format(changes=changes(d)))
        )
        second = ngettext(
            "{count} service, generated {date}.", "{count} services, generated {date}.", result.services
        ).format(count=result.services, date=plain(result.generated_at[:10]))
    else:
        first, second = _("Already up to date (version {version}).").format(version=result.version), ""
    soon = expiry_note(result.feed_expires, now or datetime.now(UTC))
    warnings = list(getattr(result, "warnings", []))  # e.g. a feed not re-signed for too long
    stale = _("The feed was not re-signed on time; newer data may exist.") if warnings else ""
    second = " ".join(s for s in (second, soon, stale) if s)
    details = [_("warning: {text}").format(text=plain(w)) for w in warnings] + [
        _("note: {text}").format(text=plain(n)) for n in result.notices
    ]
    details += result.diff.lines() if result.diff else []
    return SyncReport("\n".join(s for s in (first, second) if s), "\n".join(details))


def changes(diff: Any) -> str:
    """ "3 services added, 2 changed, 1 removed": the kinds that happened, the first with its noun."""
    counts = [(len(diff.added), "added"), (len(diff.changed), "changed"), (len(diff.removed), "removed")]
    happened = [(n, label) for n, label in counts if n]
    parts = [_first_change(*happened[0])] if happened else []
    later = {"added": _("{count} added"), "changed": _("{count} changed"), "removed": _("{count} removed")}
    parts += [later[label].format(count=n) for n, label in happened[1:]]
    return ", ".join(parts)


def _first_change(n: int, label: str) -> str:
    """The first kind of change, with its noun: "3 services added"."""
    if label == "added":
        text = ngettext("{count} service added", "{count} services added", n)
    elif label == "changed":
        text = ngettext("{count} service changed", "{count} services changed", n)
    else:
        text = ngettext("{count} service removed", "{count} services removed", n)
    return text.format(count=n)


def expiry_note(expires: datetime | None, now: datetime) -> str:
    if expires is None:
        return ""
    days = (expires - now).total_seconds() / 86400
    if days >= EXPIRY_WARNING_DAYS:
        return ""
    return _("The feed expires in {days:.1f} days; then syncs are refused until it is re-signed.").format(
        days=max(days, 0)
    )


def failure(error: Exception) -> SyncReport:
    """Why a sync changed nothing, first line for the toast; a refusal's list of problems for the log."""
    from sync.errors import SyncRefused

    if isinstance(error, SyncRefused):
        keeping = _("; {keeping}").format(keeping=error.keeping) if error.keeping else ""
        return SyncReport(
            _("Sync refused ({attack}): {detail}{keeping}.").format(
                attack=error.attack, detail=error.detail, keeping=keeping
            ),
            "\n".join(error.problems),
        )
    first, _sep, rest = str(error).partition("\n")
    return SyncReport(_("Sync failed: {error}").format(error=first), rest)


def describe_progress(p: Any) -> str:
    """ "downloading 40%" style text for the status line."""
    if p.total:
        return f"{p.phase} {min(100, 100 * p.done // p.total)}%"
    return p.phase
