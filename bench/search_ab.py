"""Search CPU time query by query, this checkout against another, in one process; and whether
their answers differ.

    python bench/search_ab.py /path/to/other/checkout            # the 100k mix of bench/search.py
    python bench/search_ab.py /path/to/other/checkout relevance  # bench/relevance.py's suite, 100k distractors
    python bench/search_ab.py OTHER search 3                     # passes (fresh directories each)

On a shared machine wall-clock latencies of two runs are not comparable: here both checkouts
answer each query in turn (which goes first alternates), timed with the thread's CPU time, and
each query's time is its least over the passes. Prints p50/p95 of both (all queries, and the
text queries without filters, as the peers of bench/search.py answer them), the slowest queries,
and how many top-10 answers (ids, and scores) differ: a change that should only make search
faster must show none.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from bench.peers import settled  # noqa: E402
from bench.synthetic import generate  # noqa: E402


def _other(checkout: Path) -> Any:
    """The other checkout's `directory` package, imported as `directory_other`."""
    folder = Path(tempfile.mkdtemp(prefix="vsd-ab-"))
    atexit.register(shutil.rmtree, folder, True)  # the link only: rmtree does not follow it
    (folder / "directory_other").symlink_to(checkout.resolve() / "directory", target_is_directory=True)
    sys.path.insert(1, str(folder))
    return importlib.import_module("directory_other")


def _queries(mix: str) -> tuple[dict[str, Any], list[tuple[str, dict[str, str]]], int]:
    if mix == "search":
        import bench.search as bs

        n = 100_000
        rng = random.Random(bs.SEED + n)
        env = generate(n, seed=bs.SEED + n)
        other, typos = bs.query_mix(env["services"], rng)
        queries = []
        for _kind, spec, _id in other:
            filters = dict(spec)
            queries.append((filters.pop("q"), filters))
        return env, queries + [(q, {}) for q, _ in typos], 20
    import bench.relevance as br

    bundled = json.loads(br.bundled_path().read_text(encoding="utf-8"))["services"]
    services = bundled + generate(br.DISTRACTORS, seed=br.SEED)["services"]
    env = {"schema": "vsd.services/1", "version": 1, "generated_at": "2026-11-01T00:00:00Z", "services": services}
    return env, [(q, {}) for q, _ in br.cases()], br.DEPTH


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.split("\n\n")[1], file=sys.stderr)  # (the usage lines)
        print("give the other checkout's path", file=sys.stderr)
        return 2
    other_pkg = _other(Path(argv[0]))
    mix = argv[1] if len(argv) > 1 else "search"
    passes = int(argv[2]) if len(argv) > 2 else 2
    import directory

    packages = {"other": other_pkg, "this": directory}
    for pkg in packages.values():
        pkg.Directory.from_envelope(generate(10, seed=1)).warm()
    env, queries, limit = _queries(mix)
    cpu: dict[str, list[list[float]]] = {k: [[] for _ in queries] for k in packages}
    answers: dict[str, list[Any]] = {k: [] for k in packages}
    for p in range(passes):
        dirs = {k: pkg.Directory.from_envelope(env) for k, pkg in packages.items()}
        for x in dirs.values():
            x.warm()
        with settled():
            for i, (q, spec) in enumerate(queries):
                for k in ("other", "this") if (i + p) % 2 == 0 else ("this", "other"):
                    t = time.thread_time()
                    hits = dirs[k].search(q, **spec, limit=limit)
                    cpu[k][i].append((time.thread_time() - t) * 1000)
                    if p == 0:
                        answers[k].append([(h.service["id"], h.score) for h in hits[:10]])
        del dirs
        gc.collect()
    best = {k: [min(times) for times in cpu[k]] for k in packages}
    text = [i for i, (q, spec) in enumerate(queries) if q and not spec]
    for name, sel in (("all", range(len(queries))), ("text", text)):
        a, b = [best["other"][i] for i in sel], [best["this"][i] for i in sel]
        print(
            f"{mix} {name} ({len(a)} queries) CPU ms: other p50 {percentile(a, 50):.2f} p95 {percentile(a, 95):.2f}"
            f" | this p50 {percentile(b, 50):.2f} p95 {percentile(b, 95):.2f}"
            f" | p95 this/other {percentile(b, 95) / percentile(a, 95):.3f}"
        )
    ids = sum(
        x != y
        for x, y in zip(
            ([i for i, _ in a] for a in answers["other"]), ([i for i, _ in b] for b in answers["this"]), strict=True
        )
    )
    both = sum(x != y for x, y in zip(answers["other"], answers["this"], strict=True))
    print(f"top-10 ids differ: {ids} of {len(queries)}; ids or scores differ: {both}")
    slowest = sorted(range(len(queries)), key=lambda i: -best["this"][i])[:10]
    for i in slowest:
        q, spec = queries[i]
        print(f"  {best['other'][i]:6.2f} -> {best['this'][i]:6.2f} ms  {q[:60]!r} {spec or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
