"""The message log: the whole text of the recent notifications, newest first.

A toast shows a long message's first sentence and goes after a few seconds (`tui.toasts`); this
screen, opened from the command palette ("Messages"), keeps every word. Each message is plain text in
a `Content`, so nothing quoted from the data or the feed is read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from directory.i18n import _

from .. import keys
from ..widgets.keybar import KeyBar
from ..widgets.topbar import TopBar

if TYPE_CHECKING:
    from ..app import VsdApp

SEVERITY_STYLE = {"information": "", "warning": "$text-warning", "error": "bold $text-error"}


class MessagesScreen(Screen[None]):
    BINDINGS = [keys.binding("back", action="close")]

    def compose(self) -> ComposeResult:
        yield TopBar(_("vsd · messages"))
        with VerticalScroll(id="messages-body"):
            yield Static(id="messages-text")
        yield KeyBar()

    def on_mount(self) -> None:
        log = cast("VsdApp", self.app).message_log
        shown = [Content.styled(text, SEVERITY_STYLE.get(severity, "")) for severity, text in reversed(log)]
        empty = Content.styled(_("No messages yet."), "italic")
        self.query_one("#messages-text", Static).update(Content("\n\n").join(shown) if shown else empty)
        self.query_one("#messages-body").focus()

    def action_close(self) -> None:
        self.dismiss()
