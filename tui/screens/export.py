"""`e`: save the referral card (or another card: give `render` and `filename`) to a file, as plain
text or Markdown.

Cards go by default to a private folder (0700, see `paths.referral_dir`) and are written 0600
wherever they go: a card names the service a victim was sent to and may hold a note."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, RadioButton, RadioSet, Select, Static

from directory import presentation as present
from directory.atomic import write_bytes_atomic
from directory.i18n import N_, _, available_languages, current_language, using_language
from directory.outputs import OutputRefused, output_target, private_folder

from .. import keys
from ..referral import FORMATS, default_filename
from ..referral import render as render_referral
from ..widgets.inputs import SubmitInput
from ..widgets.keybar import KeyBar


def clip_left(text: str, width: int) -> str:
    """ "…/Documents/vsd-referrals" when `text` is wider than `width` cells."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[1:]
    return "…" + text


class FolderLine(Widget):
    """The folder, on one line, cut on the left with an ellipsis to whatever width the line has now
    (a scrollbar that appears in the dialog narrows it): its last folders are what tell it apart."""

    DEFAULT_CSS = "FolderLine { height: 1; }"

    def __init__(self, folder: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = folder

    def render(self) -> Content:
        width = self.content_size.width
        return Content(clip_left(str(self.folder), max(10, width)) if width else str(self.folder))


def language_label(code: str) -> str:
    """A language as its speakers name it (CLDR), with its code: "українська (uk)"."""
    from directory.languages import autonym

    return f"{autonym(code.split('_')[0]) or code} ({code})"


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS = [keys.binding("dialog_cancel"), keys.binding("export_format")]

    def __init__(
        self,
        service: dict[str, Any] | None,
        now: datetime,
        folder: Path | None = None,
        *,
        title: Content | None = None,
        render: Callable[[str], str] | None = None,
        filename: Callable[[str], str] | None = None,
        language: str | None = None,
        languages: list[str] | None = None,
    ) -> None:
        """A service's referral card, or what `render(fmt)` gives, saved as `filename(fmt)` by default.

        The card is made in `language` (default: the one the app speaks), or in another of `languages`
        (default: every catalog) chosen here: a card for a victim who reads another language."""
        super().__init__(classes="export-screen")
        self.service = service or {}
        self.now = now
        self.folder = folder or Path.cwd()
        self._heading = title or Content.assemble((_("Export referral: "), "bold"), present.name(self.service))
        self._render_card = render or (lambda fmt: render_referral(self.service, fmt, now=self.now))
        self._filename = filename or (lambda fmt: default_filename(self.service, fmt))
        self.fmt = "text"
        self._confirm: Path | None = None
        self.languages = languages if languages is not None else available_languages()
        self.card_language = language or current_language()
        if self.card_language not in self.languages:
            self.languages = [*self.languages, self.card_language]

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Static(self._heading, id="export-title")
            with RadioSet(id="export-format"):
                yield RadioButton(_("Plain text"), value=True, id="fmt-text")
                yield RadioButton(_("Markdown"), id="fmt-markdown")
            if len(self.languages) > 1:  # only when there is a choice: an English-only install looks as ever
                with Horizontal(id="export-language-row"):
                    yield Static(Content.styled(_("Card language:"), "bold"), id="export-language-label")
                    yield Select(
                        [(language_label(code), code) for code in self.languages],
                        value=self.card_language,
                        allow_blank=False,
                        compact=True,
                        id="export-language",
                    )
            yield Static(Content(_("Folder (only you can read the file):")), id="export-folder-label")
            yield FolderLine(self.folder, id="export-where")
            yield SubmitInput(self._filename("text"), id="export-path", submit_label=N_("Save"))
            yield Static("", id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button(_("Save"), variant="primary", id="export-save")
                yield Button(_("Cancel"), id="export-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#export-path", SubmitInput).focus()

    def _set_format(self, fmt: str) -> None:
        self.fmt = fmt
        path_input = self.query_one("#export-path", SubmitInput)
        path = Path(path_input.value)
        if path.suffix in FORMATS.values():
            path_input.value = str(path.with_suffix(FORMATS[fmt]))
        self._confirm = None

    @on(Select.Changed, "#export-language")
    def _language_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.card_language = event.value

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self._set_format("markdown" if event.pressed.id == "fmt-markdown" else "text")

    def action_toggle_format(self) -> None:
        target = "fmt-text" if self.fmt == "markdown" else "fmt-markdown"
        self.query_one(f"#{target}", RadioButton).value = True

    @on(SubmitInput.Submitted, "#export-path")
    @on(Button.Pressed, "#export-save")
    def save(self, event=None) -> None:
        if event is not None:
            event.stop()
        message = self.query_one("#export-message", Static)
        raw = self.query_one("#export-path", SubmitInput).value.strip()
        if not raw:
            message.update(Content.styled(_("Give a file name."), "$error"))
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():  # a bare name (the default) goes into the folder shown above
            path = self.folder / path
        if path.is_dir() and not path.is_symlink():
            path = path / self._filename(self.fmt)
        try:
            path, exists = output_target(path, replace=True)
        except OutputRefused as e:
            message.update(Content.styled(_("Could not save: {error}").format(error=e), "$error"))
            return
        if exists and self._confirm != path:
            self._confirm = path
            message.update(
                Content.styled(_("{name} exists — save again to replace it.").format(name=path.name), "$warning")
            )
            return
        try:
            if path.parent == self.folder:
                private_folder(self.folder)
            with using_language(self.card_language):
                text = self._render_card(self.fmt)
            write_bytes_atomic(path, text.encode("utf-8"), mode=0o600)
        except OSError as e:
            message.update(Content.styled(_("Could not save: {error}").format(error=e.strerror or e), "$error"))
            self._confirm = None
            return
        self.app.card_language = self.card_language  # type: ignore[attr-defined]  # `c` copies in it too
        self.dismiss(path)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
