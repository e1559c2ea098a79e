"""An NDJSON file's services are mapped as they are read (read_hsds_source's `premap`, as `vsd import hsds`
reads a file), while their Services are at hand: the outcomes are those of reading the whole file first and
mapping it after, on vsd's own exports, on a file that mixes them with services of other shapes, and on one
with an older-format service that makes the whole file read as that format."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import generate
from directory.bundled import bundled_path
from directory.hsds import ImportContext, extract_services, map_services, parse_hsds_bytes, premapper
from directory.hsds.export import ndjson_chunks
from directory.hsds.outcomes import Outcome
from directory.hsds.sources import read_hsds_source, upgraded
from directory.loading import read_json_file

TESTS = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, tzinfo=UTC)


def _ctx() -> ImportContext:
    return ImportContext(label="pre", source="/data/pre.ndjson", today=TODAY)


def _said(out: Outcome) -> str:
    said = [out.where, out.status, out.hsds_id, out.problems, out.warnings, out.tallies, out.reason, out.record]
    return json.dumps(said, ensure_ascii=False)


def _whole(path: Path) -> list[str]:
    """The outcomes of the file parsed whole into its values, then mapped (no line read as a Service)."""
    items = upgraded(extract_services(parse_hsds_bytes(path.read_bytes(), str(path)), str(path)), "").items
    return [_said(o) for o in map_services(iter(items), _ctx()).outcomes]


def _both_ways(path: Path) -> tuple[list[str], list[str], str, int]:
    """Outcomes mapped as read, and of the file parsed whole then mapped; what the file was read as; items
    mapped as read."""
    ctx = _ctx()
    read = read_hsds_source(path, premap=premapper(ctx))
    as_read = sum(it.mapped is not None for it in read.items)
    first = map_services(iter(read.items), ctx).outcomes
    return [_said(o) for o in first], _whole(path), read.detected, as_read


def _export(records: list[dict[str, Any]]) -> list[str]:
    return "".join(ndjson_chunks(records, now=NOW)).splitlines()


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_vsd_s_own_export_maps_the_same_as_it_is_read(tmp_path: Path, which: str) -> None:
    records = read_json_file(bundled_path())["services"] if which == "bundled" else generate(200, seed=5)["services"]
    path = tmp_path / "export.ndjson"
    path.write_text("\n".join(_export(records)) + "\n", encoding="utf-8")
    first, after, _, as_read = _both_ways(path)
    assert first == after
    assert as_read == len(first) - 1  # (all but the first line, read to find the file is NDJSON)


def test_a_file_mixing_vsd_s_services_with_others_maps_the_same_as_it_is_read(tmp_path: Path) -> None:
    lines = _export(generate(60, seed=9)["services"])
    odd = [
        {"id": "x1", "name": "Another shape", "status": "active", "phones": [{"number": "112", "extra": 1}]},
        {"id": "x2", "name": "Not active", "status": "defunct"},
        {"id": "x3", "status": "active"},
        [1, 2],
        {"id": json.loads(lines[3])["id"], "name": "Same id as a service before", "status": "active"},
    ]
    mixed = lines[:10] + [json.dumps(o) for o in odd] + lines[10:]
    path = tmp_path / "mixed.ndjson"
    path.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    first, after, _, as_read = _both_ways(path)
    assert first == after
    assert as_read == len(lines) - 1 + 2  # (and the two odd services that are plain: x2 and the same id)
    assert sum('"rejected"' in o for o in first) >= 3


def test_an_older_format_service_anywhere_in_the_file_makes_every_service_read_as_that_format(
    tmp_path: Path,
) -> None:
    """An HSDS 1.x service after the mapped ones: the file is read as HSDS 1.x, every service upgraded, and
    what was mapped as it was read is not kept."""
    legacy = json.loads((TESTS / "fixtures/hsds-1x/hsda-1.2-services.json").read_text(encoding="utf-8"))
    legacy = legacy if isinstance(legacy, list) else legacy.get("contents") or legacy.get("services")
    lines = _export(generate(30, seed=2)["services"])
    path = tmp_path / "older.ndjson"
    path.write_text("\n".join([*lines, json.dumps(legacy[0])]) + "\n", encoding="utf-8")
    ctx = _ctx()
    read = read_hsds_source(path, premap=premapper(ctx))
    assert read.detected.startswith("HSDS 1.x")
    assert all(it.mapped is None for it in read.items)
    first = [_said(o) for o in map_services(iter(read.items), ctx).outcomes]
    assert first == _whole(path)


def test_a_service_mapped_as_it_is_read_keeps_nothing_of_its_line(tmp_path: Path) -> None:
    """Its block of the file is freed once its services are mapped; asking the item for what it let go of is
    a mistake of the code, said as one (not a service read as nothing)."""
    path = tmp_path / "export.ndjson"
    path.write_text("\n".join(_export(generate(20, seed=4)["services"])) + "\n", encoding="utf-8")
    read = read_hsds_source(path, premap=premapper(_ctx()))
    mapped = [it for it in read.items if it.mapped is not None]
    assert len(mapped) == 19 and all(it._line is None for it in mapped)
    assert "mapped as read" in repr(mapped[0])
    with pytest.raises(RuntimeError, match="mapped as it was read"):
        _ = mapped[0].obj
    with pytest.raises(RuntimeError, match="mapped as it was read"):
        _ = mapped[0].plain


def test_a_file_of_other_shapes_is_looked_at_for_an_older_format_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No service of it is mapped as it is read, so there is nothing to read again: its services are
    looked at for an older format once, as before."""
    from directory.hsds import sources

    looked: list[int] = []
    real = sources.flavour
    monkeypatch.setattr(sources, "flavour", lambda services: looked.append(len(services)) or real(services))
    path = tmp_path / "other.ndjson"
    path.write_text("\n".join(json.dumps({"id": f"x{i}", "name": "A", "status": "active", "y": 1}) for i in range(5)))
    read = read_hsds_source(path, premap=premapper(_ctx()))
    assert looked == [5] and all(it.mapped is None for it in read.items)
