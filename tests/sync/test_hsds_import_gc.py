"""Memory during an HSDS import: the cycle collector off while services are read and mapped, then as it
was, with nothing left frozen; the parsed services let go of as they are mapped."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from directory.store import Store
from sync import hsds_import
from sync.hsds_import import ImportOptions, import_hsds
from tests.factories import envelope, service
from tests.hsds_support import hsds_service


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_while_mapping_and_as_it_was_after(
    enabled: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    Store(data).replace_directory(envelope(service(), version=1000))
    src = tmp_path / "s.json"
    src.write_text(json.dumps([hsds_service(1), hsds_service(2)]), encoding="utf-8")
    seen: list[bool] = []
    map_services = hsds_import.map_services

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return map_services(*args, **kwargs)

    monkeypatch.setattr(hsds_import, "map_services", watched)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.freeze()  # what the app froze before (its loaded directory) stays frozen
    frozen = gc.get_freeze_count()
    try:
        report = import_hsds(str(src), data_dir=data, options=ImportOptions(label="gc"))
        assert gc.isenabled() == enabled
        # Nothing thawed, nothing more frozen (frozen objects freed meanwhile leave the count).
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
    assert seen == [False]
    assert len(report.result.imported) == 2


def test_the_parsed_services_are_let_go_of_one_by_one_as_they_are_mapped() -> None:
    from directory.hsds import Item
    from sync.hsds_import import _drained

    items = [Item(f"[{i}]", {"i": i}) for i in range(3)]
    taken = _drained(items)
    assert next(taken).where == "[0]"
    assert [it.where for it in items] == ["[2]", "[1]"]  # the first no longer held
    assert [it.where for it in taken] == ["[1]", "[2]"]
    assert items == []
