"""The services tagged with more than two kinds of help, and the quote that supports each kind.

A kind is tagged only when a source says the service gives it; this lists, for review, the
words each such kind rests on (the best-placed source whose `supports` names it: the service, then government, network, news).

.venv/bin/python tools/kinds_report.py [--min N]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from directory.presentation import PUBLISHER_RANK  # noqa: E402

SOURCES = ROOT / "data" / "sources"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min", type=int, default=3, help="list services with at least this many kinds (default 3)")
    args = ap.parse_args()
    for path in sorted(SOURCES.glob("*.toml")):
        for svc in tomllib.loads(path.read_text(encoding="utf-8")).get("service", []):
            kinds = svc.get("support_types") or []
            if len(kinds) < args.min:
                continue
            print(f"{svc['id']} ({len(kinds)} kinds)")
            for kind in kinds:
                backing = [s for s in svc.get("source", []) if kind in (s.get("supports") or [])]
                src = min(backing, key=lambda s: PUBLISHER_RANK.get(s["publisher"], 9), default=None)
                if src is None:
                    print(f"  {kind}: NO SUPPORTING SOURCE")
                    continue
                quote = " ".join(str(src["quote"]).split())
                print(f'  {kind}: "{quote[:220]}" ({src["publisher"]}, {src["url"]})')


if __name__ == "__main__":
    main()
