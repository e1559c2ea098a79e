"""Every notification goes after a few seconds, and a long one shows its first sentence on the toast
while the message log (command palette → Messages) keeps the whole text."""

from __future__ import annotations

import pytest
from textual.app import App

from directory import paths
from directory.errors import VsdError
from tests.palette import run_command, until
from tests.snapshot_app import make_app, settle, type_and_settle
from tui import toasts
from tui.config import load_config
from tui.screens.messages import MessagesScreen

CAPS = {"information": toasts.INFO_S, "warning": toasts.ALERT_S, "error": toasts.ALERT_S}


@pytest.fixture
def raised(monkeypatch):
    """Every notification that reaches Textual: (severity, timeout, text)."""
    seen: list[tuple[str, float | None, str]] = []
    original = App.notify

    def recording(self, message, *, title="", severity="information", timeout=None, markup=True):
        seen.append((severity, timeout, str(message)))
        original(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", recording)
    return seen


def failing_sync(data_dir, progress=None):
    raise VsdError("rollback: the feed offers version 6, older than your version 7 — refused, keeping your copy")


async def test_no_notification_outlives_its_cap(tmp_path, monkeypatch, raised):
    config = tmp_path / "config.toml"
    config.write_text(
        'theme = "no-such-theme"\nresults_limit = "many"\n[filters]\ncountry = "Atlantis"\n[keys]\nfly = "f"\n',
        encoding="utf-8",
    )
    app = make_app(tmp_path / "data", config=load_config(config), sync=failing_sync)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)  # start-up: a bad config
        await pilot.press("ctrl+s")  # a sync error
        await app.workers.wait_for_complete()
        await pilot.pause()
        await type_and_settle(pilot, "1056")
        monkeypatch.setenv(paths.FAULT_INJECT_ENV, "atomic-write:EROFS")  # a save error
        await pilot.press("down", "b")
        await pilot.pause()
        monkeypatch.delenv(paths.FAULT_INJECT_ENV)
        app.notify("Textual's own")  # a notification that does not come through say()
        await pilot.pause()
    severities = {s for s, _t, _m in raised}
    assert {"information", "warning", "error"} <= severities, raised
    assert any("Could not save the bookmark" in m for _s, _t, m in raised)
    assert any("rollback" in m for _s, _t, m in raised)
    for severity, timeout, text in raised:
        assert timeout is not None and 0 < timeout <= CAPS[severity], (severity, timeout, text)


async def test_a_long_message_shows_its_first_sentence_and_the_log_keeps_all(tmp_path, raised):
    app = make_app(tmp_path)
    long = "The first sentence says what happened. " + " ".join(["Then a long explanation follows."] * 10)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.say(long, severity="warning")
        await pilot.pause()
        shown = raised[-1][2]
        assert shown.startswith("The first sentence says what happened. (all of it: ^p › Messages)")
        assert len(shown) <= toasts.TOAST_CHARS
        assert app.message_log[-1] == ("warning", long)
        await pilot.press("ctrl+p")
        await run_command(pilot, "messages", "Messages")
        await until(pilot, lambda: isinstance(app.screen, MessagesScreen))
        text = str(app.screen.query_one("#messages-text").render())
        assert " ".join(["Then a long explanation follows."] * 10) in text.replace("\n", " ")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MessagesScreen)


def test_a_sentence_longer_than_a_toast_is_cut_at_a_word():
    text = toasts.toast_text("word " * 60, "(more)")
    assert text.endswith("… (more)") and len(text) <= toasts.TOAST_CHARS + len(" (more)")
    assert toasts.toast_text("short. Still short.", "(more)") == "short. Still short."
