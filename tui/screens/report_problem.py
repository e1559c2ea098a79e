"""`r`: report a problem with a service (its number does not answer, its hours are wrong, it has closed,
or something else) for the directory's curators.

Saved on this computer only (`directory.corrections`); `vsd corrections export` writes the file the
caseworker sends. The dialog says, above the text box, not to write anything about a victim. Like the
note dialog it closes only once the correction is saved, and keeps the choice and text when it cannot.
"""

from __future__ import annotations

from typing import Any, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import RadioButton, RadioSet, Static

from directory import presentation as present
from directory.corrections import MAX_TEXT, CorrectionsFile, kinds, new_correction
from directory.i18n import N_, _
from directory.records import Service
from directory.safe_text import plain

from .. import keys
from ..widgets.inputs import SubmitInput
from ..widgets.keybar import KeyBar

PRIVACY_LINE = N_("Do not write anything personal about a victim: no names, no case details.")
SAVED_WHERE = N_("Kept on this computer only; `vsd corrections export` writes a file to send to the curators.")


class ReportProblemScreen(ModalScreen[bool]):
    """Dismissed with True once a correction is saved, False when cancelled."""

    BINDINGS = [keys.binding("dialog_cancel")]
    DEFAULT_CSS = """
    ReportProblemScreen {
        align: center middle;
    }
    #report {
        width: 72;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #report-kind {
        width: 100%;
        height: auto;
    }
    #report-privacy, #report-message, #report-where {
        height: auto;
    }
    """

    def __init__(self, service: dict[str, Any], directory_version: int | None = None) -> None:
        super().__init__(classes="report-screen")
        self.service = service
        self.directory_version = directory_version

    def compose(self) -> ComposeResult:
        with Vertical(id="report"):
            yield Static(
                Content.assemble((_("Report a problem: "), "bold"), present.name(cast(Service, self.service))),
                id="report-title",
            )
            with RadioSet(id="report-kind"):
                for kind in kinds().values():
                    yield RadioButton(kind.label, id=f"kind-{kind.id}")
            yield Static(Content.styled(_(PRIVACY_LINE), "bold $warning"), id="report-privacy")
            yield SubmitInput(
                placeholder=_("What is wrong, in a few words (optional)"),
                id="report-text",
                max_length=MAX_TEXT,
                submit_label=N_("Save"),
            )
            yield Static("", id="report-message")
            yield Static(Content.styled(_(SAVED_WHERE), "dim"), id="report-where")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#report-kind", RadioSet).focus()

    def _tell(self, text: str, style: str) -> None:
        try:
            message = self.query_one("#report-message", Static)
        except NoMatches:  # pragma: no cover - the dialog is closing
            return
        message.update(Content.styled(plain(text), style))

    def chosen_kind(self) -> str | None:
        pressed = self.query_one("#report-kind", RadioSet).pressed_button
        return pressed.id.removeprefix("kind-") if pressed is not None and pressed.id else None

    @on(RadioSet.Changed, "#report-kind")
    def _kind_chosen(self, event: RadioSet.Changed) -> None:
        """A choice made: on to the words (enter there saves)."""
        self.query_one("#report-text", SubmitInput).focus()

    @on(SubmitInput.Submitted, "#report-text")
    def action_save(self, event: SubmitInput.Submitted | None = None) -> None:
        if event is not None:
            event.stop()
        kind = self.chosen_kind()
        if kind is None:
            self._tell(_("Choose what is wrong first (up/down, then enter)."), "$error")
            self.query_one("#report-kind", RadioSet).focus()
            return
        text = self.query_one("#report-text", SubmitInput).value
        app: Any = self.app  # the VsdApp: its clock and its store
        try:
            row = new_correction(self.service, kind, text, now=app.clock(), directory_version=self.directory_version)
            CorrectionsFile(app.store).add(row)
        except Exception as e:  # noqa: BLE001 - VsdError or OSError: one line to act on
            self._tell(
                _("Not saved: {error}. Your choice and text are still here; Esc discards them.").format(error=e),
                "$error",
            )
            return
        self.app.notify(_("Problem saved for the curators; `vsd corrections export` writes the file."), markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
