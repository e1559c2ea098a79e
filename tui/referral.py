"""The referral card: what a caseworker hands over, as plain text or Markdown.

Headless (no Textual import) so it can move to `directory/` or serve the CLI.
The card is timeless on purpose: hours, not "open now"; private notes are never
included. All record text is made plain first (`directory.safe_text.plain`) and, for
Markdown, escaped so that a record cannot inject links, HTML or formatting.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import unquote

from rich.cells import cell_len

from directory import presentation as present
from directory.i18n import _, ngettext
from directory.records import Service
from directory.safe_text import plain

FORMATS = {"text": ".txt", "markdown": ".md"}

# Inline specials only: every value follows "- **Key:** ", so line-start markers (# + - 1.) are harmless,
# and a "+49 …" number stays as it is dialled.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")  # & too: "&#x202E;" must not become a character
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")


MAX_SOURCES = 3  # the card names the best sources; the directory keeps them all


def _rows(service: Service, now: datetime | None = None) -> list[tuple[str, str, str]]:
    """(label, value, extra): value may be a URL; extra is a plain-text remark."""
    rows: list[tuple[str, str, str]] = []
    if present.english_name_beside(service):
        rows.append((_("In English"), present.english_name_beside(service), ""))
    if service.get("organization"):
        rows.append((_("Organisation"), plain(service["organization"]), ""))
    rows.append((_("Help with"), ", ".join(present.support_labels(service)), ""))
    rows.append((_("Serves"), present.countries_text(service), ""))
    home = present.home_country(service)
    for chan in present.channels(service):
        rows.append(present.channel_line(chan, home))
        yours = present.hours_for_reader(chan.get("hours"), now) if now is not None else []
        if yours:
            rows.append((_("Your time"), "; ".join(yours), _("for the line above, this week")))
    rows += _hours_rows(service, now)
    if service.get("languages"):
        rows.append((_("Languages"), present.service_languages_text(service), plain(service.get("languages_note"))))
    if present.audience_text(service):
        rows.append((_("For"), present.audience_text(service), ""))
    if present.flags(service):
        rows.append((_("Terms"), ", ".join(present.flags(service)), ""))
    if service.get("description"):
        rows.append((_("About"), plain(service["description"]), ""))
    rows += _source_rows(service)
    rows.append((_("Checked"), _checked(service, now), ""))
    return rows


def _hours_rows(service: Service, now: datetime | None) -> list[tuple[str, str, str]]:
    hours = service.get("hours")
    if not isinstance(hours, dict):
        chans = present.channels(service)
        timed = any(isinstance(c.get("hours"), dict) for c in chans)
        live = any(c.get("kind") in ("phone", "sms", "chat") for c in chans)
        return [(_("Hours"), _("hours not published"), "")] if live and not timed else []  # a form has no hours
    zone = plain(hours.get("timezone"))
    extra = _("{zone} time").format(zone=zone) if zone and not hours.get("always_open") else ""
    rows = [(_("Hours"), "; ".join(present.hours_lines(hours)), extra)]
    yours = present.hours_for_reader(hours, now) if now is not None else []
    if yours:
        rows.append((_("Your time"), "; ".join(yours), _("this week, where this card was prepared")))
    return rows


def _source_rows(service: Service) -> list[tuple[str, str, str]]:
    """The best sources by who published them and where, never an internal path: official ones first."""
    rank = present.PUBLISHER_RANK
    cites = sorted(present.citations(service), key=lambda c: rank.get(str(c.get("publisher")), len(rank)))
    seen: dict[str, str] = {}
    for c in cites:
        url = _readable_url(plain(c.get("url")))
        if url and url not in seen:
            seen[url] = present.publisher_label(c.get("publisher"))
    if not cites:  # imported records: their addresses only when they are web addresses
        for url in present.source_urls(service):
            if _URL.match(url):
                seen.setdefault(_readable_url(url), "")
    if service.get("origin") and not seen:
        return [(_("Source"), _("imported from another directory"), "")]
    rows = [(_("Source"), url, who) for url, who in list(seen.items())[:MAX_SOURCES]]
    if len(seen) > MAX_SOURCES:
        rows.append(
            (
                _("Source"),
                ngettext(
                    "and {count} more in the vsd directory",
                    "and {count} more in the vsd directory",
                    len(seen) - MAX_SOURCES,
                ).format(count=len(seen) - MAX_SOURCES),
                "",
            )
        )
    return rows


def _readable_url(url: str) -> str:
    """A web address as people read it: percent-escapes of letters decoded ("…/กระทรวง…"), spaces and
    controls kept escaped. Anything that is not a web address is left out."""
    if not _URL.match(url):
        return ""
    decoded = "".join("%20" if ch.isspace() else ch for ch in unquote(url))
    if decoded != url and all(ch.isprintable() for ch in decoded):
        return decoded
    return url


def _shown_date(iso: str) -> str:
    """An ISO date as the card's language writes it; anything else as it is."""
    try:
        return present.show_date(date.fromisoformat(iso))
    except ValueError:
        return iso


def _checked(service: Service, now: datetime | None) -> str:
    """When and how the facts were checked, in words for the person holding the card."""
    when = _shown_date(plain(service.get("last_verified"))) or _("date unknown")
    if service.get("verification") == "verified":
        how = _("confirmed on the service's own site or an official listing")
    else:
        how = present.found_through(service) or _("not confirmed on an official source; check before relying on it")
    text = f"{when}, {how}"
    year = present.page_year(service)
    if now is not None and year is not None and now.year - year > present.OUT_OF_DATE_YEARS:
        text += _("; the newest source page is from {year}, so details may have changed").format(year=year)
    return text


def referral_text(service: Service, *, now: datetime | None = None) -> str:
    """A plain-text card; `now` adds a "prepared" date line."""
    title = present.name(service)
    rows = _rows(service, now)
    width = max(cell_len(k) for k, _v, _x in rows)  # terminal cells: CJK and Thai labels are wide
    heading = _("REFERRAL: {name}").format(name=title)
    # The rule under the name still counts its characters (the recorded cards do): the label part in cells.
    lines = [heading, "=" * min(72, len(title) + cell_len(heading) - cell_len(title))]
    lines += [_label(k, width + 1) + f" {v}" + (f" ({x})" if x else "") for k, v, x in rows]
    if now is not None:
        lines += ["", _prepared(now, plain(service.get("id")))]
    return "\n".join(lines) + "\n"


def _label(key: str, width: int) -> str:
    """ "Key:" padded to `width` terminal cells."""
    head = _("{label}:").format(label=key)
    return head + " " * (width - cell_len(head))


def _prepared(now: datetime, ref: str) -> str:
    return _("Prepared {date} from the vsd directory (ref. {ref}).").format(date=card_date(now), ref=ref)


def card_date(now: datetime) -> str:
    """The date a card was prepared: ISO in English (as ever), the language's own form otherwise (CLDR)."""
    return present.show_date(now.date())


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", plain(text))


def _md_value(text: str) -> str:
    return f"<{text}>" if _URL.match(text) else md_escape(text)


def referral_markdown(service: Service, *, now: datetime | None = None) -> str:
    lines = ["# " + _("Referral: {name}").format(name=md_escape(present.name(service))), ""]
    for key, value, extra in _rows(service, now):
        shown = _md_value(value) + (f" ({md_escape(extra)})" if extra else "")
        lines.append(f"- **{key}:** {shown}")
    if now is not None:
        ref = md_escape(str(service.get("id", "")))
        lines += ["", f"_{_prepared(now, ref)}_"]
    return "\n".join(lines) + "\n"


def render(service: Service, fmt: str = "text", *, now: datetime | None = None) -> str:
    if fmt == "markdown":
        return referral_markdown(service, now=now)
    if fmt == "text":
        return referral_text(service, now=now)
    raise ValueError(f"unknown referral format {fmt!r} (text or markdown)")


def default_filename(service: Service, fmt: str = "text") -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", str(service.get("id", "service")).lower()).strip("-") or "service"
    return f"referral-{slug}{FORMATS.get(fmt, '.txt')}"
