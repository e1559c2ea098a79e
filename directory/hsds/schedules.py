"""HSDS schedules (weekly RRULE parts, times with offsets) -> vsd opening hours."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from dateutil import parser as date_parser

from ..validate import is_timezone
from .context import ImportContext
from .fields import FieldReader, locations, vsd_fields
from .places import PlaceZone, zone_for_offset
from .text import import_text, short

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_Span = tuple[list[str], str, str]  # (days, opens, closes)


def service_schedules(r: FieldReader, obj: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    own = r.list(obj, "schedules")
    if own:
        return own
    per_location = []
    for p, sal, loc in locations(r, obj):
        if loc.get("location_type") == "virtual":
            continue
        scheds = r.list(sal, "schedules", p) or r.list(loc, "schedules", p + "location.")
        if scheds:
            per_location.append(scheds)
    if len(per_location) > 1:
        r.warn("schedules", "the service has different hours at different locations; hours not imported")
        return []
    return per_location[0] if per_location else []


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?$", re.IGNORECASE)
# What people write besides HH:MM: "4:00 PM", "3pm", "9.30 a.m.", "noon", "midnight" (read by dateutil).
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$", re.IGNORECASE)
_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


@lru_cache(maxsize=4096)
def parse_time(value: str, *, closing: bool = False) -> tuple[str, float | None] | None:
    """HH:MM and the UTC offset the time gives (None: no offset), or None when it is not a time of day.
    A closing time of midnight is 24:00. (Cached: an import reads the same few times again and again.)"""
    text = value.strip()
    text = _WORDS.get(text.lower(), text)
    text = re.sub(r"^(\d{1,2})\.(\d{2})$", r"\1:\2", text)  # "9.30"
    parsed = _parse_24h(text) or _parse_clock(text)
    if parsed and closing and parsed[0] == "00:00":
        return "24:00", parsed[1]
    return parsed


def _parse_clock(text: str) -> tuple[str, float | None] | None:
    """A 12-hour time ("4:00 PM", "3pm"), read by dateutil once its form is known to be one."""
    m = _CLOCK.match(text)
    if not m or not 1 <= int(m.group(1)) <= 12:
        return None
    try:
        t = date_parser.parse(f"{m.group(1)}:{m.group(2) or '00'} {m.group(3)}m").time()
    except (ValueError, OverflowError):
        return None
    return f"{t.hour:02d}:{t.minute:02d}", None


def _parse_24h(value: str) -> tuple[str, float | None] | None:
    m = _TIME.match(value)
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if not (0 <= h <= 24 and 0 <= mi <= 59) or (h == 24 and mi):
        return None
    off = None
    z = m.group(4)
    if z:
        if z.upper() == "Z":
            off = 0.0
        else:
            sign = -1 if z[0] == "-" else 1
            digits = z[1:].replace(":", "")
            hh = int(digits[:-2] or 0) if len(digits) > 2 else int(digits)
            mm = int(digits[-2:]) if len(digits) > 2 else 0
            off = sign * (hh + mm / 60)
    return f"{h:02d}:{mi:02d}", off


_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def parse_date(value: Any) -> date | None:
    return _parse_date_text(value) if isinstance(value, str) else None


# Cached: the dates of a source recur in service after service (its services' last_modified).
@lru_cache(maxsize=4096)
def _parse_date_text(value: str) -> date | None:
    m = _DATE_PREFIX.match(value.strip())
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def read_hours(
    r: FieldReader,
    schedules: list[tuple[str, dict[str, Any]]],
    ctx: ImportContext,
    countries: list[str],
    vsd_mode: bool,
    place: PlaceZone | None = None,
) -> tuple[dict[str, Any] | None, list[str]]:
    """Weekly schedules -> vsd hours, in the zone the schedule gives, else that of the service's `place`;
    also notes that did not fit (text for the record's notes)."""
    spans: list[_Span] = []
    zone: str | None = None
    notes: list[str] = []
    caveats: list[str] = []
    always = False
    for p, s in schedules:
        note, read = read_schedule(r, p, s, ctx, (countries, place), vsd_mode)
        if note:
            notes.append(note)
        if read is None:
            continue
        span, tz, always_open = read
        if zone is None:
            zone = tz
        elif tz != zone:
            r.warn(p + "timezone", f"{tz} differs from the service's other schedules ({zone}); not imported")
            continue
        if always_open:
            always = True
        caveat = _restrictions(r, p, s)
        if caveat:
            caveats.append(caveat)
        spans.append(span)
    if not spans:
        return None, ([f"Hours: {n}" for n in notes] if not vsd_mode else [])
    return hours_of(spans, zone, always, notes + caveats, vsd_mode), []


def read_schedule(
    r: FieldReader,
    p: str,
    s: dict[str, Any],
    ctx: ImportContext,
    where: tuple[list[str], PlaceZone | None],
    vsd_mode: bool,
) -> tuple[str | None, tuple[_Span, str, bool] | None]:
    """What one schedule says on its own: its note, and its days and times, its time zone and whether vsd
    marked it always open (None when one of them is not read). Whether it agrees with the service's other
    schedules, and its restrictions, are read_hours' to say."""
    desc = r.str(s, "description", p)
    note = import_text(desc, 500, exact=vsd_mode) if desc else None
    vsd = vsd_fields(r, s)
    read = _weekly(r, p, s, ctx, exact=bool(vsd))
    if read is None:
        return note, None
    span, offset = read
    tz = _zone(r, p, s, vsd, offset, ctx, where)
    if tz is None:
        return note, None
    return note, (span, tz, "always_open" in vsd)


def names_zone(s: dict[str, Any]) -> bool:
    """Whether vsd's own fields on the schedule name a known time zone: read_schedule then reads nothing of
    where the service is (`_zone` returns that zone first), so its reading holds wherever the service is."""
    tz = vsd_fields(FieldReader(), s).get("timezone", [None])[0]  # (as read_schedule reads them)
    return tz is not None and is_timezone(tz)


def _weekly(
    r: FieldReader, p: str, s: dict[str, Any], ctx: ImportContext, *, exact: bool = False
) -> tuple[_Span, float | None] | None:
    """The days and times of a schedule in effect today, with the UTC offset its opening time gives."""
    valid_to = parse_date(s.get("valid_to")) or parse_date(s.get("until"))
    valid_from = parse_date(s.get("valid_from"))
    if valid_to and valid_to < ctx.today:
        r.warn(p.rstrip("."), f"valid until {valid_to}; expired, not imported")
        return None
    if valid_from and valid_from > ctx.today:
        r.warn(p.rstrip("."), f"valid from {valid_from}; not in effect yet, not imported")
        return None
    days = _days(r, p, s)
    if days is None:
        return None
    times = _times(r, p, s, exact=exact)
    if times is None:
        return None
    opens, closes, offset = times
    return (days, opens, closes), offset


def _days(r: FieldReader, p: str, s: dict[str, Any]) -> list[str] | None:
    """The weekdays of a weekly schedule (byday, else the weekday of dtstart)."""
    freq = (r.str(s, "freq", p) or "").upper()
    byday = r.str(s, "byday", p)
    if freq and freq != "WEEKLY":
        r.warn(p + "freq", f"{freq} schedules cannot be shown as weekly hours; not imported")
        return None
    if not byday:
        start = parse_date(s.get("dtstart"))
        if start is None:
            if s.get("opens_at") or s.get("closes_at"):
                r.warn(p + "byday", "no days given; not imported")
            return None
        byday = RRULE_DAYS[start.weekday()]
    days = weekdays(byday)
    if days is None:
        r.warn(p + "byday", f'"{byday}" is not a list of weekdays (MO..SU); not imported')
        return None
    return list(days)


@lru_cache(maxsize=1024)
def weekdays(byday: str) -> tuple[str, ...] | None:
    """The days of an RRULE BYDAY list ("MO,TU"), each once, in the order given; None if one is not a day."""
    days: list[str] = []
    for part in byday.split(","):
        d = part.strip().upper()
        if d not in RRULE_DAYS:
            return None
        if DAYS[RRULE_DAYS.index(d)] not in days:
            days.append(DAYS[RRULE_DAYS.index(d)])
    return tuple(days)


def _times(r: FieldReader, p: str, s: dict[str, Any], *, exact: bool = False) -> tuple[str, str, float | None] | None:
    """Opening and closing time (HH:MM, a whole day 00:00-24:00), and the offset the opening time gives.
    `exact` (a schedule of vsd's own export): a closing time of 00:00 is kept as vsd wrote it."""
    o_raw, c_raw = r.str(s, "opens_at", p), r.str(s, "closes_at", p)
    if not o_raw or not c_raw:
        r.warn(p.rstrip("."), "no opens_at/closes_at; not imported")
        return None
    o, c = parse_time(o_raw), parse_time(c_raw, closing=True)
    if o is None or c is None:
        bad = o_raw if o is None else c_raw
        r.warn(p.rstrip("."), f'"{bad}" is not a time of day (HH:MM, 4:00 PM, 3pm, noon, midnight); hours not imported')
        return None
    opens, closes = o[0], c[0]
    if exact and c_raw == "00:00" and opens != "00:00":
        return opens, "00:00", o[1]
    if closes in ("23:59",):
        closes = "24:00"
    if opens == "24:00":
        r.warn(p + "opens_at", "24:00 is not an opening time; not imported")
        return None
    if opens == "00:00" and closes == "24:00":
        return opens, closes, o[1]
    if opens == closes:
        if opens != "00:00":
            r.warn(p.rstrip("."), f"opens and closes at {opens}; not imported")
            return None
        closes = "24:00"
    return opens, closes, o[1]


NO_ZONE = "hours left out: no time zone given or found (pass --timezone ZONE)"


def _zone(
    r: FieldReader,
    p: str,
    s: dict[str, Any],
    vsd: dict[str, list[str]],
    offset: float | None,
    ctx: ImportContext,
    where: tuple[list[str], PlaceZone | None],
) -> str | None:
    """The schedule's time zone: vsd's IANA zone, else the schedule's own (a zone, or the UTC offset of the
    schedule or its times), else that of the service's place, else --timezone. Never UTC by default: None (and
    the hours left out) when no zone is known or an offset fits none."""
    countries, place = where
    tz = vsd.get("timezone", [None])[0]
    if tz and is_timezone(tz):
        return tz
    raw_tz = s.get("timezone")
    if offset is None and raw_tz is not None:
        if isinstance(raw_tz, (int, float)) and not isinstance(raw_tz, bool):
            offset = float(raw_tz)
        elif isinstance(raw_tz, str) and is_timezone(raw_tz.strip()):
            return raw_tz.strip()
        else:
            r.warn(p + "timezone", f"{short(raw_tz)} is not a UTC offset; ignored")
    if offset is not None:
        tz = zone_for_offset(offset, countries, ctx.today.year, place.zone if place else None)
        if tz is None:
            r.warn(
                p + "timezone",
                f"no time zone with UTC offset {offset:g} for {', '.join(countries) or 'the service'}; not imported",
            )
        return tz
    if place is not None:  # the usual case, counted in the summary rather than said for each service
        r.tally(f"hours read in local time, the zone taken from {place.how.split(' (')[0]}")
        return place.zone
    if ctx.default_timezone:
        return ctx.default_timezone
    r.warn(p + "timezone", "none given, and no location, address or single-zone country says one; not imported")
    r.tally(NO_ZONE)
    return None


_RESTRICTIONS = (("byweekno", "weeks"), ("bymonthday", "days of the month"), ("byyearday", "days of the year"))


def _restrictions(r: FieldReader, p: str, s: dict[str, Any]) -> str | None:
    """A caveat for the notes when the schedule holds only some weeks (imported as every week)."""
    restrictions = []
    interval = s.get("interval")
    if isinstance(interval, (int, float)) and not isinstance(interval, bool) and interval > 1:
        restrictions.append(f"every {interval:g} weeks")
    for key, label in _RESTRICTIONS:
        v = s.get(key)
        if isinstance(v, (str, int)) and str(v).strip():
            restrictions.append(f"{label} {v}")
    if isinstance(s.get("count"), (int, float)) and not isinstance(s.get("count"), bool):
        restrictions.append(f"{s['count']:g} occurrences only")
    if not restrictions:
        return None
    what = "; ".join(restrictions)
    r.warn(p.rstrip("."), f"restricted to {what}, which vsd cannot show; imported as every week")
    return f"The source schedule is restricted ({what}); check before relying on it."


def _whole_week(spans: list[_Span]) -> bool:
    return {d for days, o, c in spans if o == "00:00" and c == "24:00" for d in days} == set(DAYS)


def hours_of(spans: list[_Span], zone: str | None, always: bool, notes: list[str], vsd_mode: bool) -> dict[str, Any]:
    """vsd hours from the spans read: always open, else weekly (spans with the same times merged)."""
    hours: dict[str, Any] = {"timezone": zone}
    if always or (not vsd_mode and _whole_week(spans)):
        hours["always_open"] = True
    elif vsd_mode:
        hours["weekly"] = [{"days": days, "opens": o, "closes": c} for days, o, c in spans]
    else:
        merged: dict[tuple[str, str], list[str]] = {}
        for days, o, c in spans:
            merged.setdefault((o, c), [])
            merged[(o, c)] += [d for d in days if d not in merged[(o, c)]]
        hours["weekly"] = [
            {"days": sorted(days, key=DAYS.index), "opens": o, "closes": c} for (o, c), days in merged.items()
        ]
    note = " ".join(dict.fromkeys(notes))
    if note:
        hours["note"] = import_text(note, 500, exact=vsd_mode)
    return hours
