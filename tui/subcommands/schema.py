"""`vsd schema`: print the JSON Schema of a services file."""

from __future__ import annotations

from directory.bundled import schema_path
from directory.i18n import _

ORDER = 25


def register(sub, parent) -> None:
    p = sub.add_parser("schema", parents=[parent], help=_("print the JSON Schema of services files (vsd.services/2)"))
    p.set_defaults(func=run)


def run(args) -> int:
    print(schema_path().read_text(encoding="utf-8"), end="")
    return 0
