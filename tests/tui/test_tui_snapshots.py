"""Snapshot tests (pytest-textual-snapshot): fixed data, fixed clock, no cursor blink.

Update after an intended UI change with `pytest tests/test_tui_snapshots.py --snapshot-update`
and look at the report/diff before committing.
"""

from __future__ import annotations

from tests.snapshot_app import make_app, settle, type_and_settle


def typed(text: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if text:
            await type_and_settle(pilot, text)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run_before


def test_main_screen(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=typed("kinder telefon"), terminal_size=(100, 30))


def test_main_screen_80x24(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=typed("child helpline poland"), terminal_size=(80, 24))


def test_detail(snap_compare, tmp_path):
    app = make_app(
        tmp_path,
        bookmarks=("de-nummer-gegen-kummer-116111",),
        notes={"de-nummer-gegen-kummer-116111": "Asked for a German-speaking counsellor."},
    )
    assert snap_compare(app, run_before=typed("nummer gegen kummer", "enter"), terminal_size=(100, 30))


def test_help(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=typed("", "f1"), terminal_size=(100, 40))


def test_bookmarks(snap_compare, tmp_path):
    app = make_app(
        tmp_path,
        bookmarks=("gr-hamogelo-sos-1056", "de-weisser-ring-116006", "xx-removed-since"),
        notes={"gr-hamogelo-sos-1056": "Called 30/11, they speak English too."},
    )
    assert snap_compare(app, run_before=typed("", "f2"), terminal_size=(100, 30))


def test_no_results(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=typed("zzqxv"), terminal_size=(80, 24))


def test_country_picker(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=typed("", "f3", *"gr"), terminal_size=(80, 24))


def test_country_card(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=typed("poland", "f7"), terminal_size=(80, 24))


def test_main_screen_60x20(snap_compare, tmp_path):
    """One-line footer, short filter labels, one-line result rows."""
    assert snap_compare(make_app(tmp_path), run_before=typed("child helpline poland"), terminal_size=(60, 20))


def test_main_screen_40x12(snap_compare, tmp_path):
    """One pane: the results only."""
    assert snap_compare(make_app(tmp_path), run_before=typed("helpline"), terminal_size=(40, 12))


def test_detail_40x12(snap_compare, tmp_path):
    """One pane: enter shows the detail in the whole width."""
    assert snap_compare(make_app(tmp_path), run_before=typed("1056", "down", "enter"), terminal_size=(40, 12))


def test_export_dialog_60x20(snap_compare, tmp_path):
    """A long folder is cut on the left with an ellipsis."""
    deep = tmp_path / "a-very-long-folder-name-for-the-caseworker-documents" / "vsd-referrals"
    app = make_app(tmp_path, export_dir=deep)
    assert snap_compare(app, run_before=typed("1056", "down", "e"), terminal_size=(60, 20))
