"""Property tests of the answer on the bundled directory (hypothesis):
- a neutral word added to a query never removes a filter the query implied;
- every hit meets every filter, or is in a labelled group;
- an answer with no hits says so in words.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from directory import Directory  # noqa: E402
from directory.answer import passes  # noqa: E402
from directory.bundled import bundled_path  # noqa: E402

COUNTRIES = ["germany", "poland", "italia", "España", "Україна", "japan", "ireland", "Sverige", "Ελλάδα", "thailand"]
KINDS = [
    "child helpline",
    "domestic violence",
    "human trafficking",
    "victim support",
    "rape crisis",
    "missing children",
    "report child sexual abuse material",
    "przemoc domowa",
    "Menschenhandel",
]
LANGUAGES = ["", "ukrainian", "english", "arabic", "polish"]
# Words that say something about the situation, not about the filters.
NEUTRAL = [
    "please",
    "urgent",
    "for",
    "a",
    "woman",
    "her",
    "partner",
    "after",
    "number",
    "help",
    "refugee",
    "teenager",
    "night",
    "bitte",
    "pomoc",
    "aiuto",
    "ayuda",
    "помощь",
]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def bundled() -> Directory:
    d = Directory.from_file(bundled_path())
    d.warm()
    return d


queries = st.tuples(st.sampled_from(KINDS), st.sampled_from(COUNTRIES), st.sampled_from(LANGUAGES))


@SETTINGS
@given(q=queries, word=st.sampled_from(NEUTRAL), at=st.integers(0, 3))
def test_a_neutral_word_never_removes_an_implied_filter(bundled, q, word, at):
    words = [w for w in q if w]
    base = bundled.find(" ".join(words)).implied
    words.insert(min(at, len(words)), word)
    more = bundled.find(" ".join(words)).implied
    for kind, code in base.items():
        assert more.get(kind) == code, (words, base, more)


@SETTINGS
@given(q=queries, extra=st.lists(st.sampled_from(NEUTRAL), max_size=3))
def test_every_hit_meets_the_filters_or_is_in_a_labelled_group(bundled, q, extra):
    answer = bundled.find(" ".join([w for w in q if w] + extra), limit=10)
    for h in answer.hits:
        for kind, code in answer.filters.items():
            assert passes(h.service, kind, code), (h.service["id"], answer.filters)
            if kind == "language" and "language assumed" not in h.labels:
                assert code in h.service.get("languages", []) or any(
                    code in (c.get("languages") or []) for c in h.service["channels"]
                )
    for g in answer.groups:
        assert g.label and g.hits
    if not answer.hits:
        assert answer.message
