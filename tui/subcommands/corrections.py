"""`vsd corrections list|export`: the problems a caseworker reported in the app (key r), to send to
the directory's curators by their usual channel. vsd itself never sends them anywhere."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from directory import paths
from directory.atomic import write_bytes_atomic
from directory.corrections import CorrectionsFile, export_bytes, kinds
from directory.errors import InputError
from directory.i18n import _, ngettext
from directory.outputs import OutputRefused, output_target, private_folder
from directory.safe_text import plain
from directory.store import Store, utc_stamp

from ._args import data_dir

ORDER = 75


def register(sub: Any, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "corrections",
        parents=[parent],
        help=_("list or export the problems you reported on services (to send to the curators)"),
        description=(
            _(
                "Problems reported in the app (key r on a service) are kept on this computer only. "
                "Export them to a file and send it to your directory's curators by your usual channel."
            )
        ),
    )
    csub = p.add_subparsers(dest="corrections_command", metavar="ACTION", required=True)
    q = csub.add_parser("list", parents=[parent], help=_("show the problems reported on this computer"))
    q.set_defaults(func=run_list)
    q = csub.add_parser("export", parents=[parent], help=_("write them to a private file (0600) to send"))
    q.add_argument(
        "out",
        nargs="?",
        metavar="OUT",
        help=_("file to write (default: vsd-corrections-<time>.json in {referral_dir})").format(
            referral_dir=paths.referral_dir()
        ),
    )
    q.add_argument("--force", action="store_true", help=_("replace OUT if it exists"))
    q.set_defaults(func=run_export)


def _filed(args: argparse.Namespace) -> list[dict[str, Any]]:
    store = Store(data_dir(args))
    return CorrectionsFile(store).all()


def run_list(args: argparse.Namespace) -> int:
    rows = _filed(args)
    if not rows:
        print(_("no problems reported yet (highlight a service in the app and press r)"))
        return 0
    labels = kinds()
    for r in rows:
        kind = labels[r["kind"]].curator if r["kind"] in labels else r["kind"]
        text = f": {r['text']}" if r.get("text") else ""
        print(plain(f"{r['filed_at'][:10]}  {r['service_id']}  {kind}{text}"))
    print(
        _("{count} reported; `vsd corrections export` writes them to a file to send").format(count=len(rows)),
        file=sys.stderr,
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    rows = _filed(args)
    if not rows:
        print(_("no problems reported yet: nothing to export (highlight a service in the app and press r)"))
        return 0
    if args.out:
        try:
            target = output_target(args.out, replace=args.force)[0]
        except OutputRefused as e:
            hint = "; pass --force to replace it" if str(e).endswith(": exists") else ""
            raise InputError(f"{e}{hint}") from None
    else:  # the referral cards' private folder: only the user can read it
        target = private_folder(paths.referral_dir()) / f"vsd-corrections-{utc_stamp()}.json"
    write_bytes_atomic(target, export_bytes(rows, now=datetime.now(UTC)))  # 0600
    n = len(rows)
    print(
        ngettext(
            "wrote {count} correction to {path} (only you can read it)",
            "wrote {count} corrections to {path} (only you can read it)",
            n,
        ).format(count=n, path=plain(str(target)))
    )
    print(_("send it to your directory's curators by your usual channel"))
    return 0
