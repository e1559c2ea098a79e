"""Search benchmark: the index against brute-force rapidfuzz, on 10k and 100k synthetic services.

    python bench/search.py            # both sizes (about a minute and a half on 2 cores)
    python bench/search.py 10000      # chosen sizes

For each size: index build time, memory the index holds (tracemalloc: peak
during the build and what stays), p50/p95 latency of `Directory.search` over a
fixed query mix (prefixes as typed, typos, filters, other scripts,
transliterations, phones), and the baseline `rapidfuzz.process.extract(query,
names, scorer=WRatio, limit=20)` over a precomputed column of folded names.
Recall@3 and @10 on typo'd names are measured for both the same way: a hit counts when
it is the service the query was made from, or one with the same folded name
(synthetic names repeat, and then no engine can tell them apart).

Targets at 100k (issue 3): p95 <= 0.15 x baseline p50, recall >= baseline,
build <= 5 s. Exits 1 if one is missed.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from bench.synthetic import generate  # noqa: E402
from directory import Directory  # noqa: E402
from directory.normalize import fold  # noqa: E402

SIZES = (10_000, 100_000)
SEED = 20261128
TOP = 10
N_TYPO = 60  # typo'd names: recall for both engines, and the baseline's latency sample
N_OTHER = 140  # the rest of the mix, for the index only


def typo(word: str, rng: random.Random) -> str:
    """One random edit: delete, insert, replace a letter, or swap two neighbours."""
    i = rng.randrange(len(word))
    op = rng.choice("dirs")
    letters = [c for c in word if c.isalpha()] or list("etaoin")
    if op == "d":
        return word[:i] + word[i + 1 :]
    if op == "i":
        return word[:i] + rng.choice(letters) + word[i:]
    if op == "r":
        return word[:i] + rng.choice([c for c in letters if c != word[i]] or ["x"]) + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def typo_name(name: str, rng: random.Random) -> str:
    words = name.split()
    long = [k for k, w in enumerate(words) if sum(c.isalpha() for c in w) >= 5]
    if not long:
        return name
    k = rng.choice(long)
    words[k] = typo(words[k], rng)
    return " ".join(words)


def query_mix(services: list[dict], rng: random.Random) -> tuple[list[tuple[str, dict, str]], list[tuple[str, dict]]]:
    """(typo'd name, target) pairs and the rest of the mix: (kind, query, filters)."""
    sample = rng.sample(services, N_TYPO + N_OTHER)
    typos = [(typo_name(s["name"], rng), s) for s in sample[:N_TYPO]]
    other: list[tuple[str, dict, str]] = []
    kinds = ("prefix3", "prefix6", "prefix-words", "filter", "listing", "translit", "name_en", "phone", "native")
    for k, s in enumerate(sample[N_TYPO:]):
        kind = kinds[k % len(kinds)]
        name = s["name"]
        if kind == "prefix3":
            q, f = name[:3], {}
        elif kind == "prefix6":
            q, f = name[:6], {}
        elif kind == "prefix-words":
            words = name.split()
            q, f = " ".join(words[:2])[: max(4, len(" ".join(words[:2])) - 2)], {}
        elif kind == "filter":
            q, f = name.split()[0][:5], {"country": s["countries"][0]}
        elif kind == "listing":
            q, f = "", {"country": s["countries"][0], "support_type": s["support_types"][0]}
        elif kind == "translit":
            q, f = fold(name), {}
        elif kind == "name_en":
            q, f = typo_name(s.get("name_en", name), rng), {}
        elif kind == "phone":
            q, f = next((c["value"] for c in s["channels"] if c["kind"] == "phone"), name), {}
        else:  # native: the second and third word as typed
            q, f = " ".join(name.split()[1:3]) or name, {}
        other.append((kind, {"q": q, **f}, s["id"]))
    return other, typos


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def found(hit_names: list[str], hit_ids: list[str], target: dict) -> bool:
    tname = fold(target["name"])
    return target["id"] in hit_ids or tname in hit_names


def run(n: int) -> dict:
    rng = random.Random(SEED + n)
    t = time.perf_counter()
    env = generate(n, seed=SEED + n)
    gen_s = time.perf_counter() - t
    services = env["services"]

    # Memory: a build under tracemalloc (slower, so timed separately below).
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    probe = Directory.from_envelope(env)
    _ = probe.index  # the index alone: what it holds
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del probe
    gc.collect()

    d = Directory.from_envelope(env)
    t = time.perf_counter()
    idx = d.index
    build_s = time.perf_counter() - t
    d.warm()

    other, typos = query_mix(services, rng)
    lat: list[float] = []
    by_kind: dict[str, list[float]] = {}
    for kind, spec, _ in other:
        q = spec.pop("q")
        t = time.perf_counter()
        d.search(q, **spec, limit=20)
        el = time.perf_counter() - t
        lat.append(el)
        by_kind.setdefault(kind, []).append(el)
    hits_ours = hits_ours3 = 0
    for q, target in typos:
        t = time.perf_counter()
        hits = d.search(q, limit=20)
        el = time.perf_counter() - t
        lat.append(el)
        by_kind.setdefault("typo", []).append(el)
        top = hits[:TOP]
        hits_ours += found([fold(h.service["name"]) for h in top], [h.service["id"] for h in top], target)
        hits_ours3 += found([fold(h.service["name"]) for h in top[:3]], [h.service["id"] for h in top[:3]], target)

    # Baseline: brute force over a precomputed folded-names column.
    names = [fold(s["name"]) for s in services]
    ids = [s["id"] for s in services]
    base_lat: list[float] = []
    hits_base = hits_base3 = 0
    for q, target in typos:
        fq = fold(q)
        t = time.perf_counter()
        res = process.extract(fq, names, scorer=fuzz.WRatio, limit=20)
        base_lat.append(time.perf_counter() - t)
        top = res[:TOP]
        hits_base += found([names[i] for _, _, i in top], [ids[i] for _, _, i in top], target)
        hits_base3 += found([names[i] for _, _, i in top[:3]], [ids[i] for _, _, i in top[:3]], target)

    return {
        "n": n,
        "gen_s": gen_s,
        "build_s": build_s,
        "mem_kept_mb": (kept - base) / 2**20,
        "mem_peak_mb": (peak - base) / 2**20,
        "words": len(idx.tokens.postings),
        "p50": statistics.median(lat) * 1000,
        "p95": percentile(lat, 95) * 1000,
        "max": max(lat) * 1000,
        "base_p50": statistics.median(base_lat) * 1000,
        "base_p95": percentile(base_lat, 95) * 1000,
        "recall": hits_ours / len(typos),
        "base_recall": hits_base / len(typos),
        "recall3": hits_ours3 / len(typos),
        "base_recall3": hits_base3 / len(typos),
        "queries": len(lat),
        "by_kind": {k: percentile(v, 95) * 1000 for k, v in sorted(by_kind.items())},
    }


def main(argv: list[str]) -> int:
    sizes = tuple(int(a) for a in argv) or SIZES
    t0 = time.perf_counter()
    # Vocabularies (countries, languages) load once per process; not part of any build.
    Directory.from_envelope(generate(10, seed=1)).warm()
    rows = [run(n) for n in sizes]
    print()
    head = (
        f"{'services':>9} {'build s':>8} {'index MB':>9} {'peak MB':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'base p50':>9} {'base p95':>9} {'p95/base p50':>13} {'speed-up p50':>13} "
        f"{'recall@3/@10':>13} {'base @3/@10':>12}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['n']:>9,} {r['build_s']:>8.2f} {r['mem_kept_mb']:>9.0f} {r['mem_peak_mb']:>8.0f} "
            f"{r['p50']:>7.2f} {r['p95']:>7.2f} {r['base_p50']:>9.1f} {r['base_p95']:>9.1f} "
            f"{r['p95'] / r['base_p50']:>13.3f} {r['base_p50'] / r['p50']:>12.0f}x "
            f"{r['recall3']:>6.0%}/{r['recall']:<6.0%} {r['base_recall3']:>5.0%}/{r['base_recall']:<6.0%}"
        )
    print()
    for r in rows:
        kinds = ", ".join(f"{k} {v:.1f}" for k, v in r["by_kind"].items())
        print(f"{r['n']:,}: p95 ms by query kind: {kinds}; {r['queries']} queries, {r['words']:,} index words")
    ok = True
    big = [r for r in rows if r["n"] >= 100_000]
    for r in big:
        checks = [
            ("p95 <= 0.15 x baseline p50", r["p95"] <= 0.15 * r["base_p50"]),
            ("recall >= baseline", r["recall"] >= r["base_recall"] and r["recall3"] >= r["base_recall3"]),
            ("build <= 5 s", r["build_s"] <= 5.0),
        ]
        print(f"targets at {r['n']:,}: " + "; ".join(f"{name}: {'ok' if good else 'MISSED'}" for name, good in checks))
        ok = ok and all(good for _, good in checks)
    print(f"(bench took {time.perf_counter() - t0:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
