"""Opening hours: open now, and the next opening, in the service's own time zone."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _local(hours: dict[str, Any], now: datetime | None) -> datetime:
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return now.astimezone(ZoneInfo(hours["timezone"]))


def is_open(hours: dict[str, Any] | None, now: datetime | None = None) -> bool:
    """True when the hours say the service is open at `now` (aware; naive means UTC)."""
    if not hours:
        return False
    if hours.get("always_open"):
        return True
    local = _local(hours, now)
    day = local.weekday()
    t = local.hour * 60 + local.minute
    for span in hours.get("weekly") or []:
        o, c = _minutes(span["opens"]), _minutes(span["closes"])
        days = {DAYS.index(d) for d in span["days"]}
        if c > o:
            if day in days and o <= t < c:
                return True
        else:
            if (day in days and t >= o) or ((day - 1) % 7 in days and t < c):
                return True
    return False


def next_opening(hours: dict[str, Any] | None, now: datetime | None = None) -> datetime | None:
    """When a closed service next opens, in its own time zone; None if open now, always open or unknown."""
    if not hours or hours.get("always_open") or is_open(hours, now):
        return None
    local = _local(hours, now)
    best = None
    for span in hours.get("weekly") or []:
        o = _minutes(span["opens"])
        for d in span["days"]:
            ahead = (DAYS.index(d) - local.weekday()) % 7
            cand = (local + timedelta(days=ahead)).replace(hour=o // 60, minute=o % 60, second=0, microsecond=0)
            if cand <= local:
                cand += timedelta(days=7)
            if best is None or cand < best:
                best = cand
    return best
