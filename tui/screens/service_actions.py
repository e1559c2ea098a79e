"""Actions on "the service in front of you", shared by the main and bookmarks screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from directory import presentation as present
from directory.i18n import _, using_language

from ..clipboard import sent_message
from ..referral import referral_text
from .export import ExportScreen
from .note import NoteScreen


class ServiceActions:
    """Mixin for screens that have a highlighted service."""

    def current_service(self) -> dict[str, Any] | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def refresh_service_views(self) -> None:  # pragma: no cover - overridden
        pass

    def show_service_detail(self, empty: str | None = None) -> None:
        """The highlighted service in the detail pane, with the user's note and bookmark mark."""
        from ..widgets.detail import DetailPane

        service = self.current_service()
        detail = self.query_one("#detail", DetailPane)
        if service is None:
            detail.show(None, self.app.clock(), empty=empty or _("Nothing highlighted."))
        else:
            sid = service["id"]
            detail.show(service, self.app.clock(), note=self.app.note(sid), bookmarked=sid in self.app.bookmarks)

    def action_toggle_detail(self) -> None:
        """Open or close the full-width detail (screens have a `detail_open` reactive)."""
        if not self.detail_open and self.current_service() is None:
            self.app.bell()
            return
        self.detail_open = not self.detail_open

    def _need_service(self) -> dict[str, Any] | None:
        service = self.current_service()
        if service is None or service.get("_missing"):
            self.app.bell()
            self.app.say(_("Highlight a service first."), severity="warning")
            return None
        return service

    def action_bookmark(self) -> None:
        service = self.current_service()
        if service is None:
            self.app.bell()
            return
        sid = service["id"]
        on = sid not in self.app.bookmarks
        try:
            self.app.set_bookmark(sid, on)
        except Exception as e:  # VsdError and OSError: the store says what went wrong
            self.app.say(_("Could not save the bookmark: {error}").format(error=e), severity="error")
            return
        self.refresh_service_views()
        name = present.name(service)
        self.app.say((_("Bookmarked: {name}") if on else _("Bookmark removed: {name}")).format(name=name))

    def action_copy_referral(self) -> None:
        service = self._need_service()
        if service is None:
            return
        with using_language(self.app.card_language):  # the language last chosen for a card (e)
            text = referral_text(service, now=self.app.clock())
        self.app.copy_referral(text)
        self.app.say(sent_message(_("Referral card for {name}").format(name=present.name(service))))

    def action_export_referral(self) -> None:
        service = self._need_service()
        if service is None:
            return

        def done(path: Path | None) -> None:
            if path is not None:
                self.app.say(_("Referral saved to {path}").format(path=path))

        screen = ExportScreen(service, self.app.clock(), self.app.export_dir, language=self.app.card_language)
        self.app.push_screen(screen, done)

    def action_edit_note(self) -> None:
        service = self.current_service()
        if service is None:
            self.app.bell()
            return
        sid = service["id"]

        def done(text: str | None) -> None:
            if text is None:
                return
            try:
                self.app.set_note(sid, text)
            except Exception as e:  # VsdError and OSError: the store says what went wrong
                self.app.say(_("Could not save the note: {error}").format(error=e), severity="error")
                return
            self.refresh_service_views()
            self.app.say(_("Note saved.") if text.strip() else _("Note removed."))

        self.app.push_screen(NoteScreen(present.name(service), self.app.note(sid)), done)
