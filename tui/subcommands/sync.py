"""`vsd sync [--feed URL] [--root PATH]`: refresh the local directory from the signed feed.

After an update the search index file is brought up to date (from the old one, in proportion to
the change, or built in full), so the next start reads it back instead of building it.

Exit codes: 0 updated or up to date; 1 refused (the reason names the attack
class); 2 usage (no feed or root configured); 3 feed unreachable.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from typing import TextIO

from directory import index_update
from directory.i18n import _, ngettext
from directory.store import Store
from sync.client import SyncProgress, SyncResult, sync
from sync.diff import plain

from ._args import data_dir
from ._format import when

ORDER = 40
# Downloads smaller than this finish before a bar is worth drawing.
BAR_MIN_BYTES = 256 * 1024
# Directories at least this big say so before their search index is built (a few seconds at 100,000).
INDEX_NOTE_MIN = 20_000


def register(sub, parent) -> None:
    p = sub.add_parser(
        "sync",
        parents=[parent],
        help=_("refresh the local directory from the signed feed"),
        description=(
            _(
                "Check the signed feed and, if it publishes a newer directory version, download it, verify it, "
                "validate every record and replace the local copy atomically. Bookmarks and notes are never touched. "
                "The feed URL and its trusted root.json are needed once; both are remembered. Where a setting comes "
                "from: command line > environment > user config > system config > remembered, and a value the "
                "system config locks wins over all (`vsd info` shows each source)."
            )
        ),
        epilog=_("exit codes: 0 updated or up to date, 1 refused, 2 usage, 3 feed unreachable"),
    )
    p.add_argument("--feed", metavar="URL", help=_("base URL of the feed (remembered)"))
    p.add_argument("--root", metavar="PATH", help=_("the feed's trusted root.json, given once (pinned)"))
    p.add_argument(
        "--mirror",
        metavar="URL",
        action="append",
        help=_("another address of the same feed, tried in order when the feed does not answer (repeatable)"),
    )
    p.set_defaults(func=run)


class ProgressBar:
    """A one-line download bar on a terminal stream; silent for small downloads or when not a terminal."""

    def __init__(self, stream: TextIO, *, force: bool = False, min_bytes: int = BAR_MIN_BYTES) -> None:
        self.stream = stream
        self.enabled = force or stream.isatty()
        self.min_bytes = min_bytes
        self.drawn = False
        self.big = False
        self._last = 0.0

    def __call__(self, p: SyncProgress) -> None:
        if not self.enabled:
            return
        if p.phase == "downloading" and p.total >= self.min_bytes:
            now = time.monotonic()
            if p.done < p.total and now - self._last < 0.1:
                return
            self._last = now
            self.big = True
            frac = min(1.0, p.done / p.total) if p.total else 0.0
            width = 30
            fill = int(frac * width)
            self.stream.write(
                f"\rdownloading {p.done / 2**20:7.1f} / {p.total / 2**20:.1f} MiB "
                f"[{'#' * fill}{'.' * (width - fill)}] {frac:4.0%}"
            )
            self.stream.flush()
            self.drawn = True
        elif p.phase != "downloading":
            self.end()
            if self.big and p.phase in ("validating", "comparing", "applying") and p.total == 0:
                self.stream.write(f"{p.phase} ...\n")
                self.stream.flush()

    def end(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def report(result: SyncResult, out: TextIO, err: TextIO) -> None:
    for note in result.notices:
        print(f"note: {note}", file=err)
    for warning in result.warnings:
        print(f"warning: {warning}", file=err)
    if result.updated:
        print(
            ngettext(
                "updated: version {previous} → {version} ({count} service, generated {date})",
                "updated: version {previous} → {version} ({count} services, generated {date})",
                result.services,
            ).format(
                previous=result.previous,
                version=result.version,
                count=result.services,
                date=plain(result.generated_at[:10]),
            ),
            file=out,
        )
        if result.diff is not None:
            print(f"  {result.diff.summary()}", file=out)
            for line in result.diff.lines():
                print(line, file=out)
    else:
        print(
            _("up to date (version {version}, checked {when})").format(
                version=result.version, when=when(result.checked_at)
            ),
            file=out,
        )
    if result.feed_expires is not None:
        days = (result.feed_expires - datetime.now(UTC)).total_seconds() / 86400
        print(_("feed signed until {when}").format(when=when(result.feed_expires)), file=out)
        if days < 7:
            print(
                _(
                    "note: the feed expires in {days:.1f} days; after that syncs are refused until the publisher re-signs it"
                ).format(days=max(days, 0)),
                file=err,
            )


def run(args) -> int:
    store = Store(data_dir(args))
    store.clean_stale_temp_files()  # what a killed earlier write left behind
    bar = ProgressBar(sys.stderr)
    old = index_update.before(store.data_dir)  # the index file of the data as it is, for the update
    try:
        try:
            result = sync(store, args.feed, args.root, mirrors=args.mirror, progress=bar)
        finally:
            bar.end()
        for notice in store.notices:
            print(f"note: {notice}", file=sys.stderr)
        report(result, sys.stdout, sys.stderr)
        if result.updated:
            keep_index(store, result.services, bar, old)
            old = None  # closed by the update
    finally:
        if old is not None:
            old.close()
    return 0


def keep_index(store: Store, services: int, bar: ProgressBar, old: index_update.Before | None = None) -> None:
    """The search index of the new data saved now, updated from the old one's file (`old`) or built:
    the next start reads it back instead of building it. Never fails the sync, which is done: a
    problem is one line, and the next start builds it."""
    from directory.index_cache import NotKept

    if bar.enabled and services >= INDEX_NOTE_MIN:
        print("indexing ...", file=sys.stderr, flush=True)  # as the bar's "validating ..." lines
    try:
        index_update.after_sync(old, store.data_dir)
    except NotKept as e:
        print(f"note: {e.note()}", file=sys.stderr)
