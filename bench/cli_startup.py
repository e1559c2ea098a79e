"""Command-line start-up (issue 13): `vsd search kummer` and `vsd info` against a bare import.

The baseline is `python -c "import textual, rapidfuzz, tinydb, httpx"` in the same venv: what any
Python program built on vsd's libraries pays before doing anything. Each round runs the baseline and
every command once, in a rotating order (so drift in the machine's load hits all alike); the report
gives the medians, the ratio of medians and the median of the per-round ratios.

    python bench/cli_startup.py [--runs 9]

Targets: `vsd search kummer` <= 1.5x, `vsd info` <= 1.3x. Printed, not asserted.

Set-up: a throwaway data dir seeded by a first run and a throwaway cache dir warmed by it (the CLDR
tables are built once per machine, reported apart as the cold run), and byte-code written to a
throwaway PYTHONPYCACHEPREFIX for every process alike: under PYTHONDONTWRITEBYTECODE a checkout
would compile vsd's modules on every run while the baseline's come precompiled, and that is not
what an installed vsd does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = "import textual, rapidfuzz, tinydb, httpx"
# What the `vsd` console script runs, against this checkout's code (cwd comes first on the path).
ENTRY = "import sys; from tui.cli import main; sys.exit(main())"
COMMANDS = {
    "search": (["search", "kummer"], 1.5),
    "info": (["info"], 1.3),
}


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
        VSD_DATA_DIR=str(tmp / "data"),
        VSD_CACHE_DIR=str(tmp / "cache"),
        VSD_CONFIG=str(tmp / "none.toml"),
        COLUMNS="120",
    )
    return env


def bench(runs: int) -> tuple[dict[str, list[float]], float]:
    base = [sys.executable, "-c", BASELINE]
    vsd = {name: [sys.executable, "-c", ENTRY, *args] for name, (args, _) in COMMANDS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        env = environment(Path(tmp))
        timed(base, env)  # byte-code for the libraries
        cold = timed(vsd["search"], env)  # seeds the store, builds the CLDR tables into the cache
        for argv in vsd.values():
            timed(argv, env)
        times: dict[str, list[float]] = {"baseline": [], **{name: [] for name in vsd}}
        order = [("baseline", base), *vsd.items()]
        for r in range(runs):
            k = r % len(order)
            for name, argv in order[k:] + order[:k]:
                times[name].append(timed(argv, env))
    return times, cold


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9, help="rounds (at least 7 for the targets)")
    args = ap.parse_args()
    times, cold = bench(max(1, args.runs))
    base = statistics.median(times["baseline"])
    print(f"baseline `python -c '{BASELINE}'`: median {base * 1000:.0f} ms of {args.runs}")
    for name, (argv, target) in COMMANDS.items():
        med = statistics.median(times[name])
        paired = statistics.median(v / b for v, b in zip(times[name], times["baseline"], strict=True))
        verdict = "ok" if med / base <= target else "missed"
        print(
            f"vsd {' '.join(argv)}: median {med * 1000:.0f} ms, ratio {med / base:.2f}x "
            f"(paired {paired:.2f}x; target <= {target}x: {verdict}); best {min(times[name]) * 1000:.0f} ms"
        )
    print(f"first ever `vsd search kummer` (seeds the store, builds the CLDR tables): {cold * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
