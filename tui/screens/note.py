"""`n`: a private note on a service, kept in the user-data file (never in referrals).

The dialog saves the note itself and closes only once it is saved. When the write
fails (a full disk, a read-only folder, a damaged user-data file) it stays open with
the error and the typed text: Enter tries again, Esc discards the text.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from directory.i18n import N_, _
from directory.safe_text import plain

from .. import keys
from ..widgets.inputs import SubmitInput
from ..widgets.keybar import KeyBar


class NoteScreen(ModalScreen[str | None]):
    """Dismissed with None once the note is saved (or the dialog cancelled). Only when it
    has no service to save to does it dismiss with the text, for the caller to save."""

    BINDINGS = [keys.binding("dialog_cancel")]
    DEFAULT_CSS = """
    #note-message {
        height: auto;
    }
    """

    def __init__(self, title: str, note: str, *, service_id: str | None = None) -> None:
        super().__init__(classes="note-screen")
        self.title_text = title
        self.note = note
        self.service_id = service_id
        self.caller: Screen[Any] | None = None
        try:
            # Opened from a screen with a highlighted service (tui.screens.service_actions):
            # that service is the one whose note this is.
            self.caller = self.app.screen
        except Exception:  # noqa: BLE001 - no running app (or no screen yet): the caller saves
            return
        if service_id is None:
            current = getattr(self.caller, "current_service", None)
            service = current() if callable(current) else None
            if isinstance(service, dict) and isinstance(service.get("id"), str):
                self.service_id = service["id"]

    def compose(self) -> ComposeResult:
        with Vertical(id="note"):
            yield Static(Content.assemble((_("Private note: "), "bold"), self.title_text), id="note-title")
            yield SubmitInput(
                self.note,
                placeholder=_("Only you see this; empty removes the note"),
                id="note-input",
                max_length=2000,
                submit_label=N_("Save"),
            )
            yield Static("", id="note-message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#note-input", SubmitInput).focus()
        read_only = getattr(self.app, "userdata_read_only", None)
        if read_only:
            self._tell(
                _("Bookmarks and notes are read-only ({read_only}); this note may not save.").format(
                    read_only=read_only
                ),
                "$warning",
            )

    def _tell(self, text: str, style: str) -> None:
        try:
            message = self.query_one("#note-message", Static)
        except NoMatches:  # pragma: no cover - the dialog is closing
            return
        message.update(Content.styled(plain(text), style))

    @on(SubmitInput.Submitted, "#note-input")
    def action_save(self, event: SubmitInput.Submitted | None = None) -> None:
        if event is not None:
            event.stop()
        text = self.query_one("#note-input", SubmitInput).value
        if self.service_id is None:
            self.dismiss(text)
            return
        try:
            self.app.set_note(self.service_id, text)  # type: ignore[attr-defined]
        except Exception as e:  # noqa: BLE001 - VsdError or OSError: one line from the store
            self._tell(
                _(
                    "Could not save the note: {error}. Your text is still here: Enter tries again, Esc discards it."
                ).format(error=e),
                "$error",
            )
            return
        self.app.notify(_("Note saved.") if text.strip() else _("Note removed."), markup=False)
        self.dismiss(None)
        refresh = getattr(self.caller, "refresh_service_views", None)
        if callable(refresh):
            refresh()

    def action_cancel(self) -> None:
        self.dismiss(None)
