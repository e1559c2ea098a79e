"""Relevance on the real bundled directory: what caseworkers type, and the service they need.

Each case (tests/relevance/named_services.tsv) is (language/script, query, expected ids): the query counts as found
when one of the expected services is among the first three results. The suite
covers local names with and without accents, English names, typos, other
scripts, filter words ("... poland") and phone numbers. recall@3 must stay at
or above 95%; the misses are printed so a regression is easy to read.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from directory import Directory  # noqa: E402
from directory.bundled import bundled_path  # noqa: E402

SUITE = Path(__file__).resolve().parents[1] / "relevance" / "named_services.tsv"


def load_cases(path: Path = SUITE) -> list[tuple[str, str, tuple[str, ...]]]:
    """(language or script, query, expected ids) from the suite file (also read by bench/relevance.py)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t")
    return [(r["lang"], r["query"], tuple(r["expected"].split())) for r in rows]


CASES = load_cases()


@pytest.fixture(scope="module")
def bundled() -> Directory:
    return Directory.from_file(bundled_path())


def test_suite_shape(bundled):
    assert len(CASES) >= 80
    scripts_and_languages = {lang for lang, _, _ in CASES if lang != "phone"}
    assert len(scripts_and_languages) >= 12
    for _, query, expected in CASES:
        for sid in expected:
            assert bundled.by_id(sid) is not None, f"{query!r}: {sid} is not in the bundled data"


def test_recall_at_3(bundled):
    misses = []
    for lang, query, expected in CASES:
        top = [h.service["id"] for h in bundled.search(query, limit=3)]
        if not set(expected) & set(top):
            misses.append(f"[{lang}] {query!r}: wanted {expected[0]}, got {top}")
    recall = 1 - len(misses) / len(CASES)
    print(f"recall@3 = {recall:.1%} over {len(CASES)} queries")
    assert recall >= 0.95, f"recall@3 {recall:.1%} < 95%:\n" + "\n".join(misses)


@pytest.mark.parametrize("query", ["kinder telefon deutschland", "bily kruh", "Allemagne", "укр", "chidline"])
def test_issue_examples_find_something_relevant(bundled, query):
    hits = bundled.search(query, limit=3)
    assert hits
    wanted = {
        "kinder telefon deutschland": "de-nummer-gegen-kummer-116111",
        "bily kruh": "cz-bily-kruh-bezpeci-116006",
        "chidline": "gb-childline",
    }.get(query)
    if wanted:
        assert wanted in [h.service["id"] for h in hits]
    elif query == "Allemagne":
        assert all("DE" in h.service["countries"] for h in hits)
    else:  # "укр": the start of a Ukrainian word
        assert all("UA" in h.service["countries"] for h in hits)
