"""The top line: the app's name and the quick exit, visible on every screen."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from directory.i18n import _


class Words(Static):
    """A label that changes only when its words do: an update lays the screen out again, and the
    first resize (right after the first frame) would otherwise do that for the same words."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(Content(text), **kwargs)
        self._text = text

    def show(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update(Content(text))


class QuickExitLabel(Words):
    """Always on screen; a click leaves too (like the "exit this page" button of support sites)."""

    def on_mount(self) -> None:
        self.refresh_label()

    def refresh_label(self) -> None:
        keys = "/".join(self.app.get_key_display_for(k) for k in self.app.quick_exit_keys())
        more = "" if self.app.size.width < 70 else " " + _("or esc×3")
        self.show(" " + _("QUICK EXIT: {keys}").format(keys=keys) + more + " ")

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
        self._show_title(self.size.width or self.app.size.width)
        self.query_one(QuickExitLabel).refresh_label()

    def compose(self) -> ComposeResult:
        yield Words(self._title_for(self.app.size.width), id="topbar-title")
        yield QuickExitLabel(id="quick-exit")

    def on_resize(self, event: events.Resize) -> None:
        self._show_title(event.size.width)
        self.query_one(QuickExitLabel).refresh_label()

    def _title_for(self, width: int) -> str:
        return " " + (self._title if width >= 70 else self._title.split(" · ")[0])

    def _show_title(self, width: int) -> None:
        self.query_one("#topbar-title", Words).show(self._title_for(width))
