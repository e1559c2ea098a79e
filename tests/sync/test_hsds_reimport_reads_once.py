"""A re-import reads the layer file once (1.4 s and 1 GB of a 100k re-import went to reading it twice):
the label is read before the services are mapped, and written from that read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from directory.layers import IMPORTS_FILE, Layers, LayerStorage
from directory.store import Store
from sync.hsds_import import ImportOptions, import_hsds
from tests.factories import envelope, service
from tests.hsds_support import hsds_service


def test_a_reimport_reads_the_layer_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    Store(data).replace_directory(envelope(service(), version=1000))  # above the bundled copy: never reseeded
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    b.write_text(json.dumps([hsds_service(3)]), encoding="utf-8")
    a.write_text(json.dumps([hsds_service(1), hsds_service(2)]), encoding="utf-8")
    import_hsds(str(b), data_dir=data, options=ImportOptions())
    import_hsds(str(a), data_dir=data, options=ImportOptions())
    b_before = Layers(data).get("b")

    reads: list[Path] = []
    read = LayerStorage.read

    def counted(self: LayerStorage) -> Any:
        reads.append(self.path)
        return read(self)

    monkeypatch.setattr(LayerStorage, "read", counted)
    a.write_text(json.dumps([hsds_service(2, name="Umbenannt"), hsds_service(4)]), encoding="utf-8")
    report = import_hsds(str(a), data_dir=data, options=ImportOptions())
    assert reads == [data / IMPORTS_FILE]
    assert report.committed and report.layer_total == 2
    monkeypatch.undo()
    assert [r["name"] for r in Layers(data).get("a")["records"]] == ["Umbenannt", "Beratungsstelle Nummer 4"]
    assert Layers(data).get("b") == b_before
