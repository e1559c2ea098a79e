"""F7: one country's key services by kind of help (the country card), to read, copy or export.

The screen shows the very lines the text export writes (`tui.country_card_text.lines`), styled by
their role; every line is plain text in a `Content`, so nothing from the data is read as markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from directory.country_card import CountryCard, country_card
from directory.i18n import N_, _, current_language, using_language

from .. import keys
from ..clipboard import sent_message
from ..country_card_text import WIDTH, card_text, default_filename, lines, render
from ..widgets.keybar import KeyBar
from ..widgets.topbar import TopBar
from .export import ExportScreen

if TYPE_CHECKING:
    from ..app import VsdApp

STYLES = {
    "title": "bold",
    "rule": "dim",
    "meta": "italic",
    "heading": "bold $text-accent",
    "name": "bold",
    "none": "italic $text-warning",
    "warn": "$text-warning",
    "dim": "dim",
}


class CountryScreen(Screen[None]):
    BINDINGS = [
        keys.binding("back", action="close"),
        keys.binding("country_card", action="close", description=N_("Close card")),
        keys.binding("copy_referral", action="copy_card", description=N_("Copy card")),
        keys.binding("export_referral", action="export_card", description=N_("Export card")),
    ]

    def __init__(self, country: str) -> None:
        super().__init__(id="country-screen")
        self.country = country
        self.card: CountryCard | None = None
        self._made_in = current_language()

    @property
    def vsd(self) -> VsdApp:
        return cast("VsdApp", self.app)

    def compose(self) -> ComposeResult:
        yield TopBar(_("vsd · country card"))
        with VerticalScroll(id="country-body"):
            yield Static(id="country-card")
        yield KeyBar()

    def on_mount(self) -> None:
        # A few filtered listings over the index the app built at start: no worker needed.
        directory = self.vsd.directory
        if directory is not None:  # the main screen opens the card only once the directory is open
            self.card = country_card(directory, self.country, now=self.vsd.clock())
            self._made_in = current_language()
        self.show_card()
        self.query_one("#country-body").focus()

    def on_resize(self, event: events.Resize) -> None:
        self.show_card()

    def show_card(self) -> None:
        if self.card is None:
            return
        body = self.query_one("#country-body", VerticalScroll)
        width = max(20, min(WIDTH, (body.scrollable_content_region.width or WIDTH)))
        shown = [Content.styled(text, STYLES.get(role, "")) for role, text in lines(self.card, width)]
        self.query_one("#country-card", Static).update(Content("\n").join(shown))

    def _card_now(self) -> CountryCard:
        """The card made again in the language spoken now: its headings and labels are made with it."""
        directory = self.vsd.directory
        if directory is None or self.card is None or current_language() == self._made_in:
            assert self.card is not None
            return self.card
        return country_card(directory, self.country, now=self.vsd.clock())

    def action_close(self) -> None:
        self.dismiss()

    def action_copy_card(self) -> None:
        if self.card is None:
            return
        with using_language(self.vsd.card_language):
            text = card_text(self._card_now())
        self.vsd.copy_referral(text)  # cleared from the clipboard on quick exit, like a referral
        self.vsd.say(sent_message(_("Country card for {name}").format(name=self.card.name)))

    def action_export_card(self) -> None:
        card = self.card
        if card is None:
            return

        def done(path: Path | None) -> None:
            if path is not None:
                self.vsd.say(_("Country card saved to {path}").format(path=path))

        title = Content.assemble((_("Export country card: "), "bold"), card.name)
        self.app.push_screen(
            ExportScreen(
                None,
                self.vsd.clock(),
                self.vsd.export_dir,
                title=title,
                render=lambda fmt: render(self._card_now(), fmt),  # in the language chosen there
                filename=lambda fmt: default_filename(card, fmt),
                language=self.vsd.card_language,
            ),
            done,
        )
