"""`vsd export hsds --format api-tree`, served by a real static web server on 127.0.0.1 (http.server in a
thread, as `python -m http.server` would serve it), read back by `vsd import hsds http://127.0.0.1:PORT/`:
every field of every record survives, and every file validates against the HSDS 3.0 JSON Schemas."""

from __future__ import annotations

import functools
import json
import os
import re
import stat
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from directory.bundled import bundled_path
from directory.hsds.api_tree import OPENAPI_URL, api_tree
from directory.hsds.attributes import COMPACT_TERM_ID
from directory.layers import Layers
from directory.loading import read_json_file
from directory.store import Store
from tests.directory.test_hsds_export import RICH
from tests.factories import envelope
from tests.hsds_support import schema_errors
from tui.cli import main

# Every kind of record the bundled data holds (phones with hours, always-open lines, regional services,
# citations, assumed languages), kept small so the round trip stays fast.
SAMPLE_IDS = 40
# The `Page` object of the HSDS 3.0 OpenAPI (components/schemas/Page), with the contents a page carries.
PAGE_SCHEMA = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
    "properties": {
        **{k: {"type": "integer"} for k in ("total_items", "total_pages", "page_number", "size")},
        **{k: {"type": "boolean"} for k in ("first_page", "last_page", "empty")},
        "contents": {"type": "array"},
    },
}


def _records():
    bundled = read_json_file(bundled_path())
    return [*RICH, *bundled["services"][:SAMPLE_IDS]], bundled.get("short_numbers") or []


@pytest.fixture
def exported(tmp_path):
    """A data folder holding the records, and their api-tree export in tmp_path/tree (3 services a page)."""
    records, short_numbers = _records()
    data = tmp_path / "data"
    Store(data).replace_directory(envelope(*records, version=5) | {"short_numbers": short_numbers})
    old = os.umask(0o022)
    try:
        code = main(["--data-dir", str(data), "export", "hsds", str(tmp_path / "tree"), "--format", "api-tree"])
        code2 = main(
            [
                "--data-dir",
                str(data),
                "export",
                "hsds",
                str(tmp_path / "paged"),
                "--format",
                "api-tree",
                "--per-page",
                "3",
            ]
        )
    finally:
        os.umask(old)
    assert code == code2 == 0
    return records, tmp_path


class _Rewriting(SimpleHTTPRequestHandler):
    """The documented nginx rewrite: /services?page=N -> services/page-N.json, /services/{id} -> {id}.json."""

    def translate_path(self, path: str) -> str:
        page = re.search(r"[?&]page=(\d+)", path)
        base = path.split("?", 1)[0].rstrip("/")
        if base == "/services":
            return super().translate_path(f"/services/page-{page.group(1) if page else 1}.json")
        if re.fullmatch(r"/services/[0-9a-f-]{36}", base):
            return super().translate_path(base + ".json")
        return super().translate_path(path)


@pytest.fixture
def serve():
    servers = []

    def start(folder: Path, handler=SimpleHTTPRequestHandler) -> str:
        quiet = type("Quiet", (handler,), {"log_message": lambda *a: None})
        srv = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(quiet, directory=str(folder)))
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}/"

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()


def _import(url: str, data: Path, capsys) -> tuple[list[dict], str]:
    assert main(["--data-dir", str(data), "import", "hsds", url, "--name", "tree"]) == 0
    out = capsys.readouterr().out
    doc = Layers(data).get("tree")
    assert doc is not None
    return doc["records"], out


def _assert_every_field_survives(before: list[dict], after: list[dict]) -> None:
    assert len(after) == len(before)
    compared = 0
    for b, a in zip(before, after, strict=True):
        assert a["origin"].startswith("HSDS import 'tree': http://127.0.0.1:")
        for key in sorted((set(b) | set(a)) - {"id", "origin"}):
            assert a.get(key) == b.get(key), (b["id"], key)
            compared += 1
    assert compared >= 12 * len(before)  # all of them, not an empty comparison


def test_a_plain_static_server_serves_the_tree_and_the_import_keeps_every_field(exported, serve, capsys):
    records, tmp = exported
    url = serve(tmp / "tree")  # no rewrite: the query string is ignored, /services is services/index.html
    after, out = _import(url, tmp / "back", capsys)
    assert f"read {len(records)} services in 1 page" in out
    _assert_every_field_survives(records, after)


def test_with_the_documented_rewrite_the_pager_reads_every_page(exported, serve, capsys):
    records, tmp = exported
    url = serve(tmp / "paged", _Rewriting)
    pages = -(-len(records) // 3)
    after, out = _import(url, tmp / "back", capsys)
    assert f"read {len(records)} services in {pages} pages" in out
    _assert_every_field_survives(records, after)


def test_every_file_of_the_tree_validates(exported):
    from jsonschema import Draft202012Validator

    records, tmp = exported
    tree = tmp / "paged"
    index = json.loads((tree / "index.json").read_text(encoding="utf-8"))
    assert index["version"] == "3.0" and index["openapi_url"] == OPENAPI_URL and index["profile"]
    assert (tree / "index.html").read_bytes() == (tree / "index.json").read_bytes()
    page_validator = Draft202012Validator(PAGE_SCHEMA)
    listed = []
    pages = sorted(tree.glob("services/page-*.json"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(pages) == -(-len(records) // 3)
    for n, p in enumerate(pages, start=1):
        doc = json.loads(p.read_text(encoding="utf-8"))
        assert list(page_validator.iter_errors(doc)) == []
        assert (doc["page_number"], doc["total_pages"], doc["last_page"]) == (n, len(pages), n == len(pages))
        assert doc["total_items"] == len(records) and doc["size"] == len(doc["contents"]) <= 3
        listed += doc["contents"]
    whole = json.loads((tree / "services" / "index.html").read_text(encoding="utf-8"))
    assert whole["contents"] == listed and whole["total_pages"] == 1 and whole["last_page"] is True
    for svc in listed:
        assert schema_errors(svc) == []
        assert json.loads((tree / "services" / f"{svc['id']}.json").read_text(encoding="utf-8")) == svc
    terms = json.loads((tree / "taxonomy_terms" / "index.html").read_text(encoding="utf-8"))["contents"]
    assert COMPACT_TERM_ID in {t["id"] for t in terms}
    for t in terms:
        assert schema_errors(t, "taxonomy_term") == []
        assert (tree / "taxonomy_terms" / t["id"]).read_bytes() == (
            tree / "taxonomy_terms" / f"{t['id']}.json"
        ).read_bytes()
    for t in json.loads((tree / "taxonomies" / "index.html").read_text(encoding="utf-8"))["contents"]:
        assert schema_errors(t, "taxonomy") == []


def test_the_tree_is_readable_by_others(exported):
    _records, tmp = exported
    for p in (tmp / "tree").rglob("*"):
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o755 if p.is_dir() else 0o644), p
    assert stat.S_IMODE((tmp / "tree").stat().st_mode) == 0o755


def test_refusals_leave_an_earlier_export_as_it_was(exported, capsys):
    _records, tmp = exported
    data = ["--data-dir", str(tmp / "data"), "export", "hsds"]
    before = {p: p.read_bytes() for p in (tmp / "tree").rglob("*") if p.is_file()}
    assert main([*data, str(tmp / "tree"), "--format", "api-tree"]) == 1
    assert "exists; pass --force" in capsys.readouterr().err
    other = tmp / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert main([*data, str(other), "--format", "datapackage", "--force"]) == 1
    assert "other files in it" in capsys.readouterr().err and (other / "notes.txt").read_text() == "mine"
    (tmp / "link").symlink_to(tmp / "tree")
    assert main([*data, str(tmp / "link"), "--format", "api-tree", "--force"]) == 1
    assert "symbolic link" in capsys.readouterr().err
    os.mkfifo(tmp / "fifo")
    assert main([*data, str(tmp / "fifo"), "--format", "api-tree"]) == 1
    assert "FIFO" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (tmp / "tree").rglob("*") if p.is_file()} == before
    # --force replaces an earlier export as a whole: a file that is no longer part of it goes
    (tmp / "tree" / "services" / "page-99.json").write_text("{}", encoding="utf-8")
    assert main([*data, str(tmp / "tree"), "--format", "api-tree", "--force", "--country", "DE"]) == 0
    assert not (tmp / "tree" / "services" / "page-99.json").exists()
    assert json.loads((tmp / "tree" / "services" / "index.html").read_text())["total_items"] < len(before)


def test_a_failed_write_changes_nothing(exported):
    from directory.outputs import write_tree

    _records, tmp = exported
    before = {p: p.read_bytes() for p in (tmp / "tree").rglob("*") if p.is_file()}
    with pytest.raises(ValueError, match="not a path inside"):
        write_tree(tmp / "tree", {"index.json": b"{}", "../escape.json": b"{}"})
    assert {p: p.read_bytes() for p in (tmp / "tree").rglob("*") if p.is_file()} == before
    assert not (tmp / "escape.json").exists()
    assert sorted(p.name for p in tmp.iterdir() if p.name.startswith(".tree")) == []


def test_api_tree_refuses_an_id_that_is_not_a_uuid():
    with pytest.raises(ValueError, match="not a UUID"):
        api_tree([{"id": "../../etc/passwd", "name": "x", "status": "active"}])


def test_an_existing_folder_stays_the_same_folder(exported, monkeypatch):
    """Exporting into the current (empty) folder, then again with --force: a shell in it is not left in a
    removed folder, and nothing of the first export is left beside the second."""
    _records, tmp = exported
    site = tmp / "site"
    site.mkdir()
    inode = site.stat().st_ino
    monkeypatch.chdir(site)
    data = ["--data-dir", str(tmp / "data"), "export", "hsds", "."]
    assert main([*data, "--format", "datapackage"]) == 0
    assert (site / "datapackage.json").is_file() and site.stat().st_ino == inode
    assert main([*data, "--format", "api-tree", "--force"]) == 0
    assert site.stat().st_ino == inode
    assert (site / "index.json").is_file() and not (site / "datapackage.json").exists()
    assert [p.name for p in tmp.iterdir() if p.name.startswith(".")] == []  # no temporary folder left


def test_the_same_data_gives_the_same_tree():
    """Byte for byte, whatever the process's hash seed: a published tree changes only when the data does."""
    import subprocess
    import sys

    code = (
        "import hashlib, json; from directory.bundled import bundled_path; from directory.hsds import export_services;"
        "from directory.hsds.api_tree import api_tree; from datetime import datetime, UTC;"
        "recs = json.load(open(bundled_path()))['services'][:5];"
        "files = api_tree(export_services(recs, now=datetime(2026, 11, 20, tzinfo=UTC)));"
        "print(hashlib.sha256(b''.join(k.encode() + v for k, v in sorted(files.items()))).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_imported_services_keep_their_upstream_id_through_the_tree_and_no_local_path_is_served(tmp_path, serve, capsys):
    from tests.hsds_support import EXAMPLES

    data = ["--data-dir", str(tmp_path / "data")]
    example = EXAMPLES / "service_list.json"  # Open Referral's example page (CC BY-SA 4.0, see its README)
    assert (
        main([*data, "import", "hsds", str(example), "--name", "spec", "--country", "GB", "--type", "counselling"]) == 0
    )
    assert main([*data, "export", "hsds", str(tmp_path / "tree"), "--format", "api-tree", "--imports", "only"]) == 0
    served = b"".join(p.read_bytes() for p in (tmp_path / "tree").rglob("*") if p.is_file())
    assert str(example.parent).encode() not in served and b"service_list.json" not in served
    after, _ = _import(serve(tmp_path / "tree"), tmp_path / "data", capsys)
    layers = Layers(tmp_path / "data")
    upstream = json.loads(example.read_text(encoding="utf-8"))["contents"][0]["id"]
    assert list(layers.get("tree")["hsds_ids"].values()) == list(layers.get("spec")["hsds_ids"].values()) == [upstream]
    (before,) = layers.get("spec")["records"]
    (again,) = after
    assert again["source"].endswith(f"/services/{upstream}")  # the file path became the served address
    same = (set(before) | set(again)) - {"id", "origin", "source"}
    assert {k: again.get(k) for k in same} == {k: before.get(k) for k in same}
