"""A full disk (or quota) during `vsd sync`, `vsd import` or `vsd export` exits 4 with a plain
message and leaves what was there; a read-only disk is not "full" and keeps exit 1.

The disk is made full by `VSD_FAULT_INJECT=atomic-write:ENOSPC` (directory/atomic.py): a size-
limited tmpfs is not available in CI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from directory.bundled import bundled_path
from directory.errors import DISK_FULL_EXIT
from directory.loading import read_json_file
from sync.client import sync
from tests.sync_fixtures import BOOKMARKED, FAST, records, release

pytestmark = pytest.mark.usefixtures("sync_env")

BUNDLED = read_json_file(bundled_path())["version"]
OLD = release(BUNDLED + 1, *records(BOOKMARKED, "de-a-1", "de-b-2"))
NEW = release(BUNDLED + 2, *records(BOOKMARKED, "de-a-1", "de-c-3"))


def vsd(data_dir, *args, fault: str | None = None, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VSD_DATA_DIR", "VSD_FAULT_INJECT")}
    if fault:
        env["VSD_FAULT_INJECT"] = fault
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--data-dir", str(data_dir), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


@pytest.mark.parametrize("code", ["ENOSPC", "EDQUOT"])
def test_sync_on_a_full_disk_exits_4_and_keeps_the_old_copy(feed, server, store, code):
    feed.publish(OLD)
    sync(store, server.url, feed.root_path, settings=FAST)
    before = store.directory_path.read_bytes()
    feed.publish(NEW)
    done = vsd(store.data_dir, "sync", fault=f"atomic-write:{code}")
    assert done.returncode == DISK_FULL_EXIT == 4, done.stderr
    assert "the disk is full" in done.stderr and "Traceback" not in done.stderr
    assert store.directory_path.read_bytes() == before


def test_a_read_only_disk_is_not_reported_as_full(feed, server, store):
    feed.publish(OLD)
    sync(store, server.url, feed.root_path, settings=FAST)
    feed.publish(NEW)
    done = vsd(store.data_dir, "sync", fault="atomic-write:EROFS")
    assert done.returncode == 1, done.stderr
    assert "disk is full" not in done.stderr


def test_import_and_export_on_a_full_disk_exit_4(tmp_path):
    from tests.hsds_support import hsds_service

    data = tmp_path / "data"
    src = tmp_path / "koeln.json"
    src.write_text(json.dumps([hsds_service(1, name="Frauenberatung Köln-Mitte")]), encoding="utf-8")
    done = vsd(data, "import", "hsds", str(src), fault="atomic-write:ENOSPC")
    assert done.returncode == 4, done.stderr
    assert "the disk is full" in done.stderr
    assert "koeln" not in vsd(data, "import", "list").stdout

    out = tmp_path / "out.json"
    done = vsd(data, "export", "hsds", str(out), fault="atomic-write:ENOSPC")
    assert done.returncode == 4, done.stderr
    assert not out.exists()
