"""The filter bar: country, language and support type (each opens a type-to-filter
picker fed by the resolvers) and the open-now toggle."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from directory.i18n import N_, _
from directory.safe_text import plain

from .. import keys

KIND_LABEL = {"country": N_("Country"), "language": N_("Language"), "support_type": N_("Type")}
SHORT_LABEL = {"country": N_("Ctry"), "language": N_("Lang"), "support_type": N_("Type")}  # under 70 columns
LETTER = {"country": "C", "language": "L", "support_type": "T"}  # under 50 columns (f3, f4, f5 in help)
NARROW = 70
ONE_PANE = 50


def width_band(width: int) -> int:
    """Which labels a width takes: 0 under ONE_PANE columns, 1 under NARROW, 2 from NARROW on.
    A resize within a band changes no label, so it need not lay the bar out again."""
    return 0 if width < ONE_PANE else 1 if width < NARROW else 2


class FilterButton(Static, can_focus=True):
    """Shows "Country: Any ▾"; enter, space or a click opens the picker."""

    BINDINGS = keys.bindings("filter_choose", "filter_clear")
    value: reactive[str | None] = reactive(None)
    # layout=True: the button is as wide as its text, so a new name must re-measure it.
    display_name: reactive[str] = reactive("", layout=True)  # "" shows as "Any" in the UI language

    class Pressed(Message):
        def __init__(self, kind: str) -> None:
            super().__init__()
            self.kind = kind

    class Cleared(Message):
        def __init__(self, kind: str) -> None:
            super().__init__()
            self.kind = kind

    def __init__(self, kind: str, key_hint: str = "") -> None:
        super().__init__(id=f"filter-{kind}", classes="filter-button")
        self.kind = kind
        self.key_hint = key_hint

    def render(self) -> Content:
        name = plain(self.display_name) or _("Any")
        width = self.app.size.width
        label = (LETTER if width < ONE_PANE else SHORT_LABEL if width < NARROW else KIND_LABEL)[self.kind]
        return Content.assemble(
            (f"{_(label)}: ", "bold"),
            (name, "" if self.value else "dim"),
            "" if width < ONE_PANE else " ▾",
        )

    def set_value(self, code: str | None, name: str) -> None:
        self.value = code
        self.display_name = name if code else ""
        self.set_class(bool(code), "-set")

    def action_open(self) -> None:
        self.post_message(self.Pressed(self.kind))

    def action_clear(self) -> None:
        self.post_message(self.Cleared(self.kind))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Pressed(self.kind))

    def key_down(self, event: events.Key) -> None:
        """After a pick the focus stays here (delete clears the filter); ↓ goes on to what it
        narrowed to, as it does from the search box."""
        results = self.screen.query("#results")
        if results and results.first().option_count:
            event.stop()
            results.first().focus()


class OpenNowToggle(Static, can_focus=True):
    """ "☐ Open now" / "☑ Open now": the state is in the symbol and the words, not only colour."""

    BINDINGS = keys.bindings("open_now_switch")
    value: reactive[bool] = reactive(False)

    class Changed(Message):
        def __init__(self, value: bool) -> None:
            super().__init__()
            self.value = value

    def render(self) -> Content:
        words = _("Open") if self.app.size.width < NARROW else _("Open now")
        return Content.assemble(("☑ " if self.value else "☐ ", "bold"), (words, "bold" if self.value else ""))

    def watch_value(self, value: bool) -> None:
        self.set_class(value, "-set")
        self.post_message(self.Changed(value))

    def action_toggle(self) -> None:
        self.value = not self.value

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_toggle()


class FilterBar(Horizontal):
    def on_mount(self) -> None:
        self._band = width_band(self.app.size.width)  # what the first layout's labels were made for

    def on_resize(self, event: events.Resize) -> None:
        band = width_band(self.app.size.width)
        if band != self._band:  # the labels depend on the width (short under 70 columns)
            self._band = band
            for child in self.children:
                child.refresh(layout=True)

    def compose(self) -> ComposeResult:
        yield FilterButton("country")
        yield FilterButton("language")
        yield FilterButton("support_type")
        yield OpenNowToggle(id="open-now", classes="filter-button")
