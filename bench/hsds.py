"""HSDS at scale: import from a file, NDJSON export and the round trip, each against its floor in the
same run.

    python bench/hsds.py                      # 100,000 synthetic services (bench/synthetic.py)
    python bench/hsds.py --services 20000
    python bench/hsds.py --repeat 5           # parse and import five times: the run of the median ratio
                                              # (and the fastest import against the fastest parse)
    python bench/hsds.py --unique-numbers     # each service a phone number of its own, as in real data

A synthetic directory is stored in a temporary data dir. Each step runs in a fresh process, so its
peak RSS (VmHWM) is its own:

- load:   the store read (Store.envelope) -- the memory the export is measured against;
- export: the store read, then the NDJSON export written to a file (as `vsd export hsds --format
          ndjson` writes it), against `json.dumps` of the same records: the vsd records, and the
          HSDS services the export wrote (parsed back in another process, dumped and written);
- seed:   the store of a new data dir made from the bundled directory, as the first `vsd` makes it (once
          per data dir, whatever is imported: timed apart, not counted in the import);
- import: `import_hsds` of that file into that data dir, against `json.loads` of each of its lines;
- the round trip: every imported record equals the record it was exported from (but id and origin).

Times are given as wall-clock and CPU seconds of the process and of any helper process it waited for:
on a machine others share, CPU ratios are the steadier ones. A large file is imported in two parts at
once, the last part by a helper process on another core (directory/hsds/halves.py): its wait, the wall
clock, is then about 60% of its CPU time. The import's acceptance ratio is its wall clock against the
parse's (the parse, in one process, takes the same either way); its CPU ratio, helper included, is
printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss carries over fork+exec from the parent)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Wall-clock and CPU seconds since it was made: the machine may be shared, and CPU time is what
    the step itself spent, with the helper processes it waited for."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), _cpu()

    def read(self) -> dict[str, float]:
        return {"wall": time.perf_counter() - self.wall, "cpu": _cpu() - self.cpu}


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


# -- the steps, each in its own process ---------------------------------------------------------------


def step_load(data: str) -> dict:
    from directory.store import Store

    t = Clock()
    records = Store(data).envelope()["services"]
    return {"time": t.read(), "services": len(records)}


def step_export(data: str, out: str) -> dict:
    from directory.atomic import write_bytes_atomic
    from directory.store import Store

    # The exporter is imported before the store is read, as `vsd export hsds` imports it (at the top
    # of its module): importing it after 100k records are loaded set off a full garbage collection
    # over them inside the timed part, which the command never pays.
    try:
        from directory.hsds.export import ndjson_chunks
    except ImportError:  # vsd before the streamed export: what its command did
        ndjson_chunks = None  # type: ignore[assignment]
    records = Store(data).envelope()["services"]
    t = Clock()
    if ndjson_chunks is None:
        from directory.hsds import export_services

        services = export_services(records, now=NOW)
        data_text = "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in services)
        write_bytes_atomic(Path(out), data_text.encode("utf-8"))
    else:
        write_bytes_atomic(Path(out), (c.encode("utf-8") for c in ndjson_chunks(records, now=NOW)))
    exported = t.read()
    t = Clock()
    with open(os.devnull, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {"time": exported, "dumps_records": t.read(), "bytes": Path(out).stat().st_size}


def step_dumps_hsds(out: str) -> dict:
    """The floor of writing the export: json.dumps of each HSDS service it holds, written to a file."""
    with open(out, encoding="utf-8") as f:
        services = [json.loads(line) for line in f]
    t = Clock()
    with open(out + ".again", "w", encoding="utf-8") as f:
        for s in services:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    dumped = t.read()
    os.unlink(out + ".again")
    return {"time": dumped}


def step_parse(out: str) -> dict:
    t = Clock()
    with open(out, "rb") as f:
        n = sum(1 for line in f if json.loads(line) is not None)
    return {"time": t.read(), "services": n}


def step_seed(data: str) -> dict:
    """The data dir as the first `vsd` leaves it: the store made from the bundled directory."""
    from directory.store import Store

    t = Clock()
    services = len(Store(data).envelope()["services"])
    return {"time": t.read(), "services": services}


def step_import(out: str, data: str) -> dict:
    from sync.hsds_import import ImportOptions, import_hsds

    t = Clock()
    helper_before = _cpu() - time.process_time()
    report = import_hsds(out, data_dir=data, options=ImportOptions(label="bench"))
    return {
        "time": t.read(),
        "helper_cpu": _cpu() - time.process_time() - helper_before,  # (the children's CPU: its helper's)
        "helper_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,  # (it had none before)
        "imported": len(report.result.imported),
        "rejected": len(report.result.rejected),
    }


def step_round_trip(data: str, imported: str) -> dict:
    from directory.layers import Layers
    from directory.store import Store

    before = Store(data).envelope()["services"]
    layer = Layers(imported).get("bench") or {}
    after = layer.get("records") or []

    def strip(r: dict) -> dict:
        return {k: v for k, v in r.items() if k not in ("id", "origin")}

    differ = sum(1 for a, b in zip(before, after, strict=False) if strip(a) != strip(b))
    return {"before": len(before), "after": len(after), "differ": differ}


STEPS = {
    "load": step_load,
    "export": step_export,
    "dumps_hsds": step_dumps_hsds,
    "parse": step_parse,
    "seed": step_seed,
    "import": step_import,
    "round_trip": step_round_trip,
}


def child(name: str, args: list[str]) -> None:
    result = STEPS[name](*args)
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result))


def run(name: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, *args], capture_output=True, text=True, cwd=os.getcwd()
    )
    if done.returncode != 0:
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the run -------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--services", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--unique-numbers",
        action="store_true",
        help="a phone number of its own for each service, as in real data (the phone metadata checks each "
        "number once: by default the services share a few thousand)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="parse and import N times, one after the other, and take the run with the median import/parse "
        "ratio (on a shared machine one run's ratio can be off by a quarter)",
    )
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1:])
        return 0

    from bench.synthetic import generate
    from directory.bundled import bundled_path
    from directory.loading import read_json_file
    from directory.store import Store

    with tempfile.TemporaryDirectory(prefix="vsd-bench-hsds-") as tmp:
        data, imported, out = f"{tmp}/data", f"{tmp}/imported", f"{tmp}/export.ndjson"
        t = time.perf_counter()
        newer = read_json_file(bundled_path())["version"] + 1  # else the store is re-seeded from the bundled copy
        Store(data).replace_directory(
            generate(args.services, seed=args.seed, version=newer, unique_numbers=args.unique_numbers)
        )
        print(f"{args.services:,} synthetic services stored in {time.perf_counter() - t:.1f} s")

        load = run("load", data)
        export = run("export", data, out)
        dumps = run("dumps_hsds", out)
        pairs = []
        for _ in range(max(1, args.repeat)):
            shutil.rmtree(imported, ignore_errors=True)
            seed = run("seed", imported)  # (once per data dir, whatever is imported: not the file's import)
            pairs.append((run("parse", out), run("import", out, imported)))
        ratios = [i["time"]["wall"] / p["time"]["wall"] for p, i in pairs]
        parse, imp = pairs[ratios.index(statistics.median_low(ratios))]
        trip = run("round_trip", data, imported)

    mib = export["bytes"] / 2**20
    rows = [
        ("store load", load["time"], f"peak {load['peak_rss_mib']:,.0f} MiB, {load['services']:,} services"),
        ("NDJSON export", export["time"], f"peak {export['peak_rss_mib']:,.0f} MiB, {mib:,.0f} MiB written"),
        ("  json.dumps of the vsd records", export["dumps_records"], ""),
        ("  json.dumps of the HSDS services", dumps["time"], "(and written)"),
        ("store made first (not counted)", seed["time"], f"{seed['services']:,} bundled services, as by the first vsd"),
        (
            "file import",
            imp["time"],
            f"peak {imp['peak_rss_mib']:,.0f} MiB, imported {imp['imported']:,}; the helper's CPU "
            f"{imp.get('helper_cpu', 0.0):.2f} s, peak {imp.get('helper_peak_rss_mib', 0.0):,.0f} MiB",
        ),
        ("  json.loads of each line", parse["time"], ""),
    ]
    print(f"{'':36} {'wall s':>8} {'CPU s':>8}   (CPU: with the helper process of a large import)")
    for what, t, note in rows:
        print(f"{what:36} {t['wall']:8.2f} {t['cpu']:8.2f}   {note}")
    print(f"ratios{'':30} {'wall':>8} {'CPU':>8}   acceptance")
    for what, a, b, goal in (
        ("import / parse", imp["time"], parse["time"], "<= 3 (wall)"),
        ("export / dumps of HSDS services", export["time"], dumps["time"], "<= 2"),
        ("export / dumps of vsd records", export["time"], export["dumps_records"], ""),
    ):
        print(f"  {what:34} {a['wall'] / b['wall']:8.2f} {a['cpu'] / b['cpu']:8.2f}   {goal}")
    print(
        f"  {'export peak / load peak (RSS)':34} {export['peak_rss_mib'] / load['peak_rss_mib']:8.2f} {'':8}   <= 1.5"
    )
    if len(ratios) > 1:
        for clock in ("wall", "cpu"):
            shown = ", ".join(f"{i['time'][clock] / p['time'][clock]:.2f}" for p, i in pairs)
            print(f"  {'import / parse, each run (' + clock + ')':34} {shown}   (the median wall ratio's run above)")
        # (others' load only ever adds time: the fastest run of each is the least disturbed)
        fastest = [min(i["time"][c] for _, i in pairs) / min(p["time"][c] for p, _ in pairs) for c in ("wall", "cpu")]
        print(f"  {'fastest import / fastest parse':34} {fastest[0]:8.2f} {fastest[1]:8.2f}")
    ok = trip["before"] == trip["after"] == imp["imported"] and trip["differ"] == 0
    print(
        f"round trip        {'ok' if ok else 'FAILED'}: {trip['after']:,} of {trip['before']:,} records back, "
        f"{trip['differ']:,} differ"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
