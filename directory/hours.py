"""Opening hours: open now, and the next opening, in the service's own time zone.

The record format (`hours` of a service or a channel):

    {"timezone": "Europe/Berlin", "always_open": true}
    {"timezone": "Europe/Berlin", "weekly": [{"days": ["mon", "fri"], "opens": "14:00", "closes": "20:00"}]}

A range whose `closes` is not after `opens` runs past midnight into the next
day ("22:00"-"02:00" on Friday is open until 02:00 on Saturday); `closes` may
be "24:00". Times are wall-clock times in the service's zone, so daylight
saving time is handled by `zoneinfo`. Malformed hours never raise: they are
simply not known to be open.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from .records import Hours

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_INDEX = {d: i for i, d in enumerate(DAYS)}


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except Exception:  # unknown zone, bad characters, no tzdata
        return None


def _minutes(hhmm: Any) -> int | None:
    if not isinstance(hhmm, str) or len(hhmm) != 5 or hhmm[2] != ":":
        return None
    try:
        h, m = int(hhmm[:2]), int(hhmm[3:])
    except ValueError:
        return None
    if not (0 <= h <= 24 and 0 <= m < 60) or h * 60 + m > 1440:
        return None
    return h * 60 + m


def _spans(hours: Hours) -> Iterator[tuple[int, int, int]]:
    """(weekday, opens, closes) in minutes from that day's midnight; closes may exceed 1440 (past midnight)."""
    weekly = hours.get("weekly")
    if not isinstance(weekly, list):
        return
    for span in weekly:
        if not isinstance(span, dict):
            continue
        o, c = _minutes(span.get("opens")), _minutes(span.get("closes"))
        days = span.get("days")
        if o is None or c is None or not isinstance(days, list):
            continue
        if c <= o:
            c += 1440
        for d in days:
            if d in _DAY_INDEX:
                yield _DAY_INDEX[d], o, c


def local_time(hours: Hours | None, now: datetime | None = None) -> datetime | None:
    """`now` (aware; naive is taken as UTC; default: now) in the service's time zone, or None."""
    if not isinstance(hours, dict):
        return None
    zone = _zone(hours.get("timezone")) if isinstance(hours.get("timezone"), str) else None
    if zone is None:
        return None
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(zone)


def is_open(hours: Hours | None, now: datetime | None = None) -> bool:
    """True when the hours say the service is open at `now`. Unknown or malformed hours: False."""
    if not isinstance(hours, dict):
        return False
    if hours.get("always_open") is True:
        return True
    local = local_time(hours, now)
    if local is None:
        return False
    today = local.weekday()
    t = local.hour * 60 + local.minute
    for day, o, c in _spans(hours):
        if day == today and o <= t < c:
            return True
        if c > 1440 and day == (today - 1) % 7 and t < c - 1440:  # yesterday's range, past midnight
            return True
    return False


def _at(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    return (
        datetime.combine(day, time(0), zone) + timedelta(minutes=minutes)
        if minutes >= 1440
        else datetime.combine(day, time(minutes // 60, minutes % 60), zone)
    )


def _ranges(hours: Hours, local: datetime) -> list[tuple[datetime, datetime]]:
    """The opening ranges of last week, this week and next week as aware datetimes, sorted."""
    zone = local.tzinfo
    assert isinstance(zone, ZoneInfo)
    monday = local.date() - timedelta(days=local.weekday())
    out = set()
    for day, o, c in _spans(hours):
        for week in (-1, 0, 1):
            start_day = monday + timedelta(days=day + 7 * week)
            out.add((_at(start_day, o, zone), _at(start_day, c, zone)))
    return sorted(out)


def next_opening(hours: Hours | None, now: datetime | None = None) -> datetime | None:
    """When a closed service next opens, as an aware datetime in the service's own zone.

    None when it is open now, always open, or its hours are unknown. The TUI
    shows it as "opens at 14:00 (their time)"; `.strftime("%a %H:%M")` for the day.
    """
    if not isinstance(hours, dict) or hours.get("always_open") is True or is_open(hours, now):
        return None
    local = local_time(hours, now)
    if local is None:
        return None
    return next((start for start, _ in _ranges(hours, local) if start > local), None)


def closes_at(hours: Hours | None, now: datetime | None = None) -> datetime | None:
    """When an open service closes, in its own zone; None if always open, closed or unknown.
    Ranges that meet ("20:00-24:00" then "00:00-02:00") count as one."""
    if not isinstance(hours, dict) or hours.get("always_open") is True or not is_open(hours, now):
        return None
    local = local_time(hours, now)
    if local is None:
        return None
    end: datetime | None = None
    for start, stop in _ranges(hours, local):
        if end is None:
            if start <= local < stop:
                end = stop
        elif start <= end:
            end = max(end, stop)
        else:
            break
    return end


def describe(hours: Hours | None, now: datetime | None = None, *, short: bool = False) -> str:
    """A plain-text status: "open 24/7", "open now, until 20:00 (their time)",
    "opens 14:00 (their time)", "opens Mon 14:00 (their time)", or "" when unknown.
    `short` leaves out "now" and "(their time)" (for tables that say it once)."""
    if not isinstance(hours, dict):
        return ""
    their = "" if short else " (their time)"
    if hours.get("always_open") is True:
        return "open 24/7"
    if is_open(hours, now):
        until = closes_at(hours, now)
        if until is None:
            return "open" if short else "open now"
        return f"open until {until:%H:%M}{their}" if short else f"open now, until {until:%H:%M}{their}"
    nxt = next_opening(hours, now)
    if nxt is None:
        return ""
    local = local_time(hours, now)
    same_day = local is not None and nxt.date() == local.date()
    return f"opens {nxt:%H:%M}{their}" if same_day else f"opens {nxt:%a %H:%M}{their}"
