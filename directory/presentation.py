"""How a service record reads to a person: labels, hours, open-now, verification.

Headless (no Textual import) so that the referral card, the TUI and later the CLI
share one wording; every string that comes from a record goes through
`directory.safe_text.plain` here, so callers get plain text ready to wrap in `Content`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .i18n import ENGLISH, N_, _, cldr_locale, current_language, ngettext
from .records import Channel, Citation, Hours, Opening, Service
from .safe_text import plain

# `directory` is imported inside the functions: the app's first frame must not wait for
# the vocabularies and the search engine to load (they load in the worker that opens
# the directory). Python caches modules, so later calls pay a dictionary lookup.
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def country_name(code: str) -> str:
    """A country's name in the language spoken now (CLDR, through babel)."""
    from .countries import country_name as name_of

    return name_of(code, cldr_locale())


def language_name(code: str) -> str:
    """A language's name in the language spoken now (CLDR, through babel)."""
    from .languages import language_name as name_of

    return name_of(code, cldr_locale())


def support_label(code: str) -> str:
    """A kind of help's label in the language spoken now (`support_types.label`, one place for all)."""
    from directory import support_types

    return support_types.label(code, current_language())


def show_date(day: date) -> str:
    """A date as the language spoken now writes it (babel's medium form); ISO in English, as ever."""
    locale = cldr_locale()
    if locale == ENGLISH:
        return day.isoformat()
    from babel.dates import format_date

    return str(format_date(day, "medium", locale=locale))


DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}
# Labels below are English msgids, translated where they are shown (`_()`): the tables are built before a
# language is chosen.
AUDIENCES = {
    "children": N_("children"),
    "young_people": N_("young people"),
    "adults": N_("adults"),
    "parents": N_("parents"),
    "professionals": N_("professionals"),
    "everyone": N_("everyone"),
}
AREAS = {"national": N_("national"), "regional": N_("regional"), "international": N_("international")}
CHANNEL_LABELS = {
    "phone": N_("Phone"),
    "sms": N_("SMS"),
    "chat": N_("Chat"),
    "email": N_("Email"),
    "web": N_("Web"),
    "report": N_("Report"),
    "app": N_("App"),
}
FLAGS = (
    ("free", N_("free"), N_("not free")),
    ("anonymous", N_("anonymous"), N_("not anonymous")),
    ("confidential", N_("confidential"), N_("not confidential")),
    ("not_on_phone_bill", N_("not on the phone bill"), N_("shows on the phone bill")),
)
STALE_AFTER_DAYS = 365
# A number of at most this many digits (112, 1056, 116 111) is a short number: no country lets it be
# dialled from abroad, so "dial within <country>" holds even when the metadata does not know it.
SHORT_DIGITS = 6


def name(service: Service) -> str:
    return plain(service.get("name")) or plain(service.get("id"))


def name_en(service: Service) -> str:
    """The English name when it differs from the service's own name."""
    en = plain(service.get("name_en"))
    return en if en and en != name(service) else ""


def english_name_beside(service: Service) -> str:
    """The English name to show beside the service's own on a card: always on an English card (as ever),
    and on a card in another language unless that is the service's own first language."""
    en = name_en(service)
    lang = current_language()
    spoken = [c for c in service.get("languages") or [] if isinstance(c, str)]
    if en and lang != ENGLISH and spoken and spoken[0].split("-")[0] == lang.split("_")[0]:
        return ""
    return en


def support_labels(service: Service) -> list[str]:
    from directory import support_types

    codes = [c for c in service.get("support_types") or [] if isinstance(c, str)]
    return [plain(support_label(c)) for c in sorted(codes, key=support_types.rank)]


def countries(service: Service) -> list[str]:
    return [c for c in service.get("countries") or [] if isinstance(c, str)]


def countries_text(service: Service) -> str:
    names = ", ".join(plain(country_name(c)) for c in countries(service))
    code = plain(service.get("area"))
    area = _(AREAS[code]) if code in AREAS else code
    region = plain(service.get("region"))
    extra = ", ".join(x for x in (area, region) if x)
    return f"{names} ({extra})" if extra else names  # area and region are the record's own words


def languages_text(codes: Iterable[str] | None) -> str:
    return ", ".join(plain(language_name(c)) for c in codes or [] if isinstance(c, str))


def audience_text(service: Service) -> str:
    who = ", ".join(
        _(AUDIENCES[a]) if a in AUDIENCES else plain(a) for a in service.get("audiences") or [] if isinstance(a, str)
    )
    lo, hi = service.get("min_age"), service.get("max_age")
    if isinstance(lo, int) and isinstance(hi, int):
        ages = _("ages {low}–{high}").format(low=lo, high=hi)
    elif isinstance(lo, int):
        ages = _("ages {low}+").format(low=lo)
    elif isinstance(hi, int):
        ages = _("up to age {high}").format(high=hi)
    else:
        ages = ""
    return "; ".join(x for x in (who, ages) if x)


def flags(service: Service) -> list[str]:
    """What the record states about cost and privacy; unknown flags are left out."""
    out = []
    for key, yes, no in FLAGS:
        value = service.get(key)
        if value is True:
            out.append(_(yes))
        elif value is False:
            out.append(_(no))
    return out


def channels(service: Service, kind: str | None = None) -> list[Channel]:
    chans = [c for c in service.get("channels") or [] if isinstance(c, dict) and c.get("value")]
    return [c for c in chans if c.get("kind") == kind] if kind else chans


def main_phone(service: Service, country: str | None = None) -> str:
    """The number to call: the first phone (one for `country` when the record has several)."""
    phones = channels(service, "phone")
    if country:
        phones = sorted(phones, key=lambda c: c.get("country") not in (None, country))
    return plain(phones[0]["value"]) if phones else ""


def phone_reach(channel: Channel, country: str | None) -> str:
    """How a phone is dialled from where: "from abroad +49 800 …" or "short number: dial within Germany"."""
    if channel.get("kind") not in ("phone", "sms"):
        return ""
    where = channel.get("country") or country
    intl = channel.get("international")
    if not intl and not channel.get("domestic_only") and where:  # older or imported data: work it out
        from .phones import international_form, known_to_metadata

        intl = international_form(str(channel.get("value")), where)
        short = sum(ch.isdigit() for ch in str(channel.get("value"))) <= SHORT_DIGITS
        if not intl and not short and not known_to_metadata(str(channel.get("value")), where):
            return ""  # a long number the metadata does not know: say nothing rather than guess
    if intl:
        from .phones import digits as dialled
        from .phones import grouped_international

        if str(channel.get("value", "")).lstrip().startswith("+") and dialled(str(channel["value"])) == dialled(intl):
            return ""  # already written in its international form
        return _("from abroad {number}").format(number=plain(grouped_international(str(intl))))
    if not where:
        return ""
    place = plain(country_name(where))
    digits = sum(ch.isdigit() for ch in str(channel.get("value")))
    if digits <= SHORT_DIGITS + 1:
        return _("short number: dial within {country}").format(country=place)
    return _("dial within {country} only").format(country=place)


def channel_line(channel: Channel, country: str | None = None) -> tuple[str, str, str]:
    """(kind label, value, extra) for one channel, all plain text; `country`: the service's own."""
    code = channel.get("kind", "")
    kind = _(CHANNEL_LABELS[code]) if code in CHANNEL_LABELS else plain(code)
    extra = []
    if channel.get("label"):
        extra.append(plain(channel["label"]))
    reach = phone_reach(channel, country)
    if reach:
        extra.append(reach)
    elif channel.get("country"):
        extra.append(_("from {country} only").format(country=plain(country_name(channel["country"]))))
    if channel.get("languages"):
        extra.append(_("in {languages}").format(languages=languages_text(channel["languages"])))
    if isinstance(channel.get("hours"), dict):
        extra.append("; ".join(hours_lines(channel["hours"], with_zone=True)))
    return kind, plain(channel.get("value")), " · ".join(e for e in extra if e)


def home_country(service: Service) -> str | None:
    """The one country a national or regional service serves (None for several or international)."""
    cs = countries(service)
    return cs[0] if len(cs) == 1 and service.get("area") != "international" else None


def service_languages_text(service: Service) -> str:
    """ "Italian, English" — or "Polish (assumed: the country's official language; not stated)"."""
    text = languages_text(service.get("languages"))
    if text and service.get("languages_assumed"):
        text += " " + _("(assumed: the country's official language; no source states it)")
    return text


# -- hours ------------------------------------------------------------------
def format_days(days: Iterable[str]) -> str:
    """["mon".."fri"] -> "Mon–Fri"; ["mon", "wed"] -> "Mon, Wed"; all seven -> "daily"."""
    idx = sorted({DAYS.index(d) for d in days if d in DAYS})
    if len(idx) == 7:
        return _("daily")
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    parts = []
    for run in runs:
        first, last = day_name(DAYS[run[0]]), day_name(DAYS[run[-1]])
        if len(run) >= 3:
            parts.append(f"{first}–{last}")
        else:
            parts.extend(day_name(DAYS[i]) for i in run)
    return ", ".join(parts)


def _span_text(span: Opening) -> str:
    opens, closes = plain(span.get("opens")), plain(span.get("closes"))
    overnight = closes != "24:00" and closes <= opens
    return f"{opens}–{closes}" + (" " + _("(next day)") if overnight else "")


def hours_lines(hours: Hours | None, *, with_zone: bool = False) -> list[str]:
    """Opening hours as short lines: "Mon–Sat 14:00–20:00", the time zone, the note."""
    if not isinstance(hours, dict):
        return [_("hours not published")]
    lines: list[str] = []
    if hours.get("always_open"):
        lines.append("24/7")
    else:
        grouped: dict[tuple[str, ...], list[str]] = {}
        for span in hours.get("weekly") or []:
            if isinstance(span, dict):
                grouped.setdefault(tuple(span.get("days") or ()), []).append(_span_text(span))
        for days, spans in grouped.items():
            lines.append(f"{format_days(days)} {', '.join(spans)}")
        if with_zone and hours.get("timezone"):
            lines[-1:] = [f"{lines[-1]} ({plain(hours['timezone'])})"] if lines else []
    if hours.get("note"):
        lines.append(plain(hours["note"]))
    return lines or [_("hours not published")]


def hours_for_reader(hours: Hours | None, now: datetime) -> list[str]:
    """The weekly hours moved into the reader's zone (`now`'s) for the week of `now`, as lines like
    "Mon–Fri 08:00–16:00"; [] when the zones agree, the service is always open or has no hours.

    Worked out on real dates, so summer time on either side is right for that week."""
    if not isinstance(hours, dict) or hours.get("always_open") or not hours.get("timezone") or now.tzinfo is None:
        return []
    try:
        zone = ZoneInfo(str(hours["timezone"]))
    except Exception:  # noqa: BLE001 - an unknown zone: say nothing rather than guess
        return []
    theirs = now.astimezone(zone)
    if theirs.utcoffset() == now.utcoffset():
        return []
    monday = theirs.date() - timedelta(days=theirs.weekday())
    grouped: dict[str, list[str]] = {}
    for span in hours.get("weekly") or []:
        if not isinstance(span, dict):
            continue
        for day in span.get("days") or ():
            if day not in DAYS:
                continue
            try:
                opens = _at(monday + timedelta(days=DAYS.index(day)), str(span.get("opens")), zone)
                closes = _at(monday + timedelta(days=DAYS.index(day)), str(span.get("closes")), zone)
            except ValueError:
                return []
            if closes <= opens:
                closes += timedelta(days=1)
            a, b = opens.astimezone(now.tzinfo), closes.astimezone(now.tzinfo)
            nextday = " " + _("(next day)") if b.date() != a.date() and _hhmm(b) != "00:00" else ""
            text = f"{_hhmm(a)}–{'24:00' if _hhmm(b) == '00:00' else _hhmm(b)}{nextday}"
            grouped.setdefault(text, []).append(DAYS[a.weekday()])
    return [f"{format_days(days)} {text}" for text, days in grouped.items()]


def _at(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return datetime.combine(day, time(0), zone) + timedelta(hours=hour, minutes=minute)


@dataclass(frozen=True)
class OpenStatus:
    state: str  # "open", "closed", "always", "unknown"
    badge: str  # short, for result rows
    text: str  # a sentence, for the detail pane

    @property
    def is_open(self) -> bool:
        return self.state in ("open", "always")


def _hhmm(dt: datetime) -> str:
    return dt.strftime("%H:%M")


def _when(dt: datetime, now: datetime) -> str:
    """ "14:00" today, "Tue 14:00" otherwise (both in dt's own zone)."""
    today = now.astimezone(dt.tzinfo).date()
    return _hhmm(dt) if dt.date() == today else f"{day_name(DAYS[dt.weekday()])} {_hhmm(dt)}"


def day_name(day: str) -> str:
    """A day's short name ("mon" -> "Mon") in the language spoken now (CLDR's abbreviated form)."""
    locale = cldr_locale()
    if locale == ENGLISH:
        return DAY_NAMES[day]
    from babel.dates import get_day_names

    return str(get_day_names("abbreviated", locale=locale)[DAYS.index(day)])


ALWAYS_AVAILABLE = {"report": N_("report form"), "app": N_("app"), "email": N_("e-mail")}


def service_status(service: Service, now: datetime) -> OpenStatus:
    """Open now for a whole service: its hours, else its first channel with hours (phones first),
    else "always available" when it takes reports by form, app or e-mail at any hour."""
    ways = ", ".join(
        dict.fromkeys(_(ALWAYS_AVAILABLE[c["kind"]]) for c in channels(service) if c.get("kind") in ALWAYS_AVAILABLE)
    )
    timed = [c for c in channels(service) if isinstance(c.get("hours"), dict)]
    timed.sort(key=lambda c: c.get("kind") != "phone")
    hours = service.get("hours") if isinstance(service.get("hours"), dict) else (timed[0]["hours"] if timed else None)
    if hours is None:
        if ways:
            return OpenStatus("always", _("always available"), _("always available ({ways})").format(ways=ways))
        return open_status(None, now)
    status = open_status(hours, now)
    if ways and not status.is_open:  # the line is closed, but a message can be left at any hour
        return OpenStatus(
            status.state,
            _("{badge} · {ways} any time").format(badge=status.badge, ways=ways),
            _("{status}; {ways} at any time").format(status=status.text, ways=ways),
        )
    return status


def open_status(hours: Hours | None, now: datetime) -> OpenStatus:
    """Open now / closed with the next opening in their time and yours (`now`'s zone)."""
    if not isinstance(hours, dict) or not hours.get("timezone"):
        return OpenStatus("unknown", _("hours not published"), _("hours not published"))
    if hours.get("always_open"):
        return OpenStatus("always", "24/7", _("open now (24/7)"))
    from directory.hours import closes_at, is_open, next_opening

    try:
        zone = ZoneInfo(hours["timezone"])
        if is_open(hours, now):
            closes = closes_at(hours, now)
            if closes is None:
                return OpenStatus("open", _("open"), _("open now"))
            until = _("midnight") if _hhmm(closes) == "00:00" else _when(closes, now)
            yours = closes.astimezone(now.tzinfo)
            same = yours.utcoffset() == closes.utcoffset()
            if same:
                return OpenStatus("open", _("open"), _("open now, until {until} (their time)").format(until=until))
            text = _("open now, until {until} (their time), {yours} yours").format(until=until, yours=_when(yours, now))
            return OpenStatus("open", _("open"), text)
        nxt = next_opening(hours, now)
    except Exception:
        return OpenStatus("unknown", _("hours unknown"), _("opening hours could not be read"))
    if nxt is None:
        return OpenStatus("closed", _("closed"), _("closed"))
    nxt = nxt.astimezone(zone)
    yours = nxt.astimezone(now.tzinfo)
    if yours.utcoffset() == nxt.utcoffset():
        return OpenStatus("closed", _("closed"), _("closed, opens at {when}").format(when=_when(nxt, now)))
    text = _("closed, opens at {when} (their time), {yours} yours").format(
        when=_when(nxt, now), yours=_when(yours, now)
    )
    return OpenStatus("closed", _("closed"), text)


# -- verification -------------------------------------------------------------
PUBLISHER_LABELS = {
    "service": N_("the service's own site"),
    "network": N_("an official network"),
    "government": N_("a government page"),
    "aggregation": N_("a third-party list"),
    "news": N_("a news item"),
}
# Which source to name first: the service itself, then a government page, an official network, news,
# a third-party list (the referral card and the curators' kinds report both order sources so).
PUBLISHER_RANK = {"service": 0, "government": 1, "network": 2, "news": 3, "aggregation": 4}
OUT_OF_DATE_YEARS = 3


@dataclass(frozen=True)
class Verification:
    text: str
    warn: bool  # unverified, undated, older than 12 months, or resting on an old page


def citations(service: Service) -> list[Citation]:
    return [c for c in service.get("citations") or [] if isinstance(c, dict)]


def found_through(service: Service) -> str:
    """For a record no official page confirms: how it was found ("" otherwise)."""
    kinds = {c.get("publisher") for c in citations(service)}
    if not kinds or kinds & {"service", "network", "government"}:
        return ""
    names = _(" and ").join(publisher_label(k) for k in sorted(kinds, key=str))
    return _("found through {names}; not confirmed on the service's own site or an official listing").format(
        names=names
    )


def publisher_label(publisher: object) -> str:
    """Who published a source, in words ("a government page"), in the UI language."""
    return _(PUBLISHER_LABELS.get(str(publisher), N_("another source")))


def page_year(service: Service) -> int | None:
    """The year of the newest dated page among the citations (None when no page shows a date)."""
    years = [int(str(c["page_date"])[:4]) for c in citations(service) if str(c.get("page_date", ""))[:4].isdigit()]
    return max(years) if years else None


VERIFICATION_WORDS = {"verified": N_("verified"), "unverified": N_("unverified")}


def verification(service: Service, now: datetime, *, with_age: bool = True) -> Verification:
    """How far the record can be trusted, in words; `with_age` adds "(10 days ago)" after the date."""
    raw = plain(service.get("last_verified"))
    code = plain(service.get("verification")) or "unverified"
    status = _(VERIFICATION_WORDS[code]) if code in VERIFICATION_WORDS else code
    try:
        checked = date.fromisoformat(raw)
    except ValueError:  # an import whose source gives no date: shown as unknown, never as today
        return Verification(_("{status}, date unknown — check before referring").format(status=status), True)
    age_days = (now.date() - checked).days
    stale = age_days > STALE_AFTER_DAYS
    text = _("{status}, last verified {date}").format(status=status, date=show_date(checked))
    if with_age:
        text += f" ({_ago(age_days)})"
    year = page_year(service)
    old_page = year is not None and now.year - year > OUT_OF_DATE_YEARS
    how = found_through(service)
    if stale:
        text += " — " + _("older than 12 months, check before referring")
    elif how:
        text += f" — {how}"
    elif code != "verified":
        text += " — " + _("not verified, check before referring")
    if old_page:
        text += " — " + _("may be out of date: the newest source page is from {year}").format(year=year)
    return Verification(text, stale or old_page or code != "verified")


def _ago(age_days: int) -> str:
    if age_days <= 0:
        return _("today")
    if age_days < 60:
        return ngettext("{count} day ago", "{count} days ago", age_days).format(count=age_days)
    months = max(0, age_days // 30)
    return ngettext("{count} month ago", "{count} months ago", months).format(count=months)


def sources(service: Service) -> list[str]:
    """One line per source: the address, who published it, when it was read, and the words read."""
    cites = citations(service)
    if not cites:
        return [s for s in (plain(p) for p in str(service.get("source") or "").split(" ; ")) if s]
    out = []
    for c in cites:
        who = publisher_label(c.get("publisher"))
        url, read, quote = plain(c.get("url")), plain(c.get("read")), plain(c.get("quote"))
        if c.get("page_date"):
            line = _("{url} ({who}, read {read}, page dated {page_date}): “{quote}”").format(
                url=url, who=who, read=read, page_date=plain(c["page_date"]), quote=quote
            )
        else:
            line = _("{url} ({who}, read {read}): “{quote}”").format(url=url, who=who, read=read, quote=quote)
        out.append(line)
    return out


def directory_age(generated_at: str | None, now: datetime) -> str:
    """ "2026-11-20 (10 days old)" from the envelope's timestamp."""
    if not generated_at:
        return _("date unknown")
    try:
        when = datetime.fromisoformat(generated_at.replace("Z", "+00:00"))
    except ValueError:
        return plain(generated_at)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    days = (now - when).days
    age = _("today") if days <= 0 else ngettext("{count} day old", "{count} days old", days).format(count=days)
    return f"{show_date(when.date())} ({age})"


def source_urls(service: Service) -> list[str]:
    """The addresses the record was read at, once each (for a referral card)."""
    cites = citations(service)
    urls = [plain(c.get("url")) for c in cites] if cites else sources(service)
    return list(dict.fromkeys(u for u in urls if u))
