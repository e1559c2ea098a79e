"""Pilot tests on the real app (fixed data and clock from tests/snapshot_app.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from directory import paths
from tests.factories import hostile_service, sample_envelope, sample_services
from tests.screen_text import screen_text
from tests.snapshot_app import FIXED_NOW, hold_loading, make_app, settle, type_and_settle
from tui.config import Config
from tui.messages import SyncProgressed
from tui.referral import referral_markdown, referral_text
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.help import HelpScreen
from tui.widgets.chips import Chip
from tui.widgets.detail import DetailView
from tui.widgets.keybar import KeyBar
from tui.widgets.results import ResultsList


def hit_ids(app) -> list[str]:
    return [h.service["id"] for h in app._main_screen().hits]


def detail_text(app) -> str:
    return app.screen.query_one(DetailView).plain_text


def results_text(app) -> str:
    results = app.screen.query_one(ResultsList)
    return "\n".join(str(results.get_option_at_index(i).prompt) for i in range(results.option_count))


# -- searching ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query, expected",
    [
        ("kinder telefon", "de-nummer-gegen-kummer-116111"),
        ("nummer gegen kummer", "de-nummer-gegen-kummer-116111"),
        ("Χαμόγελο του Παιδιού", "gr-hamogelo-sos-1056"),  # Greek
        ("มูลนิธิสายเด็ก", "th-childline-saidek-1387"),  # Thai
        ("สายเด็ก", "th-childline-saidek-1387"),  # Thai, inside an unspaced word
        ("สายด่วน", "th-thaihotline"),  # Thai: "hotline"
        ("1056", "gr-hamogelo-sos-1056"),
        ("weisser ring", "de-weisser-ring-116006"),
    ],
)
async def test_typing_finds_the_expected_service(tmp_path, query, expected):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one("#search")  # focused at start
        await type_and_settle(pilot, query)
        assert expected in hit_ids(app)[:3], hit_ids(app)


async def test_first_frame_before_the_directory_opens(tmp_path):
    """The UI is up (and usable) while the directory still loads in a worker."""
    app = make_app(tmp_path)
    gate = hold_loading(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.directory is None
        assert "Opening the directory" in "\n".join(screen_text(app))
        await pilot.press(*"1056")  # typing while it loads is kept
        gate.set()
        await settle(pilot)
        assert hit_ids(app)[0] == "gr-hamogelo-sos-1056"


async def test_the_background_warm_up_never_holds_up_the_quick_exit(tmp_path):
    """The whole name tables load after the first results, in a daemon thread: asyncio waits at
    shutdown for Textual's thread workers (its default executor), so a cold build of the tables
    there kept the quick exit waiting for seconds."""
    import threading

    seen: list[bool] = []
    app = make_app(tmp_path)
    loader = app.loader

    def load():
        directory = loader()
        directory.warm = lambda: seen.append(threading.current_thread().daemon)
        return directory

    app.loader = load
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"kummer")
        await settle(pilot)
        assert await _wait_for(pilot, lambda: bool(seen))
    assert seen == [True]


async def test_only_the_latest_keystroke_is_shown(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"weisser ring")  # no waiting between keys
        await settle(pilot)
        assert app.last_results.request.text == "weisser ring"
        assert hit_ids(app)[0] == "de-weisser-ring-116006"


async def test_filters_narrow_results(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(hit_ids(app)) == len(sample_services())  # empty query lists everything
        # Country picker: type-to-filter fed by the resolver ("Polska" is Poland's own name).
        await pilot.press("f3")
        await pilot.press(*"Polska")
        await pilot.press("enter")
        await settle(pilot)
        assert hit_ids(app) and all(i.startswith("pl-") for i in hit_ids(app))
        assert "Poland" in str(app.screen.query_one("#filter-country").render())
        # Type picker narrows further.
        await pilot.press("f5")
        await pilot.press(*"emergency", "enter")
        await settle(pilot)
        assert hit_ids(app) == ["pl-112"]
        # Clear the type (delete on its focused button) and the country ("Any" in the picker).
        assert app.focused is app.screen.query_one("#filter-support_type")
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("f3", *"any", "enter")
        await settle(pilot)
        assert len(hit_ids(app)) == len(sample_services())
        await pilot.press("f6")
        await settle(pilot)
        # 13:00 in Berlin on a Monday: Weisser Ring (07:00-22:00) is open; the child helpline's
        # phone (14:00-20:00) is closed but its e-mail takes messages at any hour, and ThaiHotline
        # is a report form: "open now or always available". Pl-112's second line has no hours.
        ids = hit_ids(app)
        assert "de-weisser-ring-116006" in ids
        assert "de-nummer-gegen-kummer-116111" in ids and "th-thaihotline" in ids
        row = results_text(app)
        assert "e-mail any time" in row and "always available" in row
        # Language picker.
        await pilot.press("f4")
        await pilot.press(*"ελληνικά", "enter")  # Greek, by its own name
        await settle(pilot)
        assert hit_ids(app) == ["gr-hamogelo-sos-1056"]


async def test_config_default_filters_apply_at_start(tmp_path):
    cfg = Config(country="Deutschland", support_type="victim_support")
    app = make_app(tmp_path, config=cfg)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert hit_ids(app) == ["de-weisser-ring-116006"]


async def test_chips_for_child_helpline_poland_and_removal(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "child helpline poland")
        chips = {(c.kind, c.code) for c in app.screen.query(Chip)}
        assert chips == {("country", "PL"), ("support_type", "child_helpline")}
        assert hit_ids(app)[0] == "pl-116111-telefon-zaufania"
        assert all("PL" in s for s in [app.directory.by_id(i)["countries"] for i in hit_ids(app)])
        # Remove the country chip from the keyboard: focus it, press delete.
        country_chip = next(c for c in app.screen.query(Chip) if c.kind == "country")
        country_chip.focus()
        await pilot.press("delete")
        await settle(pilot)
        assert {(c.kind, c.code) for c in app.screen.query(Chip)} == {("support_type", "child_helpline")}
        assert "poland" not in app.screen.query_one("#search").value.lower()
        ids = hit_ids(app)
        assert "de-nummer-gegen-kummer-116111" in ids and "pl-116111-telefon-zaufania" in ids
        # And the other one, by click.
        await pilot.click(Chip)
        await settle(pilot)
        assert not list(app.screen.query(Chip))


async def test_detail_pane_shows_phones_hours_and_source(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "nummer gegen kummer")
        await pilot.press("enter")  # open the detail full width
        await pilot.pause()
        assert app.screen.has_class("-detail-open")
        text = detail_text(app)
        assert "116 111" in text
        assert "Mon–Sat 14:00–20:00" in text
        assert "closed, opens at 14:00 (their time), 13:00 yours" in text
        assert "https://www.nummergegenkummer.de" in text  # source and web
        assert "Source" in text and "last verified 2026-11-01" in text
        assert "German" in text and "ages 6–21" in text and "free, anonymous" in text
        await pilot.press("escape")
        assert not app.screen.has_class("-detail-open")


async def test_detail_highlights_old_and_unverified_records(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "weisser ring")
        assert "⚠" in detail_text(app) and "older than 12 months" in detail_text(app)
        await pilot.press(*(["backspace"] * len("weisser ring")), *"thaihotline")
        await settle(pilot)
        assert "not verified, check before referring" in detail_text(app)


# -- bookmarks, notes, referral -------------------------------------------------------------
async def test_bookmarks_persist_across_a_restart(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        await pilot.press("down")  # into the results
        assert isinstance(app.focused, ResultsList)
        await pilot.press("b")
        await pilot.press("n", *"called on 30/11", "enter")  # a private note
        await pilot.pause()
        assert "★" in results_text(app)
    assert app.bookmarks == {"gr-hamogelo-sos-1056"}

    again = make_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.bookmarks == {"gr-hamogelo-sos-1056"}
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(again.screen, BookmarksScreen)
        assert "Εθνική Τηλεφωνική Γραμμή" in results_text(again)
        assert "called on 30/11" in detail_text(again)
        await pilot.press("b")  # remove it here
        await pilot.press("escape")
        await pilot.pause()
        assert again.bookmarks == set()
    # The directory store was never written to: user data lives apart.
    assert not (tmp_path / "directory.json").exists()
    assert (tmp_path / "userdata.json").exists()


@pytest.mark.parametrize("fmt", ["text", "markdown"])
async def test_export_writes_the_expected_file(tmp_path, fmt):
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(tmp_path, export_dir=out)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "e")
        await pilot.pause()
        if fmt == "markdown":
            await pilot.press("ctrl+t")
        await pilot.press("enter")
        await pilot.pause()
    service = sample_envelope()["services"][4]
    assert service["id"] == "gr-hamogelo-sos-1056"
    suffix, render = (".md", referral_markdown) if fmt == "markdown" else (".txt", referral_text)
    written = out / f"referral-gr-hamogelo-sos-1056{suffix}"
    assert written.read_text(encoding="utf-8") == render(service, now=FIXED_NOW)


async def test_export_goes_to_a_private_folder_by_default_and_the_dialog_names_it(tmp_path, monkeypatch):
    folder = tmp_path / "cards"  # not there yet: created on the first save, owner-only
    monkeypatch.setenv("VSD_REFERRAL_DIR", str(folder))
    app = make_app(tmp_path)
    app.export_dir = paths.referral_dir()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "e")
        await pilot.pause()
        where = str(app.screen.query_one("#export-where").render())
        assert where.endswith(folder.name) and str(folder).endswith(where.lstrip("…"))  # whole, or cut on the left
        assert "only you" in str(app.screen.query_one("#export-folder-label").render())
        await pilot.press("enter")
        await pilot.pause()
    written = folder / "referral-gr-hamogelo-sos-1056.txt"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert not list(Path.cwd().glob("referral-*"))


@pytest.mark.parametrize("odd", ["fifo", "symlink"])
async def test_export_refuses_a_fifo_or_a_link_and_keeps_the_dialog_open(tmp_path, odd):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "card.txt"
    victim = tmp_path / "elsewhere.txt"
    victim.write_text("not ours", encoding="utf-8")
    if odd == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(victim)
    app = make_app(tmp_path, export_dir=out)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        message = str(app.screen.query_one("#export-message").render())
        assert "Could not save" in message and ("FIFO" in message or "symbolic link" in message)
    assert victim.read_text(encoding="utf-8") == "not ours"
    assert target.is_symlink() or stat.S_ISFIFO(target.lstat().st_mode)


async def test_copy_puts_the_referral_card_on_the_clipboard(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1387")
        await pilot.press("down", "c")
        assert app.clipboard == referral_text(app.directory.by_id("th-childline-saidek-1387"), now=FIXED_NOW)
        assert "มูลนิธิสายเด็ก 1387" in app.clipboard


# -- quick exit ---------------------------------------------------------------------------------
async def test_quick_exit_key_ends_the_app(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "kinder")
        assert "QUICK EXIT: ^q" in screen_text(app)[0]  # always on screen
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == "quick-exit"
    assert app.quick_exited


@pytest.mark.parametrize("where", ["main", "help", "picker", "export"])
async def test_quick_exit_works_on_every_screen(tmp_path, where):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = {"main": [], "help": ["f1"], "picker": ["f3"], "export": ["down", "e"]}[where]
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value == "quick-exit"


async def test_escape_three_times_within_one_second_in_the_search_box_exits(tmp_path):
    clock = iter([0.0, 0.5, 1.2, 1.4, 1.9])
    app = make_app(tmp_path)
    app.monotonic = lambda: next(clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "escape")  # 0.0, 0.5
        await pilot.press("escape")  # 1.2: the first is too old (1.2 s)
        await pilot.pause()
        assert not app.quick_exited
        await pilot.press("escape", "escape")  # 1.4, 1.9: three within 0.7 s
        await pilot.pause()
    assert app.return_value == "quick-exit"


# Every state a caseworker can be in, reached from the search box with a query and a filter set,
# and how many escapes bring them back to the search box (at most two, never the quick exit).
WALKS = {
    "results": (["down"], 1),
    "detail": (["down", "enter"], 1),
    "help": (["f1"], 1),
    "picker": (["f4"], 2),  # back on the filter button, then the search box
    "note": (["down", "n"], 2),
    "export": (["down", "e"], 2),
    "note over detail": (["down", "enter", "n"], 2),
    "bookmarks": (["down", "b", "f2"], 1),
    "bookmarks detail": (["down", "b", "f2", "enter"], 1),
    "note over bookmarks": (["down", "b", "f2", "n"], 2),
    "help over detail": (["down", "enter", "f1"], 2),
    "country card": (["f7"], 1),
    "palette": (["ctrl+p"], 2),
}


@pytest.mark.parametrize("state", list(WALKS))
async def test_walking_back_from_every_screen_takes_two_escapes_at_most_and_never_exits(tmp_path, state):
    from tui.screens.main import SearchInput

    keys_, at_most = WALKS[state]
    app = make_app(tmp_path)
    app.monotonic = lambda: 0.0  # every escape at the same instant: the harshest case for the quick exit
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "helpline")
        main = app._main_screen()
        main.query_one("#filter-country").value = "GR"
        await settle(pilot)
        before = (main.query_one("#search").value, main.query_one("#filter-country").value, hit_ids(app))
        await pilot.press(*keys_)
        await pilot.pause()
        assert not main.at_rest() or app.screen is not main, f"{state}: the keys reached no other state"
        pressed = 0
        while not (app.screen is main and main.at_rest()):
            assert pressed < at_most, f"{state}: still not back after {pressed} escapes"
            await pilot.press("escape")
            await pilot.pause()
            pressed += 1
        assert isinstance(app.focused, SearchInput)
        assert not app.quick_exited and app.is_running
        assert (main.query_one("#search").value, main.query_one("#filter-country").value, hit_ids(app)) == before
        await pilot.press("escape", "escape", "escape")  # now, deliberately, three at rest
        await pilot.pause()
    assert app.return_value == "quick-exit"


async def test_quick_exit_overwrites_then_empties_a_copied_referral(tmp_path, monkeypatch):
    """tmux and some terminals ignore an empty OSC 52: a harmless text goes first, then the empty one."""
    monkeypatch.delenv("TMUX", raising=False)
    app = make_app(tmp_path)
    sent: list[str] = []
    real = app.copy_to_clipboard
    app.copy_to_clipboard = lambda text: (sent.append(text), real(text))  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "c")
        await pilot.pause()
        assert sent and sent[0].startswith("REFERRAL: ")
        notes = [n.message for n in app._notifications]
        assert any("sent to the terminal's clipboard" in n for n in notes)
        assert not any("copied to the clipboard" in n for n in notes)  # success we cannot see is not claimed
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert sent[1:] == ["-", ""]
    assert app.clipboard == ""


async def test_in_tmux_the_copy_says_how_and_the_quick_exit_deletes_our_paste_buffers(tmp_path, monkeypatch):
    """A stand-in `tmux` on PATH lists two buffers, one holding our card; only that one is deleted."""
    import textwrap

    log = tmp_path / "tmux.log"
    fake = tmp_path / "bin" / "tmux"
    fake.parent.mkdir()
    fake.write_text(
        textwrap.dedent(f"""\
            #!/bin/sh
            echo "$@" >> {log}
            if [ "$1" = list-buffers ]; then
              printf 'buffer1\\tREFERRAL: Εθνική Τηλεφωνική Γραμμή για τα Παιδιά SOS 1056\\n'
              printf 'buffer0\\tsomething the caseworker copied elsewhere\\n'
            fi
            """),
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-1000/default,1234,0")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "c")
        await pilot.pause()
        assert any("set -g set-clipboard on" in n.message for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[0].startswith("list-buffers")
    assert calls[1:] == ["delete-buffer -b buffer1"]


def test_launch_clears_screen_and_scrollback_after_the_app(monkeypatch):
    import io

    from tui import launch

    out = io.StringIO()
    launch.clear_terminal(out)
    assert out.getvalue() == "\x1b[H\x1b[2J\x1b[3J"


async def test_no_search_history_is_written(tmp_path, monkeypatch):
    config_dir = tmp_path / "config"
    monkeypatch.setenv("VSD_CONFIG", str(config_dir / "config.toml"))
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "zqxsecretquery")
        await pilot.press("ctrl+q")
    for root in (tmp_path,):
        for path in Path(root).rglob("*"):
            if path.is_file():
                assert b"zqxsecretquery" not in path.read_bytes(), path


# -- safety ---------------------------------------------------------------------------------------
async def test_markup_and_escape_injection_renders_literally(tmp_path):
    env = sample_envelope()
    env["services"].append(hostile_service())
    app = make_app(tmp_path, envelope=env)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "x")
        assert hit_ids(app)[0] == "xx-hostile"
        await pilot.press("enter")
        await pilot.pause()
        screen = "\n".join(screen_text(app))
        assert "[b]x[/b]" in screen
        assert "[@click=app.quit]Click me[/]" in screen
        assert "[link=https://evil.example]link[/link]" in screen
        assert "RED Org" in screen or "RED" in screen
        assert "\x1b" not in screen and "[31m" not in screen and "]0;pwned" not in screen
        assert "[reverse]label[/reverse]" in screen
        # Clicking the literal "[@click=...]" text runs nothing.
        await pilot.click("#detail-body", offset=(3, 1))
        await pilot.pause()
        assert app.is_running and not app.quick_exited
        await pilot.press("c")
        assert "\x1b" not in app.clipboard and "[b]x[/b]" in app.clipboard


# -- layout ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_layout_fits_without_clipping(tmp_path, size):
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "kinder telefon")
        width, height = size
        screen = app.screen.region
        search = app.screen.query_one("#search").region
        assert screen.contains_region(search) and search.width >= 40 and search.height == 1
        bar = app.screen.query_one(KeyBar)
        assert bar.region.bottom == height and screen.contains_region(bar.region)
        lines = screen_text(app)
        footer = "\n".join(lines[bar.region.y :])
        for words in ("^q Quick exit", "^f Search", "Details", "f2 Bookmarks", "f1 Help", "^s Sync", "^p Commands"):
            assert words in footer, (words, footer)
        assert "QUICK EXIT" in lines[0]
        assert "kinder telefon" in lines[search.y]
        assert app.screen.query_one(ResultsList).region.height >= 8
        # Focus the results: the footer lists the result keys too, still within the screen.
        await pilot.press("down")
        await pilot.pause()
        footer = "\n".join(screen_text(app)[app.screen.query_one(KeyBar).region.y :])
        for words in ("↓↑/jk Move", "b Bookmark", "c Copy", "e Export", "n Note", "esc Back"):
            assert words in footer, (words, footer)


# -- keys, config, help, palette, sync ----------------------------------------------------------------
async def test_every_shown_binding_has_an_id_and_a_description(tmp_path):
    from tui.keys import SPEC_BY_ID, SPECS

    assert len({s.id for s in SPECS}) == len(SPECS)
    assert all(s.description and s.help for s in SPECS)
    app = make_app(tmp_path)
    seen: set[str] = set()

    def check() -> None:
        for node in [app, *app.screen.walk_children(with_self=True)]:
            if type(node).__module__.startswith("textual."):
                continue  # Textual's own widgets (a Select's open menu): their keys are not ours to name
            for _key, binding in node._bindings:
                if binding.show and binding.description and not binding.system:
                    assert binding.id in SPEC_BY_ID, (node, binding)
                    seen.add(binding.id)

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        check()
        for keys_ in (["f1"], ["escape", "f3"], ["escape", "down", "e"], ["escape", "n"], ["escape", "f2"]):
            await pilot.press(*keys_)
            await pilot.pause()
            check()
    assert {"quick_exit", "toggle_detail", "dialog_ok", "dialog_cancel", "export_format", "filter_choose"} <= seen


async def test_keymap_from_config_remaps_by_id(tmp_path):
    cfg = Config(keymap={"bookmark": "m", "quick_exit": "ctrl+x", "help": "f9"})
    app = make_app(tmp_path, config=cfg)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        assert "QUICK EXIT: ^x" in screen_text(app)[0]
        await pilot.press("down", "b")
        assert app.bookmarks == set()  # b is no longer bookmark
        await pilot.press("m")
        assert app.bookmarks == {"gr-hamogelo-sos-1056"}
        footer = "\n".join(screen_text(app)[app.screen.query_one(KeyBar).region.y :])
        assert "m Bookmark" in footer and "^x Quick exit" in footer and "f9 Help" in footer
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("ctrl+x")
        await pilot.pause()
    assert app.return_value == "quick-exit"


async def test_bad_config_gives_a_clear_message_and_defaults(tmp_path):
    from tui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('theme = "textual-dark"\nresults_limit = \n[keys]\nbookmark = "m"\n', encoding="utf-8")
    cfg = load_config(path)
    assert cfg.results_limit == 30 and cfg.keymap == {}
    assert len(cfg.problems) == 1 and "not valid TOML" in cfg.problems[0] and "line 2" in cfg.problems[0]
    app = make_app(tmp_path, config=cfg)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("not valid TOML" in m and "using the defaults" in m for m in messages)
        assert app.theme == "textual-dark"


async def test_config_problems_are_each_reported(tmp_path):
    from tui.config import load_config

    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "no-such-theme"\nresults_limit = "many"\ncolour = 1\n'
        '[filters]\ncountry = "Atlantis"\nopen_now = "yes"\n[keys]\nfly = "f"\nbookmark = ""\n',
        encoding="utf-8",
    )
    cfg = load_config(path)
    app = make_app(tmp_path, config=cfg)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = "\n".join(n.message for n in app._notifications)
        for bit in (
            "results_limit",
            "unknown setting 'colour'",
            "open_now",
            "unknown key binding id 'fly'",
            "keys.bookmark",
            "unknown theme 'no-such-theme'",
            "'Atlantis' is not a known country",
        ):
            assert bit in text, bit
        assert app.theme == "textual-dark" and cfg.results_limit == 30


async def test_light_theme_and_no_color(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, config=Config(theme="textual-light"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light" and app.no_color


async def test_help_screen_lists_keys_and_the_quick_exit(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_text(app))
        assert "Quick exit" in text and "escape 3× within 1 s in the search box" in text
        assert "[bookmark]" in text and "Copy" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_lists_the_screens_actions(tmp_path):
    from tui.palette import VsdCommands

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = VsdCommands(app.screen)
        names = [name for name, _help, _cb in provider._commands()]
        for name in ("Quick exit", "Search", "Bookmark", "Bookmarks", "Copy", "Export", "Sync", "Help", "Country"):
            assert name in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"bookmarks", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)


async def test_ctrl_s_syncs_from_a_real_feed_and_shows_the_new_data(tmp_path, monkeypatch):
    """ctrl+s against a signed feed served on 127.0.0.1: the running app picks up the new version."""
    from directory.store import Store
    from tests.sync_fixtures import Feed, start_server
    from tui.app import VsdApp

    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    data = tmp_path / "data"
    Store(data).replace_directory(sample_envelope(version=7))
    feed = Feed(tmp_path)
    newer = sample_envelope(version=8)
    newer["services"] = newer["services"][:2]
    feed.publish(newer)
    server = start_server(feed.repo)
    try:
        monkeypatch.setenv("VSD_FEED_URL", server.url)
        monkeypatch.setenv("VSD_FEED_ROOT", str(feed.root_path))
        app = VsdApp(config=Config(cursor_blink=False), data_dir=data, watch_store=False)
        phases = []

        def hook(message) -> None:
            if isinstance(message, SyncProgressed):
                phases.append(message.text)

        async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
            await settle(pilot)
            assert app.directory.version == 7
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await settle(pilot)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.directory.version == 8 and len(hit_ids(app)) == 2
            assert any("Directory updated to version 8 (was 7)" in n.message for n in app._notifications)
            assert phases and phases[0].startswith("checking")
            # A second ctrl+s: only the tiny metadata requests, nothing changes.
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert any("Already up to date (version 8)." in n.message for n in app._notifications)
    finally:
        server.stop()


async def test_ctrl_s_without_a_feed_explains_and_keeps_the_copy(tmp_path, monkeypatch):
    for var in ("VSD_FEED_URL", "VSD_FEED_ROOT"):
        monkeypatch.delenv(var, raising=False)
    from directory.store import Store

    Store(tmp_path).replace_directory(sample_envelope(version=1000))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = (tmp_path / "directory.json").read_bytes()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and "feed" in errors[-1]
        assert (tmp_path / "directory.json").read_bytes() == before


async def test_sync_reopens_the_directory(tmp_path):
    calls = []

    def fake_sync(data_dir, progress=None):
        calls.append(data_dir)
        return "updated to version 8"

    app = make_app(tmp_path, sync=fake_sync)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.directory
        await pilot.press("ctrl+s")
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls == [tmp_path]
        assert app.directory is not first
        assert any("updated to version 8" in n.message for n in app._notifications)


async def test_a_sync_from_another_terminal_is_picked_up(tmp_path):
    """`vsd sync` in another terminal replaces the store; the open app reopens it (no restart)."""
    from directory.store import Store
    from tui.app import VsdApp

    Store(tmp_path).replace_directory(sample_envelope(version=7))
    app = VsdApp(config=Config(cursor_blink=False), data_dir=tmp_path, watch_store=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.directory.version == 7 and len(app.directory) == 7
        newer = sample_envelope(version=8)
        newer["services"] = newer["services"][:3]
        os.utime(tmp_path / "directory.json", (1, 1))  # make sure the mtime moves
        Store(tmp_path).replace_directory(newer)
        app._check_store()
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.directory.version == 8 and len(hit_ids(app)) == 3
        assert any("updated to version 8" in n.message for n in app._notifications)


async def test_sixteen_colour_theme(tmp_path):
    app = make_app(tmp_path, config=Config(theme="ansi-dark"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        assert app.theme == "ansi-dark" and app.native_ansi_color
        assert "☎ 1056 · ● 24/7" in "\n".join(screen_text(app))  # state in words and symbols, not only colour


async def test_imported_services_are_found_and_marked_with_their_origin(tmp_path):
    """A service from an HSDS import appears in the app beside the central ones, marked as imported."""
    import json

    from directory.store import Store
    from tests.hsds_support import hsds_service
    from tui.app import VsdApp
    from tui.cli import main

    data = tmp_path / "data"
    Store(data).replace_directory(sample_envelope(version=7))
    src = tmp_path / "koeln.json"
    src.write_text(json.dumps([hsds_service(1, name="Frauenberatung Köln-Mitte")]), encoding="utf-8")
    assert main(["--data-dir", str(data), "import", "hsds", str(src)]) == 0

    app = VsdApp(config=Config(cursor_blink=False), data_dir=data, watch_store=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "frauenberatung")
        assert app.directory.by_id(hit_ids(app)[0])["name"] == "Frauenberatung Köln-Mitte"
        screen = "\n".join(screen_text(app))
        assert "imported" in screen  # the results row
        assert "Imported" in screen and "HSDS import 'koeln'" in screen  # the detail pane names the origin


async def test_a_chosen_filter_is_shown_in_full_on_the_filter_bar(tmp_path):
    """The picker's choice ("Niemcy" -> Germany) is readable on the bar, not cut to the old width."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "helpline")
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press(*"Niemcy")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        assert app.screen.query_one("#filter-country").value == "DE"
        assert "Country: Germany ▾" in screen_text(app)[2]
        assert all(app.directory.by_id(i)["countries"] == ["DE"] for i in hit_ids(app))


# -- the answer: filters that hold, "nothing here", labels ------------------------------------
async def test_implied_filters_show_as_chips_and_an_empty_answer_says_which_filter_emptied_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "ukrainian child helpline poland")
        chips = [c.code for c in app.screen.query(Chip)]
        assert sorted(chips) == ["PL", "child_helpline", "uk"]
        assert hit_ids(app) == []  # no Polish child helpline lists Ukrainian in the sample
        text = results_text(app)
        assert "No child helpline in Poland lists Ukrainian." in text
        assert "in other languages than Ukrainian (outside your filters)" in text
        # the relaxed group is there to open, labelled, and it is the Polish child helpline
        assert "116 111 Telefon Zaufania" in text
        assert "No child helpline in Poland lists Ukrainian." in detail_text(app)


async def test_assumed_languages_are_labelled_and_rank_after_stated_ones(tmp_path):
    env = sample_envelope()
    for s in env["services"]:
        if s["id"] == "pl-116111-telefon-zaufania":
            s["languages_assumed"] = True  # no source states them: Polish is assumed
    env["services"].append(
        {**env["services"][2], "id": "pl-stated-helpline", "name": "Stated Helpline", "languages": ["pl", "uk"]}
    )
    app = make_app(tmp_path, envelope=env)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "polish child helpline poland")
        ids = hit_ids(app)
        assert ids.index("pl-stated-helpline") < ids.index("pl-116111-telefon-zaufania")
        assert "language assumed" in results_text(app)
        results = app.screen.query_one(ResultsList)
        results.highlighted = next(
            k for k in range(results.option_count) if results.get_option_at_index(k).id == "pl-116111-telefon-zaufania"
        )
        await settle(pilot)
        assert "assumed: the country's official language" in detail_text(app)


async def test_short_numbers_and_international_forms_in_the_detail(tmp_path):
    env = sample_envelope()
    thai = next(s for s in env["services"] if s["id"] == "th-childline-saidek-1387")
    thai["channels"][0]["domestic_only"] = True
    ring = next(s for s in env["services"] if s["id"] == "de-weisser-ring-116006")
    ring["channels"].append({"kind": "phone", "value": "030 40504050", "label": "office"})  # a test number
    env["short_numbers"] = [
        {"country": "TH", "number": "1387", "what": "Childline Thailand", "source": "https://x.example"}
    ]
    app = make_app(tmp_path, envelope=env)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "มูลนิธิสายเด็ก")
        assert hit_ids(app)[0] == "th-childline-saidek-1387"
        assert "short number: dial within Thailand" in detail_text(app)
        app.screen.query_one("#search").value = ""
        await type_and_settle(pilot, "weisser ring")
        assert "from abroad +49 30 40504050" in detail_text(app)
        assert "short number: dial within Germany" in detail_text(app)  # 116 006


async def _wait_for(pilot, condition, *, seconds: float = 20.0) -> bool:
    """Let the app run until `condition()` holds (the store watch runs on its own timer)."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
        if condition():
            return True
    return condition()


def test_the_open_app_looks_at_the_users_layers_at_least_every_five_seconds():
    import tui.app

    assert tui.app.STORE_CHECK_S <= 5


async def test_an_import_added_and_removed_in_another_terminal_reaches_the_open_app(tmp_path, monkeypatch):
    """`vsd import hsds` and `vsd import remove` in another terminal: the open app follows, no restart."""
    import json

    import tui.app
    from directory.store import Store
    from tests.hsds_support import hsds_service
    from tui.app import VsdApp
    from tui.cli import main

    monkeypatch.setattr(tui.app, "STORE_CHECK_S", 0.1)
    data = tmp_path / "data"
    Store(data).replace_directory(sample_envelope(version=7))
    app = VsdApp(config=Config(cursor_blink=False), data_dir=data, watch_store=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = len(app.directory)
        src = tmp_path / "koeln.json"
        src.write_text(json.dumps([hsds_service(1, name="Frauenberatung Köln-Mitte")]), encoding="utf-8")
        assert main(["--data-dir", str(data), "import", "hsds", str(src)]) == 0
        assert await _wait_for(pilot, lambda: len(app.directory) == before + 1)
        await type_and_settle(pilot, "frauenberatung")
        assert app.directory.by_id(hit_ids(app)[0])["name"] == "Frauenberatung Köln-Mitte"

        assert main(["--data-dir", str(data), "import", "remove", "koeln"]) == 0
        assert await _wait_for(pilot, lambda: len(app.directory) == before)
        await settle(pilot)
        assert all(app.directory.by_id(i)["name"] != "Frauenberatung Köln-Mitte" for i in hit_ids(app))


async def test_a_bookmark_saved_by_another_vsd_shows_in_the_open_app(tmp_path, monkeypatch):
    import tui.app
    from directory.store import Store
    from tui.app import VsdApp

    monkeypatch.setattr(tui.app, "STORE_CHECK_S", 0.1)
    Store(tmp_path).replace_directory(sample_envelope(version=7))
    app = VsdApp(config=Config(cursor_blink=False), data_dir=tmp_path, watch_store=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        sid = sample_envelope()["services"][4]["id"]
        assert sid not in app.bookmarks
        other = Store(tmp_path)  # a second vsd, in another terminal
        other.set_bookmark(sid, True)
        other.set_note(sid, "Called on Monday; ask for Eleni.")
        assert await _wait_for(pilot, lambda: sid in app.bookmarks)
        assert app.note(sid) == "Called on Monday; ask for Eleni."
        other.set_bookmark(sid, False)
        assert await _wait_for(pilot, lambda: sid not in app.bookmarks)


async def test_a_long_export_folder_is_cut_on_the_left_with_an_ellipsis(tmp_path):
    from tui.screens.export import clip_left

    assert clip_left("/a/b", 20) == "/a/b"
    cut = clip_left("/home/caseworker/Documents/vsd-referrals", 20)
    assert cut.startswith("…") and cut.endswith("vsd-referrals") and len(cut) == 20
    deep = tmp_path / ("very-long-folder-name-" * 4) / "vsd-referrals"
    app = make_app(tmp_path, export_dir=deep)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "1056")
        await pilot.press("down", "e")
        await pilot.pause()
        shown = str(app.screen.query_one("#export-where").render())
        assert shown.startswith("…") and shown.endswith("vsd-referrals") and len(shown) < len(str(deep))


@pytest.mark.parametrize("size, rows", [((60, 20), 8), ((80, 24), 7), ((40, 12), 3)])
async def test_small_screens_keep_results_on_screen(tmp_path, size, rows):
    """On the bundled directory: at 60x20 at least 8 results show (one line each) under a one-line
    footer; at 40x12 one pane. Rows counted from what is on the screen."""
    import json

    from directory import Directory
    from directory.bundled import bundled_path
    from tui.widgets.keybar import KeyBar

    env = json.loads(bundled_path().read_text(encoding="utf-8"))
    app = make_app(tmp_path, envelope=env)
    app.loader = lambda: Directory.from_envelope(env)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "helpline")
        results = app.screen.query_one(ResultsList)
        shown = [ln for ln in screen_text(app) if ln.startswith("│   ") or ln.startswith("│ ★ ")]
        assert len(shown) >= rows, "\n".join(screen_text(app))
        assert results.one_line == (size != (80, 24))
        footer = app.screen.query_one(KeyBar)
        assert footer.size.height == (1 if size[1] < 24 else 2)
        assert app.screen.query_one("#detail").display == (size[0] >= 50)


async def test_question_mark_opens_help_only_in_an_empty_search_box(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await type_and_settle(pilot, "what")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#search").value == "what?"
        await pilot.press("f1")  # f1 always
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_f2_lists_a_note_on_a_service_that_is_not_bookmarked(tmp_path):
    app = make_app(
        tmp_path,
        bookmarks=("gr-hamogelo-sos-1056",),
        notes={"de-weisser-ring-116006": "Ask for the Berlin office."},
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        ids = [s["id"] for s in app.screen.services]
        assert ids == ["gr-hamogelo-sos-1056", "de-weisser-ring-116006"]  # bookmarks first, then notes
        text = "\n".join(screen_text(app))
        assert "Bookmarks and notes (2)" in text and "✎" in text and "★" in text


async def test_the_help_explains_every_symbol_the_results_use(tmp_path):
    from tui.keys import SPEC_BY_ID
    from tui.screens.help import SYMBOLS
    from tui.widgets.results import BADGE_MARK, CURSOR

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = "\n".join(screen_text(app))
    legend = {sym for sym, _ in SYMBOLS}
    assert {m.strip() for m in BADGE_MARK.values()} | {CURSOR, "★", "✎", "☎", "⚠"} <= legend
    assert "Symbols" in text and all(sym in text for sym in legend)
    assert "symbols" in SPEC_BY_ID["help"].help


async def test_the_highlighted_row_has_a_glyph_that_needs_no_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "helpline")
        await pilot.press("down")
        await pilot.pause()
        rows = [ln for ln in screen_text(app) if "▸" in ln]
        assert len(rows) == 1 and app.directory.by_id(hit_ids(app)[0])["name"][:10] in rows[0]
        await pilot.press("down")
        await pilot.pause()
        rows = [ln for ln in screen_text(app) if "▸" in ln]
        assert len(rows) == 1 and app.directory.by_id(hit_ids(app)[1])["name"][:10] in rows[0]


async def test_the_footer_recalls_the_marks_where_it_costs_no_line(tmp_path):
    from tui.widgets.keybar import LEGEND, KeyBar

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyBar)
        assert LEGEND in "\n".join(screen_text(app)[-footer.size.height :])
    narrow = make_app(tmp_path)
    async with narrow.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert narrow.screen.query_one(KeyBar).size.height == 2  # no third line for it


async def test_down_from_a_filter_button_goes_to_the_results(tmp_path):
    """After a pick the focus stays on the filter (delete clears it); ↓ then moves into the results."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3", *"Polska", "enter")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#filter-country")
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#results")
