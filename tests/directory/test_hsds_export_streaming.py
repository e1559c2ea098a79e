"""The export written as it is made: the same bytes as the whole-list export, whatever the text holds,
in memory that does not grow with the number of services."""

from __future__ import annotations

import copy
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from directory.hsds import export_services
from directory.hsds.export import iter_services, json_array_chunks, ndjson_chunks
from tests.directory.test_hsds_export import NOW, RICH
from tests.factories import service

# Text that needs scrubbing (escape sequences, C0/C1 controls, bidi controls and marks, lone surrogates),
# text that only looks like it does once written as JSON (a backslash before r, b, f or u), and plain text.
_NASTY = '\x1b[31m\x07\x9b\x85\u202e\u2066\u200e\u200f\u061c\ud800\t\n\\rbfu"é中ש'
TEXT = st.one_of(st.text(), st.text(alphabet=st.sampled_from(_NASTY)))


def _records(name: str, desc: str, note: str, label: str) -> list[dict[str, Any]]:
    recs = copy.deepcopy(RICH)
    recs[1]["name"], recs[1]["description"], recs[1]["notes"] = name or "x", desc, note
    recs[1]["channels"][1]["label"] = label
    recs[1]["citations"] = [{"url": "https://example.org/p", "read": "2026-11-01", "quote": note, "publisher": label}]
    recs[2]["region"] = desc
    recs[2]["countries"] = [*recs[2]["countries"], label]  # looked up as names: an unknown code is shown as it is
    recs[2]["languages"] = [*recs[2].get("languages", []), note]
    recs[2]["audiences"] = [name]
    return recs


@settings(max_examples=40, deadline=None)
@given(TEXT, TEXT, TEXT, TEXT)
def test_streamed_export_is_byte_identical_to_the_whole_list(name: str, desc: str, note: str, label: str) -> None:
    recs = _records(name, desc, note, label)
    upstream = {recs[0]["id"]: "not a uuid\x1b[1m", recs[2]["id"]: "3f2504e0-4f89-11d3-9a0c-0305e82c3301"}
    whole = export_services(recs, now=NOW, upstream=upstream)
    assert "".join(ndjson_chunks(recs, now=NOW, upstream=upstream)) == "".join(
        json.dumps(s, ensure_ascii=False) + "\n" for s in whole
    )
    assert "".join(json_array_chunks(recs, now=NOW, upstream=upstream)) == (
        json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    )
    assert list(iter_services(recs, now=NOW, upstream=upstream)) == whole


def test_an_empty_export_is_an_empty_array() -> None:
    assert "".join(json_array_chunks([], now=NOW)) == json.dumps([], indent=2) + "\n"
    assert "".join(ndjson_chunks([], now=NOW)) == ""


def _many(n: int) -> Iterator[dict[str, Any]]:
    """n records made one at a time, so that only what the export keeps is measured."""
    for i in range(n):
        yield service(id=f"de-stream-{i}", name=f"Beratungsstelle {i}", region=f"Region {i}", area="regional")


def _peak(n: int) -> int:
    tracemalloc.start()
    try:
        for _ in ndjson_chunks(_many(n), now=NOW, upstream={"de-stream-1": "3f2504e0-4f89-11d3-9a0c-0305e82c3301"}):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_the_number_of_services() -> None:
    _peak(10)  # names, zones and schemas looked up once, before anything is measured
    small, large = _peak(100), _peak(1000)
    # A list of 1,000 exported services is several MB; streaming keeps one service (some KB) and a set
    # of the ids used (since some records came from a source), about 100 bytes a service.
    assert large < small * 1.5 + 400_000, (small, large)


def test_round_trip_keeps_an_alias_that_is_the_name_and_a_midnight_closing() -> None:
    """What bench/synthetic.py makes at 100k: an English alias equal to the name, hours to 00:00."""
    from tests.directory.test_hsds_export import _round_trip

    rec = service(
        id="gb-late-line",
        name="Help Centre Northern Territory",
        aliases=["Help Centre Northern Territory"],
        hours={"timezone": "Europe/London", "weekly": [{"days": ["tue", "sat"], "opens": "20:00", "closes": "00:00"}]},
    )
    after = _round_trip([rec]).records[0]
    assert after["aliases"] == rec["aliases"] and after["hours"] == rec["hours"]


def _tree(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_api_tree_and_datapackage_written_as_they_are_made_are_the_same_files(tmp_path) -> None:
    from directory.hsds.api_tree import api_tree, api_tree_files
    from directory.hsds.datapackage import data_package, data_package_files
    from directory.outputs import write_tree

    recs = [*RICH, RICH[0]]  # a service twice: its own file is the last one, as a whole export writes it
    whole = export_services(recs, now=NOW)
    write_tree(tmp_path / "a", api_tree(whole, per_page=2))
    write_tree(tmp_path / "b", api_tree_files(iter_services(recs, now=NOW), len(recs), per_page=2))
    assert _tree(tmp_path / "b") == _tree(tmp_path / "a") and len(_tree(tmp_path / "a")) > 10
    write_tree(tmp_path / "c", data_package(whole))
    write_tree(tmp_path / "d", data_package_files(iter_services(recs, now=NOW)))
    assert _tree(tmp_path / "d") == _tree(tmp_path / "c")
    with open(tmp_path / "c" / "services.csv", encoding="utf-8") as f:
        assert sum(1 for _ in f) == len(recs) + 1
