"""A type-to-filter picker for one filter (country, language, support type).

Typing narrows the list by name or code and also asks the resolver, so
"Allemagne", "Deutschland" or "de" all put Germany at the top. Returns
("set", code) — code None for "Any" — or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from directory.i18n import N_, _
from directory.safe_text import plain

from .. import keys
from ..widgets.inputs import SubmitInput
from ..widgets.keybar import KeyBar

ANY = "__any__"


class PickerScreen(ModalScreen[tuple[str, str | None] | None]):
    BINDINGS = [
        keys.binding("dialog_cancel"),
        Binding("down", "move(1)", N_("Next"), show=False),
        Binding("up", "move(-1)", N_("Prev"), show=False),
        keys.binding("dialog_ok", description=N_("Choose")),
    ]

    def __init__(
        self,
        kind: str,
        title: str,
        options: list[tuple[str, str]],
        resolver: Callable[[str], str | None] | None = None,
        current: str | None = None,
    ) -> None:
        super().__init__(classes="picker-screen")
        self.kind = kind
        self.title_text = title
        from directory.normalize import fold

        self._fold = fold
        self.options = [(code, plain(name)) for code, name in options]
        self._folded = [(code, name, fold(f"{name} {code}")) for code, name in self.options]
        self.resolver = resolver
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static(Content.styled(self.title_text, "bold"), id="picker-title")
            yield SubmitInput(
                placeholder=_("Type to filter (names in any language, or codes)"),
                id="picker-input",
                submit_label=N_("Choose"),
            )
            yield OptionList(id="picker-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-input", SubmitInput).focus()

    def _fill(self, text: str) -> None:
        q = self._fold(text)
        resolved = self.resolver(text) if (self.resolver and text.strip()) else None
        matches = [(c, n) for c, n, f in self._folded if all(w in f for w in q.split())]
        if resolved and resolved not in [c for c, _ in matches]:
            matches.insert(0, next(((c, n) for c, n in self.options if c == resolved), (resolved, resolved)))
        elif resolved:
            matches.sort(key=lambda cn: cn[0] != resolved)
        any_words = "any no filter none all"
        wants_any = not q or all(w in any_words for w in q.split())
        rows = [Option(Content.styled(_("Any (no filter)"), "italic"), id=ANY)] if wants_any else []
        rows += [Option(Content.assemble(name, (f"  {code}", "dim")), id=code) for code, name in matches]
        ol = self.query_one("#picker-list", OptionList)
        ol.set_options(rows)
        if rows:
            ids = [r.id for r in rows]
            if not q and self.current in ids:
                ol.highlighted = ids.index(self.current)
            else:
                ol.highlighted = 0

    @on(SubmitInput.Changed, "#picker-input")
    def _changed(self, event: SubmitInput.Changed) -> None:
        self._fill(event.value)

    @on(SubmitInput.Submitted, "#picker-input")
    def _submitted(self, event: SubmitInput.Submitted) -> None:
        event.stop()
        self.action_choose()

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._finish(event.option.id)

    def action_move(self, step: int) -> None:
        ol = self.query_one("#picker-list", OptionList)
        if step > 0:
            ol.action_cursor_down()
        else:
            ol.action_cursor_up()

    def action_choose(self) -> None:
        ol = self.query_one("#picker-list", OptionList)
        if ol.highlighted is None:
            self.app.bell()
            return
        self._finish(ol.get_option_at_index(ol.highlighted).id)

    def _finish(self, option_id: str | None) -> None:
        self.dismiss(("set", None if option_id == ANY else option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
