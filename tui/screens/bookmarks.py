"""F2: your bookmarks, then the services you wrote a note on without bookmarking them; the same
keys as the main screen."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from directory.i18n import N_, _

from .. import keys
from ..widgets.detail import DetailPane
from ..widgets.keybar import KeyBar
from ..widgets.results import ResultsList
from ..widgets.status import StatusLine
from ..widgets.topbar import TopBar
from .service_actions import ServiceActions


class BookmarksScreen(ServiceActions, Screen):
    BINDINGS = [
        keys.binding("back", action="close", description=N_("Back")),
        keys.binding("bookmarks", action="close", description=N_("Back")),
        keys.binding("toggle_detail"),
        keys.binding("bookmark", description=N_("Remove bookmark")),
        keys.binding("edit_note"),
        keys.binding("copy_referral"),
        keys.binding("export_referral"),
    ]
    detail_open: reactive[bool] = reactive(False)

    def __init__(self) -> None:
        super().__init__(id="bookmarks-screen")
        self.services: list[dict[str, Any]] = []
        self.noted: set[str] = set()

    def compose(self) -> ComposeResult:
        yield TopBar(_("vsd · bookmarks"))
        with Horizontal(id="body"):
            yield ResultsList(id="results")
            yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#detail", DetailPane).border_title = _("Details")
        self.reload()
        self.query_one("#results", ResultsList).focus()

    def reload(self) -> None:
        directory = self.app.directory
        self.services = []
        marked = self.app.bookmark_order()
        self.noted = set(self.app.noted_ids())
        for sid in marked + [i for i in sorted(self.noted) if i not in set(marked)]:
            service = directory.by_id(sid) if directory is not None else None
            if service is None:
                service = {"id": sid, "name": _("(no longer in the directory) {sid}").format(sid=sid), "_missing": True}
            self.services.append(service)
        results = self.query_one("#results", ResultsList)
        results.border_title = _("Bookmarks and notes ({count})").format(count=len(self.services))
        if self.services:
            results.show(self.services, self.app.clock(), bookmarks=self.app.bookmarks, noted=self.noted)
        else:
            results.set_options([Option(Content.styled(_("No bookmarks or notes yet."), "bold"), disabled=True)])
        self.query_one("#status", StatusLine).update(
            Content(_("Bookmarks and notes are kept on this computer only, apart from the directory."))
        )
        self.show_detail()

    def current_service(self) -> dict[str, Any] | None:
        sid = self.query_one("#results", ResultsList).highlighted_id
        return next((s for s in self.services if s["id"] == sid), None)

    def show_detail(self) -> None:
        empty = (
            _("Bookmark a service with b, or write a note on it with n, on the main screen; it appears here.")
            if not self.services
            else None
        )
        self.show_service_detail(empty)

    def refresh_service_views(self) -> None:
        # Keep removed bookmarks listed until the screen closes, so b can undo.
        results = self.query_one("#results", ResultsList)
        if self.services:
            results.show(self.services, self.app.clock(), bookmarks=self.app.bookmarks, noted=self.noted)
        self.show_detail()

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    def watch_detail_open(self, open_: bool) -> None:
        self.set_class(open_, "-detail-open")
        if open_:
            self.query_one("#detail", DetailPane).focus()
        elif self.is_mounted:
            self.query_one("#results", ResultsList).focus()

    def action_close(self) -> None:
        """Escape leaves the bookmarks at once, detail open or not, and puts the cursor back in the
        search box: from any screen, two escapes at most reach the search box (issue 13)."""
        main = self.app._main_screen()
        self.dismiss()
        if main is not None:
            main.action_focus_search()
