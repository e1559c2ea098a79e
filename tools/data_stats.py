"""Figures about the bundled directory that the data acceptance rules are measured by.

.venv/bin/python tools/data_stats.py [data/services.json]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.coverage import hours_share  # noqa: E402

PATH = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "data" / "services.json")
VERIFYING = {"service", "network", "government"}


def main() -> None:
    env = json.loads(PATH.read_text(encoding="utf-8"))
    svcs = env["services"]
    n = len(svcs)
    verified = [s for s in svcs if s["verification"] == "verified"]
    bad_verified = [s["id"] for s in verified if not {c["publisher"] for c in s.get("citations", [])} & VERIFYING]
    stated = [s for s in svcs if s.get("languages") and not s.get("languages_assumed")]
    no_lang = [s["id"] for s in svcs if not s.get("languages")]
    no_channel = [s["id"] for s in svcs if not s.get("channels")]
    timed, total = hours_share(svcs)
    phones = [c for s in svcs for c in s["channels"] if c["kind"] in ("phone", "sms")]
    marked = [c for c in phones if c.get("international") or c.get("domestic_only")]
    kinds = Counter(len(s["support_types"]) for s in svcs)
    dates = Counter(s["last_verified"] for s in svcs)
    print(f"services: {n}")
    print(
        f"verified: {len(verified)} ({len(verified) / n:.1%}); verified on aggregation/news only: {len(bad_verified)}"
    )
    print(
        f"languages stated: {len(stated)} ({len(stated) / n:.1%}); assumed: {n - len(stated) - len(no_lang)}; none: {len(no_lang)}"
    )
    print(f"records without a channel: {len(no_channel)}")
    print(
        f"phone/sms/chat channels outside emergency numbers with structured hours: {timed}/{total} ({timed / max(1, total):.1%})"
    )
    print(f"phones with international form or marked domestic-only: {len(marked)}/{len(phones)}")
    print(f"short numbers in the table: {len(env.get('short_numbers', []))}")
    print(f"records by number of kinds: {dict(sorted(kinds.items()))}")
    print(f"last_verified dates: {dict(sorted(dates.items()))}")


if __name__ == "__main__":
    main()
