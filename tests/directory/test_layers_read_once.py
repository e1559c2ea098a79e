"""A label read and written from one read of imports.json: what TinyDB's search, update and insert (which
read the whole file again for each step) read and write, byte for byte, whatever the file holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query, TinyDB

from directory import layers
from directory.layers import TABLE, Layers, LayerStorage, _redact_doc, _replace_with


def _doc(label: str, n: int = 1, **extra: Any) -> dict[str, Any]:
    recs = [{"id": f"{label}-{i}", "name": f"Hilfe {i}", "source": "https://x.org/a"} for i in range(n)]
    return {"label": label, "source": "f", "kind": "file", "records": recs, "hsds_ids": {}, **extra}


FILES: dict[str, Any] = {
    "none": None,
    "empty": {},
    "empty table": {TABLE: {}},
    "another label": {TABLE: {"1": _doc("other")}},
    "the label": {TABLE: {"1": _doc("other"), "2": _doc("x", 3, filters={"q": "1"})}},
    "the label twice": {TABLE: {"1": _doc("x"), "4": _doc("other"), "9": _doc("x", 2)}},
    "ids as TinyDB reads them": {TABLE: {"07": _doc("other"), "3": _doc("y"), "12": _doc("z")}},
    "the same id twice": {TABLE: {"1": _doc("x"), "01": _doc("other")}},
    "other tables": {"_default": {"1": {"a": 1}}, TABLE: {"2": _doc("x")}, "later": {}},
    "documents without a label": {TABLE: {"1": {"records": []}, "2": {"label": 5}, "3": _doc("x")}},
}


def _write_file(path: Path, data: Any) -> None:
    if data is not None:
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _as_tinydb_writes(path: Path, label: str, doc: dict[str, Any]) -> None:
    table = TinyDB(path, storage=LayerStorage).table(TABLE)
    if table.search(Query().label == label):
        table.update(_replace_with(doc), Query().label == label)
    else:
        table.insert(doc)


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("label", ["x", "new"])
@pytest.mark.parametrize("incremental", [False, True])
def test_a_label_is_written_as_tinydb_writes_it(tmp_path: Path, name: str, label: str, incremental: bool) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    _write_file(ours / layers.IMPORTS_FILE, FILES[name])
    shutil.copytree(ours, theirs)
    recs = [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]
    doc = Layers(ours).replace(
        label, source="https://api.example.org/hsds?token=s", kind="api", records=recs,
        hsds_ids={"a": "h1", "b": "h2"}, fetched_at="t", incremental=incremental,
    )  # fmt: skip
    _as_tinydb_writes(theirs / layers.IMPORTS_FILE, label, doc)
    assert (ours / layers.IMPORTS_FILE).read_bytes() == (theirs / layers.IMPORTS_FILE).read_bytes()


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("label", ["x", "other", "new"])
def test_a_label_is_read_as_tinydb_finds_it(tmp_path: Path, name: str, label: str) -> None:
    _write_file(tmp_path / layers.IMPORTS_FILE, FILES[name])
    found = TinyDB(tmp_path / layers.IMPORTS_FILE, storage=LayerStorage).table(TABLE).search(Query().label == label)
    assert Layers(tmp_path).get(label) == (_redact_doc(dict(found[0])) if found else None)


def test_a_corrupt_file_is_moved_aside_once_read(tmp_path: Path) -> None:
    (tmp_path / layers.IMPORTS_FILE).write_text('{"sources": {"x": null}}', encoding="utf-8")
    got = Layers(tmp_path)
    assert got.get("x") is None
    assert any("imports.json was unreadable" in n for n in got.notices)
    assert not (tmp_path / layers.IMPORTS_FILE).exists()
    (tmp_path / layers.IMPORTS_FILE).write_text("[1, 2", encoding="utf-8")
    again = Layers(tmp_path)
    again.replace("x", source="f", kind="file", records=[], hsds_ids={}, fetched_at="t")
    assert any("imports.json was unreadable" in n for n in again.notices)
    assert [d["label"] for d in Layers(tmp_path).layers()] == ["x"]


# -- the file read by msgspec: what the capped parse reads -------------------------------------------

_SHAPED = [
    b'{"sources": {"1": ' + body + b"}}"
    for body in (
        b'{"label": "x", "records": [{"id": "a", "n": 12, "f": 0.1, "e": 1E+2, "neg": -0.0}]}',
        b'{"label": "x", "a": 1, "a": 2}',
        b'{"label": "\\ud800 lone", "b": "\\ud83d\\ude00 pair"}',
        b'{"label": "x", "n": ' + b"9" * 41 + b"}",
        b'{"label": "x", "n": 1e999}',
        b'{"label": "x", "n": NaN}',
        b'{"label": "x\xff"}',
        b'{"label": "x\x00"}',
        b'{"label": "x", "deep": ' + b"[" * 70 + b"]" * 70 + b"}",
        b'{"label": "x"},',
    )
]
_FILES = [
    *_SHAPED,
    b'\xef\xbb\xbf{"sources": {}}',
    b'{"sources": {"x": {}}}',
    b'{"sources": {"1": null}}',
    b'{"sources": []}',
    b"[]",
    b"",
    b"   ",
]


@pytest.mark.parametrize("raw", _FILES)
def test_the_layer_file_reads_as_the_capped_parse_reads_it(tmp_path: Path, raw: bytes) -> None:
    from directory.store import AtomicJSONStorage, CorruptStoreError

    path = tmp_path / layers.IMPORTS_FILE
    path.write_bytes(raw)

    def read(storage: type[AtomicJSONStorage]) -> Any:
        try:
            return "value", storage(path).read()
        except CorruptStoreError as e:
            return "refused", str(e)

    ours, plain = read(LayerStorage), read(AtomicJSONStorage)
    assert ours == plain
    assert json.dumps(ours) == json.dumps(plain)  # (the same types of number too: 1 is not 1.0)
