"""The detail pane: every field of the highlighted service, as plain text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.cells import cell_len
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from directory import presentation as present
from directory.i18n import N_, _
from directory.safe_text import plain

from .. import keys

LABEL = "bold $text-primary"
LABEL_WIDTH = 11

Row = tuple[str | None, Content]  # (label or None for a full-width line, value)


def _row(label: str, value: Content | str, style: str = "") -> Row:
    body = value if isinstance(value, Content) else Content.styled(plain(value), style)
    return (label, body)


def _full(value: Content | str, style: str = "") -> Row:
    return (None, value if isinstance(value, Content) else Content.styled(value, style))


def detail_rows(service: dict[str, Any], now: datetime, *, note: str = "", bookmarked: bool = False) -> list[Row]:
    rows: list[Row] = []
    title = Content.assemble(("★ " if bookmarked else "", "bold $accent"), (present.name(service), "bold underline"))
    rows.append(_full(title))
    if present.name_en(service):
        rows.append(_full(Content.styled(present.name_en(service), "italic")))
    for alias in service.get("aliases") or []:
        rows.append(_full(Content.styled(_("also: {name}").format(name=plain(alias)), "dim")))
    if service.get("origin"):  # provenance first: this record is not from the signed directory
        rows.append(_row(_("Imported"), plain(service["origin"]), "italic $warning"))
    rows.append(_full(""))

    status = present.service_status(service, now)
    style = "bold $success" if status.is_open else ("bold $warning" if status.state == "closed" else "dim")
    mark = {"open": "● ", "always": "● ", "closed": "○ ", "unknown": "? "}[status.state]
    rows.append(_row(_("Now"), mark + status.text, style))
    ordered = present.channels(service, "phone") + [c for c in present.channels(service) if c.get("kind") != "phone"]
    for chan in ordered:
        kind, value, extra = present.channel_line(chan, present.home_country(service))
        strong = "bold" if chan.get("kind") == "phone" else ""
        rows.append(_row(kind, Content.assemble((value, strong), (f" · {extra}" if extra else "", "dim"))))
    hours = service.get("hours")
    for i, h in enumerate(present.hours_lines(hours)):
        rows.append(_row(_("Hours") if i == 0 else "", h))
    if isinstance(hours, dict) and hours.get("timezone") and not hours.get("always_open"):
        rows.append(_row("", _("their time zone: {timezone}").format(timezone=plain(hours["timezone"])), "dim"))
    rows.append(_full(""))

    rows.append(_row(_("Support"), ", ".join(present.support_labels(service))))
    rows.append(_row(_("Serves"), present.countries_text(service)))
    if service.get("languages"):
        rows.append(_row(_("Languages"), present.service_languages_text(service)))
    if service.get("languages_note"):
        rows.append(_row("", plain(service["languages_note"]), "dim"))
    if present.audience_text(service):
        rows.append(_row(_("For"), present.audience_text(service)))
    if present.flags(service):
        rows.append(_row(_("Terms"), ", ".join(present.flags(service))))
    if service.get("organization"):
        rows.append(_row(_("Run by"), plain(service["organization"])))
    if service.get("description"):
        rows += [_full(""), _full(Content.styled(plain(service["description"], keep_newlines=True)))]
    if service.get("notes"):
        rows.append(_full(Content.styled(plain(service["notes"], keep_newlines=True), "dim")))
    rows.append(_full(""))

    for i, src in enumerate(present.sources(service)):
        rows.append(_row(_("Source") if i == 0 else "", src))
    ver = present.verification(service, now)
    rows.append(_row(_("Verified"), ("⚠ " if ver.warn else "") + ver.text, "bold $warning" if ver.warn else ""))
    rows.append(_row(_("Ref"), plain(service.get("id")), "dim"))
    if note:
        rows += [_full(""), _row(_("Your note"), plain(note, keep_newlines=True), "italic")]
    return rows


def layout_rows(rows: list[Row], width: int, label_width: int = LABEL_WIDTH, *, widen: bool = False) -> list[Content]:
    """Rows as lines: labels in a column, values wrapped with a hanging indent. With `widen`, a label
    longer than the column (a German or Greek one) widens it, up to a third of the width. Widths are
    terminal cells, not characters (CJK and Thai labels)."""
    if widen:
        longest = max((cell_len(label) + 1 for label, _value in rows if label), default=0)
        label_width = max(label_width, min(longest, width // 3))
    width = max(width, label_width + 8)
    lines: list[Content] = []
    pad = Content(" " * label_width)
    for label, value in rows:
        if label is None:
            lines.extend(value.wrap(width) if value.plain else [Content("")])
            continue
        wrapped = value.wrap(width - label_width) if value.plain else [Content("")]
        head = Content.styled(label + " " * (label_width - cell_len(label)), LABEL)
        lines.append(head + wrapped[0])
        lines.extend(pad + line for line in wrapped[1:])
    return lines


def detail_content(
    service: dict[str, Any], now: datetime, *, note: str = "", bookmarked: bool = False, width: int = 60
) -> Content:
    return Content("\n").join(layout_rows(detail_rows(service, now, note=note, bookmarked=bookmarked), width))


class DetailView(Widget):
    """Renders rows at the current width (line API style: no widget per field)."""

    DEFAULT_CSS = "DetailView { height: auto; }"

    def __init__(self, *, id: str | None = None, label_width: int = LABEL_WIDTH, widen: bool = False) -> None:
        super().__init__(id=id)
        self.label_width = label_width
        self.widen = widen
        self.rows: list[Row] = [_full(Content.styled(_("Nothing highlighted."), "dim"))]
        self._cache: tuple[int, int, list[Content]] | None = None

    def set_rows(self, rows: list[Row]) -> None:
        width = self.size.width
        before = len(self._lines(width)) if width else -1
        self.rows = rows
        self._cache = None
        # A new layout only when the height changes (a layout pass is the costly part).
        self.refresh(layout=not width or len(self._lines(width)) != before)

    def _lines(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width or self._cache[1] != id(self.rows):
            self._cache = (width, id(self.rows), layout_rows(self.rows, width, self.label_width, widen=self.widen))
        return self._cache[2]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))

    @property
    def plain_text(self) -> str:
        return "\n".join(line.plain for line in self._lines(max(self.size.width, 60)))


class DetailPane(VerticalScroll, can_focus=True):
    BINDINGS = [keys.binding("toggle_detail", description=N_("Close"))]

    def compose(self):
        yield DetailView(id="detail-body", widen=True)

    def action_toggle_detail(self) -> None:
        self.screen.action_toggle_detail()

    def forget_shown(self) -> None:
        """Show the next service again even if it is the same one (the language changed)."""
        self._shown = None

    def show(
        self,
        service: dict[str, Any] | None,
        now: datetime,
        *,
        note: str = "",
        bookmarked: bool = False,
        empty: str | None = None,
    ) -> None:
        minute = now.replace(second=0, microsecond=0)
        empty = empty or _("Nothing highlighted.")
        key = (id(service), service.get("id") if service else empty, minute, note, bookmarked)
        if key == getattr(self, "_shown", None):
            return  # the same service again (e.g. the top hit did not change with a keystroke)
        self._shown = key
        body = self.query_one("#detail-body", DetailView)
        if service is None:
            body.set_rows([_full(Content.styled(empty, "dim"))])
        else:
            body.set_rows(detail_rows(service, now, note=note, bookmarked=bookmarked))
        self.scroll_home(animate=False)
