"""The app never loses a typed note and never locks out on an odd userdata.json (issue 12, items 3 and 5).

Real app (Pilot), real files in tmp_path; a full disk is the fault injected into the atomic
write (`VSD_FAULT_INJECT=<point>:ENOSPC`, directory/atomic.py).
"""

from __future__ import annotations

import os
import subprocess

import pytest

from directory.atomic import FAULT_ENV
from directory.store import Store
from tests.screen_text import screen_text
from tests.snapshot_app import make_app, settle, type_and_settle
from tui.screens.note import NoteScreen
from tui.widgets.detail import DetailView

SID = "gr-hamogelo-sos-1056"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def note_message(app) -> str:
    return str(app.screen.query_one("#note-message").content)


def note_value(app) -> str:
    return app.screen.query_one("#note-input").value


def messages(app, severity: str | None = None) -> list[str]:
    """The whole text of what the app said (a toast shows a long message's first sentence only)."""
    return [text for sev, text in app.message_log if severity is None or sev == severity]


async def open_note(pilot) -> None:
    await type_and_settle(pilot, "1056")
    await pilot.press("down", "n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NoteScreen)


async def test_a_full_disk_keeps_the_dialog_open_with_the_typed_text(tmp_path, monkeypatch):
    app = make_app(tmp_path, notes={SID: "called on 30/11"})
    before = (tmp_path / "userdata.json").read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_note(pilot)
        await pilot.press("end", *", call back Tuesday")
        monkeypatch.setenv(FAULT_ENV, "atomic-write:ENOSPC")
        await pilot.press("enter")
        await pilot.pause()

        assert isinstance(app.screen, NoteScreen)  # still open
        assert note_value(app) == "called on 30/11, call back Tuesday"  # nothing typed is lost
        text = note_message(app)
        assert "Could not save the note" in text and "the disk is full" in text and "Enter tries again" in text
        assert "Traceback" not in text
        assert (tmp_path / "userdata.json").read_bytes() == before
        assert Store(tmp_path).note(SID) == "called on 30/11"

        monkeypatch.delenv(FAULT_ENV)  # room again: Enter saves the same text
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert "Note saved." in messages(app)
        assert "call back Tuesday" in app.screen.query_one(DetailView).plain_text
    assert Store(tmp_path).note(SID) == "called on 30/11, call back Tuesday"


async def test_escape_after_a_failed_save_discards_only_on_purpose(tmp_path, monkeypatch):
    app = make_app(tmp_path, notes={SID: "old"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_note(pilot)
        await pilot.press("ctrl+u", *"new text")  # replace the whole line
        monkeypatch.setenv(FAULT_ENV, "before-replace:ENOSPC")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen) and note_value(app).endswith("new text")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoteScreen)
        assert "Note saved." not in messages(app)
    monkeypatch.delenv(FAULT_ENV)
    assert Store(tmp_path).note(SID) == "old"


def _fifo(path):
    os.mkfifo(path)


def _directory(path):
    path.mkdir()


def _device(path):
    path.symlink_to("/dev/zero")


def _loop(path):
    path.symlink_to(path.name)


def _garbage(path):
    path.write_bytes(b"\x00" * 64)


@pytest.mark.parametrize("make", [_fifo, _directory, _device, _loop, _garbage], ids=lambda f: f.__name__.strip("_"))
async def test_an_odd_userdata_file_never_locks_the_app_out(tmp_path, make):
    app = make_app(tmp_path)
    make(tmp_path / "userdata.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # a FIFO used to leave "Opening the directory…" for ever
        assert app.directory is not None and app.directory_error is None
        assert "Opening the directory" not in "\n".join(screen_text(app))
        (aside,) = tmp_path.glob("userdata.json.corrupt-*")
        assert any("userdata.json was unreadable" in m and str(aside) in m for m in messages(app))
        assert app.userdata_read_only is None
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "b")  # and bookmarks work again
        await pilot.pause()
        assert app.bookmarks == {SID}
    assert Store(tmp_path).bookmarks() == [SID]


@pytest.fixture
def read_only_data_dir(tmp_path):
    """A data dir with a bookmark and a note that nobody (root included) can write in."""
    data = tmp_path / "d"
    make_app(data, bookmarks=(SID,), notes={SID: "called on 30/11"})
    if IS_ROOT:
        if subprocess.run(["chattr", "+i", str(data)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a folder read-only for root here (chattr +i)")
        yield data
        subprocess.run(["chattr", "-i", str(data)], check=True)
    else:
        data.chmod(0o555)
        yield data
        data.chmod(0o755)


async def test_an_unwritable_data_dir_opens_bookmarks_read_only_and_says_so(read_only_data_dir):
    data = read_only_data_dir
    before = (data / "userdata.json").read_bytes()
    app = make_app(data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.bookmarks == {SID}  # readable
        assert app.userdata_read_only and str(data) in app.userdata_read_only
        assert any(m.startswith("Bookmarks and notes are read-only") for m in messages(app, "warning"))

        await open_note(pilot)
        assert "read-only" in note_message(app)  # said before typing
        await pilot.press("end", *" and again")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen) and note_value(app) == "called on 30/11 and again"
        assert "Could not save the note" in note_message(app)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("b")  # un-bookmarking fails with a message, and the mark stays
        await pilot.pause()
        assert app.bookmarks == {SID}
        assert any("Could not save the bookmark" in m for m in messages(app, "error"))
    assert (data / "userdata.json").read_bytes() == before
