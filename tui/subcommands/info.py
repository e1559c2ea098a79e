"""`vsd info`: what directory this machine has and where it lives."""

from __future__ import annotations

import sys

from rich.cells import cell_len

from directory import setting_sources
from directory.i18n import N_, _
from directory.safe_text import plain
from directory.store import Store

from ._args import data_dir

ORDER = 10


def register(sub, parent) -> None:
    p = sub.add_parser("info", parents=[parent], help=_("show the local directory's version, size and store path"))
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
        print(_("note: {text}").format(text=plain(notice)), file=sys.stderr)
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
        (
            N_("directory version"),
            _("{version} (generated {date})").format(version=copy["version"], date=copy["generated_at"]),
        ),
        (N_("services"), str(copy["services"])),
        (N_("countries"), f"{len(countries)}: {' '.join(countries)}"),
        (N_("store"), str(store.directory_path)),
        (N_("user data"), str(store.userdata_path)),
        (N_("stored"), copy.get("stored_at") or "?"),
        (
            N_("last sync"),
            _("{when} from {feed}").format(when=last["at"], feed=last.get("feed", "?")) if last else _("never"),
        ),
        *_sync_rows(store),
    ]
    rows = [(_(k), plain(str(v))) for k, v in rows]  # the core's labels stay English until it marks them
    width = max(cell_len(k) for k, _v in rows)
    for k, v in rows:
        print(k + " " * (width - cell_len(k)) + f"  {v}")
    return 0


def _sync_rows(store: Store) -> list[tuple[str, str]]:
    """The sync settings a plain `vsd sync` would use, each with its source (directory.setting_sources)."""
    state = store.read_state("sync")
    resolved = setting_sources.resolve(remembered=setting_sources.remembered_settings(state))
    rows = setting_sources.describe(resolved)
    pin = store.data_dir / "sync" / "root.json"
    if resolved.root.value is None and pin.is_file():
        rows[2] = (N_("trusted root"), f"{pin}  [{setting_sources.REMEMBERED}]")
    rows += [("sync settings", f"problem: {p}") for p in resolved.problems]
    return rows
