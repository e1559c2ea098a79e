"""`vsd validate [PATH]`: check a services file (the bundled one by default)."""

from __future__ import annotations

import sys

from directory.bundled import bundled_path
from directory.i18n import _
from directory.loading import read_json_file
from directory.validate import validate

ORDER = 20


def register(sub, parent) -> None:
    p = sub.add_parser(
        "validate",
        parents=[parent],
        help=_("check a services file against the schema and the data rules"),
        description=_("Check a services file; with no PATH, the bundled directory."),
    )
    p.add_argument("path", nargs="?", help=_("services file (default: the bundled copy)"))
    p.set_defaults(func=run)


def run(args) -> int:
    path = args.path or bundled_path()
    report = validate(read_json_file(path))
    for problem in report.problems:
        print(problem)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1
