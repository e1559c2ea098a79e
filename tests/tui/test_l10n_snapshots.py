"""Snapshots in other languages: the main screen in German (long words) and Japanese (wide script) at
80×24 and 100×30, and a referral card in Ukrainian and Thai for a service of another country.

Each runs once its catalog is in locale/ (skipped before). After the catalogs change, record them again
(`pytest tests/tui/test_l10n_snapshots.py --snapshot-update`) and look at them before committing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from directory.i18n import available_languages, set_language
from tests.factories import sample_services
from tests.snapshot_app import make_app, settle, type_and_settle
from tui.referral import render

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def speak(request) -> Iterator[str]:
    """The language of the test's parameter, or a skip when its catalog is not there yet."""
    lang = request.param
    if lang not in available_languages():
        pytest.skip(f"no catalog for {lang} yet")
    set_language(lang)
    try:
        yield lang
    finally:
        set_language(None)


def typed(text: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await type_and_settle(pilot, text)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("speak", ["de", "ja"], indirect=True)
def test_main_screen_in_another_language(speak, size, snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), run_before=typed("kinder telefon"), terminal_size=size)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("speak", ["uk", "th"], indirect=True)
def test_referral_card_in_another_language(speak, fmt, snapshot):
    polish = next(s for s in sample_services() if s["id"] == "pl-116111-telefon-zaufania")
    card = render(polish, fmt, now=NOW)
    assert "116 111 Telefon Zaufania dla Dzieci i Młodzieży" in card  # the service's own name stays
    assert card == snapshot
