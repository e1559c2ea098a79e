"""The results list: one two-line option per service, at most `limit` of them.

An OptionList (viewport-bounded rendering, no widget per row). Rows are Content
built from plain text, never markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .. import keys, present
from ..safe import plain

BADGE_STYLE = {"open": "bold $success", "always": "bold $success", "closed": "$warning", "unknown": "dim"}
BADGE_MARK = {"open": "● ", "always": "● ", "closed": "○ ", "unknown": "? "}


def result_prompt(service: dict[str, Any], now: datetime, *, bookmarked: bool = False,
                  country: str | None = None) -> Content:
    status = present.open_status(service.get("hours"), now)
    mark = ("★ ", "bold $accent") if bookmarked else ("  ", "")
    line1 = Content.assemble(mark, (present.name(service), "bold"))
    if service.get("_missing"):  # a bookmark whose record a sync removed
        return Content.assemble(line1, "\n", ("  removed from the directory by a sync", "italic dim"))
    parts: list[Content | str | tuple[str, str]] = ["  "]
    phone = present.main_phone(service, country)
    if phone:
        parts += [("☎ " + phone, "bold"), " · "]
    parts += [(BADGE_MARK[status.state] + status.badge, BADGE_STYLE[status.state]), " · "]
    codes = " ".join(present.countries(service)[:4]) + ("…" if len(present.countries(service)) > 4 else "")
    parts.append((plain(codes), "$text-secondary"))
    labels = present.support_labels(service)
    if labels:
        parts += [" · ", labels[0] + (f" +{len(labels) - 1}" if len(labels) > 1 else "")]
    return Content.assemble(line1, "\n", Content.assemble(*parts))


class ResultsList(OptionList):
    BINDINGS = keys.bindings("next_result", "prev_result", "toggle_detail")

    def action_next_result(self) -> None:
        self.action_cursor_down()

    def action_prev_result(self) -> None:
        self.action_cursor_up()

    def action_toggle_detail(self) -> None:
        self.screen.action_toggle_detail()

    def show(self, services: Iterable[dict[str, Any]], now: datetime, *, bookmarks: set[str],
             country: str | None = None, keep_highlight: bool = True) -> None:
        """Replace the rows; keep the highlighted service (when still there) or start at the top."""
        keep = self.highlighted_id if keep_highlight else None
        services = list(services)
        self.set_options(
            Option(result_prompt(s, now, bookmarked=s["id"] in bookmarks, country=country), id=s["id"])
            for s in services
        )
        ids = [s["id"] for s in services]
        if ids:
            self.highlighted = ids.index(keep) if keep in ids else 0
        self._services = {s["id"]: s for s in services}

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        try:
            return self.get_option_at_index(self.highlighted).id
        except Exception:
            return None
