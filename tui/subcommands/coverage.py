"""`vsd coverage`: the countries × kinds of help matrix, for curators.

Each cell: the number of services, "-" when the cell was researched and nothing national is known,
"?" when nobody has researched it. `--json` gives every cell with its research record.
"""

from __future__ import annotations

import json
import sys

from directory.coverage import CORE_KINDS, NONE_KNOWN, matrix, summary
from directory.i18n import _

from ._args import data_dir

ORDER = 7
SHORT = {
    "emergency": "emer",
    "child_helpline": "child",
    "csam_reporting": "csam",
    "victim_support": "victim",
    "missing_children": "missing",
    "domestic_violence": "dv",
    "sexual_violence": "sv",
    "trafficking": "traff",
    "police_cyber": "cyber",
    "online_safety": "online",
}


def register(sub, parent) -> None:
    p = sub.add_parser(
        "coverage",
        parents=[parent],
        help=_("which kinds of help each country has: services, none known, not researched"),
        description=_(
            "Countries × kinds of help. A number is the count of services; '-' means researched and "
            "none known (the date and sources are in --json); '?' means not researched."
        ),
    )
    p.add_argument("--json", action="store_true", help=_("every cell, with its research record"))
    p.add_argument("--file", metavar="PATH", help=_("a services file instead of the local store"))
    p.set_defaults(func=run)


def run(args) -> int:
    from directory import Directory
    from directory.safe_text import scrub_tree

    if args.file:  # only the valid records of a file the user names (a note says how many were left out)
        from directory.loading import read_services_file

        env, notes = read_services_file(args.file)
        d = Directory(env, notices=notes)
    else:
        d = Directory.open(data_dir(args))
    cells = matrix(d.services, d.coverage)
    totals = summary(cells)
    if args.json:
        out = {
            "summary": totals,
            "kinds": list(CORE_KINDS),
            "cells": [
                {"country": c.country, "kind": c.kind, "state": c.state, "services": c.services}
                | ({"researched": c.none_known} if c.none_known else {})
                for c in cells
            ],
        }
        json.dump(scrub_tree(out), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print("     " + " ".join(f"{SHORT[k]:>7}" for k in CORE_KINDS))
    by_country: dict[str, list] = {}
    for c in cells:
        by_country.setdefault(c.country, []).append(c)
    for country, row in by_country.items():
        marks = [str(c.services) if c.services else ("-" if c.state == NONE_KNOWN else "?") for c in row]
        print(f"{country:<4} " + " ".join(f"{m:>7}" for m in marks))
    print(
        _(
            "\n{cells} cells: {with_services} with services, {none_known} researched and none known (-), {not_researched} not researched (?)"
        ).format(
            cells=totals["cells"],
            with_services=totals["with_services"],
            none_known=totals["none_known"],
            not_researched=totals["not_researched"],
        )
    )
    return 0
