"""imports.json written a part at a time (a label's records a few thousand at once) holds the bytes msgspec
writes for the whole, whatever the file holds: several labels, records or none, other keys around them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from directory import layers
from directory.layers import _ENCODE, LayerStorage, _encoded


def _records(n: int) -> list[Any]:
    return [
        {"id": f"r{i}", "name": f"Hilfe «{i}» ☎", "n": i, "x": [1.5, None, True, {"k": "\u202e"}]} for i in range(n)
    ]


DATA: list[Any] = [
    {},
    {"sources": {}},
    {"sources": {"1": {"label": "a", "records": []}}},
    *[{"sources": {"1": {"label": "a", "records": _records(n), "hsds_ids": {"r0": "h"}}}} for n in range(7)],
    {
        "_default": {},
        "sources": {
            "1": {"records": _records(5)},  # records first
            "2": {"label": "b", "kind": "file", "records": _records(3)},  # records last
            "3": {"label": "c", "records": "not a list"},
            "4": ["not a document"],
            "5": {"label": "d", "counts": {"imported": 2}, "records": _records(2), "filters": {"q": "x"}},
        },
        "other": [1, 2],
    },
    {"sources": {1: {"label": "an int id", "records": _records(4)}}},
    [1, 2],
]


@pytest.mark.parametrize("data", DATA)
def test_the_parts_make_the_bytes_of_the_whole(data: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layers, "_RECORDS_AT_ONCE", 2)
    assert b"".join(_encoded(data)) == _ENCODE(data)


def test_the_layer_file_reads_back_as_written(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layers, "_RECORDS_AT_ONCE", 2)
    data = {
        "_default": {},
        "sources": {"1": {"label": "a", "records": _records(5)}, "2": {"label": "b", "records": _records(1)}},
    }
    storage = LayerStorage(tmp_path / "imports.json")
    storage.write(data)
    raw = (tmp_path / "imports.json").read_bytes()
    assert raw == _ENCODE(data) == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    assert storage.read() == json.loads(raw)


def test_a_record_that_cannot_be_written_leaves_the_file_as_it_was(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in a later part, after earlier parts went to the temporary file: the file is not touched."""
    monkeypatch.setattr(layers, "_RECORDS_AT_ONCE", 2)
    path = tmp_path / "imports.json"
    storage = LayerStorage(path)
    storage.write({"sources": {"1": {"label": "a", "records": _records(3)}}})
    before = path.read_bytes()
    bad = [*_records(5), {"id": "lone \ud800 surrogate"}]
    with pytest.raises(UnicodeEncodeError):
        storage.write({"sources": {"1": {"label": "a", "records": bad}}})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["imports.json"]  # no temporary file left
