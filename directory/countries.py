"""Countries: resolve what people type ("Allemagne", "UK", "Deutschland") to ISO 3166-1 alpha-2."""

from __future__ import annotations

import pycountry

from .normalize import clean, fold


def resolve_country(text: str) -> str | None:
    """ISO alpha-2 code for a country name or code in any language, or None if unknown/ambiguous."""
    t = clean(text)
    if not t:
        return None
    try:
        return pycountry.countries.lookup(t).alpha_2
    except LookupError:
        pass
    f = fold(t)
    for c in pycountry.countries:
        if f in (fold(c.name), fold(getattr(c, "common_name", "") or "")):
            return c.alpha_2
    return None


def country_name(code: str, locale: str = "en") -> str:
    """Display name of a country code ("DE" -> "Germany"); unknown codes are returned as they are."""
    c = pycountry.countries.get(alpha_2=(code or "").upper())
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name
