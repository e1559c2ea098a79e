"""ctrl+s in the app: once the sync has updated the data, the directory is reopened and its search
index built and saved, so the next launch reads it back (as after `vsd sync`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from directory import Directory, index_file
from tests.snapshot_app import settle
from tests.sync_fixtures import BOOKMARKED, records, release
from tui.app import VsdApp
from tui.config import Config


async def test_after_ctrl_s_the_next_launch_reads_the_index_of_the_new_data(sync_env, feed, server, store, monkeypatch):
    monkeypatch.setenv("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))
    feed.publish(release(2, *records(BOOKMARKED, "de-new-3")))
    monkeypatch.setenv("VSD_FEED_URL", server.url)
    monkeypatch.setenv("VSD_FEED_ROOT", str(feed.root_path))
    app = VsdApp(config=Config(cursor_blink=False), data_dir=store.data_dir, watch_store=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert app.directory.version == 2
    key = index_file.fingerprint(store.data_dir)
    assert key is not None and index_file.load_meta(store.data_dir, key) is not None
    d = Directory.open(store.data_dir)
    assert d.index_read_back and d.version == 2
    assert sorted(s["id"] for s in d.services) == sorted([BOOKMARKED, "de-new-3"])
