"""vsd reads back its own NDJSON export at any size: NDJSON is read a line at a time, with a limit per
record instead of per file (made small here by lowering the limits)."""

from __future__ import annotations

import json

import pytest

from directory.errors import InputError
from directory.hsds import reading, sources
from directory.hsds.export import export_services, ndjson_chunks
from directory.layers import Layers
from sync.hsds_import import ImportOptions, import_hsds
from tests.directory.test_hsds_export import NOW, RICH


def test_an_ndjson_export_larger_than_the_file_limit_imports(tmp_path, monkeypatch):
    path = tmp_path / "export.ndjson"
    path.write_text("".join(ndjson_chunks(RICH, now=NOW)), encoding="utf-8")
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", path.stat().st_size // 3)
    report = import_hsds(str(path), data_dir=tmp_path / "data", options=ImportOptions(label="big"))
    assert report.committed and len(report.result.imported) == len(RICH)
    stored = Layers(tmp_path / "data").get("big")
    assert stored is not None
    assert sorted(r["name"] for r in stored["records"]) == sorted(r["name"] for r in RICH)


def test_a_json_array_over_the_file_limit_is_still_refused(tmp_path, monkeypatch):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export_services(RICH, now=NOW), ensure_ascii=False, indent=2), encoding="utf-8")
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", path.stat().st_size // 3)
    with pytest.raises(InputError, match="larger than the"):
        import_hsds(str(path), data_dir=tmp_path / "data", options=ImportOptions(label="big"))
    assert Layers(tmp_path / "data").get("big") is None


def test_an_ndjson_record_over_the_record_limit_is_refused_and_nothing_changes(tmp_path, monkeypatch):
    lines = [json.dumps(s, ensure_ascii=False) for s in export_services(RICH, now=NOW)]
    longest = max(range(len(lines)), key=lambda i: len(lines[i].encode()))
    path = tmp_path / "export.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = import_hsds(str(path), data_dir=tmp_path / "data", options=ImportOptions(label="big"))
    assert first.committed
    layers_file = sorted((tmp_path / "data").rglob("*.json"))
    before = {p: p.read_bytes() for p in layers_file}
    limit = sorted(len(ln.encode()) for ln in lines)[-2] + 1  # every line fits but the longest
    monkeypatch.setattr(reading, "MAX_RECORD_BYTES", limit)
    with pytest.raises(InputError, match=f"line {longest + 1}: a record longer than"):
        import_hsds(str(path), data_dir=tmp_path / "data", options=ImportOptions(label="big"))
    assert {p: p.read_bytes() for p in layers_file} == before


def test_one_line_of_json_is_a_document_not_ndjson(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(export_services(RICH[:1], now=NOW)[0]) + "\n", encoding="utf-8")
    assert reading.read_ndjson_file(one) is None
    assert len(sources.read_hsds_source(one).items) == 1


def test_a_json_array_on_one_line_longer_than_a_record_is_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "minified.json"
    path.write_text(json.dumps(export_services(RICH, now=NOW), ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(reading, "MAX_RECORD_BYTES", 100)
    assert len(sources.read_hsds_source(path).items) == len(RICH)


def test_an_ndjson_file_of_too_many_records_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "many.ndjson"
    path.write_text('{"id": "a", "name": "x"}\n' * 5, encoding="utf-8")
    monkeypatch.setattr(reading, "MAX_NDJSON_RECORDS", 4)
    with pytest.raises(InputError, match="more than 4 records; nothing imported"):
        reading.read_ndjson_file(path)


def test_blank_lines_are_those_of_ascii_whitespace_and_lines_keep_their_numbers(tmp_path):
    """A line of spaces, tabs, CR, VT or FF is skipped; any other character makes it a record (here one
    that is not JSON, refused with its line number, counted over the blank lines)."""
    path = tmp_path / "x.ndjson"
    path.write_bytes(b'{"id": "1"}\n \t\r\x0b\x0c\n\n{"id": "2"}\r\n   \n{"id": "3"}')
    assert reading.read_ndjson_file(path) == [{"id": "1"}, {"id": "2"}, {"id": "3"}]
    path.write_bytes(b'{"id": "1"}\n\x0b\n{"id": "2"}\n\x1c\n{"id": "3"}\n')  # U+001C: whitespace to str only
    with pytest.raises(InputError, match=r"x\.ndjson line 4"):
        reading.read_ndjson_file(path)
    path.write_bytes(b'\n \n{"id": "1"}\n\n{"id": "2"}\n{"id": ')  # the last line cut short
    with pytest.raises(InputError, match=r"x\.ndjson line 6"):
        reading.read_ndjson_file(path)
