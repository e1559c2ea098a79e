"""The referral card: what a caseworker hands over, as plain text or Markdown.

Headless (no Textual import) so it can move to `directory/` or serve the CLI.
The card is timeless on purpose: hours, not "open now"; private notes are never
included. All record text is made plain first (`directory.safe_text.plain`) and, for
Markdown, escaped so that a record cannot inject links, HTML or formatting.
"""

from __future__ import annotations

import re
from datetime import datetime

from directory import presentation as present
from directory.records import Service
from directory.safe_text import plain

FORMATS = {"text": ".txt", "markdown": ".md"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")


def _rows(service: Service) -> list[tuple[str, str, str]]:
    """(label, value, extra): value may be a URL; extra is a plain-text remark."""
    rows: list[tuple[str, str, str]] = []
    if present.name_en(service):
        rows.append(("In English", present.name_en(service), ""))
    if service.get("organization"):
        rows.append(("Organisation", plain(service["organization"]), ""))
    rows.append(("Support", ", ".join(present.support_labels(service)), ""))
    rows.append(("Serves", present.countries_text(service), ""))
    for chan in present.channels(service):
        kind, value, extra = present.channel_line(chan, present.home_country(service))
        rows.append((kind, value, extra))
    hours = service.get("hours")
    if isinstance(hours, dict):
        zone = plain(hours.get("timezone"))
        extra = f"{zone} time" if zone and not hours.get("always_open") else ""
        rows.append(("Hours", "; ".join(present.hours_lines(hours)), extra))
    if service.get("languages"):
        rows.append(("Languages", present.service_languages_text(service), plain(service.get("languages_note"))))
    if present.audience_text(service):
        rows.append(("For", present.audience_text(service), ""))
    if present.flags(service):
        rows.append(("Terms", ", ".join(present.flags(service)), ""))
    if service.get("description"):
        rows.append(("About", plain(service["description"]), ""))
    for src in present.source_urls(service):
        rows.append(("Source", src, ""))
    verified = plain(service.get("last_verified"))
    status = plain(service.get("verification"))
    if verified or status:
        rows.append(("Checked", " ".join(x for x in (verified, status and f"({status})") if x), ""))
    return rows


def referral_text(service: Service, *, now: datetime | None = None) -> str:
    """A plain-text card; `now` adds a "prepared" date line."""
    title = present.name(service)
    rows = _rows(service)
    width = max(len(k) for k, _, _ in rows)
    lines = [f"REFERRAL: {title}", "=" * min(72, len(title) + 10)]
    lines += [f"{k + ':':<{width + 1}} {v}" + (f" ({x})" if x else "") for k, v, x in rows]
    if now is not None:
        lines += ["", f"Prepared {now.date().isoformat()} from the vsd directory (ref. {plain(service.get('id'))})."]
    return "\n".join(lines) + "\n"


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", plain(text))


def _md_value(text: str) -> str:
    return f"<{text}>" if _URL.match(text) else md_escape(text)


def referral_markdown(service: Service, *, now: datetime | None = None) -> str:
    lines = [f"# Referral: {md_escape(present.name(service))}", ""]
    for key, value, extra in _rows(service):
        shown = _md_value(value) + (f" ({md_escape(extra)})" if extra else "")
        lines.append(f"- **{key}:** {shown}")
    if now is not None:
        ref = md_escape(str(service.get("id", "")))
        lines += ["", f"_Prepared {now.date().isoformat()} from the vsd directory (ref. {ref})._"]
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
