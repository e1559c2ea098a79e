"""What leaves vsd: `export hsds` writes only regular files (issue 12, item 7), and every JSON text it
prints or writes is scrubbed of controls and bidi overrides, channel hours included (item 8)."""

from __future__ import annotations

import json
import os
import re
import stat

import pytest

from tests.hostile.test_fuzz import CORPUS, vsd

# C0 but tab and newline, DEL, C1, bidi embeddings/overrides/isolates: none may leave vsd.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture()
def data(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("VSD_DATA_DIR", str(d))
    monkeypatch.setenv("VSD_CONFIG", str(tmp_path / "no-config.toml"))
    return d


def test_export_refuses_an_existing_file_without_force(data, tmp_path):
    out = tmp_path / "out.json"
    out.write_text("the caseworker's own file", encoding="utf-8")
    ran = vsd("export", "hsds", out, "--country", "DE")
    assert ran.code == 1 and ran.err == f"vsd: {out}: exists; pass --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "the caseworker's own file"
    assert vsd("export", "hsds", out, "--country", "DE", "--force").code == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["name"]
    fresh = tmp_path / "new.json"
    assert vsd("export", "hsds", fresh, "--country", "DE").code == 0 and stat.S_ISREG(fresh.lstat().st_mode)


@pytest.mark.parametrize("kind", ["fifo", "symlink", "dangling-symlink", "directory", "device"])
def test_export_refuses_what_is_not_a_regular_file(kind, data, tmp_path):
    out = tmp_path / "out"
    target = tmp_path / "target.json"
    target.write_text("kept", encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(out)
    elif kind == "symlink":
        out.symlink_to(target)
    elif kind == "dangling-symlink":
        out.symlink_to(tmp_path / "nowhere.json")
    elif kind == "directory":
        out.mkdir()
    else:
        try:  # a private copy of /dev/null's node: the real one is never put at risk by this test
            os.mknod(out, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            pytest.skip("creating a device node needs root")
    before = out.lstat()
    ran = vsd("export", "hsds", out, "--country", "DE", "--force")
    assert ran.code == 1 and ran.err.count("\n") == 1 and ran.err.startswith(f"vsd: {out}: is "), ran
    after = out.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)  # not replaced
    assert target.read_text(encoding="utf-8") == "kept"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no temp file left


def test_export_to_stdout(data):
    ran = vsd("export", "hsds", "-", "--country", "DE", "--ndjson")
    assert ran.code == 0
    assert all(json.loads(line)["id"] for line in ran.out.splitlines())


def _import(path, label):
    ran = vsd("import", "hsds", path, "--name", label)
    assert ran.code == 0, ran


def test_search_json_and_export_strip_controls_and_overrides(data, tmp_path):
    # A vsd services file whose text holds escape sequences, C1 controls, bidi overrides and a lone surrogate.
    src = CORPUS / "vsd-controls-and-bidi.json"
    assert "\\u001b" in src.read_text(encoding="utf-8") and "\\u202e" in src.read_text(encoding="utf-8")
    ran = vsd("search", "--json", "--file", src, "kummer")
    assert ran.code == 0
    hit = json.loads(ran.out)["hits"][0]
    assert hit["name"] == "Nummer gegen Kummer enummuK"
    assert not UNSAFE.search(ran.out) and "\\u001b" not in ran.out and "\\u009b" not in ran.out
    # The same services imported (they pass validation) and exported again, as JSON and on stdout.
    hsds = tmp_path / "hsds.json"
    env = json.loads(src.read_text(encoding="utf-8"))
    from directory.hsds import export_services

    hsds.write_text(json.dumps(export_services(env["services"]), ensure_ascii=True), encoding="utf-8")
    assert not UNSAFE.search(hsds.read_text(encoding="utf-8"))
    assert "\\u001b" not in hsds.read_text(encoding="utf-8")


def test_channel_hours_text_is_scrubbed_on_export(data, tmp_path):
    # The channel hours of an imported phone carry a note with C1 CSI, RLO, an OSC sequence.
    _import(CORPUS / "hsds-channel-hours-controls.json", "hours")
    for argv in (["-"], ["-", "--ndjson"]):
        ran = vsd("export", "hsds", *argv, "--imports", "only")
        assert ran.code == 0, ran
        assert not UNSAFE.search(ran.out), ran.out[:2000]
        assert "\\u009b" not in ran.out and "\\u001b" not in ran.out and "\\u202e" not in ran.out
        services = [json.loads(ran.out)] if not argv[1:] else [[json.loads(x) for x in ran.out.splitlines()]]
        fields = [json.loads(a["value"]) for s in services[0] for p in s.get("phones", []) for a in p["attributes"]]
        values = [f["channel_hours"] for f in fields if "channel_hours" in f]  # in each phone's vsd attribute
        assert values and all(not UNSAFE.search(v.get("note", "")) for v in values)
    out = tmp_path / "export.json"
    assert vsd("export", "hsds", out, "--imports", "only").code == 0
    assert not UNSAFE.search(out.read_text(encoding="utf-8"))


def test_search_json_of_an_imported_layer_is_scrubbed(data):
    _import(CORPUS / "hsds-channel-hours-controls.json", "hours")
    ran = vsd("search", "--json", "kummer")
    assert ran.code == 0 and json.loads(ran.out)["hits"]
    assert not UNSAFE.search(ran.out)


def test_coverage_json_and_import_list_json_are_scrubbed(data, tmp_path):
    from directory.layers import Layers
    from tests.factories import envelope, service

    nasty = "call 112 \x1b[2J\x9b31m\u202eeno\u2066 now"
    env = envelope(service())
    env["coverage"] = [
        {
            "country": "DE",
            "kind": "trafficking",
            "researched": "2026-11-30",
            "consulted": ["https://example.org/\x1b]8;;x\x07"],
            "note": nasty,
        }
    ]
    src = tmp_path / "nasty.json"
    src.write_text(json.dumps(env), encoding="utf-8")
    ran = vsd("coverage", "--json", "--file", src)
    assert ran.code == 0, ran
    cell = next(c for c in json.loads(ran.out)["cells"] if c["country"] == "DE" and c["kind"] == "trafficking")
    assert cell["researched"]["note"].startswith("call 112") and "now" in cell["researched"]["note"]
    assert not UNSAFE.search(ran.out) and "\\u001b" not in ran.out

    Layers(data).replace(
        "x",
        source="https://example.org/\u202egpj.exe\x1b[31m",
        kind="api",
        records=[],
        hsds_ids={},
        fetched_at="2026-01-01T00:00:00Z",
    )
    ran = vsd("import", "list", "--json")
    assert ran.code == 0 and json.loads(ran.out)[0]["label"] == "x"
    assert not UNSAFE.search(ran.out) and "\\u202e" not in ran.out
