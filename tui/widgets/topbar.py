"""The top line: the app's name and the quick exit, visible on every screen."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from directory.i18n import _


class QuickExitLabel(Static):
    """Always on screen; a click leaves too (like the "exit this page" button of support sites)."""

    def on_mount(self) -> None:
        self.refresh_label()

    def refresh_label(self) -> None:
        keys = "/".join(self.app.get_key_display_for(k) for k in self.app.quick_exit_keys())
        more = "" if self.app.size.width < 70 else " " + _("or esc×3")
        self.update(Content(" " + _("QUICK EXIT: {keys}").format(keys=keys) + more + " "))

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_label()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.app.action_quick_exit()


class TopBar(Horizontal):
    def __init__(self, title: str | None = None) -> None:
        super().__init__()
        self._default = title is None
        self._title = title or _("vsd · victim services directory")

    def retranslate(self) -> None:
        """The app's own title in the language now spoken (a screen's own title is made with the screen)."""
        if self._default:
            self._title = _("vsd · victim services directory")
        self.query_one("#topbar-title", Static).update(Content(f" {self._title}"))
        self.query_one(QuickExitLabel).refresh_label()

    def compose(self) -> ComposeResult:
        yield Static(Content(f" {self._title}"), id="topbar-title")
        yield QuickExitLabel(id="quick-exit")

    def on_resize(self, event: events.Resize) -> None:
        title = self._title if event.size.width >= 70 else self._title.split(" · ")[0]
        self.query_one("#topbar-title", Static).update(Content(f" {title}"))
        self.query_one(QuickExitLabel).refresh_label()
