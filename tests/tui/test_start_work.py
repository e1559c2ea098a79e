"""What a start does, and what it no longer does twice (issue 13, item 8: launch to first results).

Each test drives the real app with Pilot; none of them times anything (bench/first_results.py does)."""

from __future__ import annotations

import gc

import pytest

from tests.screen_text import screen_text
from tests.snapshot_app import hold_loading, make_app, settle
from tui import startup_gc
from tui.screens import main as main_screen
from tui.screens.help import HelpScreen
from tui.widgets.topbar import Words


@pytest.fixture
def collector_restored():
    was = gc.isenabled()
    yield
    startup_gc.release()
    if was:
        gc.enable()


# -- the cyclic garbage collector ------------------------------------------------------------------
async def test_the_collector_is_held_until_the_first_results_are_painted(tmp_path, collector_restored):
    app = make_app(tmp_path)
    gate = hold_loading(app)
    gc.enable()
    startup_gc.hold()  # as `vsd` does before its imports
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.directory is None
        assert not gc.isenabled()  # the start is still making its objects
        gate.set()
        await settle(pilot)
        await pilot.pause()
        assert app.results_generation >= 1
        assert gc.isenabled()  # the first results are on screen: it runs as usual


async def test_the_collector_runs_again_when_the_directory_cannot_open(tmp_path, collector_restored):
    app = make_app(tmp_path)

    def broken():
        raise OSError("disk gone")

    app.loader = broken
    gc.enable()
    startup_gc.hold()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.directory_error:
                break
        assert app.directory_error
        assert app.results_generation == 0  # no results will come to release it
        assert gc.isenabled()


def test_a_collector_someone_else_paused_stays_paused(collector_restored):
    gc.disable()
    startup_gc.hold()
    startup_gc.release()
    assert not gc.isenabled()  # only what `hold` paused is resumed
    gc.enable()
    startup_gc.hold()
    assert not gc.isenabled()
    startup_gc.release()
    startup_gc.release()
    assert gc.isenabled()


# -- keys typed at once ------------------------------------------------------------------------------
async def test_keys_typed_during_the_start_make_one_search_not_one_per_key(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app._main_screen()
        search = main.query_one("#search", main_screen.SearchInput)
        before = main._serial
        search.type_early(list("?kummer?"))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)  # a "?" in the empty box is help, as typed later
        assert search.value == "kummer?"  # a later "?" is text
        assert main._serial == before + 1  # one change and one search for the whole burst


# -- the first search --------------------------------------------------------------------------------
async def test_the_first_search_is_answered_before_the_next_frame(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app._main_screen()
        main.query_one("#search").value = "kummer"
        await settle(pilot)
        shown = app.results_generation
        main.directory_ready(apply_initial=True)
        assert app.results_generation == shown + 1  # answered and shown within the call


async def test_past_the_bound_the_first_search_goes_to_the_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(main_screen, "FIRST_SEARCH_AT_ONCE_MAX", 3)  # the sample has 7 services
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app._main_screen()
        shown = app.results_generation
        main.directory_ready(apply_initial=True)
        assert app.results_generation == shown  # not yet: a worker answers
        await settle(pilot)
        assert app.results_generation == shown + 1


# -- resizing ----------------------------------------------------------------------------------------
async def test_a_resize_changes_the_labels_only_when_their_words_change(tmp_path, monkeypatch):
    updates: list[str] = []
    real_update = Words.update

    def counted(self, *args, **kwargs):
        updates.append(self.id or type(self).__name__)
        return real_update(self, *args, **kwargs)

    monkeypatch.setattr(Words, "update", counted)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        title = app.screen.query_one("#topbar-title", Words)
        assert "victim services directory" in str(title.render())
        updates.clear()
        await pilot.resize_terminal(90, 30)  # the same words at 90 columns as at 100
        await pilot.pause()
        assert updates == []
        await pilot.resize_terminal(60, 20)  # under 70 columns: short words
        await pilot.pause()
        assert "#topbar-title" in {f"#{u}" for u in updates}
        assert "victim services directory" not in str(title.render())
        assert "Ctry:" in "\n".join(screen_text(app))  # painted: the filter bar was laid out again


async def test_a_change_to_the_text_already_asked_for_makes_no_second_search(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app._main_screen()
        search = main.query_one("#search", main_screen.SearchInput)
        search.value = "kummer"
        await settle(pilot)
        asked = main._serial
        search.post_message(main_screen.SearchInput.Changed(search, "kummer"))  # as typed-early text's message
        await settle(pilot)
        assert main._serial == asked
        search.value = "kummer 116"
        await settle(pilot)
        assert main._serial == asked + 1
