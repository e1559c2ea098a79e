"""Where an HSDS service is offered: its countries, area and region, from service areas and addresses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .context import ImportContext
from .fields import FieldReader, locations
from .places import ISO_URI_RE, resolve_country
from .text import clean_text, import_text

AREAS = ("national", "regional", "international")
_PLACE_NAME_MAX = 80  # a longer service-area "name" is a sentence, not a place


def where_served(
    r: FieldReader, obj: dict[str, Any], ctx: ImportContext, vsd: dict[str, list[str]], notes: list[str]
) -> tuple[list[str], str, str | None]:
    """Countries, area and region from service areas, addresses and the defaults; `notes` gets the
    service areas too long to be a place name."""
    countries: list[str] = []

    def add(code: str | None) -> None:
        if code and code not in countries:
            countries.append(code)

    areas = r.list(obj, "service_areas")
    others = _service_areas(r, areas, add, notes)
    places = _addresses(r, obj, add)
    for c in ctx.default_countries:
        add(c)
    if "area" in vsd and vsd["area"][0] in AREAS:
        area = vsd["area"][0]
        region = import_text(vsd["region"][0], 200, exact=True) if "region" in vsd else None
        return countries, area, region
    if vsd:
        return countries, ctx.default_area or "regional", None
    if others:
        return countries, "regional", clean_text("; ".join(others), 200)
    if areas and countries and not notes:
        return countries, ("national" if len(countries) == 1 else "international"), None
    if places:
        return countries, "regional", clean_text("; ".join(places), 200)
    return countries, ctx.default_area or "regional", None


def _service_areas(
    r: FieldReader, areas: list[tuple[str, dict[str, Any]]], add: Callable[[str | None], None], notes: list[str]
) -> list[str]:
    """Adds the countries the service areas name; returns the names of the other places they name."""
    others: list[str] = []
    for p, sa in areas:
        uri, name = r.str(sa, "uri", p), r.str(sa, "name", p)
        m = ISO_URI_RE.search(uri or "")
        code = resolve_country(m.group(1)) if m else (resolve_country(name) if name else None)
        if code:
            add(code)
        elif name and len(clean_text(name)) <= _PLACE_NAME_MAX:
            others.append(clean_text(name))
        elif name:
            notes.append(f"Service area: {clean_text(name)}")
    return others


def _addresses(r: FieldReader, obj: dict[str, Any], add: Callable[[str | None], None]) -> list[str]:
    """Adds the countries of the locations' addresses; returns their places ("city, state")."""
    places: list[str] = []
    for p, _sal, loc in locations(r, obj):
        for q, addr in r.list(loc, "addresses", p + "location."):
            raw = r.str(addr, "country", q)
            if raw:
                code = resolve_country(raw)
                if code:
                    add(code)
                else:
                    r.warn(q + "country", f'"{raw}" is not a country code or name')
            city = r.str(addr, "city", q)
            state = r.str(addr, "state_province", q)
            place = ", ".join(clean_text(x) for x in (city, state) if x)
            if place and place not in places:
                places.append(place)
    return places
