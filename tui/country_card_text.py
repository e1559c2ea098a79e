"""The country card as plain text and as Markdown: printable, 80 columns, phone numbers as dialled.

Here, beside `tui/referral.py`, rather than in `directory/`: only the front ends (the app, its
export and copy, and `vsd country`) render cards, and the Markdown shares the referral card's
escaping (`md_escape`), so one rule keeps record text from injecting links, HTML or formatting.
It imports no Textual all the same: the app styles the same lines by their role.

Sources are named by publisher and address, numbered once per card; the card is timeless apart
from the date it was prepared (hours, never "open now").
"""

from __future__ import annotations

import re
from datetime import date

from rich.cells import cell_len, chop_cells

from directory.country_card import CountryCard, Entry, Row
from directory.i18n import N_, _, ngettext
from directory.presentation import show_date

from .referral import FORMATS, md_escape

WIDTH = 80
INDENT = "  "
DETAIL = "      "
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")

# (role, line): the roles let the app style the very lines the text export writes.
Line = tuple[str, str]


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Words wrapped in terminal cells (CJK is two cells wide); an address is never cut."""
    lines: list[str] = []
    line = first
    for word in text.split():
        room = width - cell_len(rest)
        pieces = [word] if _URL.match(word) or cell_len(word) <= room else chop_cells(word, room)
        for piece in pieces:
            fresh = line in (first, rest)
            if not fresh and cell_len(line) + 1 + cell_len(piece) > width:
                lines.append(line)
                line = rest
                fresh = True
            line = line + piece if fresh else f"{line} {piece}"
    lines.append(line)
    return lines


def _numbers(numbers: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in numbers)


NOT_RESEARCHED = N_("Not researched: nobody has looked for this kind of help here yet.")


def _see(heading: str) -> str:
    return _("Hours and sources: see {heading}").format(heading=heading)


def _hours(hours: str) -> str:
    return _("Hours: {hours}").format(hours=hours)


def _checked(verification: str) -> str:
    return _("Checked: {verification}").format(verification=verification)


def _sources(numbers: tuple[int, ...]) -> str:
    return ngettext("Sources: {numbers}", "Sources: {numbers}", len(numbers)).format(numbers=_numbers(numbers))


def _consulted(numbers: tuple[int, ...]) -> str:
    return ngettext("Consulted: sources {numbers}", "Consulted: sources {numbers}", len(numbers)).format(
        numbers=_numbers(numbers)
    )


def _more(count: int) -> str:
    return ngettext("and {count} more in the directory", "and {count} more in the directory", count).format(count=count)


def _entry_title(entry: Entry) -> str:
    title = entry.name + (f" ({entry.name_en})" if entry.name_en else "")
    return title + (f" [{', '.join(entry.labels)}]" if entry.labels else "")


def _entry_lines(entry: Entry, width: int, seen: dict[str, str]) -> list[Line]:
    out: list[Line] = [("name", x) for x in _wrap(_entry_title(entry), width, f"{INDENT}- ", f"{INDENT}  ")]
    for c in entry.contacts:
        text = f"{c.kind}: {c.value}" + (f" · {c.extra}" if c.extra else "")
        out += [("body", x) for x in _wrap(text, width, f"{INDENT}  ", DETAIL)]
    if entry.id in seen:  # one service for several kinds of help: its numbers again, the rest once
        return out + [("dim", x) for x in _wrap(_see(seen[entry.id]), width, f"{INDENT}  ", DETAIL)]
    if entry.hours:
        out += [("body", x) for x in _wrap(_hours(entry.hours), width, f"{INDENT}  ", DETAIL)]
    role = "warn" if entry.warn else "dim"
    out += [(role, x) for x in _wrap(_checked(entry.verification), width, f"{INDENT}  ", DETAIL)]
    if entry.sources:
        out += [("dim", x) for x in _wrap(_sources(entry.sources), width, f"{INDENT}  ", DETAIL)]
    return out


def _none_text(row: Row) -> str:
    nk = row.none_known
    assert nk is not None
    text = _("None known (researched {date}).").format(date=nk.researched)
    return f"{text} {nk.note}" if nk.note else text


def _row_lines(row: Row, width: int, seen: dict[str, str]) -> list[Line]:
    out: list[Line] = [("heading", row.heading.upper())]
    if row.none_known is not None:
        out += [("none", x) for x in _wrap(_none_text(row), width, INDENT, INDENT)]
        if row.none_known.consulted:
            consulted = _consulted(row.none_known.consulted)
            out += [("dim", x) for x in _wrap(consulted, width, INDENT, INDENT)]
    elif not row.entries:
        out.append(("none", INDENT + _(NOT_RESEARCHED)))
    for entry in row.entries:
        out += _entry_lines(entry, width, seen)
        seen.setdefault(entry.id, row.heading)
    if row.total > len(row.entries):
        out.append(("dim", INDENT + _more(row.total - len(row.entries))))
    return out


def title(card: CountryCard) -> str:
    return _("{country} ({code}): key services by kind of help").format(country=card.name, code=card.country)


def _date(iso: str) -> str:
    """An ISO date as the card's language writes it (unchanged when it is not a date)."""
    try:
        return show_date(date.fromisoformat(iso))
    except ValueError:
        return iso


def about(card: CountryCard) -> str:
    made = _date(card.generated_at[:10]) if card.generated_at[:10] else _("an unknown date")
    if card.version:
        return _("From the vsd directory, version {version} of {date}; prepared {prepared}.").format(
            version=card.version, date=made, prepared=_date(card.prepared)
        )
    return _("From the vsd directory, of {date}; prepared {prepared}.").format(date=made, prepared=_date(card.prepared))


def lines(card: CountryCard, width: int = WIDTH) -> list[Line]:
    """The whole card as (role, line) pairs, wrapped to `width` terminal cells."""
    head = title(card)
    out: list[Line] = [("title", x) for x in _wrap(head, width, "", "")]
    out += [("rule", "=" * min(width, cell_len(head))), ("meta", about(card))]
    seen: dict[str, str] = {}  # service id -> the heading it was first shown under
    for row in card.rows:
        out += [("blank", ""), *_row_lines(row, width, seen)]
    if card.sources:
        out += [("blank", ""), ("heading", _("Sources").upper())]
        for n, src in enumerate(card.sources, 1):
            who = f"{_(src.publisher)}: " if src.publisher else ""
            out += [("dim", x) for x in _wrap(f"{n}. {who}{src.url}", width, INDENT, INDENT + " " * len(f"{n}. "))]
    return out


def card_text(card: CountryCard, width: int = WIDTH) -> str:
    return "\n".join(line for _, line in lines(card, width)) + "\n"


# -- Markdown ---------------------------------------------------------------------------------------
def _md(text: str) -> str:
    return " ".join(f"<{w}>" if _URL.match(w) else md_escape(w) for w in text.split())


def _md_entry(entry: Entry, seen: dict[str, str]) -> list[str]:
    head = f"**{md_escape(entry.name)}**" + (f" ({md_escape(entry.name_en)})" if entry.name_en else "")
    if entry.labels:
        head += f" — {md_escape(', '.join(entry.labels))}"
    out = [f"- {head}"]
    for c in entry.contacts:
        out.append(f"  - {md_escape(c.kind)}: {_md(c.value)}" + (f" ({_md(c.extra)})" if c.extra else ""))
    if entry.id in seen:
        return [*out, "  - " + _see(md_escape(seen[entry.id]))]
    if entry.hours:
        out.append("  - " + _hours(md_escape(entry.hours)))
    out.append("  - " + _checked(_md(entry.verification)))
    if entry.sources:
        out.append("  - " + _sources(entry.sources))
    return out


def _md_row(row: Row, seen: dict[str, str]) -> list[str]:
    out = [f"## {md_escape(row.heading)}", ""]
    if row.none_known is not None:
        consulted = row.none_known.consulted
        tail = f" {_consulted(consulted)}." if consulted else ""
        out += [f"_{_md(_none_text(row))}_{tail}", ""]
    elif not row.entries:
        out += [f"_{_(NOT_RESEARCHED)}_", ""]
    for entry in row.entries:
        out += _md_entry(entry, seen)
        seen.setdefault(entry.id, row.heading)
    if row.total > len(row.entries):
        out.append("- " + _more(row.total - len(row.entries)))
    if row.entries:
        out.append("")
    return out


def card_markdown(card: CountryCard) -> str:
    out = [f"# {md_escape(title(card))}", "", f"_{md_escape(about(card))}_", ""]
    seen: dict[str, str] = {}
    for row in card.rows:
        out += _md_row(row, seen)
    if card.sources:
        out += ["## " + _("Sources"), ""]
        for n, src in enumerate(card.sources, 1):
            who = f"{md_escape(_(src.publisher))}: " if src.publisher else ""
            out.append(f"{n}. {who}{_md(src.url)}")
    return "\n".join(out).rstrip("\n") + "\n"


def render(card: CountryCard, fmt: str = "text") -> str:
    """ "text" or "markdown" (or "md", as the command line spells it)."""
    if fmt in ("markdown", "md"):
        return card_markdown(card)
    if fmt == "text":
        return card_text(card)
    raise ValueError(f"unknown card format {fmt!r} (text or markdown)")


def default_filename(card: CountryCard, fmt: str = "text") -> str:
    return f"country-card-{card.country.lower()}{FORMATS.get(fmt, '.txt')}"
