"""A sync that changes the data, and an HSDS import or removal, end by building and saving the search
index: the next start reads it back instead of building it. A cache that cannot be written costs a
note, never the sync or the import."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from directory import Directory, index_cache, index_file
from directory.store import Store
from tests.factories import envelope, service
from tests.hsds_support import hsds_service
from tests.sync_fixtures import BOOKMARKED, records, release
from tui.cli import main

pytestmark = pytest.mark.usefixtures("sync_env")

NOTE = "note: the search index was not saved"


@pytest.fixture
def cache(monkeypatch):
    """The test cache the search tests share: its country and language tables are built once."""
    folder = Path(tempfile.gettempdir()) / "vsd-test-cache"
    monkeypatch.setenv("VSD_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def no_cache(tmp_path, monkeypatch):
    """A file where the cache folder should be: nothing can be written there, even as root."""
    (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def vsd(data_dir, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def current_index(data_dir) -> Directory:
    """The directory a start would open, having checked that it came from a current index file."""
    key = index_file.fingerprint(data_dir)
    assert key is not None and index_file.load_meta(data_dir, key) is not None
    d = Directory.open(data_dir)
    assert d.index_read_back and d.index_path == index_file.cache_file(data_dir)
    return d


def ids(d: Directory, text: str) -> list[str]:
    return [h.service["id"] for h in d.search(text)]


# -- vsd sync ------------------------------------------------------------------------------------
def test_a_sync_that_updates_leaves_the_index_of_the_new_data(feed, server, store, cache, capsys):
    feed.publish(release(2, *records(BOOKMARKED, "de-a-1", "de-b-2")))
    assert vsd(store.data_dir, "sync", "--feed", server.url, "--root", str(feed.root_path)) == 0
    assert NOTE not in capsys.readouterr().err
    d = current_index(store.data_dir)
    assert len(d) == 3 and ids(d, "Service de-b-2")[0] == "de-b-2"  # the new data, not the old

    # The next update replaces it with the index of the data after that one.
    feed.publish(release(3, *records(BOOKMARKED, "de-c-3")))
    assert vsd(store.data_dir, "sync") == 0
    d = current_index(store.data_dir)
    assert sorted(s["id"] for s in d.services) == sorted([BOOKMARKED, "de-c-3"])


def test_an_up_to_date_sync_builds_nothing(feed, server, store, cache):
    feed.publish(release(2, *records(BOOKMARKED, "de-a-1")))
    assert vsd(store.data_dir, "sync", "--feed", server.url, "--root", str(feed.root_path)) == 0
    kept = index_file.cache_file(store.data_dir)
    assert kept is not None
    kept.unlink()
    assert vsd(store.data_dir, "sync") == 0
    assert not kept.exists()


def test_an_unwritable_cache_does_not_fail_the_sync(feed, server, store, no_cache, capsys):
    feed.publish(release(2, *records(BOOKMARKED, "de-a-1")))
    assert vsd(store.data_dir, "sync", "--feed", server.url, "--root", str(feed.root_path)) == 0
    out, err = capsys.readouterr()
    assert "updated: version 1 → 2" in out
    assert [line for line in err.splitlines() if line.startswith(NOTE)] == [
        f"{NOTE} ({no_cache}: File exists); the next search builds it"  # one line: where, and why
    ]
    assert Store(store.data_dir).envelope()["version"] == 2  # the sync stands
    assert not Directory.open(store.data_dir).index_read_back


# -- vsd import hsds / remove --------------------------------------------------------------------
@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    Store(d).replace_directory(envelope(service(), version=1000))  # above the bundled copy: never reseeded
    return d


def test_an_import_and_a_removal_leave_the_index_of_the_changed_data(data_dir, tmp_path, cache, capsys):
    src = tmp_path / "berlin.json"
    src.write_text(json.dumps([hsds_service(1), hsds_service(2)]), encoding="utf-8")
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    assert NOTE not in capsys.readouterr().err
    d = current_index(data_dir)
    found = [s for s in d.services if s["id"] != service()["id"]]
    assert len(found) == 2 and ids(d, "Beratungsstelle Nummer 2")[0] == found[1]["id"]

    assert vsd(data_dir, "import", "remove", "berlin") == 0
    d = current_index(data_dir)
    assert [s["id"] for s in d.services] == [service()["id"]]


def test_a_dry_run_builds_nothing(data_dir, tmp_path, cache):
    src = tmp_path / "berlin.json"
    src.write_text(json.dumps([hsds_service(1)]), encoding="utf-8")
    assert vsd(data_dir, "import", "hsds", str(src), "--dry-run") == 0
    kept = index_file.cache_file(data_dir)
    assert kept is not None and not kept.exists()


def test_an_unwritable_cache_does_not_fail_the_import(data_dir, tmp_path, no_cache, capsys):
    src = tmp_path / "berlin.json"
    src.write_text(json.dumps([hsds_service(1)]), encoding="utf-8")
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    out, err = capsys.readouterr()
    assert "'berlin' now has 1 services" in out
    assert sum(line.startswith(NOTE) for line in err.splitlines()) == 1
    assert len(Directory.open(data_dir)) == 2  # the import stands


# -- the function they call ----------------------------------------------------------------------
def test_keep_on_a_current_index_rewrites_nothing(data_dir, cache):
    path = index_cache.keep(data_dir)
    assert path == index_file.cache_file(data_dir)
    before = path.stat()
    assert index_cache.keep(data_dir) == path  # read back: current, nothing built or written
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_ino == before.st_ino


def test_keep_without_a_cache_folder_says_so(data_dir, monkeypatch):
    monkeypatch.setenv("VSD_CACHE_DIR", "")
    with pytest.raises(index_cache.NotKept, match="no cache folder"):
        index_cache.keep(data_dir)


def test_the_import_lets_go_of_its_records_before_the_index_is_built(data_dir, tmp_path, cache, monkeypatch):
    """The index reads the records back from the data dir: the import's own, held as well, doubled its peak."""
    import gc

    from sync.hsds_import import ImportReport
    from tui.subcommands import hsds as hsds_command

    alive: list[int] = []
    keep_index = hsds_command._keep_index

    def counted(args):
        gc.collect()
        alive.append(sum(isinstance(o, ImportReport) for o in gc.get_objects()))
        keep_index(args)

    monkeypatch.setattr(hsds_command, "_keep_index", counted)
    src = tmp_path / "berlin.json"
    src.write_text(json.dumps([hsds_service(1), hsds_service(2)]), encoding="utf-8")
    assert vsd(data_dir, "import", "hsds", str(src)) == 0
    assert alive == [0]
    assert index_cache.keep(data_dir) == index_file.cache_file(data_dir)  # built, as before
