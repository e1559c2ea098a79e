"""Shorter ways the HSDS mapping reads texts, dates and vsd's attributes give what the longer ones gave.

- strip_controls: a printable text (of any script) is left as it is, as the category filter leaves it;
- clean_text: a printable text is made one line by splitting at whitespace, not by normalize.clean; the
  same text for every printable character there is, and for any text (hypothesis);
- attributes._decoded: the texts of a list field made in one pass, nulls dropped after;
- plain._texts_only: a service's own compact attribute read and merged in one pass, as _decoded and the merge
  of plain.py's _vsd_fields read it;
- schedules.parse_date: each text read once (cached), the same date.
"""

from __future__ import annotations

import html
import json
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from directory.hsds import attributes, plain, schedules, text
from directory.hsds.reading import parse_object_text
from directory.normalize import clean


def _clean_text_before(value: str, limit: int | None = None, *, keep_newlines: bool = False) -> str:
    """clean_text as it was: normalize.clean of every text."""
    import nh3

    if "<" in value or "&" in value:
        safe = nh3.clean(value, tags=text._BREAKS, attributes={}, strip_comments=True)
        value = html.unescape(text._BREAK_TAG.sub("\n", safe))
    if keep_newlines:
        out = "\n".join(ln for ln in map(clean, value.split("\n")) if ln)
    else:
        out = clean(value)
    if limit is not None and len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def test_every_printable_character_is_cleaned_as_normalize_clean_cleans_it() -> None:
    printable = [chr(c) for c in range(0x110000) if chr(c).isprintable()]
    assert len(printable) > 100_000
    # each beside spaces, where a character that clean dropped or made a space would show
    whole = " a ".join(printable) + "  x  "
    assert text.clean_text(whole) == clean(whole)
    assert text.clean_text(whole) == _clean_text_before(whole)


_TEXTS = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u2029\u200b\u202e\u3000\ufeff<&;"),
    )
)


@given(_TEXTS, st.sampled_from([None, 1, 5, 60]), st.booleans())
def test_clean_text_is_what_normalize_clean_makes(value: str, limit: int | None, keep_newlines: bool) -> None:
    assert text.clean_text(value, limit, keep_newlines=keep_newlines) == _clean_text_before(
        value, limit, keep_newlines=keep_newlines
    )


def _decoded_before(value: str) -> Any:
    """attributes._decoded as it was: a list's texts through a generator that leaves out the nulls."""
    try:
        doc = parse_object_text(value, "vsd attribute")
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    plain = "\\" not in value and value.isascii() and value.isprintable()
    out: dict[str, tuple[str, ...]] = {}
    for key, v in doc.items():
        if isinstance(v, str):
            texts: tuple[str, ...] = (v if plain else text.strip_controls(v),)
        else:
            items = v if isinstance(v, list) and key != "citations" else [v]
            texts = tuple(t for t in map(attributes._text, items) if t is not None)
        out[key if plain else text.strip_controls(key)] = texts
    return out


_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXTS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXTS, inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from(["audience", "citations", "alias", "source", "x\u202e", "x"]), _VALUES))
def test_a_compact_attribute_decodes_as_before(doc: dict[str, Any]) -> None:
    value = json.dumps(doc, ensure_ascii=False)
    assert attributes._decoded.__wrapped__(value) == _decoded_before(value)


def test_a_date_is_read_the_same_from_the_cache() -> None:
    cases = ["2026-10-02T00:00:00Z", " 2026-10-02", "2026-02-30", "02/10/2026", "", "2026-10-02T25:00"]
    first = [schedules.parse_date(v) for v in cases]
    assert first == [date(2026, 10, 2), date(2026, 10, 2), None, None, None, date(2026, 10, 2)]
    assert [schedules.parse_date(v) for v in cases] == first
    assert schedules.parse_date(20261002) is None and schedules.parse_date(None) is None


def test_every_printable_character_is_kept_as_the_category_filter_keeps_it() -> None:
    whole = "".join(chr(c) for c in range(0x110000) if chr(c).isprintable())
    assert text.strip_controls(whole) is whole
    assert text._CONTROLS(whole) == whole


@given(_TEXTS)
def test_strip_controls_is_the_category_filter(value: str) -> None:
    assert text.strip_controls(value) == text._CONTROLS(value)


def _merged(value: str) -> dict[str, list[str]] | None:
    """What plain.py's _vsd_fields made of a first compact attribute before: _decoded's fields, merged."""
    fields = attributes._decoded.__wrapped__(value)
    if fields is None:
        return None
    out: dict[str, list[str]] = {}
    for k, vs in fields.items():
        if vs or k not in attributes._ONE_VALUE:
            out.setdefault(k, []).extend(vs)
    return out


_KEYS = st.sampled_from(["audience", "citations", "alias", "source", "region", "anonymous", "x\u202e", "Łódź"])


@given(st.dictionaries(_KEYS, _VALUES | st.lists(_TEXTS, max_size=3)))
def test_a_first_compact_attribute_is_read_in_one_pass_as_it_was(doc: dict[str, Any]) -> None:
    value = json.dumps(doc, ensure_ascii=False)
    fast = plain._texts_only(value)
    assert fast is None or fast == _merged(value)


def test_vsd_own_attribute_is_read_in_one_pass() -> None:
    doc = {"source": "https://example.org/ü", "region": "Łódzkie", "alias": [], "source_x": [], "anonymous": False}
    doc |= {"audience": ["children", "young_people"], "area": []}  # (area: one value, none given)
    value = json.dumps(doc, ensure_ascii=False)
    assert (
        plain._texts_only(value)
        == _merged(value)
        == {
            "source": ["https://example.org/ü"],
            "region": ["Łódzkie"],
            "alias": [],
            "source_x": [],
            "anonymous": ["false"],
            "audience": ["children", "young_people"],
        }
    )
