"""Bookmarks and notes survive a full disk, a kill and an odd userdata.json (issue 12, items 3 and 5).

A note or bookmark change is one atomic write of the whole file, under the lock: whatever
stops it (an error at any step of the write, SIGKILL at any step), the file holds the old
text or the new one. A userdata.json that is damaged, unreadable or not a file at all
(FIFO, device, directory) is moved aside with a notice and never blocks; when the folder
cannot be written, bookmarks and notes stay readable and say they are read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from directory import store as store_module
from directory.atomic import FAULT_ENV, WRITE_POINTS
from directory.errors import VsdError
from directory.store import USERDATA_MAX_BYTES, Store

SID = "de-nummer-gegen-kummer-116111"
OLD = "ask for Ms K."
NEW = "call back on Tuesday, Ms K. is away"
ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# Where a kill leaves which note: the file is replaced between before-replace and after-replace.
KILL_POINTS = {point: (NEW if point == "after-replace" else OLD) for point in WRITE_POINTS}
# An error (full disk, read-only disk) can only strike before the rename.
ERROR_POINTS = [p for p in WRITE_POINTS if p != "after-replace"]


def store_with_note(data_dir: Path) -> Store:
    store = Store(data_dir)
    store.set_bookmark(SID)
    store.set_bookmark("de-weisser-ring-116006")
    store.set_note(SID, OLD)
    store.set_note("de-weisser-ring-116006", "second note")
    return store


def temp_files(data_dir: Path) -> list[str]:
    return sorted(p.name for p in data_dir.glob(".userdata.json.*"))


# -- one atomic write per change ----------------------------------------------------------
def test_every_state_ever_written_holds_the_old_or_the_new_note(tmp_path, monkeypatch):
    """The wrapper records each document written: never one without the note (remove-then-insert wrote one)."""
    store = store_with_note(tmp_path)
    written: list[dict] = []
    real = store_module.write_json_atomic

    def recording(path, obj):
        written.append(json.loads(json.dumps(obj)))
        real(path, obj)

    monkeypatch.setattr(store_module, "write_json_atomic", recording)
    store.set_note(SID, NEW)
    store.set_bookmark("th-thaihotline")
    store.set_bookmark(SID, on=False)
    store.set_bookmark(SID)

    assert len(written) == 4  # one write per change
    notes = [{r["id"]: r["text"] for r in doc["notes"].values()} for doc in written]
    assert all(n[SID] == NEW and n["de-weisser-ring-116006"] == "second note" for n in notes)
    marks = [[r["id"] for r in doc["bookmarks"].values()] for doc in written]
    assert marks == [
        [SID, "de-weisser-ring-116006"],
        [SID, "de-weisser-ring-116006", "th-thaihotline"],
        ["de-weisser-ring-116006", "th-thaihotline"],
        ["de-weisser-ring-116006", "th-thaihotline", SID],
    ]
    assert Store(tmp_path).bookmarks() == ["de-weisser-ring-116006", "th-thaihotline", SID]


def test_the_file_stays_readable_by_tinydb(tmp_path):
    """The document format is unchanged: TinyDB (and an older vsd) still reads it."""
    from tinydb import Query, TinyDB

    store_with_note(tmp_path)
    Store(tmp_path).set_note(SID, NEW)
    db = TinyDB(tmp_path / "userdata.json")
    assert db.table("notes").search(Query().id == SID)[0]["text"] == NEW
    assert len(db.table("notes")) == 2
    db.close()


@pytest.mark.parametrize("code, words", [("ENOSPC", "the disk is full"), ("EROFS", "the disk is read-only")])
@pytest.mark.parametrize("point", ERROR_POINTS)
def test_a_failed_write_leaves_the_old_note_and_says_why(tmp_path, monkeypatch, point, code, words):
    store = store_with_note(tmp_path)
    before = store.userdata_path.read_bytes()

    monkeypatch.setenv(FAULT_ENV, f"{point}:{code}")
    with pytest.raises(VsdError) as err:
        store.set_note(SID, NEW)
    with pytest.raises(VsdError):
        store.set_bookmark("th-thaihotline")
    with pytest.raises(VsdError):
        store.set_note(SID, "")  # removing is a write too
    monkeypatch.delenv(FAULT_ENV)

    message = str(err.value)
    assert words in message and "userdata.json" in message and "left as it was" in message
    assert "\n" not in message and "Traceback" not in message
    assert store.userdata_path.read_bytes() == before
    assert temp_files(tmp_path) == []  # the failed temp file is removed
    again = Store(tmp_path)
    assert again.note(SID) == OLD and again.notices == []
    again.set_note(SID, NEW)  # the disk has room again: the same change now works
    assert Store(tmp_path).note(SID) == NEW


def _killed_write(data_dir: Path, point: str, action: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from directory.store import Store; s = Store(sys.argv[1]); "
        + {"note": "s.set_note(sys.argv[2], sys.argv[3])", "bookmark": "s.set_bookmark(sys.argv[2], False)"}[action]
    )
    env = {k: v for k, v in os.environ.items() if k != "VSD_DATA_DIR"}
    env[FAULT_ENV] = point
    return subprocess.run(
        [sys.executable, "-c", code, str(data_dir), SID, NEW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_at_each_step_of_a_note_write_leaves_old_or_new(tmp_path, point):
    store_with_note(tmp_path)

    done = _killed_write(tmp_path, point, "note")
    assert done.returncode == -signal.SIGKILL, done.stderr

    again = Store(tmp_path)
    assert again.note(SID) == KILL_POINTS[point]  # never empty, never missing
    assert again.note("de-weisser-ring-116006") == "second note"
    assert again.bookmarks() == [SID, "de-weisser-ring-116006"]
    assert again.notices == []  # a whole file, nothing to recover
    again.set_note(SID, "after the restart")  # the killed writer's lock died with it
    assert Store(tmp_path).note(SID) == "after the restart"


@pytest.mark.parametrize("point", ["atomic-written", "before-replace", "after-replace"])
def test_sigkill_during_a_bookmark_write_leaves_old_or_new(tmp_path, point):
    store_with_note(tmp_path)
    done = _killed_write(tmp_path, point, "bookmark")
    assert done.returncode == -signal.SIGKILL, done.stderr
    old = [SID, "de-weisser-ring-116006"]
    assert Store(tmp_path).bookmarks() == (["de-weisser-ring-116006"] if point == "after-replace" else old)
    assert Store(tmp_path).note(SID) == OLD


def test_a_note_file_is_private(tmp_path):
    store_with_note(tmp_path)
    assert (tmp_path / "userdata.json").stat().st_mode & 0o077 == 0


# -- damaged or odd userdata.json -----------------------------------------------------------
def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "FIFO"


def _directory(path: Path) -> str:
    path.mkdir()
    (path / "inside").write_text("kept")
    return "directory"


def _device(path: Path) -> str:
    path.symlink_to("/dev/zero")  # a read would never end
    return "device"


def _loop(path: Path) -> str:
    path.symlink_to(path.name)  # a symlink to itself: stat and open fail (ELOOP)
    return "cannot read it"


def _huge(path: Path) -> str:
    with path.open("wb") as f:  # sparse: no disk used
        f.truncate(USERDATA_MAX_BYTES + 1)
    return "larger than"


def _garbage(path: Path) -> str:
    path.write_bytes(b'{"bookmarks": [1, 2')
    return "invalid JSON"


def _no_permission(path: Path) -> str:
    path.write_text("{}")
    path.chmod(0)
    return "cannot read it"


ODD_FILES = [_fifo, _directory, _device, _loop, _huge, _garbage]
if not IS_ROOT:  # root reads a file whatever its mode
    ODD_FILES.append(_no_permission)


def _recover_in_a_subprocess(data_dir: Path) -> dict:
    """Read and then write user data in a fresh process: a hang shows as a failed run, not a stuck suite."""
    code = (
        "import json, sys; from directory.store import Store; s = Store(sys.argv[1]); "
        "b = s.bookmarks(); n = s.note(sys.argv[2]); s.set_note(sys.argv[2], 'new'); "
        "print(json.dumps({'bookmarks': b, 'note': n, 'notices': s.notices, 'read_only': s.userdata_read_only()}))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("VSD_DATA_DIR", FAULT_ENV)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), SID], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("make", ODD_FILES, ids=lambda f: f.__name__.strip("_"))
def test_an_odd_userdata_file_is_moved_aside_with_a_message(tmp_path, make):
    path = tmp_path / "userdata.json"
    words = make(path)
    kind_before = os.lstat(path).st_mode

    seen = _recover_in_a_subprocess(tmp_path)

    assert seen["bookmarks"] == [] and seen["note"] == "" and seen["read_only"] is None
    (aside,) = tmp_path.glob("userdata.json.corrupt-*")
    assert os.lstat(aside).st_mode == kind_before  # moved as it was: nothing deleted, nothing read into
    (notice,) = seen["notices"]
    assert "userdata.json was unreadable" in notice and words in notice and str(aside) in notice
    assert "\n" not in notice
    assert path.is_file() and not path.is_symlink()  # a fresh, regular file holds the new note
    assert Store(tmp_path).note(SID) == "new"


def test_two_recoveries_in_the_same_second_keep_both_files(tmp_path):
    path = tmp_path / "userdata.json"
    store = Store(tmp_path)
    for damage in (b"{first", b"{second"):
        path.write_bytes(damage)
        assert store.bookmarks() == []
    asides = sorted(p.read_bytes() for p in tmp_path.glob("userdata.json.corrupt-*"))
    assert asides == [b"{first", b"{second"]


# -- a folder that cannot be written ----------------------------------------------------------
@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """A folder nobody can write in, even root (the immutable attribute), else skip."""
    if IS_ROOT:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a folder read-only for root here (chattr +i)")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def test_an_unwritable_folder_keeps_bookmarks_readable_and_says_read_only(tmp_path):
    data = tmp_path / "d"
    store_with_note(data)
    before = (data / "userdata.json").read_bytes()
    with unwritable(data):
        store = Store(data)
        assert store.bookmarks() == [SID, "de-weisser-ring-116006"]
        assert store.note(SID) == OLD
        why = store.userdata_read_only()
        assert why is not None and str(data) in why and "\n" not in why
        with pytest.raises(VsdError) as err:
            store.set_note(SID, NEW)
        assert "userdata.json" in str(err.value) or "read-only" in str(err.value)
        assert "\n" not in str(err.value)
        with pytest.raises(VsdError):
            store.set_bookmark("th-thaihotline")
    assert (data / "userdata.json").read_bytes() == before
    assert Store(data).userdata_read_only() is None  # writable again: says so


def test_a_damaged_file_that_cannot_be_moved_aside_is_read_only_not_fatal(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "userdata.json").write_bytes(b"{damaged")
    with unwritable(data):
        store = Store(data)
        assert store.bookmarks() == [] and store.note(SID) == ""
        (notice,) = store.notices
        assert "could not be moved aside" in notice and "read-only" in notice
        assert store.userdata_read_only() == notice
        with pytest.raises(VsdError, match="could not be moved aside"):
            store.set_note(SID, NEW)
        assert store.notices == [notice]  # said once, however often it is read
    assert (data / "userdata.json").read_bytes() == b"{damaged"  # untouched for the user to rescue
    assert Store(data).bookmarks() == []  # now it can be moved aside
    assert len(list(data.glob("userdata.json.corrupt-*"))) == 1


def test_temp_files_left_by_killed_writes_are_cleaned_and_a_write_in_progress_is_not(tmp_path):
    """A SIGKILL between mkstemp and rename leaves `.directory.json.<random>.tmp`; the next start
    removes it. A temp file whose lock is held may belong to a live write: it stays."""
    from filelock import FileLock

    from directory.store import Store

    store = Store(tmp_path)
    store.set_bookmark("de-a-1", True)
    (tmp_path / "state").mkdir(exist_ok=True)
    dead = [
        tmp_path / ".directory.json.x1y2.tmp",
        tmp_path / ".imports.json.abc.tmp",
        tmp_path / "state" / ".sync.json.k3.tmp",
    ]
    for p in dead:
        p.write_bytes(b"half a write")
    live = [tmp_path / ".userdata.json.live.tmp", tmp_path / ".userdata.json.q9.probe"]
    for p in live:
        p.write_bytes(b"being written")
    keep = [tmp_path / "notes-for-me.tmp", tmp_path / ".hidden"]  # not ours: never touched
    for p in keep:
        p.write_bytes(b"x")
    held = FileLock(str(store.userdata_path) + ".lock")
    held.acquire()
    try:
        removed = store.clean_stale_temp_files()
    finally:
        held.release()
    assert sorted(removed) == sorted(dead)
    assert not any(p.exists() for p in dead)
    assert all(p.exists() for p in live + keep)
    assert sorted(store.clean_stale_temp_files()) == sorted(live)  # the lock is free now: they were dead too
    assert all(p.exists() for p in keep)
    assert store.bookmarks() == ["de-a-1"]
