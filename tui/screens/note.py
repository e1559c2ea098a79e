"""`n`: a private note on a service, kept in the user-data file (never in referrals)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from .. import keys
from ..widgets.inputs import SubmitInput
from ..widgets.keybar import KeyBar


class NoteScreen(ModalScreen[str | None]):
    BINDINGS = [keys.binding("dialog_cancel")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__(classes="note-screen")
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note"):
            yield Static(Content.assemble(("Private note: ", "bold"), self.title_text), id="note-title")
            yield SubmitInput(
                self.note,
                placeholder="Only you see this; empty removes the note",
                id="note-input",
                max_length=2000,
                submit_label="Save",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#note-input", SubmitInput).focus()

    @on(SubmitInput.Submitted, "#note-input")
    def action_save(self, event=None) -> None:
        self.dismiss(self.query_one("#note-input", SubmitInput).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
