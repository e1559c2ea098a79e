"""Relevance among look-alikes: the named-service suite on the bundled directory, then again with
synthetic distractors added, for vsd and each peer engine in the same run.

    python bench/relevance.py            # 100,000 distractors (about 3 minutes on 2 cores)
    python bench/relevance.py 20000      # another number

The queries are tests/relevance/named_services.tsv (what caseworkers type to find one service,
with the ids that count as found). First every engine answers them over the bundled services
alone, then over the bundled services plus N synthetic ones (bench/synthetic.py: names built
from the same service words and real city names, so thousands look alike). For each engine:
recall@1, recall@3 and MRR (over the first 10), p50/p95 latency of these queries, and the ratio of
recall@3 with distractors to its own bundled-only figure. Peers: bench/peers.py.

Target (issue 16): vsd's recall@3 with distractors >= 95% of its bundled-only figure, and >= every
peer's in the same run. Exits 1 if missed.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.peers import Engine, engines, settled  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from directory import Directory  # noqa: E402
from directory.bundled import bundled_path  # noqa: E402

SUITE = Path(__file__).resolve().parent.parent / "tests" / "relevance" / "named_services.tsv"
DISTRACTORS = 100_000
SEED = 20261130
DEPTH = 10  # results looked at for MRR


def cases() -> list[tuple[str, tuple[str, ...]]]:
    lines = [ln for ln in SUITE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [(r["query"], tuple(r["expected"].split())) for r in csv.DictReader(lines, delimiter="\t")]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def measure(answer: Any, suite: list[tuple[str, tuple[str, ...]]]) -> dict[str, Any]:
    """recall@1, @3, MRR and latency of `answer(query) -> ids, best first` over the suite."""
    at1 = at3 = 0
    rr = 0.0
    lat: list[float] = []
    misses: list[str] = []
    for q, expected in suite:
        t = time.perf_counter()
        ids = answer(q)[:DEPTH]
        lat.append(time.perf_counter() - t)
        ranks = [k for k, i in enumerate(ids) if i in expected]
        if ranks:
            rr += 1 / (ranks[0] + 1)
            at1 += ranks[0] == 0
            at3 += ranks[0] < 3
        if not ranks or ranks[0] >= 3:
            misses.append(q)
    n = len(suite)
    return {
        "r1": at1 / n,
        "r3": at3 / n,
        "mrr": rr / n,
        "p50": statistics.median(lat) * 1000,
        "p95": percentile(lat, 95) * 1000,
        "misses": misses,
    }


def run_all(services: list[dict[str, Any]], suite: list[tuple[str, tuple[str, ...]]]) -> dict[str, dict[str, Any]]:
    """Every engine over `services`: name -> figures (plus build time and size for the peers)."""
    env = {"schema": "vsd.services/1", "version": 1, "generated_at": "2026-11-01T00:00:00Z", "services": services}
    d = Directory.from_envelope(env)
    t = time.perf_counter()
    d.warm()
    build = time.perf_counter() - t
    with settled():  # as the app runs: what is loaded frozen (see bench/peers.py)
        out = {"vsd": measure(lambda q: [h.service["id"] for h in d.search(q, limit=DEPTH)], suite)}
    out["vsd"]["build_s"] = build
    ids = [s["id"] for s in services]
    peers: list[Engine] = engines(services)
    for e in peers:
        with settled():
            out[e.name] = measure(lambda q, e=e: [ids[i] for i in e.search(q, DEPTH)], suite)
        out[e.name].update(build_s=e.build_s, size_mb=e.size_mb)
        e.close()
    return out


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else DISTRACTORS
    t0 = time.perf_counter()
    suite = cases()
    bundled = json.loads(bundled_path().read_text(encoding="utf-8"))["services"]
    print(f"{len(suite)} queries; {len(bundled)} bundled services; {n:,} distractors")
    alone = run_all(bundled, suite)
    distractors = generate(n, seed=SEED)["services"]
    mixed = run_all(bundled + distractors, suite)
    print()
    head = (
        f"{'engine':<26} {'bundled @3':>10} {'+dist @1':>9} {'@3':>6} {'MRR':>6} {'@3 kept':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'build s':>8}"
    )
    print(f"with {n:,} distractors")
    print(head)
    print("-" * len(head))
    for name, r in mixed.items():
        base = alone[name]["r3"]
        print(
            f"{name:<26} {base:>10.1%} {r['r1']:>9.1%} {r['r3']:>6.1%} {r['mrr']:>6.3f} "
            f"{r['r3'] / base if base else 0:>8.1%} {r['p50']:>7.2f} {r['p95']:>7.2f} {r['build_s']:>8.1f}"
        )
    print()
    print("vsd misses with distractors: " + "; ".join(mixed["vsd"]["misses"]))
    ours = mixed["vsd"]["r3"]
    best_peer = max((r["r3"] for k, r in mixed.items() if k != "vsd"), default=0.0)
    checks = [
        ("recall@3 >= 95% of bundled-only", ours >= 0.95 * alone["vsd"]["r3"]),
        ("recall@3 >= every peer", ours >= best_peer),
    ]
    print("targets: " + "; ".join(f"{c}: {'ok' if good else 'MISSED'}" for c, good in checks))
    print(f"(bench took {time.perf_counter() - t0:.0f} s)")
    return 0 if all(good for _, good in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
