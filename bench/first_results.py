"""From launch to the first results on screen, for a query typed at once (issue 13, item 8).

The query is written into a pseudo-terminal *before* vsd starts (a caseworker typing at once);
the clock stops when the expected result is on the screen. Baseline in the same run: the first
frame of a bare Textual app with one Input (bench/startup.py's). Paired, alternating runs, median.
Cases: the bundled directory, and a synthetic one of --services (default 100,000) in a store.
Target: <= 2x the baseline for both.

    python bench/first_results.py [--runs 5] [--services 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from startup import BARE_APP, first_frame  # noqa: E402


def _case_bundled(tmp: Path) -> tuple[Path, bytes, str]:
    return tmp / "bundled", b"kummer", "Nummer gegen Kummer"


def _case_synthetic(tmp: Path, n: int) -> tuple[Path, bytes, str]:
    from synthetic import generate

    from directory.store import Store

    env = generate(n, seed=1, version=10_000)  # above the bundled snapshot: never reseeded
    data = tmp / f"synthetic-{n}"
    Store(data).replace_directory(env)
    target = env["services"][n // 3]
    phone = next(c["value"] for c in target["channels"] if c["kind"] == "phone")
    digits = "".join(ch for ch in phone if ch.isdigit())
    return data, digits.encode(), target["name"][:12]  # what fits in the results column, whatever its width


def measure(runs: int, services: int) -> dict[str, dict[str, float]]:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    vsd = shutil.which("vsd", path=str(Path(sys.executable).parent)) or "vsd"
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bare = tmp / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env["VSD_CONFIG"] = str(tmp / "none.toml")
        # As installed: byte code and the disk caches written by the warm-up run, as a user's second start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(PYTHONPYCACHEPREFIX=str(tmp / "pycache"), VSD_CACHE_DIR=str(tmp / "cache"))
        cases = {"bundled": _case_bundled(tmp), f"{services:,} services": _case_synthetic(tmp, services)}
        for name, (data, query, marker) in cases.items():
            argv = [vsd, "--data-dir", str(data)]
            first_frame(argv, marker, env, timeout=300, typed=query)  # seeds the store, fills the caches
            first_frame([sys.executable, str(bare)], "bare-ready", env)  # its byte code too
            times: dict[str, list[float]] = {"vsd": [], "bare": []}
            for _ in range(runs):
                times["bare"].append(first_frame([sys.executable, str(bare)], "bare-ready", env))
                times["vsd"].append(first_frame(argv, marker, env, timeout=300, typed=query))
            med = {k: statistics.median(v) for k, v in times.items()}
            out[name] = {"vsd": med["vsd"], "bare": med["bare"], "ratio": med["vsd"] / med["bare"]}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--services", type=int, default=100_000)
    args = ap.parse_args()
    for name, r in measure(args.runs, args.services).items():
        print(
            f"launch to first results, {name} (80x24, median of {args.runs}): vsd {r['vsd'] * 1000:.0f} ms, "
            f"bare Textual first frame {r['bare'] * 1000:.0f} ms, ratio {r['ratio']:.2f}x (target <= 2x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
