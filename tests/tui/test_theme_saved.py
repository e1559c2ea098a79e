"""The theme chosen in the command palette is written to the config file and read back at start;
a config file that cannot be written costs a short warning and nothing else."""

from __future__ import annotations

from directory import paths
from tests.palette import first_option, run_command, until
from tests.snapshot_app import make_app, settle
from tui.config import load_config

MINE = '# my settings\nresults_limit = 12   # fewer rows\n\n[keys]\nhelp = "f9"  # my help key\n'


async def choose_theme(pilot, name: str) -> None:
    """Command palette → "Theme" (Textual's "Change the current theme") → `name`, as a caseworker does it."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await run_command(pilot, "theme", "Theme")
    await until(pilot, lambda: first_option(app) == "ansi-dark")  # the themes, sorted by name
    await run_command(pilot, name, name)
    await until(pilot, lambda: app.theme == name)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_chosen_theme_is_kept_with_the_users_lines_and_read_back(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text(MINE, encoding="utf-8")
    monkeypatch.setenv("VSD_CONFIG", str(path))
    app = make_app(tmp_path / "data", config=load_config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert path.read_text(encoding="utf-8") == MINE  # starting writes nothing
        await choose_theme(pilot, "nord")
        assert app.theme == "nord"
    assert path.read_text(encoding="utf-8") == MINE.replace("\n\n[keys]", '\n\ntheme = "nord"\n[keys]')
    again = make_app(tmp_path / "data", config=load_config())
    assert again.config.results_limit == 12 and again.config.keymap == {"help": "f9"}
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "nord" and not again.config.problems


async def test_the_theme_line_is_edited_in_place_and_a_linked_file_stays_a_link(tmp_path):
    real = tmp_path / "dotfiles" / "vsd.toml"
    real.parent.mkdir()
    real.write_text('theme = "textual-dark"   # or "textual-light"\n[filters]\ncountry = "DE"\n', encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    app = make_app(tmp_path / "data", config=load_config(link))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await run_command(pilot, "switch dark", "Switch dark / light theme")  # vsd's own command
        await until(pilot, lambda: app.theme == "textual-light")
        await app.workers.wait_for_complete()
        assert app.theme == "textual-light"
    assert link.is_symlink()
    assert (
        real.read_text(encoding="utf-8")
        == 'theme = "textual-light"   # or "textual-light"\n[filters]\ncountry = "DE"\n'
    )
    assert real.stat().st_mode & 0o777 == 0o640


async def test_a_missing_config_folder_is_created(tmp_path):
    path = tmp_path / "new" / "vsd" / "config.toml"
    app = make_app(tmp_path / "data", config=load_config(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.theme = "ansi-dark"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert path.read_text(encoding="utf-8") == 'theme = "ansi-dark"\n'


async def test_a_config_folder_that_cannot_be_made_costs_a_warning_and_nothing_else(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    app = make_app(tmp_path / "data", config=load_config(blocker / "config.toml"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await choose_theme(pilot, "nord")
        assert app.theme == "nord"  # on for this session
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert warnings[0].startswith("Config: cannot read config.toml")  # said at start
        assert warnings[1:] == [
            "Theme nord is on until you quit; it could not be saved to config.toml (Not a directory)."
        ]
    assert blocker.read_text(encoding="utf-8") == "x"


async def test_a_read_only_config_file_is_left_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text(MINE, encoding="utf-8")
    app = make_app(tmp_path / "data", config=load_config(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setenv(paths.FAULT_INJECT_ENV, "atomic-write:EROFS")  # what a read-only disk answers
        await choose_theme(pilot, "nord")
        monkeypatch.delenv(paths.FAULT_INJECT_ENV)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("could not be saved to config.toml (Read-only file system)" in w for w in warnings), warnings
    assert path.read_text(encoding="utf-8") == MINE
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".config.toml")] == []  # no temp file left
