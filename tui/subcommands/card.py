"""`vsd card ID`: the referral card of one service, as plain text or Markdown, for a script or a printer.

The same card the app copies (`c`) and exports (`e`). Hours are also given in this machine's time
zone when the service keeps another one.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from datetime import datetime

from directory.errors import VsdError
from directory.i18n import _
from directory.safe_text import plain

from ._args import data_dir

ORDER = 25


class UnknownService(VsdError):
    exit_code = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "card",
        parents=[parent],
        help=_("print the referral card of a service (its id is in `vsd search --json` and on every card)"),
    )
    p.add_argument("id", metavar="ID", help=_("the service's id, e.g. de-hilfetelefon-116016"))
    p.add_argument("--format", choices=("text", "md"), default="text", help=_("plain text (default) or Markdown"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from directory import Directory

    from ..referral import render

    d = Directory.open(data_dir(args))
    for notice in d.notices:
        print(_("note: {text}").format(text=plain(notice)), file=sys.stderr)
    service = d.by_id(args.id)
    if service is None:
        raise UnknownService(_unknown(args.id, [str(s.get("id")) for s in d.services]))
    now = datetime.now().astimezone()
    sys.stdout.write(render(service, "markdown" if args.format == "md" else "text", now=now))
    return 0


def _unknown(wanted: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(wanted.lower(), ids, n=3, cutoff=0.6)
    hint = (
        _("; did you mean {ids}?").format(ids=", ".join(close))
        if close
        else _("; find ids with `vsd search QUERY --json`")
    )
    return _("no service with the id {id!r}{hint}").format(id=plain(wanted), hint=hint)
