"""A command-line search after a big import (issue 16): `vsd search kummer` on a data dir holding
--services (default 200,000) synthetic services imported as an HSDS NDJSON file, against the same
search on the bundled store alone. Target: <= 1.5x.

    python bench/import_search.py [--services 200000] [--runs 7]
    python bench/import_search.py --store DIR [--runs 3] [--query TEXT]   # an existing data dir (e.g. 1M)

The synthetic services (bench/synthetic.py) are exported as HSDS NDJSON by a child process, then
`vsd import hsds FILE` runs as a user would run it (it ends by building and saving the search
index), timed and with its peak RSS. With --store, the index of DIR is built and saved as `vsd
sync` does after an update instead. Then each round runs the search on both data dirs, the order
alternating; medians of wall-clock and CPU seconds (CPU: steadier on a shared machine), their
ratios, and each command's peak RSS (wait4's ru_maxrss). Both run this checkout's code, with
byte-code and a cache dir warmed by a first run (as a user's second search).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "import sys; from tui.cli import main; sys.exit(main())"  # what the `vsd` console script runs
EXPECTED = b"Nummer gegen Kummer"  # on the bundled store, and after an import beside it
NOW = datetime(2026, 11, 20, tzinfo=UTC)


def write_ndjson(n: int, out: str) -> None:
    """In a child process: `n` synthetic services as an HSDS NDJSON file (as `vsd export hsds` writes)."""
    sys.path.insert(0, str(ROOT))
    from bench.synthetic import generate
    from directory.atomic import write_bytes_atomic
    from directory.hsds.export import ndjson_chunks

    records = generate(n, seed=1)["services"]
    write_bytes_atomic(Path(out), (c.encode("utf-8") for c in ndjson_chunks(records, now=NOW)))


def run(argv: list[str], env: dict[str, str], expect: bytes = b"") -> dict[str, float]:
    """Wall-clock and CPU seconds and peak RSS (MiB) of one command, which must succeed."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        p = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if p.returncode != 0 or expect not in text:
        raise RuntimeError(f"{argv[3:]} exited {p.returncode}: {text[-2000:].decode(errors='replace')}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "mib": usage.ru_maxrss / 1024}


def vsd(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", ENTRY, "--data-dir", str(data), *args]


def environment(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
        VSD_CACHE_DIR=str(tmp / "cache"),
        VSD_CONFIG=str(tmp / "none.toml"),
    )
    return env


def prepare(args: argparse.Namespace, tmp: Path, env: dict[str, str]) -> tuple[Path, str, dict[str, float]]:
    """The data dir to search, its name, and what making it cost (the import, or the index build)."""
    if args.store is not None:
        code = "import sys; from directory.index_cache import keep; keep(sys.argv[1])"
        return args.store, f"store {args.store}", run([sys.executable, "-c", code, str(args.store)], env)
    ndjson = tmp / "services.ndjson"
    t = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--write-ndjson", str(args.services), str(ndjson)], check=True)
    mib = ndjson.stat().st_size / 2**20
    print(
        f"{args.services:,} synthetic services written as HSDS NDJSON ({mib:,.0f} MiB) in {time.perf_counter() - t:.0f} s"
    )
    data = tmp / "imported"
    made = run(vsd(data, "import", "hsds", str(ndjson), "--name", "synthetic"), env, b"now has")
    return data, f"{args.services:,} imported services", made


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--services", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--store", type=Path, help="search this existing data dir instead of importing")
    ap.add_argument("--query", default="kummer", help="what to search for (default: kummer)")
    ap.add_argument("--write-ndjson", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write_ndjson:
        write_ndjson(int(args.write_ndjson[0]), args.write_ndjson[1])
        return 0

    with tempfile.TemporaryDirectory(prefix="vsd-bench-import-search-") as tmp_name:
        tmp = Path(tmp_name)
        env = environment(tmp)
        query = ["search", args.query]
        # A store of other services may not hold Nummer gegen Kummer: its search need only succeed.
        expect = EXPECTED if args.query == "kummer" and args.store is None else b""
        bundled = tmp / "bundled"
        run(
            vsd(bundled, *query), env, EXPECTED if args.query == "kummer" else b""
        )  # seeds the store, builds the CLDR tables, byte-code
        data, name, made = prepare(args, tmp, env)
        step = "index built and saved (as `vsd sync` does)" if args.store else "`vsd import hsds` (with its index)"
        print(f"{step}: {made['wall']:.1f} s ({made['cpu']:.1f} s CPU), peak RSS {made['mib']:,.0f} MiB")
        run(vsd(data, *query), env, expect)  # a first search after it: the OS caches, as for the bundled
        runs: dict[str, list[dict[str, float]]] = {"bundled": [], name: []}
        order = [("bundled", bundled), (name, data)]
        for r in range(max(1, args.runs)):
            for case, where in order[r % 2 :] + order[: r % 2]:
                runs[case].append(run(vsd(where, *query), env, expect if where == data else b""))

    med = {case: {k: statistics.median(x[k] for x in rs) for k in ("wall", "cpu")} for case, rs in runs.items()}
    peak = {case: max(x["mib"] for x in rs) for case, rs in runs.items()}
    for case in runs:
        print(
            f"vsd search {args.query}, {case}: median {med[case]['wall'] * 1000:.0f} ms "
            f"({med[case]['cpu'] * 1000:.0f} ms CPU) of {args.runs}, peak RSS {peak[case]:,.0f} MiB"
        )
    paired = statistics.median(a["cpu"] / b["cpu"] for a, b in zip(runs[name], runs["bundled"], strict=True))
    wall, cpu = (med[name][k] / med["bundled"][k] for k in ("wall", "cpu"))
    print(f"ratio to the bundled store: wall {wall:.2f}x, CPU {cpu:.2f}x (paired CPU {paired:.2f}x); target <= 1.5x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
