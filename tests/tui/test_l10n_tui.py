"""The app in another language: a referral card exported (e) and copied (c) in the language chosen in the
export dialog, while the app itself goes on in its own. A small Ukrainian catalog of the test's own keeps
this independent of the real catalogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Select

from directory import i18n
from directory.i18n import set_language
from tests.factories import sample_envelope
from tests.palette import run_command, until
from tests.snapshot_app import FIXED_NOW, make_app, settle, type_and_settle
from tui.config import load_config
from tui.referral import referral_text
from tui.widgets.detail import DetailView

UK_PO = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Language: uk\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "REFERRAL: {name}"
msgstr "НАПРАВЛЕННЯ: {name}"

msgid "Hours"
msgstr "Години"

msgid "free"
msgstr "безкоштовно"

msgid "Results ({count})"
msgstr "Результати ({count})"
"""


@pytest.fixture
def uk_catalog(tmp_path, monkeypatch) -> Iterator[Path]:
    folder = tmp_path / "locale"
    (folder / "uk" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "uk" / "LC_MESSAGES" / "vsd.po").write_text(UK_PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "locale_dir", lambda: folder)
    monkeypatch.setattr(i18n, "_loaded", {})
    try:
        yield folder
    finally:
        set_language(None)


def polish_helpline() -> dict:
    return next(s for s in sample_envelope()["services"] if s["id"] == "pl-116111-telefon-zaufania")


async def test_export_and_copy_in_the_language_chosen_in_the_dialog(tmp_path, uk_catalog):
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(tmp_path / "data", export_dir=out)
    copied: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.copy_to_clipboard = copied.append  # the terminal's clipboard, seen from here
        await settle(pilot)
        await type_and_settle(pilot, "telefon zaufania")
        await pilot.press("down", "e")
        await pilot.pause()
        choice = app.screen.query_one("#export-language", Select)
        assert choice.value == "en"  # the app's own language first
        choice.value = "uk"
        await pilot.pause()
        await pilot.press("enter")  # save (the file name box has the focus)
        await pilot.pause()
        assert str(app.screen.query_one("#results").border_title).startswith("Results (")  # the app: English still
        await pilot.press("c")
        await pilot.pause()
    saved = (out / "referral-pl-116111-telefon-zaufania.txt").read_text(encoding="utf-8")
    assert saved.startswith("НАПРАВЛЕННЯ: 116 111 Telefon Zaufania")
    assert "Години:" in saved and "безкоштовно" in saved and "Польща" in saved
    assert copied and copied[-1].startswith("НАПРАВЛЕННЯ: ")  # c: in the language chosen last
    assert referral_text(polish_helpline(), now=FIXED_NOW).startswith("REFERRAL: ")  # English by default still


async def test_the_palette_switches_the_language_at_once_and_it_is_kept(tmp_path, uk_catalog, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('results_limit = 12  # mine\n\n[keys]\nhelp = "f9"\n', encoding="utf-8")
    monkeypatch.setenv("VSD_CONFIG", str(path))
    app = make_app(tmp_path / "data", config=load_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_and_settle(pilot, "telefon zaufania")
        assert str(app.screen.query_one("#results").border_title).startswith("Results (")
        await pilot.press("ctrl+p")
        await run_command(pilot, "українська", "Language: українська (uk)")
        await until(pilot, lambda: str(app.screen.query_one("#results").border_title).startswith("Результати"))
        assert app.screen.query_one("#search").value == "telefon zaufania"  # the query stays
        assert "Години" in app.screen.query_one(DetailView).plain_text  # the detail pane says it again
        await app.workers.wait_for_complete()
    assert path.read_text(encoding="utf-8") == 'results_limit = 12  # mine\n\nlanguage = "uk"\n[keys]\nhelp = "f9"\n'
    assert load_config().ui_language == "uk" and not load_config().problems
