"""`r` on a service: report a problem for the curators, driven through the real app, found on disk."""

from __future__ import annotations

import json

from directory import paths
from tests.screen_text import screen_text
from tests.snapshot_app import make_app, settle, type_and_settle
from tui.screens.help import help_rows
from tui.screens.report_problem import ReportProblemScreen

SID = "gr-hamogelo-sos-1056"


def filed(tmp_path) -> list[dict]:
    path = tmp_path / "corrections.json"
    return json.loads(path.read_text(encoding="utf-8"))["corrections"] if path.exists() else []


async def open_dialog(pilot):
    await settle(pilot)
    await type_and_settle(pilot, "1056")
    await pilot.press("down", "r")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReportProblemScreen)


async def test_a_caseworker_files_a_problem_and_it_is_saved_locally(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        text = "\n".join(screen_text(app))
        assert "Do not write anything personal about a victim" in text
        assert "The number does not answer" in text and "The service has closed" in text
        await pilot.press("down", "enter")  # the second choice; the cursor goes on to the words
        await pilot.pause()
        assert app.screen.chosen_kind() == "wrong_hours"
        await pilot.press(*"18:00 only", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReportProblemScreen)
        assert any("Problem saved" in n.message for n in app._notifications)
    [row] = filed(tmp_path)
    assert row["service_id"] == SID and row["kind"] == "wrong_hours" and row["text"] == "18:00 only"
    assert row["directory_version"] == 7 and row["filed_at"].startswith("2026-11-30T12:00")
    assert (tmp_path / "corrections.json").stat().st_mode & 0o077 == 0  # private, like the user data


async def test_escape_files_nothing_and_a_choice_is_needed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        await pilot.press("tab", *"no choice made", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportProblemScreen)
        assert "Choose what is wrong first" in "\n".join(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportProblemScreen)
    assert filed(tmp_path) == []


async def test_a_failed_write_keeps_the_dialog_and_the_text(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot)
        await pilot.press("enter")  # the first choice: the number does not answer
        await pilot.press(*"rang twice")
        monkeypatch.setenv(paths.FAULT_INJECT_ENV, "atomic-write:ENOSPC")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportProblemScreen)
        assert "Not saved" in "\n".join(screen_text(app))
        monkeypatch.delenv(paths.FAULT_INJECT_ENV)
        await pilot.press("enter")  # tries again, with the same choice and words
        await pilot.pause()
        assert not isinstance(app.screen, ReportProblemScreen)
    assert [(r["kind"], r["text"]) for r in filed(tmp_path)] == [("no_answer", "rang twice")]


async def test_help_and_palette_list_the_key(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = " ".join(str(label) + " " + str(text) for label, text in help_rows(app))
        assert "Report a problem" in rows and "[report_problem]" in rows
        assert "Problems you report (r)" in rows
        await pilot.press("ctrl+p", *"report")
        for _ in range(50):  # the palette searches in a worker: wait for its answer, not for a time
            await pilot.pause()
            if "Tell the curators" in "\n".join(screen_text(app)):
                break
        assert "Tell the curators" in "\n".join(screen_text(app))
