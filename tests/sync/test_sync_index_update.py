"""`vsd sync` over a real signed feed on 127.0.0.1 updates the search index file from the old one, in
proportion to the change, and leaves the very file a full build of the new data writes."""

from __future__ import annotations

import pytest

from directory import index_cache, index_file
from tests.sync_fixtures import BOOKMARKED, records, release
from tui.cli import main

pytestmark = pytest.mark.usefixtures("sync_env")

IDS = [BOOKMARKED, *(f"de-s-{i}" for i in range(30))]


def test_an_update_sync_updates_the_index_file_as_a_full_build_would(feed, server, store, capsys, monkeypatch):
    data = str(store.data_dir)
    feed.publish(release(2, *records(*IDS)))
    assert main(["--data-dir", data, "sync", "--feed", server.url, "--root", str(feed.root_path)]) == 0
    path = index_file.cache_file(store.data_dir)
    assert path is not None and path.exists()  # built in full: there was no index file before

    recs = records(*IDS[:-1], "de-new-1")  # one gone, one added
    recs[3]["name"] = "Quokka Beratungstelefon"  # one changed: it moves in the listing
    feed.publish(release(3, *recs))
    built: list[object] = []
    full = index_cache.keep
    monkeypatch.setattr(index_cache, "keep", lambda *a: built.append(a) or full(*a))
    capsys.readouterr()
    assert main(["--data-dir", data, "sync"]) == 0
    out, err = capsys.readouterr()
    assert "updated: version 2 → 3" in out and "note:" not in err
    assert built == [], "the index was built in full instead of updated"
    updated = path.read_bytes()

    path.unlink()
    assert index_cache.keep(store.data_dir) == path
    assert updated == path.read_bytes()
