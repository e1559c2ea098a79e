"""The results list: one two-line option per service, at most `limit` of them.

An OptionList (viewport-bounded rendering, no widget per row). Rows are Content
built from plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from directory import presentation as present
from directory.i18n import _
from directory.safe_text import plain

from .. import keys

BADGE_STYLE = {"open": "bold $success", "always": "bold $success", "closed": "$warning", "unknown": "dim"}
BADGE_MARK = {"open": "● ", "always": "● ", "closed": "○ ", "unknown": "? "}
CURSOR = "▸"


def result_prompt(
    service: dict[str, Any],
    now: datetime,
    *,
    bookmarked: bool = False,
    country: str | None = None,
    labels: tuple[str, ...] = (),
    one_line: bool = False,
    noted: bool = False,
) -> Content:
    status = present.service_status(service, now)
    # The first cell is left blank for the cursor glyph (ResultsList.render_line), then the mark.
    mark = (" ★ ", "bold $accent") if bookmarked else (" ✎ ", "bold $accent") if noted else ("   ", "")
    line1 = Content.assemble(mark, (present.name(service), "bold"))
    if service.get("_missing"):  # a bookmark whose record a sync removed
        return Content.assemble(line1, "\n", ("   " + _("removed from the directory by a sync"), "italic dim"))
    parts: list[Content | str | tuple[str, str]] = ["   "]
    if service.get("origin"):  # a local import, not the signed central directory
        parts += [(_("imported"), "italic $warning"), " · "]
    phone = present.main_phone(service, country)
    if phone:
        parts += [("☎ " + phone, "bold"), " · "]
    parts += [(BADGE_MARK[status.state] + status.badge, BADGE_STYLE[status.state]), " · "]
    codes = " ".join(present.countries(service)[:4]) + ("…" if len(present.countries(service)) > 4 else "")
    parts.append((plain(codes), "$text-secondary"))
    for label in labels:  # "language assumed", "international": why it is here
        parts += [" · ", (label, "italic $warning")]
    kinds = present.support_labels(service)
    if kinds:
        parts += [" · ", kinds[0] + (f" +{len(kinds) - 1}" if len(kinds) > 1 else "")]
    if one_line:  # a short screen: name, then the number and the state, cut at the edge
        return Content.assemble(line1, " · ", Content.assemble(*parts[1:]))
    return Content.assemble(line1, "\n", Content.assemble(*parts))


class ResultsList(OptionList):
    """Every row is exactly two lines (prompts never wrap: `text-wrap: nowrap`), so the
    line map is built without measuring each prompt — that measuring was most of the
    cost of showing 50 results per keystroke."""

    BINDINGS = keys.bindings("next_result", "prev_result", "toggle_detail")

    # Two-line rows while at least this many fit (7 at 80x24); fewer, and every row keeps to one
    # line (13 rows at 60x20).
    MIN_TWO_LINE_ROWS = 7

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._prompts: dict[tuple, Content] = {}
        self.one_line = False
        self._redraw: Any = None  # the last show/show_answer call, to redo when the row height changes

    def on_resize(self, event: Any) -> None:
        one_line = self.size.height < 2 * self.MIN_TWO_LINE_ROWS  # the size inside the border
        if one_line != self.one_line:
            self.one_line = one_line
            if self._redraw is not None:
                self._redraw()

    def _update_lines(self) -> None:
        cache = getattr(self, "_line_cache", None)
        if cache is None or not self.scrollable_content_region or any(o._divider for o in self.options):
            return super()._update_lines()
        lines = cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        for index, option in enumerate(self.options[next_index:], next_index):
            height = option.prompt.plain.count("\n") + 1 if isinstance(option.prompt, Content) else 1
            cache.index_to_line[index] = len(lines)
            cache.heights[index] = height
            lines.extend((index, n) for n in range(height))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def render_line(self, y: int) -> Strip:
        """The highlighted row starts with "▸": the cursor shows without colour too (NO_COLOR, a
        monochrome terminal, a screen reader's text)."""
        strip = super().render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except (IndexError, AttributeError):
            return strip
        if offset or index != self.highlighted or self.options[index].disabled or not strip.cell_length:
            return strip
        first = next(iter(strip), None)
        style = first.style if first is not None else None
        return Strip.join([Strip([Segment(CURSOR, style)], 1), strip.crop(1, strip.cell_length)])

    def action_next_result(self) -> None:
        self.action_cursor_down()

    def action_prev_result(self) -> None:
        self.action_cursor_up()

    def action_toggle_detail(self) -> None:
        self.screen.action_toggle_detail()

    def show(
        self,
        services: Iterable[dict[str, Any]],
        now: datetime,
        *,
        bookmarks: set[str],
        country: str | None = None,
        keep_highlight: bool = True,
        noted: set[str] | None = None,
    ) -> None:
        """Replace the rows; keep the highlighted service (when still there) or start at the top."""
        noted = noted or set()
        self._redraw = lambda: self.show(services, now, bookmarks=bookmarks, country=country, noted=noted)
        keep = self.highlighted_id if keep_highlight else None
        services = list(services)
        minute = now.replace(second=0, microsecond=0)
        cache = self._prompts
        if len(cache) > 4000:
            cache.clear()
        options = []
        for s in services:
            key = (id(s), s["id"], minute, s["id"] in bookmarks, country, self.one_line, s["id"] in noted)
            prompt = cache.get(key)
            if prompt is None:  # same service, same minute: the same row (typing often repeats hits)
                prompt = cache[key] = result_prompt(
                    s, now, bookmarked=key[3], country=country, one_line=self.one_line, noted=key[6]
                )
            options.append(Option(prompt, id=s["id"]))
        self.set_options(options)
        ids = [s["id"] for s in services]
        if ids:
            self.highlighted = ids.index(keep) if keep in ids else 0
        self._services = {s["id"]: s for s in services}

    def show_answer(
        self,
        answer: Any,
        now: datetime,
        *,
        bookmarks: set[str],
        country: str | None = None,
        keep_highlight: bool = True,
    ) -> None:
        """The filtered hits, then each labelled group under a header row; the message first when there is one."""
        self._redraw = lambda: self.show_answer(answer, now, bookmarks=bookmarks, country=country)
        keep = self.highlighted_id if keep_highlight else None
        options: list[Option] = []
        if answer.message:
            options.append(Option(Content.styled(plain(answer.message), "bold $warning"), disabled=True))
        for h in answer.hits:
            options.append(self._row(h, now, bookmarks, country))
        for group in answer.groups:
            outside = " " + _("(outside your filters)") if group.key.startswith("without") else ""
            options.append(Option(Content.styled(f"── {plain(group.label)}{outside}", "bold $accent"), disabled=True))
            options += [self._row(h, now, bookmarks, country) for h in group.hits]
        self.set_options(options)
        ids = [o.id for o in options]  # headers have no id
        if keep is not None and keep in ids:
            self.highlighted = ids.index(keep)
        elif answer.hits:  # the first hit; with none, nothing until the caseworker moves into a group
            self.highlighted = next(k for k, o in enumerate(options) if not o.disabled)
        self._services = {h.service["id"]: h.service for _, h in answer.all_hits()}

    def _row(self, hit: Any, now: datetime, bookmarks: set[str], country: str | None) -> Option:
        s = hit.service
        minute = now.replace(second=0, microsecond=0)
        key = (id(s), s["id"], minute, s["id"] in bookmarks, country, hit.labels, self.one_line)
        cache = self._prompts
        if len(cache) > 4000:
            cache.clear()
        prompt = cache.get(key)
        if prompt is None:  # same service, same minute: the same row (typing often repeats hits)
            prompt = cache[key] = result_prompt(
                s, now, bookmarked=key[3], country=country, labels=hit.labels, one_line=self.one_line
            )
        return Option(prompt, id=s["id"])

    @property
    def highlighted_id(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        try:
            return self.get_option_at_index(self.highlighted).id
        except Exception:
            return None
