"""`vsd info`: what directory this machine has and where it lives."""

from __future__ import annotations

import sys

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
    ]
    rows = [(k, plain(str(v))) for k, v in rows]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0
