"""Property tests: normalisation, query parsing and search on arbitrary Unicode never fail,
stay bounded and are deterministic."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from directory import (  # noqa: E402  # noqa: E402
    Directory,
    ParsedQuery,
    parse_query,
    resolve_country,
    resolve_language,
    resolve_support_type,
    support_types,
)
from directory.normalize import MAX_QUERY_CHARS, clean, fold, fold_native, native_words  # noqa: E402
from directory.validate import is_language  # noqa: E402
from tests.directory.test_search import FIXTURE  # noqa: E402

# Any code point, surrogates and control characters included, plus words that mean something.
TEXT = st.one_of(
    st.text(st.characters(), max_size=200),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=50),
    st.lists(
        st.sampled_from(
            [
                "kinder",
                "telefon",
                "deutschland",
                "Україна",
                "116",
                "111",
                "uk",
                "Poland",
                "child",
                "helpline",
                "Χαμόγελο",
                "bily",
                "kruh",
                "\u202e",
                "\x00",
                "🆘",
                "((",
                "*",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def d() -> Directory:
    directory = Directory.from_envelope(FIXTURE)
    directory.warm()
    return directory


@SETTINGS
@given(TEXT)
def test_normalisation(text):
    c = clean(text)
    assert clean(c) == c
    assert "\x00" not in c and "\u202e" not in c
    f = fold(c)
    assert f.isascii() and f == fold(f) and f == fold(c)
    assert len(f) <= 40 * len(c) + 1
    n = fold_native(c)
    assert n == fold_native(c)
    assert all(w and " " not in w for w in native_words(c))


@SETTINGS
@given(TEXT)
def test_parsing(text):
    parsed = parse_query(text)
    assert isinstance(parsed, ParsedQuery)
    assert parsed == parse_query(text)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert parsed.support_type is None or parsed.support_type in support_types.CODES
    assert parsed.language is None or is_language(parsed.language)
    assert parsed.country is None or (len(parsed.country) == 2 and parsed.country.isupper())


@SETTINGS
@given(TEXT)
def test_resolvers(text):
    for resolve in (resolve_country, resolve_language, resolve_support_type):
        code = resolve(text)
        assert code is None or isinstance(code, str)
        assert resolve(text) == code


@SETTINGS
@given(
    TEXT,
    st.sampled_from([None, "DE", "PL", "ZZ"]),
    st.sampled_from([None, "de", "uk"]),
    st.sampled_from([None, "child_helpline", "emergency"]),
    st.booleans(),
    st.integers(min_value=-5, max_value=50),
)
def test_search(d, text, country, language, stype, smart, limit):
    hits = d.search(text, country=country, language=language, support_type=stype, limit=limit, smart=smart)
    assert len(hits) <= max(0, limit)
    assert len({h.service["id"] for h in hits}) == len(hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    again = d.search(text, country=country, language=language, support_type=stype, limit=limit, smart=smart)
    assert [h.service["id"] for h in again] == [h.service["id"] for h in hits]
    if country:
        assert all(country in h.service["countries"] for h in hits)
