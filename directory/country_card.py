"""The country card as data: a country's key services, one row per kind of help, in the order a
caseworker needs them, each row with its main services or the record that none is known.

Headless (no Textual), so the app, the command line and scripts build the same card; how it reads
on paper or on screen is the renderers' business (`tui/country_card_text.py`). Every string here
went through `directory.presentation` (hence `safe_text.plain`): callers get plain text.

    card = country_card(Directory.open(), "Gana")   # a code or a name in any language
    [(row.kind, row.state) for row in card.rows]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import presentation as present
from .coverage import NONE_KNOWN, NOT_RESEARCHED
from .errors import VsdError
from .i18n import N_, _
from .records import Service
from .safe_text import plain

if TYPE_CHECKING:
    from .directory import Directory

# The order a caseworker needs them: the emergency number first, then children, victims of crime
# (116 006), violence against women, sexual violence, trafficking, then the reporting routes.
CARD_KINDS = (
    "emergency",
    "child_helpline",
    "victim_support",
    "domestic_violence",
    "sexual_violence",
    "trafficking",
    "csam_reporting",
    "police_cyber",
    "missing_children",
    "online_safety",
)
# Headings where the vocabulary's label says less than a caseworker looks for.
HEADINGS = {
    "victim_support": N_("Victim support (116 006)"),
    "domestic_violence": N_("Violence against women, domestic violence"),
    "police_cyber": N_("Police online reporting"),
}
# A card, not a listing: the first few services of each kind; the rest are a search away.
PER_KIND = 3
# What a caseworker can use besides a phone, the first one a record has, in this order.
ONLINE_KINDS = ("report", "chat", "app", "web", "email")
CONSULTED = N_("consulted in research")  # publishers are kept as English msgids; the card text translates them
AREA_ORDER = {"national": 0, "regional": 1, "international": 2}


class UnknownCountryError(VsdError):
    """A country none of the vocabularies knows (a usage error, like an unknown search filter)."""

    exit_code = 2


@dataclass(frozen=True)
class Contact:
    kind: str  # "Phone", "SMS", "Report", ...
    value: str  # as dialled / as typed
    extra: str  # label, how it is dialled from where, languages, hours


@dataclass(frozen=True)
class Entry:
    """One service on the card."""

    id: str
    name: str
    name_en: str
    area: str
    labels: tuple[str, ...]  # "international", "imported from …": why it is here though not the country's own
    contacts: tuple[Contact, ...]
    hours: str  # the service's hours ("" when only its channels state them)
    verification: str
    warn: bool
    sources: tuple[int, ...]  # numbers in `CountryCard.sources`, from 1
    imported: bool = False  # a local import, not the signed central directory


@dataclass(frozen=True)
class NoneKnown:
    researched: str
    note: str
    consulted: tuple[int, ...]  # numbers in `CountryCard.sources`, from 1


@dataclass(frozen=True)
class Row:
    kind: str
    heading: str
    entries: tuple[Entry, ...]
    total: int  # services of this kind in the country, `entries` being the first of them
    none_known: NoneKnown | None  # the research record when no national or regional service is listed

    @property
    def state(self) -> str:
        if self.entries:
            return "services"
        return NONE_KNOWN if self.none_known else NOT_RESEARCHED


@dataclass(frozen=True)
class Source:
    url: str
    publisher: str  # "a government page", ..., CONSULTED; "" when only a record names it


@dataclass(frozen=True)
class CountryCard:
    country: str
    name: str
    rows: tuple[Row, ...]
    sources: tuple[Source, ...]
    version: str
    generated_at: str
    prepared: str  # the date the card was made (ISO)


def resolve(country: str) -> str:
    """The ISO code of a country given as a code or a name in any language; raises with suggestions."""
    from .countries import country_name, resolve_country, suggest_country

    shown = plain(country)[:80]
    code = resolve_country(country) if shown.strip() else None
    if code:
        return code
    ideas = suggest_country(country) if shown.strip() else []
    names = ", ".join(f"{country_name(c)} ({c})" for c in ideas)
    hint = _("; did you mean {names}?").format(names=names) if ideas else ""
    raise UnknownCountryError(_('unknown country "{name}"{hint}').format(name=shown, hint=hint))


class _Sources:
    """Numbers the addresses a card cites, each once, in the order they first appear."""

    def __init__(self) -> None:
        self.found: dict[str, Source] = {}

    def number(self, url: str, publisher: str = "") -> int:
        known = self.found.get(url)
        # Who published a page says more than that it was consulted or that a record named it.
        if known is None or (publisher and known.publisher in ("", CONSULTED)):
            self.found[url] = Source(url, publisher or (known.publisher if known else ""))
        return list(self.found).index(url) + 1


def country_card(directory: Directory, country: str, *, now: datetime | None = None) -> CountryCard:
    """The card for `country` (a code or a name in any language) from `directory`."""
    when = now or datetime.now().astimezone()
    code = resolve(country)
    sources = _Sources()
    rows = tuple(_row(directory, code, kind, sources, when) for kind in CARD_KINDS)
    return CountryCard(
        country=code,
        name=plain(present.country_name(code)),
        rows=rows,
        sources=tuple(sources.found.values()),
        version=plain(directory.version),
        generated_at=plain(directory.generated_at),
        prepared=when.date().isoformat(),
    )


def _row(directory: Directory, country: str, kind: str, sources: _Sources, now: datetime) -> Row:
    hits = directory.search(country=country, support_type=kind, limit=1000)
    # The directory's ranking within each place: the country's own national services first.
    ranked = sorted(hits, key=lambda h: (bool(h.service.get("origin")), AREA_ORDER.get(str(h.service.get("area")), 3)))
    entries = tuple(_entry(h.service, h.labels, country, sources, now) for h in ranked[:PER_KIND])
    own = any(e.area in ("national", "regional") and not _imported(e) for e in entries)
    none_known = None
    if not own:
        records = directory.none_known_for({"country": country, "support_type": kind})
        none_known = _none_known(records[0], sources) if records else None
    heading = _(HEADINGS[kind]) if kind in HEADINGS else present.support_label(kind)
    return Row(kind, heading, entries, len(hits), none_known)


def _imported(entry: Entry) -> bool:
    return entry.imported


def _entry(service: Service, labels: tuple[str, ...], country: str, sources: _Sources, now: datetime) -> Entry:
    origin = plain(service.get("origin"))
    imported = (_("imported from {origin}").format(origin=origin),) if origin else ()
    shown_labels = tuple(plain(x) for x in labels) + imported
    # A card is printed and kept: "(3 days ago)" would go stale on paper; the date says it all.
    checked = present.verification(service, now, with_age=False)
    verified = checked.text
    return Entry(
        id=plain(service.get("id")),
        name=present.name(service),
        name_en=present.english_name_beside(service),
        area=plain(service.get("area")),
        labels=tuple(dict.fromkeys(shown_labels)),
        contacts=tuple(_contacts(service, country)),
        hours=_hours(service),
        verification=verified,
        warn=checked.warn,
        sources=tuple(_cite(service, sources)),
        imported=bool(origin),
    )


def _contacts(service: Service, country: str) -> list[Contact]:
    """Every phone and SMS number (dialled as shown), then one way in that is not a call."""
    home = present.home_country(service) or country
    calls = [c for c in present.channels(service) if c.get("kind") in ("phone", "sms")]
    others = [c for c in present.channels(service) if c.get("kind") in ONLINE_KINDS]
    others.sort(key=lambda c: ONLINE_KINDS.index(str(c.get("kind"))))
    return [Contact(*present.channel_line(c, home)) for c in calls + others[:1]]


def _hours(service: Service) -> str:
    hours = service.get("hours")
    if isinstance(hours, dict):
        return "; ".join(present.hours_lines(hours, with_zone=True))
    timed = any(isinstance(c.get("hours"), dict) for c in present.channels(service))
    calls = any(c.get("kind") in ("phone", "sms", "chat") for c in present.channels(service))
    return _("hours not published") if calls and not timed else ""


def _cite(service: Service, sources: _Sources) -> list[int]:
    cites = present.citations(service)
    if not cites:  # older or imported records: the address of the listing only
        return [sources.number(url) for url in present.source_urls(service)]
    numbers = [
        sources.number(plain(c.get("url")), present.PUBLISHER_LABELS.get(str(c.get("publisher")), N_("another source")))
        for c in cites
        if c.get("url")
    ]
    return sorted(set(numbers))


def _none_known(record: dict[str, Any], sources: _Sources) -> NoneKnown:
    consulted = [plain(u) for u in record.get("consulted") or () if isinstance(u, str) and plain(u)]
    return NoneKnown(
        researched=plain(record.get("researched")) or _("date not recorded"),
        note=plain(record.get("note")),
        consulted=tuple(sorted({sources.number(u, CONSULTED) for u in consulted})),
    )
