"""Countries named by HSDS data, and the IANA time zones behind HSDS's UTC offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

import pycountry

from ..validate import is_timezone

ISO_COUNTRY_URI = "https://www.iso.org/obp/ui/#iso:code:3166:"
ISO_URI_RE = re.compile(r"iso:code:3166:([A-Za-z]{2})\b")


# Not countries.resolve_country: untrusted place names must be an ISO code or name exactly, no typo or CLDR match.
@cache
def resolve_country(text: str) -> str | None:
    """ISO 3166-1 alpha-2 for a code (alpha-2/3) or an English name; None when it names no country."""
    t = text.strip()
    if not t or len(t) > 80:
        return None
    try:
        c = pycountry.countries.lookup(t)
    except LookupError:
        return None
    return c.alpha_2


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    try:
        text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - tzdata is a dependency
        return {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3 and is_timezone(parts[2]):
            out.setdefault(parts[0], []).append(parts[2])
    return {k: tuple(v) for k, v in out.items()}


def country_zones(countries: Iterable[str]) -> list[str]:
    zones: list[str] = []
    for c in countries:
        zones += [z for z in _zones_by_country().get(c, ()) if z not in zones]
    return zones


def _offsets(zone: str, year: int) -> set[float]:
    tz = ZoneInfo(zone)
    out = set()
    for month in (1, 7):
        off = datetime(year, month, 15, 12, tzinfo=tz).utcoffset()
        if off is not None:
            out.add(off.total_seconds() / 3600)
    return out


def zone_for_offset(offset: float, countries: Iterable[str], year: int) -> str | None:
    """An IANA zone for a UTC offset: one of the countries' zones that uses it, else Etc/GMT±N."""
    for zone in country_zones(countries):
        if offset in _offsets(zone, year):
            return zone
    if offset == 0:
        return "Etc/UTC"
    if float(offset).is_integer() and -12 <= offset <= 14:
        # POSIX sign convention: Etc/GMT-3 is three hours ahead of UTC.
        return f"Etc/GMT{-int(offset):+d}"
    return None


def local_zone(countries: Iterable[str], year: int) -> str | None:
    """The countries' zone when all their zones keep the same time (Germany: Europe/Berlin); else None."""
    zones = country_zones(countries)
    if not zones:
        return None
    clocks = {tuple(sorted(_offsets(z, year))) for z in zones}
    return zones[0] if len(clocks) == 1 else None


def current_offset_hours(zone: str, now: datetime) -> float | int:
    off = now.astimezone(ZoneInfo(zone)).utcoffset()
    hours = (off.total_seconds() if off else 0) / 3600
    return int(hours) if float(hours).is_integer() else hours
