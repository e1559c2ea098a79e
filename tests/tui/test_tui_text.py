"""The TUI's headless parts: safe text, the referral card, presentation, config."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory import presentation as present
from directory.safe_text import plain
from tests.factories import hostile_service, sample_services, service
from tui.config import load_config
from tui.referral import default_filename, md_escape, referral_markdown, referral_text, render

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("[b]x[/b]", "[b]x[/b]"),
        ("[@click=app.quit]quit[/]", "[@click=app.quit]quit[/]"),
        ("\x1b[31mRED\x1b[0m", "RED"),
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("x\x9b31my", "xy"),
        ("tab\there\nnew\rline", "tab here new line"),
        ("evil\u202eexe.txt", "evilexe.txt"),
        ("bell\x07 null\x00", "bell null"),
        ("Ελληνικά · ไทย · Українська", "Ελληνικά · ไทย · Українська"),
    ],
)
def test_plain_strips_escapes_and_controls_only(raw, shown):
    assert plain(raw) == shown


@given(st.text())
def test_plain_never_leaves_control_characters(text):
    out = plain(text, keep_newlines=True)
    assert "\x1b" not in out
    assert all(ch == "\n" or unicodedata.category(ch) != "Cc" for ch in out)
    assert plain(out, keep_newlines=True) == out  # idempotent


def test_referral_text_card():
    card = referral_text(service(), now=NOW)
    assert card.startswith("REFERRAL: Nummer gegen Kummer – Kinder- und Jugendtelefon\n")
    for line in (
        "Phone:        116 111 (Kinder- und Jugendtelefon · short number: dial within Germany)",
        "Hours:        Mon–Sat 14:00–20:00 (Europe/Berlin time)",
        "Your time:    Mon–Sat 13:00–19:00 (this week, where this card was prepared)",
        "Languages:    German",
        "Source:       https://www.nummergegenkummer.de",
        "Checked:      2026-11-01, confirmed on the service's own site or an official listing",
        "Prepared 2026-11-30 from the vsd directory (ref. de-nummer-gegen-kummer-116111).",
    ):
        assert line in card
    berlin = referral_text(service(), now=NOW.astimezone(ZoneInfo("Europe/Berlin")))
    assert "Your time" not in berlin  # the reader keeps the service's own time: nothing to convert


def multilingual_service():
    """A service answering in several languages, with a line of its own hours and a number callable
    from abroad (the parents' line of Nummer gegen Kummer, from its own site)."""
    return service(
        id="de-elterntelefon",
        name="Elterntelefon",
        name_en="Parents' helpline",
        languages=["de", "en", "tr", "ru"],
        languages_note="German; English, Turkish and Russian at set times.",
        channels=[
            {
                "kind": "phone",
                "value": "0800 111 0 550",
                "label": "Elterntelefon",
                "international": "+498001110550",
                "hours": {
                    "timezone": "Europe/Berlin",
                    "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "17:00"}],
                },
            }
        ],
        hours=None,
        min_age=None,
        max_age=None,
        audiences=["parents"],
    )


@pytest.mark.parametrize(
    "which",
    ["short-number", "no-phone", "multilingual"],
)
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_referral_card_snapshots(which, fmt, snapshot):
    svc = {
        "short-number": sample_services()[4],  # 1056: dial within Greece only
        "no-phone": sample_services()[6],  # a report form only
        "multilingual": multilingual_service(),
    }[which]
    assert render(svc, fmt, now=NOW) == snapshot


def test_a_card_names_sources_by_publisher_and_never_a_path():
    svc = service(
        citations=[
            {"url": "https://example.org/news", "publisher": "news", "read": "2026-11-30", "quote": "116 111"},
            {"url": "https://www.nummergegenkummer.de", "publisher": "service", "read": "2026-11-30", "quote": "x"},
        ]
    )
    card = referral_text(svc, now=NOW)
    lines = [ln for ln in card.splitlines() if ln.startswith("Source:")]
    assert lines == [
        "Source:       https://www.nummergegenkummer.de (the service's own site)",
        "Source:       https://example.org/news (a news item)",
    ]
    imported = service(source="/home/caseworker/exports/koeln.json", origin="HSDS import 'koeln'", citations=None)
    card = referral_text(imported, now=NOW)
    assert "/home/caseworker" not in card and "Source:       imported from another directory" in card


def test_a_number_written_internationally_is_not_repeated_and_others_are_grouped():
    plus = service(channels=[{"kind": "phone", "value": "+66 99 130 1300", "international": "+66991301300"}])
    assert "Phone:        +66 99 130 1300\n" in referral_text(plus)
    national = service(channels=[{"kind": "phone", "value": "0800 111 0 550", "international": "+498001110550"}])
    assert "Phone:        0800 111 0 550 (from abroad +49 800 1110550)" in referral_text(national)


def test_referral_never_carries_markup_escapes_or_html():
    md = referral_markdown(hostile_service(), now=NOW)
    assert "\x1b" not in md and "\x9b" not in md
    assert "# Referral: \\[b\\]x\\[/b\\]" in md
    assert "\\[@click=app.quit\\]" in md
    assert not re.search(r"(?<!\\)[\[\]]", md)  # every bracket escaped: no links, no images
    assert "<" not in md.replace("<https://www.nummergegenkummer.de>", "")
    assert "\x1b" not in referral_text(hostile_service())


def test_markdown_links_only_for_plain_urls():
    md = referral_markdown(service(source="https://a.example/x ; javascript:alert(1)"))
    assert "- **Source:** <https://a.example/x>" in md
    assert "javascript" not in md  # not a web address: not on the card at all
    assert md_escape("*a* _b_ `c` <d> |e|") == "\\*a\\* \\_b\\_ \\`c\\` \\<d\\> \\|e\\|"


def test_render_and_filenames():
    s = sample_services()[4]
    assert render(s, "markdown") == referral_markdown(s)
    assert default_filename(s, "markdown") == "referral-gr-hamogelo-sos-1056.md"
    with pytest.raises(ValueError):
        render(s, "pdf")


def test_open_status_their_time_and_yours():
    hours = service()["hours"]
    assert present.open_status(hours, NOW).text == "closed, opens at 14:00 (their time), 13:00 yours"
    later = NOW.replace(hour=15)
    assert present.open_status(hours, later).text == "open now, until 20:00 (their time), 19:00 yours"
    sunday = datetime(2026, 11, 29, 15, 0, tzinfo=ZoneInfo("Europe/London"))
    assert present.open_status(hours, sunday).text == "closed, opens at Mon 14:00 (their time), Mon 13:00 yours"
    berlin = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    assert present.open_status(hours, berlin).text == "closed, opens at 14:00"
    assert present.open_status({"timezone": "Asia/Bangkok", "always_open": True}, NOW).badge == "24/7"
    assert present.open_status(None, NOW).state == "unknown"


def test_format_days_and_hours_lines():
    assert present.format_days(["mon", "tue", "wed", "thu", "fri"]) == "Mon–Fri"
    assert present.format_days(["mon", "wed"]) == "Mon, Wed"
    assert present.format_days(["sat", "sun", "mon", "tue", "wed", "thu", "fri"]) == "daily"
    night = {"timezone": "Europe/Paris", "weekly": [{"days": ["fri", "sat"], "opens": "22:00", "closes": "02:00"}]}
    assert present.hours_lines(night) == ["Fri, Sat 22:00–02:00 (next day)"]


def test_verification_warnings():
    assert not present.verification(service(), NOW).warn
    old = present.verification(service(last_verified="2025-06-02"), NOW)
    assert old.warn and "older than 12 months" in old.text
    assert present.verification(service(verification="unverified"), NOW).warn


def test_config_file_round_trip(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "textual-light"\nresults_limit = 40\n'
        '[filters]\ncountry = "Deutschland"\nlanguage = "de"\nopen_now = true\n'
        '[keys]\nbookmark = "m"\nfocus_search = "slash, ctrl+f"\n',
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.problems == []
    assert (cfg.theme, cfg.results_limit, cfg.country, cfg.language, cfg.open_now) == (
        "textual-light",
        40,
        "Deutschland",
        "de",
        True,
    )
    assert cfg.keymap == {"bookmark": "m", "focus_search": "slash,ctrl+f"}
    assert load_config(tmp_path / "missing.toml").problems == []
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00")
    assert "not UTF-8" in load_config(tmp_path / "bin.toml").problems[0]


def test_config_path_from_environment(tmp_path, monkeypatch):
    from tui.config import config_path

    monkeypatch.setenv("VSD_CONFIG", str(tmp_path / "c.toml"))
    assert config_path() == tmp_path / "c.toml"


@pytest.mark.parametrize("module", ["directory.safe_text", "directory.presentation", "tui.referral"])
def test_formatting_stays_headless(module):
    code = f"import sys, {module}; sys.exit(1 if any(m.startswith('textual') for m in sys.modules) else 0)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_vsd_without_a_command_opens_the_app_without_loading_the_commands():
    from pathlib import Path

    from tui.cli import _tui_args

    assert _tui_args([]) is not None
    assert _tui_args(["--data-dir", "/tmp/d"]).data_dir == Path("/tmp/d")
    assert _tui_args(["info"]) is None and _tui_args(["-h"]) is None and _tui_args(["search", "x"]) is None
    code = (
        "import sys, tui.cli, tui.launch, tui.app, tui.screens.main; "
        "core = ('directory.directory', 'directory.search', 'directory.store', 'tui.subcommands.validate'); "
        "sys.exit(1 if any(m in sys.modules for m in core) else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, "the first frame must not wait for the domain core: " + done.stderr
