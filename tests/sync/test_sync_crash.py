"""A sync killed (SIGKILL) at any point of its apply leaves the old directory or the new one, never a mix.

The sync runs in a real subprocess (`vsd sync`) against a feed served from this
process; `VSD_FAULT_INJECT` makes it kill itself at the named point.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from directory.bundled import bundled_path
from directory.loading import read_json_file
from directory.store import Store
from sync.client import sync
from tests.sync_fixtures import (
    BOOKMARKED,
    FAST,
    records,
    release,
)

pytestmark = pytest.mark.usefixtures("sync_env")

# The killed `vsd sync` runs with the real bundled snapshot, and a store reseeds when
# the bundled copy is newer: keep the test's versions above it.
BUNDLED = read_json_file(bundled_path())["version"]
OLD = release(BUNDLED + 1, *records(BOOKMARKED, "de-a-1", "de-b-2"))
NEW = release(BUNDLED + 2, *records(BOOKMARKED, "de-a-1", *[f"de-new-{i}" for i in range(50)]))
# A small change: applied the quick way, most records written back as they were (sync.incremental).
SMALL = release(BUNDLED + 2, *records(BOOKMARKED, "de-a-1"), *records("de-b-2", description="Changed."))

# Points in the order a sync passes them; the directory is replaced between
# before-replace and after-replace (directory/atomic.py).
POINTS = {
    "sync-downloaded": "old",  # target verified on disk, nothing validated yet
    "sync-before-apply": "old",  # validated, about to take the store lock
    "before-replace": "old",  # temp file written and fsynced, not yet renamed
    "after-replace": "new",  # renamed and folder fsynced
    "sync-after-apply": "new",  # before the last-sync state is written
}


def run_killed_sync(data_dir, point: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VSD_DATA_DIR"}
    env["VSD_FAULT_INJECT"] = point
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--data-dir", str(data_dir), "sync"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("point", "NEW"),
    [(p, NEW) for p in POINTS] + [(p, SMALL) for p in ("sync-before-apply", "before-replace", "after-replace")],
    ids=[*POINTS, *(f"{p}-small-change" for p in ("sync-before-apply", "before-replace", "after-replace"))],
)
def test_sigkill_during_apply_leaves_old_or_new_never_a_mix(feed, server, store, point, NEW):  # noqa: N803
    feed.publish(OLD)
    sync(store, server.url, feed.root_path, settings=FAST)
    userdata = store.userdata_path.read_bytes()
    feed.publish(NEW)

    done = run_killed_sync(store.data_dir, point)
    assert done.returncode == -signal.SIGKILL, done.stderr

    # The file on disk is one whole database: exactly the old or exactly the new directory.
    raw = json.loads(store.directory_path.read_bytes())
    services = [raw["services"][k] for k in sorted(raw["services"], key=int)]
    version = raw["meta"]["1"]["version"]
    expected = OLD if POINTS[point] == "old" else NEW
    assert version == expected["version"]
    assert services == expected["services"]
    assert store.userdata_path.read_bytes() == userdata
    if point == "before-replace":  # killed inside the directory write itself: the whole new file is beside it
        (tmp,) = store.data_dir.glob(".directory.json.*.tmp")
        assert json.loads(tmp.read_bytes())["meta"]["1"]["version"] == NEW["version"]

    # The next start works: the store reads cleanly, and the next sync finishes the job.
    again = Store(store.data_dir)
    assert again.envelope()["version"] == expected["version"]
    assert again.notices == []
    result = sync(again, settings=FAST)
    assert result.version == NEW["version"]
    assert result.status == ("updated" if POINTS[point] == "old" else "up to date")
    assert Store(store.data_dir).envelope()["services"] == NEW["services"]
    assert Store(store.data_dir).bookmarks() == [BOOKMARKED]
    # No scratch or temp files are left behind once a sync has completed.
    leftovers = [p.name for p in store.data_dir.glob(".directory.json.*.tmp")]
    leftovers += (
        [p.name for p in (store.data_dir / "sync" / "incoming").glob("*")]
        if (store.data_dir / "sync" / "incoming").exists()
        else []
    )
    assert leftovers == []


def test_a_reader_during_the_sync_sees_old_or_new_never_a_torn_read(feed, server, store):
    """What a TUI left open sees while `vsd sync` runs elsewhere: whole directories only."""
    import threading

    feed.publish(OLD)
    sync(store, server.url, feed.root_path, settings=FAST)
    big = release(NEW["version"], *records(BOOKMARKED, *[f"de-big-{i}" for i in range(3000)]))
    feed.publish(big)
    old, new = OLD["version"], NEW["version"]
    wanted = {old: OLD["services"], new: big["services"]}
    seen: list[int] = []
    bad: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                env = Store(store.data_dir).envelope()
            except Exception as e:  # noqa: BLE001 - any failure is a torn read
                bad.append(repr(e))
                continue
            seen.append(env["version"])
            if env["services"] != wanted.get(env["version"]):
                bad.append(f"version {env['version']} with {len(env['services'])} services")

    t = threading.Thread(target=reader)
    t.start()
    try:
        assert sync(store, settings=FAST).version == new
        while new not in seen and not bad:
            pass
    finally:
        stop.set()
        t.join()
    assert bad == []
    assert set(seen) <= {old, new} and seen[-1] == new
