"""Chips for the filters that words of the query set ("poland" -> Country: Poland)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from directory.i18n import N_, _
from directory.safe_text import plain

from .. import keys
from .filters import KIND_LABEL, NARROW, width_band


class Chip(Static, can_focus=True):
    BINDINGS = [keys.binding("remove_chip")]

    class Removed(Message):
        def __init__(self, kind: str, code: str) -> None:
            super().__init__()
            self.kind = kind
            self.code = code

    def __init__(self, kind: str, code: str, name: str) -> None:
        super().__init__(classes="chip")
        self.kind, self.code, self.label_text = kind, code, plain(name)

    def render(self) -> Content:
        if self.app.size.width < NARROW:  # the value says enough: "Poland ✕"
            return Content.assemble(" ", (self.label_text, "bold"), " ✕ ")
        return Content.assemble(f" {_(KIND_LABEL[self.kind])}: ", (self.label_text, "bold"), " ✕ ")

    def action_remove(self) -> None:
        self.post_message(self.Removed(self.kind, self.code))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_remove()


class ChipBar(Horizontal):
    """Always one line: the chips, or a hint when the query set no filter."""

    HINT = N_("Words like “poland”, “ukrainian” or “helpline” become filters you can remove.")

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(_(self.HINT), "dim"), id="chips-hint")

    def on_mount(self) -> None:
        self.add_class("-empty")
        self._band = width_band(self.app.size.width)

    def _hint(self, chips: bool) -> str:
        if chips:
            return _("Query:") if self.app.size.width < NARROW else _("From your query:")
        return _(self.HINT)

    def retranslate(self) -> None:
        self._band = width_band(self.app.size.width)  # the words below are for this width
        chips = list(self.query(Chip))
        self.query_one("#chips-hint", Static).update(Content.styled(self._hint(bool(chips)), "dim"))
        self.query(Chip).remove()  # the query's chips come back with the next answer, in the new language
        self.set_class(True, "-empty")

    def on_resize(self, event: events.Resize) -> None:
        band = width_band(self.app.size.width)
        if band == self._band:
            return  # the same words: no second layout (one used to follow the first frame)
        self._band = band
        chips = list(self.query(Chip))
        self.query_one("#chips-hint", Static).update(Content.styled(self._hint(bool(chips)), "dim"))
        for chip in chips:
            chip.refresh(layout=True)

    def set_chips(self, chips: list[tuple[str, str, str]]) -> None:
        """chips: (kind, code, display name). Rebuilt only when they change."""
        current = [(c.kind, c.code) for c in self.query(Chip)]
        if current == [(k, c) for k, c, _ in chips]:
            return
        focused_chip = isinstance(self.app.focused, Chip)
        self.query(Chip).remove()
        self._band = width_band(self.app.size.width)  # hidden when empty, it missed any resize meanwhile
        hint = self.query_one("#chips-hint", Static)
        hint.update(Content.styled(self._hint(bool(chips)), "dim"))
        self.set_class(not chips, "-empty")
        self.mount_all([Chip(k, c, n) for k, c, n in chips])
        if focused_chip:
            self.screen.call_after_refresh(self.screen.action_focus_search)
