"""The local store: first-run seeding, corrupt-file recovery, user data kept apart, atomic writes."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from directory.bundled import bundled_path
from directory.store import Store
from tests.factories import envelope, service
from tui.cli import main


def bundled():
    return json.loads(bundled_path().read_text(encoding="utf-8"))


def test_first_run_seeds_from_the_bundled_copy_into_data_dir(tmp_path, capsys):
    data_dir = tmp_path / "store"
    assert main(["--data-dir", str(data_dir), "info"]) == 0
    out, err = capsys.readouterr()
    assert (data_dir / "directory.json").is_file()
    assert "seeded the store from the bundled directory" in err
    want = bundled()
    assert f"services           {len(want['services'])}" in out
    assert f"directory version  {want['version']} " in out
    assert "last sync          never" in out
    # Second start: nothing to seed, same data.
    store = Store(data_dir)
    assert store.envelope()["services"] == want["services"]
    assert store.notices == []


def test_data_dir_flag_after_the_command_and_env_var(tmp_path, monkeypatch, capsys):
    assert main(["info", "--data-dir", str(tmp_path / "a")]) == 0
    assert (tmp_path / "a" / "directory.json").is_file()
    monkeypatch.setenv("VSD_DATA_DIR", str(tmp_path / "b"))
    assert main(["info"]) == 0
    assert (tmp_path / "b" / "directory.json").is_file()
    assert str(tmp_path / "b" / "directory.json") in capsys.readouterr().out


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated mid-write by a crash without atomic writes
        lambda b: b"\x00" * 64,  # zeroed block
        lambda b: b"[]",  # valid JSON, not a database
        lambda b: b'{"meta": {}, "services": {}}',  # a database with no version
        lambda b: b'{"meta": {"1": "x"}, "services": {}}',  # meta is not a document
        lambda b: b'{"meta": {"1": {"schema": "vsd.services/1", "version": true, "generated_at": "x"}}}',
        lambda b: b'{"meta": {"1": {"schema": "vsd.services/1", "version": 3}}, "services": {}}',
        lambda b: (
            b'{"meta": {"1": {"schema": "vsd.services/1", "version": 3, "generated_at": "x"}}, "services": {"1": "xx"}}'
        ),
    ],
    ids=["truncated", "zeroed", "not-a-db", "no-version", "meta-not-doc", "bool-version", "no-date", "bad-service"],
)
def test_corrupt_directory_is_moved_aside_and_reseeded(tmp_path, damage):
    store = Store(tmp_path)
    store.envelope()
    store.set_bookmark("de-nummer-gegen-kummer-116111")
    store.set_note("de-nummer-gegen-kummer-116111", "ask for Ms K.")
    userdata_before = store.userdata_path.read_bytes()
    broken = damage(store.directory_path.read_bytes())
    store.directory_path.write_bytes(broken)

    fresh = Store(tmp_path)
    env = fresh.envelope()

    assert env["services"] == bundled()["services"]
    aside = sorted(tmp_path.glob("directory.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == broken  # nothing silently lost
    assert aside[0].name.endswith("Z") and "T" in aside[0].name
    assert any(str(aside[0]) in n for n in fresh.notices)
    assert any("seeded" in n for n in fresh.notices)
    assert store.userdata_path.read_bytes() == userdata_before
    assert fresh.bookmarks() == ["de-nummer-gegen-kummer-116111"]
    assert fresh.note("de-nummer-gegen-kummer-116111") == "ask for Ms K."


def test_corrupt_user_data_found_by_a_writer_is_recovered_without_deadlock(tmp_path):
    store = Store(tmp_path)
    store.userdata_path.parent.mkdir(parents=True, exist_ok=True)
    store.userdata_path.write_bytes(b"{truncated")
    store.set_bookmark("y")  # holds the lock while it finds the file corrupt
    assert store.bookmarks() == ["y"]
    assert len(list(tmp_path.glob("userdata.json.corrupt-*"))) == 1


def test_corrupt_user_data_is_moved_aside_not_deleted(tmp_path):
    store = Store(tmp_path)
    store.userdata_path.parent.mkdir(parents=True, exist_ok=True)
    store.userdata_path.write_bytes(b'{"bookmarks": {"1": {"id": "x"')
    assert store.bookmarks() == []
    aside = list(tmp_path.glob("userdata.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b'{"bookmarks"')
    store.set_bookmark("x")
    assert store.bookmarks() == ["x"]


def test_replace_directory_leaves_user_data_alone(tmp_path):
    store = Store(tmp_path)
    store.envelope()
    store.set_bookmark("a")
    before = store.userdata_path.read_bytes()
    new = envelope(service(), version=7)
    store.replace_directory(new, feed="test")
    assert Store(tmp_path).envelope() == new
    assert Store(tmp_path).meta()["feed"] == "test"
    assert store.userdata_path.read_bytes() == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_bookmarks_and_notes_round_trip(tmp_path):
    store = Store(tmp_path)
    store.set_bookmark("a")
    store.set_bookmark("b")
    store.set_bookmark("a", on=False)
    store.set_note("b", "call back at 15:00")
    again = Store(tmp_path)
    assert again.bookmarks() == ["b"]
    assert again.note("b") == "call back at 15:00"
    again.set_note("b", "")
    assert Store(tmp_path).note("b") == ""


def _bookmark_many(data_dir: str, prefix: str) -> None:
    store = Store(data_dir)
    for i in range(15):
        store.set_bookmark(f"{prefix}-{i}")


def test_concurrent_writers_lose_nothing(tmp_path):
    """Two processes writing bookmarks at once: the lock serialises them."""
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_bookmark_many, args=(str(tmp_path), p)) for p in ("x", "y")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert len(Store(tmp_path).bookmarks()) == 30


def test_invalid_bundled_copy_is_never_seeded(tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(envelope(service(countries=["XX"]))))
    monkeypatch.setattr("directory.store.bundled_path", lambda: bad)
    store = Store(tmp_path / "d")
    with pytest.raises(Exception, match="failed validation"):
        store.envelope()
    assert not (tmp_path / "d" / "directory.json").exists()


def test_read_state_tolerates_garbage(tmp_path):
    store = Store(tmp_path)
    store.write_state("sync", {"feed": "http://127.0.0.1:1/"})
    assert store.read_state("sync") == {"feed": "http://127.0.0.1:1/"}
    store.state_path("sync").write_text("{not json")
    assert store.read_state("sync") == {}
    assert os.path.isdir(tmp_path / "state")


def test_a_newer_bundled_snapshot_replaces_an_older_store(tmp_path, monkeypatch):
    store = Store(tmp_path)
    store.replace_directory(envelope(service(), version=1))
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(envelope(service(name="Neu"), version=2)))
    monkeypatch.setattr("directory.store.bundled_path", lambda: newer)
    fresh = Store(tmp_path)
    assert fresh.envelope()["version"] == 2
    assert any("seeded" in n for n in fresh.notices)
    # A copy newer than the bundled one (from a sync) is kept.
    fresh.replace_directory(envelope(service(name="Synced"), version=9))
    assert Store(tmp_path).envelope()["services"][0]["name"] == "Synced"
