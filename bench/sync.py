"""Sync benchmark: a 100k-service signed feed served on 127.0.0.1.

    python bench/sync.py [--services N] [--records synthetic|bundled]

Records are synthetic (bench/synthetic.py, distinct names, numbers and hours in 46 countries) or
clones of the bundled ones. Measures, each in a fresh client process (so peak memory is its own):
- cold sync: first sync of a fresh data dir (seeding from the bundled copy
  timed apart), wall time per phase and peak RSS;
- no-change sync: wall time, number of requests and bytes received;
- the floor: downloading the new target over the same loopback HTTP and `json.loads`-ing it;
- update sync (1% changed, 100 removed, 100 added), against that floor, and its peak RSS against
  the size of the target (issue 16: <= 2x the floor, <= 4x the size): the library call alone
  ("sync only"), and what `vsd sync` does, the sync then the search index file brought up to date
  from the old one ("sync + index", directory.index_update); and, on a copy of the data dir, the
  same sync followed by a full build of the index (what `vsd sync` did before the update existed);
and, in this process, how long parsing and validating every record takes
(the validation is the full one a first sync runs, not a lighter variant).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from directory.bundled import bundled_path  # noqa: E402
from directory.loading import parse_json_bytes, read_json_file  # noqa: E402
from directory.validate import validate  # noqa: E402

TEMPLATES_FALLBACK = ROOT / "tests" / "factories.py"


def make_services(n: int, kind: str = "bundled", seed: int = 1) -> list[dict]:
    """n valid records: synthetic ones, or clones of the bundled records (or the test template) under new ids."""
    if kind == "synthetic":
        sys.path.insert(0, str(ROOT / "bench"))
        from synthetic import generate

        return generate(n, seed=seed)["services"]
    base = read_json_file(bundled_path())["services"]
    if not base:
        from tests.factories import service

        base = [service()]
    out = []
    i = 0
    while len(out) < n:
        for rec in base:
            if len(out) >= n:
                break
            clone = copy.deepcopy(rec)
            clone["id"] = f"{rec['id'][:100]}-c{i}"
            out.append(clone)
        i += 1
    return out


def peak_rss_kib() -> int:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork+exec
    from the parent (here a parent holding 100k records), VmHWM belongs to this process image."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(data_dir: str, url: str, root: str, index: str) -> None:
    """Run one sync in this (fresh) process, then what `vsd sync` does with the search index after
    an update (`index`: "update" from the old file as the command does, or "full" build), and print
    the figures as JSON."""
    from directory import index_cache, index_update
    from directory.store import Store
    from sync.client import sync

    store = Store(data_dir)
    t0 = time.perf_counter()
    seeded = not store.directory_path.exists()
    if seeded:  # a fresh install seeds from the bundled copy on first use
        store.envelope()
    t_seed = time.perf_counter() - t0
    marks: dict[str, float] = {}

    def progress(p) -> None:
        marks.setdefault(p.phase, time.perf_counter())

    t1 = time.perf_counter()
    old = index_update.before(store.data_dir) if index == "update" else None
    result = sync(store, url, root, progress=progress)
    t_end = time.perf_counter()
    rss_sync = peak_rss_kib()
    how = ""
    if result.updated:
        if old is not None:
            try:
                index_update.update(old)
                how = "updated from the old file"
            except index_update.Unsuitable as e:
                how = f"built in full ({e})"
            finally:
                old.close()
        if not how:
            index_cache.keep(store.data_dir)
            how = how or "built in full"
    elif old is not None:
        old.close()
    t_index = time.perf_counter()
    phases = {}
    order = [k for k in ("checking", "downloading", "validating", "comparing", "applying") if k in marks]
    for a, b in zip(order, order[1:] + ["end"], strict=True):
        phases[a] = round((marks[b] if b != "end" else t_end) - marks[a], 3)
    print(
        json.dumps(
            {
                "status": result.status,
                "version": result.version,
                "seconds": round(t_end - t1, 3),
                "index_seconds": round(t_index - t_end, 3),
                "index": how,
                "seed_seconds": round(t_seed, 3) if seeded else 0,
                "phases": phases,
                "requests": result.requests,
                "bytes": result.bytes,
                "peak_rss_mib": round(rss_sync / 1024, 1),
                "peak_rss_index_mib": round(peak_rss_kib() / 1024, 1),
            }
        )
    )


def floor(url: str) -> None:
    """Download the target and json.loads it in this (fresh) process: what no sync can beat."""
    import httpx

    t0 = time.perf_counter()
    with httpx.Client(trust_env=False) as client:
        data = client.get(url).raise_for_status().content
    t1 = time.perf_counter()
    json.loads(data)
    t2 = time.perf_counter()
    out = {"seconds": round(t2 - t0, 3), "download": round(t1 - t0, 3), "parse": round(t2 - t1, 3)}
    print(json.dumps({**out, "bytes": len(data), "peak_rss_mib": round(peak_rss_kib() / 1024, 1)}))


def run_child(data_dir: Path, url: str, root: Path, *, mode: str = "--child", index: str = "update") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["VSD_CACHE_DIR"] = str(data_dir.parent / "cache")  # the index files, never the user's own
    args = [mode, url] if mode == "--floor" else [mode, str(data_dir), url, str(root), index]
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"client failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=100_000)
    ap.add_argument("--records", choices=("synthetic", "bundled"), default="synthetic")
    ap.add_argument("--child", nargs=4, metavar=("DATA_DIR", "URL", "ROOT", "INDEX"))
    ap.add_argument("--floor", metavar="TARGET_URL")
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    if args.floor:
        floor(args.floor)
        return 0

    from sync.publisher import Publisher
    from sync.serve import make_server

    with tempfile.TemporaryDirectory(prefix="vsd-bench-sync-") as tmp:
        tmp_path = Path(tmp)
        t = time.perf_counter()
        services = make_services(args.services, args.records)
        bundled = read_json_file(bundled_path())
        env = {
            "schema": bundled["schema"],
            "version": bundled["version"] + 1,  # ahead of what a fresh store seeds
            "generated_at": bundled["generated_at"],
            "services": services,
        }
        # The clones' short numbers (116 006, ...) are valid through the bundled table of sourced ones.
        env.update({k: bundled[k] for k in ("short_numbers", "coverage") if k in bundled})
        src = tmp_path / "services.json"
        src.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
        t_make = time.perf_counter() - t
        size = src.stat().st_size

        raw = src.read_bytes()
        t = time.perf_counter()
        parsed = parse_json_bytes(raw, "bench")
        t_parse = time.perf_counter() - t
        t = time.perf_counter()
        report = validate(parsed)
        t_validate = time.perf_counter() - t
        assert report.ok, report.problems[:5]
        del parsed, raw

        pub = Publisher.init(tmp_path / "feed")
        t = time.perf_counter()
        pub.publish(src)
        t_publish = time.perf_counter() - t

        server = make_server(pub.repo, 0, quiet=True)
        server.start_in_thread()
        try:
            data_dir = tmp_path / "client"
            cold = run_child(data_dir, server.url, pub.root_path)
            same = run_child(data_dir, server.url, pub.root_path)
            # An ordinary update: 1% of the records changed, 100 removed, 100 added.
            env["version"] += 1
            n_changed = len(services) // 100
            for rec in services[:n_changed]:
                rec["description"] = "Updated description."
            del services[-100:]
            services.extend(make_services(100, args.records, seed=2))
            for k, rec in enumerate(services[-100:]):
                rec["id"] = f"new-record-{k}"
            src.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
            pub.publish(src)
            targets = pub.current()[-1].signed.targets  # the file a client takes: the /2 one where there is one
            tf = targets.get("services-v2.json") or targets["services.json"]
            target_url = f"{server.url}/targets/{tf.get_prefixed_paths()[0]}"
            low = run_child(data_dir, target_url, pub.root_path, mode="--floor")
            # The same update on a copy, its index then built in full (what `vsd sync` did before).
            shutil.copytree(data_dir, tmp_path / "copy" / "client")
            whole = run_child(tmp_path / "copy" / "client", server.url, pub.root_path, index="full")
            upd = run_child(data_dir, server.url, pub.root_path)
        finally:
            server.stop()

    n = len(services)
    print(f"feed: {n:,} services, services.json {size / 2**20:.1f} MiB (built in {t_make:.1f} s)")
    print(f"  parse {t_parse:.2f} s, validate {t_validate:.2f} s (full validation, {n / t_validate:,.0f} records/s)")
    print(f"  vsd feed publish (validate + sign): {t_publish:.2f} s")
    print(
        f"cold sync: {cold['seconds']:.2f} s  ({cold['status']} to version {cold['version']}; "
        f"{cold['requests']} requests, {cold['bytes'] / 2**20:.1f} MiB)  peak RSS {cold['peak_rss_mib']:.0f} MiB"
    )
    print("  phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in cold["phases"].items()))
    print(f"  (seeding the fresh store from the bundled copy before it: {cold['seed_seconds']:.2f} s)")
    print(
        f"no-change sync: {same['seconds']:.3f} s  ({same['status']}; {same['requests']} requests, "
        f"{same['bytes']:,} bytes)  peak RSS {same['peak_rss_mib']:.0f} MiB"
    )
    print(
        f"update sync ({n_changed:,} changed, 100 removed, 100 added): {upd['seconds']:.2f} s  "
        f"({upd['requests']} requests, {upd['bytes'] / 2**20:.1f} MiB)  peak RSS {upd['peak_rss_mib']:.0f} MiB"
    )
    print("  phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in upd["phases"].items()))
    print(
        f"  then the search index: {upd['index_seconds']:.2f} s ({upd['index']}), "
        f"peak RSS {upd['peak_rss_index_mib']:.0f} MiB;  built in full instead (on a copy): "
        f"{whole['index_seconds']:.2f} s, peak RSS {whole['peak_rss_index_mib']:.0f} MiB"
    )
    mib = low["bytes"] / 2**20
    print(
        f"floor (download {mib:.1f} MiB + json.loads, fresh process): {low['seconds']:.2f} s "
        f"(download {low['download']:.2f} s, parse {low['parse']:.2f} s)  peak RSS {low['peak_rss_mib']:.0f} MiB"
    )
    for label, run, rss in (
        ("sync only", upd, upd["peak_rss_mib"]),
        ("sync + index", upd, upd["peak_rss_index_mib"]),
        ("sync + full index build", whole, whole["peak_rss_index_mib"]),
    ):
        seconds = run["seconds"] + (run["index_seconds"] if label != "sync only" else 0)
        print(
            f"{label}: {seconds:.2f} s, {seconds / low['seconds']:.2f}x the floor (target <= 2x);  "
            f"peak RSS {rss:.0f} MiB, {rss / mib:.2f}x the target size (target <= 4x)"
        )
    assert cold["status"] == "updated" and same["status"] == "up to date" and upd["status"] == "updated"
    assert whole["status"] == "updated" and upd["index"] == "updated from the old file", upd["index"]
    return 0


if __name__ == "__main__":
    sys.exit(main())
