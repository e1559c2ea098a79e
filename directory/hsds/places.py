"""Countries named by HSDS data, the IANA time zones behind HSDS's UTC offsets, and the zone of a service's place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeGuard
from zoneinfo import ZoneInfo

import pycountry
from timezonefinder import TimezoneFinder

from ..loading import read_json_file
from ..validate import is_timezone
from .fields import FieldReader, locations

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
    return list(_country_zones(tuple(countries)))


@lru_cache(maxsize=4096)
def _country_zones(countries: tuple[str, ...]) -> tuple[str, ...]:
    """(Cached: every service of an import asks for its countries' zones, a few times.)"""
    zones: list[str] = []
    for c in countries:
        zones += [z for z in _zones_by_country().get(c, ()) if z not in zones]
    return tuple(zones)


@lru_cache(maxsize=4096)
def _offsets(zone: str, year: int) -> frozenset[float]:
    """The zone's UTC offsets in January and July (cached: ZoneInfo keeps only a few zones loaded, and an
    import asks for the same ones for every service)."""
    tz = ZoneInfo(zone)
    out = set()
    for month in (1, 7):
        off = datetime(year, month, 15, 12, tzinfo=tz).utcoffset()
        if off is not None:
            out.add(off.total_seconds() / 3600)
    return frozenset(out)


def zone_for_offset(offset: float, countries: Iterable[str], year: int, prefer: str | None = None) -> str | None:
    """An IANA zone for a UTC offset: `prefer` (the zone of the service's place) or one of the countries' zones
    that uses it, else Etc/GMT±N."""
    for zone in ([prefer] if prefer else []) + country_zones(countries):
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
    return _local_zone(tuple(countries), year)


@lru_cache(maxsize=4096)
def _local_zone(countries: tuple[str, ...], year: int) -> str | None:
    zones = _country_zones(countries)
    if not zones:
        return None
    clocks = {tuple(sorted(_offsets(z, year))) for z in zones}
    return zones[0] if len(clocks) == 1 else None


def current_offset_hours(zone: str, now: datetime) -> float | int:
    off = now.astimezone(ZoneInfo(zone)).utcoffset()
    hours = (off.total_seconds() if off else 0) / 3600
    return int(hours) if float(hours).is_integer() else hours


# -- the time zone of a service's place ------------------------------------------------------------


class PlaceZone(NamedTuple):
    zone: str
    how: str  # "the location's coordinates", "the address (California)", "the country (DE)"


def service_zone(r: FieldReader, obj: dict[str, Any], countries: list[str], year: int) -> PlaceZone | None:
    """The time zone of where a service is: its physical locations' coordinates (timezonefinder, offline),
    else their addresses' state, else a country that keeps one time; None when unknown or they disagree."""
    found: list[PlaceZone] = []
    for p, _sal, loc in locations(r, obj):
        if loc.get("location_type") != "virtual":
            z = _location_zone(r, p + "location.", loc, countries)
            if z is not None:
                found.append(z)
    zones = {z.zone for z in found}
    if len(zones) > 1:
        r.warn("service_at_locations", f"the locations are in different time zones ({', '.join(sorted(zones))})")
        return None
    if found:
        return found[0]
    single = local_zone(countries, year)
    return PlaceZone(single, f"the country ({', '.join(countries)})") if single else None


def _location_zone(r: FieldReader, p: str, loc: dict[str, Any], countries: list[str]) -> PlaceZone | None:
    lat, lng = loc.get("latitude"), loc.get("longitude")
    if _is_number(lat) and _is_number(lng) and -90 <= lat <= 90 and -180 <= lng <= 180:
        zone = _zone_at(float(lat), float(lng))
        if zone and (not countries or zone in _country_zones(tuple(countries))):
            return PlaceZone(zone, "the location's coordinates")
        r.warn(p + "latitude", f"{lat}, {lng} is not in {', '.join(countries) or 'a known time zone'}; not used")
    for _q, addr in r.list(loc, "addresses", p):
        zone, state = _state_zone(addr)
        if zone:
            return PlaceZone(zone, f"the address ({state})")
    return None


def _is_number(v: Any) -> TypeGuard[float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()


def _zone_at(lat: float, lng: float) -> str | None:
    zone = _finder().timezone_at(lng=lng, lat=lat)
    return zone if zone and not zone.startswith("Etc/") and is_timezone(zone) else None


@cache
def _state_zones() -> dict[str, str]:
    data = read_json_file(Path(str(resources.files("directory.hsds"))) / "state_zones.json")
    return {k: v for k, v in data["zones"].items() if is_timezone(v)}


def _state_zone(addr: dict[str, Any]) -> tuple[str | None, str]:
    """The zone of an address's state when the whole state keeps one time (state_zones.json)."""
    country, state = addr.get("country"), addr.get("state_province")
    code = resolve_country(country) if isinstance(country, str) else None
    if code is None or not isinstance(state, str) or not state.strip():
        return None, ""
    sub = _subdivision(code, state.strip())
    return (_state_zones().get(sub.code), str(sub.name)) if sub is not None else (None, "")


@cache
def _subdivision(country: str, state: str) -> Any:
    """The ISO 3166-2 subdivision an address names by code ("CA", "US-CA") or English name ("California")."""
    key = state.casefold()
    for sub in (s for s in pycountry.subdivisions if s.country_code == country):
        if key in (sub.code.casefold(), sub.code.split("-", 1)[1].casefold(), sub.name.casefold()):
            return sub
    return None
