"""From launch to the first results on screen, for a query typed at once (issue 13, item 8).

The query is written into a pseudo-terminal *before* vsd starts (a caseworker typing at once);
the clock stops when the expected result is on the screen. Baseline in the same run: the first
frame of a bare Textual app with one Input (bench/startup.py's). Paired, alternating runs, median.
Cases: the bundled directory, and a synthetic one of --services (default 100,000) in a store.
Target: <= 2x the baseline for both (issue 16: at 1,000,000 services, first results <= 3 s and the
process <= 1.5 GB).

The synthetic store is written by a child process (the bench's own memory stays small: its forks
are the runs), and its search index is built and saved as `vsd sync` does after an update, timed
and with its peak RSS. Each case also has one untimed run whose peak RSS (the process's VmHWM, as
wait4 reports it) is given. `--data DIR` keeps the synthetic store there and reuses it next time
(a million services take a few minutes and about 1 GB to write).

    python bench/first_results.py [--runs 5] [--services 100000] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from startup import BARE_APP, first_frame  # noqa: E402

# Runs a command as its child and writes the child's peak RSS in KiB (wait4's ru_maxrss: the VmHWM of
# the process, or of this small wrapper before the exec if that was more).
PEAK_RSS = (
    "import os, sys\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    os.execvp(sys.argv[2], sys.argv[2:])\n"
    "_, status, usage = os.wait4(pid, 0)\n"
    "open(sys.argv[1], 'w').write(f'{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def _case_bundled(tmp: Path) -> tuple[Path, bytes, str]:
    return tmp / "bundled", b"kummer", "Nummer gegen Kummer"


def _write_synthetic(n: int, data: Path) -> None:
    """In a child process: the store of `n` synthetic services, and what to type to find one of them."""
    from synthetic import generate

    from directory.store import Store

    env = generate(n, seed=1, version=10_000)  # above the bundled snapshot: never reseeded
    Store(data).replace_directory(env)
    target = env["services"][n // 3]
    phone = next(c["value"] for c in target["channels"] if c["kind"] == "phone")
    # Its phone number typed, if no other service has it (the synthetic numbers are a few thousand:
    # in a big directory many share one, and the target need not be on the first screen), else its name.
    shared = sum(1 for s in env["services"] for c in s["channels"] if c.get("value") == phone)
    # (In lower case: the terminal echoes what is typed before the app starts, and the marker must
    # match only the app's results.)
    query = "".join(ch for ch in phone if ch.isdigit()) if shared == 1 else target["name"].lower()
    # The name as far as it fits in the results column, whatever its width.
    _target_file(data).write_text(json.dumps({"query": query, "marker": target["name"][:12]}), encoding="utf-8")


def _target_file(data: Path) -> Path:
    return data.with_name(data.name + ".target.json")


def _case_synthetic(tmp: Path, n: int, keep: Path | None) -> tuple[Path, bytes, str]:
    data = keep if keep is not None else tmp / f"synthetic-{n}"
    if not _target_file(data).is_file():
        t = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--write-synthetic", str(n), str(data)], check=True)
        print(f"{n:,} synthetic services stored in {time.perf_counter() - t:.0f} s", flush=True)
    target = json.loads(_target_file(data).read_text(encoding="utf-8"))
    return data, target["query"].encode(), target["marker"]


def peak_rss(argv: list[str], env: dict[str, str], tmp: Path, **first_frame_kw: object) -> tuple[float, float]:
    """MiB of peak RSS and CPU seconds of one run of `argv`: a command, or (with `marker`) a launch."""
    report = tmp / "peak.txt"
    report.unlink(missing_ok=True)
    wrapped = [sys.executable, "-c", PEAK_RSS, str(report), *argv]
    if "marker" in first_frame_kw:
        marker = str(first_frame_kw.pop("marker"))
        first_frame(wrapped, marker, env, **first_frame_kw)  # type: ignore[arg-type]
        for _ in range(100):  # the wrapper writes it once vsd has quit
            if report.is_file() and report.read_text():
                break
            time.sleep(0.05)
    else:
        subprocess.run(wrapped, env=env, check=True, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    kib, cpu = report.read_text().split()
    return int(kib) / 1024, float(cpu)


def build_index(data: Path, env: dict[str, str], tmp: Path) -> dict[str, float]:
    """The index built and saved as `vsd sync` does after an update: seconds, CPU seconds, peak MiB."""
    code = "import sys; from directory.index_cache import keep; keep(sys.argv[1])"
    start = time.perf_counter()
    mib, cpu = peak_rss([sys.executable, "-c", code, str(data)], env, tmp)
    return {"wall": time.perf_counter() - start, "cpu": cpu, "peak_mib": mib}


def measure(
    runs: int, services: int, keep: Path | None = None, cache: Path | None = None
) -> dict[str, dict[str, float]]:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    env.pop("NO_COLOR", None)
    # The console script, running this checkout's code (not whatever the venv has installed).
    env["PYTHONPATH"] = str(ROOT)
    vsd = shutil.which("vsd", path=str(Path(sys.executable).parent)) or "vsd"
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bare = tmp / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env["VSD_CONFIG"] = str(tmp / "none.toml")
        # As installed: byte code and the disk caches written by the warm-up run, as a user's second start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(PYTHONPYCACHEPREFIX=str(tmp / "pycache"), VSD_CACHE_DIR=str(cache or tmp / "cache"))
        cases = {"bundled": _case_bundled(tmp), f"{services:,} services": _case_synthetic(tmp, services, keep)}
        for name, (data, query, marker) in cases.items():
            built = build_index(data, env, tmp) if name != "bundled" else {}
            argv = [vsd, "--data-dir", str(data)]
            first_frame(argv, marker, env, timeout=300, typed=query)  # seeds the store, fills the caches
            first_frame([sys.executable, str(bare)], "bare-ready", env)  # its byte code too
            times: dict[str, list[float]] = {"vsd": [], "bare": []}
            for _ in range(runs):
                times["bare"].append(first_frame([sys.executable, str(bare)], "bare-ready", env))
                times["vsd"].append(first_frame(argv, marker, env, timeout=300, typed=query))
            mib, _cpu = peak_rss(argv, env, tmp, marker=marker, timeout=300, typed=query)
            med = {k: statistics.median(v) for k, v in times.items()}
            out[name] = {"vsd": med["vsd"], "bare": med["bare"], "ratio": med["vsd"] / med["bare"], "peak_mib": mib}
            out[name].update({f"index_{k}": v for k, v in built.items()})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--services", type=int, default=100_000)
    ap.add_argument("--data", type=Path, help="keep the synthetic store here, and reuse it if it is there")
    ap.add_argument(
        "--cache", type=Path, help="the cache dir to use and keep (an index built there by an earlier run is read back)"
    )
    ap.add_argument("--write-synthetic", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write_synthetic:
        _write_synthetic(int(args.write_synthetic[0]), Path(args.write_synthetic[1]))
        return 0
    results = measure(args.runs, args.services, args.data, args.cache)
    for name, r in results.items():
        if "index_wall" in r:
            print(
                f"index built and saved as `vsd sync` does, {name}: {r['index_wall']:.1f} s "
                f"({r['index_cpu']:.1f} s CPU), peak RSS {r['index_peak_mib']:,.0f} MiB"
            )
        print(
            f"launch to first results, {name} (80x24, median of {args.runs}): vsd {r['vsd'] * 1000:.0f} ms, "
            f"bare Textual first frame {r['bare'] * 1000:.0f} ms, ratio {r['ratio']:.2f}x (target <= 2x); "
            f"peak RSS {r['peak_mib']:,.0f} MiB"
        )
    big, bundled = results[f"{args.services:,} services"], results["bundled"]
    print(
        f"{args.services:,} services against the bundled store: {big['vsd'] / bundled['vsd']:.2f}x "
        f"(issue 16: <= 1.5x at 100,000; at 1,000,000, <= 3 s and <= 1.5 GB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
