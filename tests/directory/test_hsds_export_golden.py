"""The HSDS export made faster writes the same bytes: NDJSON, the JSON array and the service objects of a
varied set of records (2,000 synthetic services in many languages, the bundled directory, the rich test
records with text that needs scrubbing, services from a source with and without usable ids) hash to what
the export wrote before it was optimised (digests computed with that code, commit 72d3e20)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import generate
from directory.bundled import bundled_path
from directory.hsds.export import _needs_scrub, iter_services, json_array_chunks, ndjson_chunks
from directory.loading import read_json_file
from directory.safe_text import scrubbed
from tests.directory.test_hsds_export_streaming import _records

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
_NASTY = ("\x1b[31mRed\x07", 'a\\rb\\u0041 "q"', "\u202eevil\u2066 \u200e\u200f\u061c", "é中ש\ud800\t\n\x85")

GOLDEN = {
    "ndjson": "817126bd3f142f7567f3f4483e578d6221c55ca26cea72cc979dbb661f4c97b7",
    "array": "10e0277512bf21f50d34cd73467a1da6f6d4b8254c7b6af94ceb1c4e0cc84805",
    "objects": "817126bd3f142f7567f3f4483e578d6221c55ca26cea72cc979dbb661f4c97b7",
}


def _varied() -> tuple[list[dict[str, Any]], dict[str, str]]:
    recs = generate(2000, seed=3)["services"] + read_json_file(bundled_path())["services"]
    for i, text in enumerate(_NASTY):
        recs += _records(text, _NASTY[i - 1], _NASTY[i - 2], _NASTY[i - 3])
    recs += recs[:50]  # the same services again: ids derived (and kept from the source) twice
    upstream: dict[str, str] = {}
    for i, rec in enumerate(recs[::7]):
        kind = i % 4
        upstream[rec["id"]] = (
            f"3f2504e0-4f89-11d3-9a0c-{i % 5:012d}"  # a UUID, some used twice: the second is derived
            if kind == 0
            else f"3F2504E0-4F89-11D3-9A0C-{i:012d}"  # a UUID in capitals: kept as it is
            if kind == 1
            else f"src-{i}\x1b[1m"  # not a UUID, scrubbed on the way out
            if kind == 2
            else f"6f0b6a52-6d1f-5b7e-9a57-{i:012d}"
        )
    return recs, upstream


def _digest(chunks: Iterable[str]) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(c.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@pytest.fixture(scope="module")
def varied() -> tuple[list[dict[str, Any]], dict[str, str]]:
    return _varied()


def test_ndjson_is_what_it_was(varied) -> None:
    recs, upstream = varied
    assert _digest(ndjson_chunks(recs, now=NOW, upstream=upstream)) == GOLDEN["ndjson"]


def test_json_array_is_what_it_was(varied) -> None:
    recs, upstream = varied
    assert _digest(json_array_chunks(recs, now=NOW, upstream=upstream)) == GOLDEN["array"]


def test_service_objects_are_what_they_were(varied) -> None:
    recs, upstream = varied
    services = iter_services(recs, now=NOW, upstream=upstream)
    assert _digest(json.dumps(s, ensure_ascii=False) + "\n" for s in services) == GOLDEN["objects"]


def _old_needs_scrub(rec: dict[str, Any]) -> bool:
    return scrubbed(rec) is not rec


# Every code point below U+3000 (the C0/C1 controls, the marks, every lead byte of two- and three-byte
# UTF-8 up to there), the bidi controls and marks, lone surrogates, and a few far beyond.
_CODE_POINTS = [*range(0x3000), 0xD800, 0xDFFF, 0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF]


def test_the_record_check_says_what_scrubbed_says_for_every_character() -> None:
    for cp in _CODE_POINTS:
        for rec in ({"id": "x", "name": f"a{chr(cp)}b"}, {"id": "x", f"k{chr(cp)}": ["é", True, 1]}):
            assert _needs_scrub(rec) == _old_needs_scrub(rec), hex(cp)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('\x1b[31m\x07\x9b\x85\u202e\u2066\u200e\u200f\u061c\t\n\\rbfu"é中ש–’')))
def test_the_record_check_says_what_scrubbed_says_for_any_text(text: str) -> None:
    rec = {"id": "x", "name": text, "channels": [{"kind": "web", "value": text[::-1]}]}
    assert _needs_scrub(rec) == _old_needs_scrub(rec)


def test_attributes_written_as_text_are_the_objects_attributes_py_describes() -> None:
    from directory.hsds.attributes import compact_attribute, support_type_attributes
    from directory.hsds.export import _compact_attribute, _support_type_attribute

    fields = {"channel_position": 2, "channel_hours": {"timezone": "Europe/Kyiv", "note": 'a "b"\n\\c'}, "x": [True]}
    assert _compact_attribute("de-a/channel/2", fields) == json.dumps(compact_attribute("de-a/channel/2", fields))
    for code in ("emergency", "child_helpline", "victim_support"):
        expected = json.dumps(support_type_attributes("de-a", [code])[0], ensure_ascii=False)
        assert _support_type_attribute("de-a", code) == expected
