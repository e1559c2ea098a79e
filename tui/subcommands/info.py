"""`vsd info`: what directory this machine has and where it lives."""

from __future__ import annotations

import sys

from directory import setting_sources
from directory.safe_text import plain
from directory.store import Store

from ._args import data_dir

ORDER = 10


def register(sub, parent) -> None:
    p = sub.add_parser("info", parents=[parent], help="show the local directory's version, size and store path")
    p.set_defaults(func=run)


def _stored_copy(store: Store) -> dict:
    """Version, size, countries and date of the stored copy: from the search index's header when it
    is current (no record is read: fast at any size), else from the store itself."""
    from directory.index_file import stored_summary

    summary = stored_summary(store.data_dir)
    if summary is not None:
        return summary
    env = store.envelope()
    for notice in store.notices:
        print(f"note: {plain(notice)}", file=sys.stderr)
    return {
        "version": env["version"],
        "generated_at": env["generated_at"],
        "services": len(env["services"]),
        "countries": sorted({c for s in env["services"] for c in s.get("countries") or [] if isinstance(c, str)}),
        "stored_at": store.meta().get("stored_at"),
    }


def run(args) -> int:
    store = Store(data_dir(args))
    copy = _stored_copy(store)
    countries = copy["countries"]
    last = store.read_state("sync").get("last_sync")
    if not (isinstance(last, dict) and isinstance(last.get("at"), str)):
        last = None  # absent or damaged state: nothing to report
    rows = [
        ("directory version", f"{copy['version']} (generated {copy['generated_at']})"),
        ("services", str(copy["services"])),
        ("countries", f"{len(countries)}: {' '.join(countries)}"),
        ("store", str(store.directory_path)),
        ("user data", str(store.userdata_path)),
        ("stored", copy.get("stored_at") or "?"),
        ("last sync", f"{last['at']} from {last.get('feed', '?')}" if last else "never"),
        *_sync_rows(store),
    ]
    rows = [(k, plain(str(v))) for k, v in rows]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


def _sync_rows(store: Store) -> list[tuple[str, str]]:
    """The sync settings a plain `vsd sync` would use, each with its source (directory.setting_sources)."""
    state = store.read_state("sync")
    resolved = setting_sources.resolve(remembered=setting_sources.remembered_settings(state))
    rows = setting_sources.describe(resolved)
    pin = store.data_dir / "sync" / "root.json"
    if resolved.root.value is None and pin.is_file():
        rows[2] = ("trusted root", f"{pin}  [{setting_sources.REMEMBERED}]")
    rows += [("sync settings", f"problem: {p}") for p in resolved.problems]
    return rows
