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


def run(args) -> int:
    store = Store(data_dir(args))
    env = store.envelope()
    meta = store.meta()
    for notice in store.notices:
        print(f"note: {plain(notice)}", file=sys.stderr)
    countries = sorted({c for s in env["services"] for c in s.get("countries", [])})
    last = store.read_state("sync").get("last_sync")
    if not (isinstance(last, dict) and isinstance(last.get("at"), str)):
        last = None  # absent or damaged state: nothing to report
    rows = [
        ("directory version", f"{env['version']} (generated {env['generated_at']})"),
        ("services", str(len(env["services"]))),
        ("countries", f"{len(countries)}: {' '.join(countries)}"),
        ("store", str(store.directory_path)),
        ("user data", str(store.userdata_path)),
        ("stored", meta.get("stored_at", "?")),
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
