"""A [keys] line that gives an action a key another action has where both can be pressed: the quick exit
always keeps its key, the app says once, in words, which line lost, and nothing is ignored silently."""

from __future__ import annotations

import pytest

from tests.snapshot_app import make_app, settle, type_and_settle
from tui.config import load_config
from tui.key_conflicts import clash_text
from tui.key_conflicts import settle as settle_conflicts


@pytest.mark.parametrize(
    "lines, keymap, said",
    [
        ({"bookmark": "ctrl+q"}, {}, ['[keys] bookmark = "ctrl+q" is the quick-exit key; bookmark keeps b']),
        (
            {"bookmark": "m,ctrl+q"},
            {"bookmark": "m"},
            ['[keys] bookmark = "m,ctrl+q" is the quick-exit key; bookmark keeps m'],
        ),
        (
            {"quick_exit": "f8,f2"},
            {"quick_exit": "f8,f2"},
            [
                '[keys] quick_exit = "f8,f2" takes f2 from bookmarks; the quick exit wins, bookmarks has no key left (give it one in [keys])'
            ],
        ),
        (
            {"next_result": "down,n"},
            {"next_result": "down"},
            [
                '[keys] next_result = "down,n" is edit_note\'s key on the main screen; edit_note keeps it, next_result keeps down'
            ],
        ),
        (
            {"bookmark": "x", "edit_note": "x"},
            {"bookmark": "x"},
            [
                '[keys] edit_note = "x" asks for x, which bookmark = "x" (an earlier line) has on the main screen; bookmark keeps it, edit_note keeps n'
            ],
        ),
        (
            {"filter_clear": "enter"},
            {},
            [
                '[keys] filter_clear = "enter" is filter_choose\'s key on the filter bar; filter_choose keeps it, filter_clear keeps delete,backspace'
            ],
        ),
        (
            {"bookmark": "ctrl+s"},
            {},
            ['[keys] bookmark = "ctrl+s" is sync\'s key on the main screen; sync keeps it, bookmark keeps b'],
        ),
        # A bookmark line that loses goes back to b, which a later line had asked for: that one loses too.
        (
            {"edit_note": "b", "bookmark": "ctrl+q"},
            {},
            [
                '[keys] bookmark = "ctrl+q" is the quick-exit key; bookmark keeps b',
                '[keys] edit_note = "b" is bookmark\'s key on the main screen; bookmark keeps it, edit_note keeps n',
            ],
        ),
        # Not conflicts: a swap, a key only one action has, keys in places never live at once.
        ({"bookmark": "n", "edit_note": "b"}, {"bookmark": "n", "edit_note": "b"}, []),
        ({"toggle_detail": "enter,o"}, {"toggle_detail": "enter,o"}, []),
        ({"open_now_switch": "delete"}, {"open_now_switch": "delete"}, []),  # a switch, not a filter button
        ({"dialog_ok": "b"}, {"dialog_ok": "b"}, []),  # dialogs are screens of their own
    ],
)
def test_conflicts_are_settled_and_said(lines, keymap, said):
    assert settle_conflicts(lines) == (keymap, said)


def test_a_quick_exit_on_a_letter_is_said_to_leave_while_typing():
    _keymap, said = settle_conflicts({"quick_exit": "q"})
    assert said == ['[keys] quick_exit = "q": q is also typed in the search box, and typing it there leaves the app']


def test_a_clash_found_at_run_time_names_the_line_and_the_winner():
    text = clash_text([("filter_choose", "enter")], {"filter_clear": "enter"})
    assert text == '[keys] filter_clear = "enter" takes enter from filter_choose here; filter_clear wins'


async def test_a_line_taking_the_quick_exit_key_is_refused_and_said_once(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# mine\n[keys]\nbookmark = "ctrl+q"\nhelp = "f9"\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.keymap == {"help": "f9"}
    app = make_app(tmp_path / "data", config=cfg)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        said = [n.message for n in app._notifications]
        wanted = 'Config: [keys] bookmark = "ctrl+q" is the quick-exit key; bookmark keeps b'
        assert said.count(wanted) == 1, said
        assert any(str(path) in text for _s, text in app.message_log)  # the log names the file
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "b")
        await pilot.pause()
        assert app.bookmarks == {"gr-hamogelo-sos-1056"}  # bookmark kept b
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == "quick-exit"


async def test_of_two_lines_asking_for_one_key_the_earlier_wins_in_the_app(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nbookmark = "x"\nedit_note = "x"\n', encoding="utf-8")
    app = make_app(tmp_path / "data", config=load_config(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("edit_note keeps n" in n.message for n in app._notifications)
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "x")
        await pilot.pause()
        assert app.bookmarks == {"gr-hamogelo-sos-1056"}
