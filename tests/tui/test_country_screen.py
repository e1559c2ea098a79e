"""F7: the country card screen, driven by Pilot on the real app (fixed data and clock)."""

from __future__ import annotations

from directory.country_card import country_card
from tests.screen_text import screen_text
from tests.snapshot_app import FIXED_NOW, make_app, settle, type_and_settle
from tui.country_card_text import card_markdown, card_text
from tui.screens.country import CountryScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen


async def open_card(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.pause()


async def test_f7_opens_the_card_of_the_country_filter_and_escape_returns(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3", *"Polska", "enter")  # the country filter, by the country's own name
        await settle(pilot)
        await open_card(pilot, "f7")
        assert isinstance(app.screen, CountryScreen) and app.screen.country == "PL"
        text = "\n".join(screen_text(app))
        assert "Poland (PL): key services by kind of help" in text
        assert "EMERGENCY NUMBER" in text and "Phone: 112 · short number: dial within Poland" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.filters["country"] == "PL"  # the search is as it was


async def test_the_query_s_country_chip_then_the_highlighted_service_choose_the_country(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "thailand")  # a chip, no filter set
        await open_card(pilot, "f7")
        assert isinstance(app.screen, CountryScreen) and app.screen.country == "TH"
        await open_card(pilot, "f7")  # f7 again closes it
        assert isinstance(app.screen, MainScreen)
        await pilot.press(*["backspace"] * len("thailand"))
        await type_and_settle(pilot, "1056")
        await pilot.press("down")
        await open_card(pilot, "f7")
        assert isinstance(app.screen, CountryScreen) and app.screen.country == "GR"


async def test_without_a_country_or_a_service_the_key_says_what_to_do(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "zzqxv")  # nothing found, nothing highlighted
        await open_card(pilot, "f7")
        assert isinstance(app.screen, MainScreen)
        assert any("Choose a country (f3)" in str(n.message) for n in app._notifications)


async def test_export_and_copy_the_card(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(tmp_path, export_dir=out)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "poland")
        await open_card(pilot, "f7")
        card = country_card(app.directory, "PL", now=FIXED_NOW)
        await pilot.press("c")
        assert app.clipboard == card_text(card)
        await open_card(pilot, "e")
        assert "Export country card: Poland" in str(app.screen.query_one("#export-title").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CountryScreen)  # back on the card after saving
        await open_card(pilot, "e")
        await pilot.press("ctrl+t", "enter")
        await pilot.pause()
    assert (out / "country-card-pl.txt").read_text(encoding="utf-8") == card_text(card)
    assert (out / "country-card-pl.md").read_text(encoding="utf-8") == card_markdown(card)


async def test_the_palette_and_the_help_list_the_card(tmp_path):
    from tui.palette import VsdCommands

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 70)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "germany")
        names = [name for name, _help, _cb in VsdCommands(app.screen)._commands()]
        assert "Country card" in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"country card", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CountryScreen) and app.screen.country == "DE"
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Country card" in "\n".join(screen_text(app))
