"""The local layer of imported services, and `vsd import hsds FILE | list | remove`."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from directory import Directory
from directory.layers import IMPORTS_FILE, Layers, imported_services
from directory.store import Store
from tests.factories import envelope, service
from tests.hsds_support import EXAMPLES, hsds_service
from tui.cli import main


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    Store(d).replace_directory(envelope(service(), version=1000))  # above the bundled copy: never reseeded
    return d


def write(path, obj):
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


def vsd(data_dir, *args):
    return main(["--data-dir", str(data_dir), *args])


def imports_bytes(data_dir):
    return (data_dir / IMPORTS_FILE).read_bytes()


def test_import_file_list_and_remove(data_dir, tmp_path, capsys):
    src = write(tmp_path / "berlin.json", [hsds_service(1), hsds_service(2), hsds_service(3, status="defunct")])
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    out = capsys.readouterr().out
    assert "imported 2, skipped 1 (inactive/defunct), rejected 0; 'berlin' now has 2 services" in out
    layer = Layers(data_dir).get("berlin")
    assert layer["kind"] == "file" and layer["source"] == str(src) and len(layer["records"]) == 2
    assert all(r["origin"].startswith(f"HSDS import 'berlin': {src}") for r in layer["records"])

    assert vsd(data_dir, "import", "list") == 0
    listing = capsys.readouterr().out
    assert "berlin" in listing and str(src) in listing
    assert vsd(data_dir, "import", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["label"] == "berlin" and rows[0]["services"] == 2

    assert vsd(data_dir, "import", "remove", "berlin") == 0
    assert "removed 'berlin': 2 services" in capsys.readouterr().out
    assert Layers(data_dir).layers() == []
    assert vsd(data_dir, "import", "remove", "berlin") == 1
    assert "no import labelled 'berlin'" in capsys.readouterr().err


def test_official_examples_import_through_the_command(data_dir, capsys):
    for name in ("service_full.json", "organization_full.json", "service_at_location_full.json"):
        assert vsd(data_dir, "import", "hsds", str(EXAMPLES / name)) == 0
    assert vsd(data_dir, "import", "hsds", str(EXAMPLES / "service_list.json"), "--country", "US") == 0
    labels = [d["label"] for d in Layers(data_dir).layers()]
    assert labels == ["organization-full", "service-at-location-full", "service-full", "service-list"]
    err = capsys.readouterr().err
    assert 'warning: service "Community Counselling"' in err and "expired, not imported" in err
    assert vsd(data_dir, "import", "hsds", str(EXAMPLES / "taxonomy_term_list.json")) == 1
    assert "list of HSDS taxonomy terms, not services" in capsys.readouterr().err


def test_reimporting_a_label_replaces_exactly_that_label(data_dir, tmp_path):
    a = write(tmp_path / "a.json", [hsds_service(1), hsds_service(2)])
    b = write(tmp_path / "b.json", [hsds_service(3)])
    assert vsd(data_dir, "import", "hsds", str(a)) == 0
    assert vsd(data_dir, "import", "hsds", str(b)) == 0
    ids_a = [r["id"] for r in Layers(data_dir).get("a")["records"]]
    b_before = Layers(data_dir).get("b")
    write(a, [hsds_service(2, name="Umbenannt"), hsds_service(4)])
    assert vsd(data_dir, "import", "hsds", str(a)) == 0
    after = Layers(data_dir).get("a")["records"]
    assert [r["name"] for r in after] == ["Umbenannt", "Beratungsstelle Nummer 4"]
    assert after[0]["id"] == ids_a[1]  # same HSDS id, same vsd id (bookmarks survive a rename)
    b_after = Layers(data_dir).get("b")
    assert b_after["records"] == b_before["records"]


def test_rejected_services_import_nothing_unless_skip_invalid(data_dir, tmp_path, capsys):
    good = write(tmp_path / "x.json", [hsds_service(1)])
    assert vsd(data_dir, "import", "hsds", str(good), "--name", "x") == 0
    before = imports_bytes(data_dir)
    write(good, [hsds_service(2), hsds_service(3, phones=[{"id": "p", "number": 42}]), {"id": "q", "status": "active"}])
    capsys.readouterr()
    assert vsd(data_dir, "import", "hsds", str(good), "--name", "x") == 1
    err = capsys.readouterr().err
    assert (
        '[1] "Beratungsstelle Nummer 3" (id 00000000-0000-4000-8000-000000000003): phones[0].number: '
        "expected a string, got number 42" in err
    )
    assert "[2] (id q): name: missing (required)" in err
    assert "2 of 3 services rejected; nothing imported, 'x' unchanged" in err
    assert imports_bytes(data_dir) == before
    assert vsd(data_dir, "import", "hsds", str(good), "--name", "x", "--skip-invalid") == 0
    assert "imported 1, skipped 0 (inactive/defunct), rejected 2" in capsys.readouterr().out
    assert [r["name"] for r in Layers(data_dir).get("x")["records"]] == ["Beratungsstelle Nummer 2"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "file is empty"),
        (b"<html><body>Not found</body></html>", "this is HTML, not HSDS JSON"),
        (b'{"services": 1}', "found an object with keys services"),
        (b"[]", "no services found; nothing imported"),
        (json.dumps([{"id": "a", "name": "b", "status": "inactive"}]).encode(), None),
    ],
)
def test_bad_files_leave_the_layer_untouched(data_dir, tmp_path, capsys, content, message):
    keep = write(tmp_path / "keep.json", [hsds_service(1)])
    assert vsd(data_dir, "import", "hsds", str(keep), "--name", "keep") == 0
    before = imports_bytes(data_dir)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    capsys.readouterr()
    code = vsd(data_dir, "import", "hsds", str(bad), "--name", "keep")
    if message is None:  # only inactive services: a valid, empty import
        assert code == 0 and Layers(data_dir).get("keep")["records"] == []
        return
    assert code == 1
    assert message in capsys.readouterr().err
    assert imports_bytes(data_dir) == before


def test_bad_options_are_refused(data_dir, tmp_path, capsys):
    src = write(tmp_path / "a.json", [hsds_service(1)])
    for args, msg in [
        (["--name", "Bad Label"], "is not valid"),
        (["--type", "food"], "not a support type"),
        (["--country", "Atlantis"], "not an ISO 3166"),
        (["--timezone", "Mars/Base"], "IANA"),
    ]:
        assert vsd(data_dir, "import", "hsds", str(src), *args) == 1
        assert msg in capsys.readouterr().err
    assert not (data_dir / IMPORTS_FILE).exists()


def test_dry_run_stores_nothing(data_dir, tmp_path, capsys):
    src = write(tmp_path / "a.json", [hsds_service(1)])
    assert vsd(data_dir, "import", "hsds", str(src), "--dry-run") == 0
    assert "dry run: imported 1" in capsys.readouterr().out
    assert Layers(data_dir).layers() == []


def test_mapping_from_config_file(data_dir, tmp_path, monkeypatch):
    mapping = write(tmp_path / "terms.json", {"names": {"Food Pantries": ["victim_support"]}})
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[hsds]\nmapping = "{mapping.name}"\n', encoding="utf-8")
    monkeypatch.setenv("VSD_CONFIG", str(cfg))
    svc = hsds_service(
        1,
        name="Stadtteilzentrum",
        alternate_name=None,
        attributes=[{"id": "a", "taxonomy_term": {"id": "t", "name": "Food Pantries", "description": "-"}}],
    )
    src = write(tmp_path / "a.json", [svc])
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    assert Layers(data_dir).get("a")["records"][0]["support_types"] == ["victim_support"]


def test_a_central_sync_never_touches_the_layer(data_dir, tmp_path):
    src = write(tmp_path / "a.json", [hsds_service(1)])
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    before = imports_bytes(data_dir)
    Store(data_dir).replace_directory(envelope(service(id="de-new-one"), version=1001))
    assert imports_bytes(data_dir) == before
    d = Directory.open(data_dir)
    assert {s["id"] for s in d.services} >= {"de-new-one", Layers(data_dir).get("a")["records"][0]["id"]}


def test_corrupt_layer_file_is_moved_aside_with_a_notice(data_dir, tmp_path):
    (data_dir / IMPORTS_FILE).write_text("{not json", encoding="utf-8")
    layers = Layers(data_dir)
    assert layers.layers() == []
    assert any("imports.json was unreadable" in n for n in layers.notices)
    assert [p.name for p in data_dir.iterdir() if p.name.startswith("imports.json.corrupt-")]
    d = Directory.open(data_dir)  # the central directory still opens
    assert len(d) == 1


def test_imported_ids_never_shadow_central_ones(data_dir):
    central = envelope(service())["services"][0]
    Layers(data_dir).replace(
        "x",
        source="f",
        kind="file",
        records=[dict(central, origin="HSDS import 'x': f")],
        hsds_ids={central["id"]: "h1"},
        fetched_at="2026-01-01T00:00:00Z",
    )
    out, notices = imported_services(data_dir, exclude_ids=[central["id"]])
    assert out == [] and "left out: its id is already used" in notices[0]
    d = Directory.open(data_dir)
    assert len(d) == 1 and "origin" not in d.services[0]
    assert any("left out" in n for n in d.notices)


def test_incremental_replace_merges_by_hsds_id(data_dir):
    layers = Layers(data_dir)
    r1, r2 = service(id="x-one", name="One"), service(id="x-two", name="Two")
    layers.replace(
        "x",
        source="u",
        kind="api",
        records=[r1, r2],
        hsds_ids={"x-one": "h1", "x-two": "h2"},
        fetched_at="2026-01-01T00:00:00Z",
    )
    r2b, r3 = service(id="x-two", name="Two, renamed"), service(id="x-three", name="Three")
    doc = layers.replace(
        "x",
        source="u",
        kind="api",
        records=[r2b, r3],
        hsds_ids={"x-two": "h2", "x-three": "h3"},
        fetched_at="2026-01-02T00:00:00Z",
        incremental=True,
        drop_hsds_ids=["h1"],
    )
    assert doc["mode"] == "incremental"
    assert [r["name"] for r in layers.get("x")["records"]] == ["Two, renamed", "Three"]
    assert layers.get("x")["hsds_ids"] == {"x-two": "h2", "x-three": "h3"}


def test_layer_writes_are_atomic_under_a_crash(data_dir, tmp_path):
    """A process killed just before the rename leaves the old layer file intact."""
    import subprocess
    import sys

    src = write(tmp_path / "a.json", [hsds_service(1)])
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    before = imports_bytes(data_dir)
    write(src, [hsds_service(2)])
    env = dict(os.environ, VSD_FAULT_INJECT="before-replace")
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--data-dir", str(data_dir), "import", "hsds", str(src)],
        env=env,
        capture_output=True,
        cwd=shutil.os.getcwd(),
    )
    assert done.returncode != 0
    assert imports_bytes(data_dir) == before


def _good_and_bad_imported(data_dir, **change):
    """A layer 'x' written with a good record and x-bad (the good one with `change`, as if imports.json
    were edited after the import); what loading it gives."""
    good = dict(envelope(service())["services"][0], id="x-good", origin="HSDS import 'x': f")
    bad = {**good, "id": "x-bad", **change}
    Layers(data_dir).replace(
        "x",
        source="f",
        kind="file",
        records=[good, bad],
        hsds_ids={"x-good": "h1", "x-bad": "h2"},
        fetched_at="2026-01-01T00:00:00Z",
    )
    return imported_services(data_dir)


@pytest.mark.parametrize(
    "spoofed",
    [
        "0800 111 0 \u0a6a\u0a6a\u0a6a",
        "\u0647\u0627\u062a\u0641 0800 111 0 333",
        "\u202e0800 111 0333",
        "0800\u200d111",
    ],
)
def test_a_layer_edited_on_disk_cannot_slip_in_a_spoofed_number(data_dir, spoofed):
    """imports.json is checked at import; an edit made afterwards is caught when it is loaded."""
    out, notices = _good_and_bad_imported(data_dir, channels=[{"kind": "phone", "value": spoofed}])
    assert [r["id"] for r in out] == ["x-good"]
    assert len(notices) == 1 and "imported record x-bad of 'x' left out: its phone" in notices[0]
    assert spoofed not in notices[0]  # the message names code points, never the raw characters
    d = Directory.open(data_dir)
    assert d.by_id("x-bad") is None and d.by_id("x-good") is not None


@pytest.mark.parametrize(
    "change",
    [
        {"channels": 7988666522},  # found by tests/hostile/test_fuzz.py: it stopped every command
        {"channels": [{"kind": "phone"}]},
        {"countries": "DE"},
        {"name": None},
        {"id": 12},
    ],
)
def test_a_layer_record_edited_into_another_shape_is_left_out_with_a_notice(data_dir, change):
    """A record of a shape the import never writes is left out when loaded; the others still load."""
    out, notices = _good_and_bad_imported(data_dir, **change)
    assert [r["id"] for r in out] == ["x-good"]
    assert len(notices) == 1 and "of 'x' left out: it is not a valid record" in notices[0]
    d = Directory.open(data_dir)
    assert d.by_id("x-good") is not None and d.search("Nummer")  # the directory opens and searches
