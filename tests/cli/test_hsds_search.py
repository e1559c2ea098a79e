"""Imported services are searched beside the central directory and carry their origin."""

from __future__ import annotations

import json

from directory import Directory
from directory.bundled import bundled_path
from directory.loading import read_json_file
from directory.store import Store
from tests.factories import envelope, service
from tests.hsds_support import hsds_service
from tui.cli import main

BUNDLED = read_json_file(bundled_path())["version"]


def test_search_finds_an_imported_service_with_its_origin(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")  # the whole name fits
    data = tmp_path / "data"
    Store(data).replace_directory(envelope(service(), version=BUNDLED + 1))  # above the bundled: not reseeded
    src = tmp_path / "koeln.json"
    src.write_text(
        json.dumps([hsds_service(1, name="Frauenberatung Köln-Mitte", alternate_name="FBK")]), encoding="utf-8"
    )
    assert main(["--data-dir", str(data), "import", "hsds", str(src)]) == 0

    d = Directory.open(data)
    assert len(d) == 2
    hits = d.search("frauenberatung koln")
    assert hits and hits[0].service["name"] == "Frauenberatung Köln-Mitte"
    imported = hits[0].service
    assert imported["origin"] == f"HSDS import 'koeln': {src} (service id {hsds_service(1)['id']})"
    assert imported["verification"] == "verified" and imported["support_types"] == ["domestic_violence"]
    # filters and smart queries reach imported records too; central records keep no origin
    assert [h.service["id"] for h in d.search(country="DE", support_type="domestic_violence")] == [imported["id"]]
    assert d.search("FBK")[0].service["id"] == imported["id"]
    central = d.by_id(service()["id"])
    assert central is not None and "origin" not in central

    capsys.readouterr()
    assert main(["--data-dir", str(data), "search", "frauenberatung", "koln"]) == 0
    out = capsys.readouterr().out
    assert "(imported) Frauenberatung Köln-Mitte" in out
    assert f"(imported) = from HSDS import 'koeln': {src}" in out

    assert main(["--data-dir", str(data), "import", "remove", "koeln"]) == 0
    assert len(Directory.open(data)) == 1
