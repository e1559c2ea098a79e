"""HSDS 1.x/2.0 services (HSDA JSON, Open Referral UK v1, or joined 1.x/2.0 tables) -> the HSDS 3.0 shape.

Before 3.0, a service's hours were `regular_schedules` (one row per weekday, 1 = Monday), its
categories `service_taxonomy` rows pointing at a `taxonomy`, its addresses `physical_addresses`
and `postal_addresses` of its locations, its eligibility a list of `eligibility` rows, its
languages `{"language": ...}` rows and a phone's languages one comma-separated string; HSDA
used the singular (`regular_schedule`, `service_area`) and Open Referral UK v1 the plural with
an `s` (`service_taxonomys`, `eligibilitys`). `upgrade_service` rewrites these as their 3.0
equivalents (schedules with `byday`, attributes with a taxonomy term, addresses, languages,
`eligibility_description`) and leaves every other field as it is, so the 3.0 mapping reads the
service with nothing special for older versions. The input is never changed.
"""

from __future__ import annotations

import re
from typing import Any

# Keys only a pre-3.0 service (or its locations) has.
LEGACY_KEYS = frozenset(
    {
        "regular_schedule",
        "regular_schedules",
        "holiday_schedule",
        "holiday_schedules",
        "physical_address",
        "physical_addresses",
        "postal_address",
        "postal_addresses",
        "service_taxonomy",
        "service_taxonomys",
        "eligibility",
        "eligibilitys",
        "service_area",
        "payment_accepted",
        "payments_accepted",
        "fundings",
        "taxonomy_ids",
    }
)
# Fields Open Referral UK v1 added to HSDS 1.1.
UK_KEYS = frozenset(
    {"service_taxonomys", "eligibilitys", "attending_type", "attending_access", "deliverable_type", "reviews"}
)
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_SPELLINGS = (
    ("monday", "mon"),
    ("tuesday", "tue", "tues"),
    ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
_DAY_NAMES = {name: RRULE_DAYS[i] for i, names in enumerate(_DAY_SPELLINGS) for name in names}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _dicts(v: Any) -> list[dict[str, Any]]:
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def _locations(obj: dict[str, Any]) -> list[dict[str, Any]]:
    return [sal["location"] for sal in _dicts(obj.get("service_at_locations")) if isinstance(sal.get("location"), dict)]


def is_legacy(obj: Any) -> bool:
    """True for a service in a pre-3.0 shape (itself or one of its locations)."""
    if not isinstance(obj, dict):
        return False
    if not LEGACY_KEYS.isdisjoint(obj) or isinstance(obj.get("fees"), list):
        return True
    # (loops, not _dicts and _locations: every service of a file passes here, nearly all of them 3.0)
    languages = obj.get("languages")
    if isinstance(languages, list):
        for x in languages:
            if isinstance(x, dict) and "language" in x and "name" not in x:
                return True
    places = obj.get("service_at_locations")
    if isinstance(places, list):
        for sal in places:
            loc = sal.get("location") if isinstance(sal, dict) else None
            if isinstance(loc, dict) and not LEGACY_KEYS.isdisjoint(loc):
                return True
    return False


def flavour(services: list[Any]) -> str | None:
    """Which pre-3.0 format a list of services is in, or None when none is."""
    legacy = [s for s in services if is_legacy(s)]
    if not legacy:
        return None
    if any(UK_KEYS & s.keys() for s in legacy):
        return "Open Referral UK v1 JSON"
    return "HSDS 1.x/2.0 JSON"


def upgrade_service(obj: dict[str, Any]) -> dict[str, Any]:
    """The service in the HSDS 3.0 shape (a new object; fields 3.0 shares are kept as they are)."""
    out = {k: v for k, v in obj.items() if k not in LEGACY_KEYS}
    out.update(_fees(obj))
    out.update(_eligibility(obj))
    out["schedules"] = _dicts(obj.get("schedules")) + _schedules(obj)
    out["attributes"] = [_attribute(a) for a in _dicts(obj.get("attributes"))] + [
        _taxonomy_attribute(t) for t in _dicts(obj.get("service_taxonomy")) + _dicts(obj.get("service_taxonomys"))
    ]
    out["service_areas"] = [_area(a) for a in _dicts(obj.get("service_areas")) + _dicts(obj.get("service_area"))]
    out["languages"] = _languages(obj.get("languages"))
    out["phones"] = [_phone(p) for p in _dicts(obj.get("phones"))] + [
        _phone(p) for c in _dicts(obj.get("contacts")) for p in _dicts(c.get("phones"))
    ]
    out["service_at_locations"] = [_service_at_location(s) for s in _dicts(obj.get("service_at_locations"))]
    if isinstance(obj.get("organization"), dict):
        org = obj["organization"]
        out["organization"] = {**org, "phones": [_phone(p) for p in _dicts(org.get("phones"))]}
    return {k: v for k, v in out.items() if v != [] or k in obj}


def _fees(obj: dict[str, Any]) -> dict[str, Any]:
    fees = obj.get("fees")
    if isinstance(fees, list):  # HSDA 1.x: [{"fee": "..."}]
        texts = [f.get("fee") or f.get("description") for f in _dicts(fees)]
        text = "; ".join(t for t in texts if isinstance(t, str) and t.strip())
        return {"fees": None, "fees_description": obj.get("fees_description") or text or None}
    if isinstance(fees, str) and not obj.get("fees_description"):
        return {"fees_description": fees}
    return {}


def _eligibility(obj: dict[str, Any]) -> dict[str, Any]:
    rows = obj.get("eligibilitys") or obj.get("eligibility")
    rows = rows if isinstance(rows, list) else [rows] if isinstance(rows, str) else []
    texts: list[str] = []
    out: dict[str, Any] = {}
    for row in rows:
        text = row if isinstance(row, str) else row.get("eligibility") if isinstance(row, dict) else None
        if isinstance(text, str) and text.strip() and text.strip() not in texts:
            texts.append(text.strip())
        for key in ("minimum_age", "maximum_age"):
            age = _number(row.get(key)) if isinstance(row, dict) else None
            if age is not None and key not in obj and key not in out:
                out[key] = age
    if texts and not obj.get("eligibility_description"):
        out["eligibility_description"] = "; ".join(texts)
    return out


def _number(v: Any) -> float | int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        try:
            n = float(v.strip())
        except ValueError:
            return None
        return int(n) if n.is_integer() else n
    return None


def _byday(weekday: Any) -> str | None:
    """RRULE day for a 1.x weekday: 1 = Monday ... 7 = Sunday, or a day's name."""
    n = _number(weekday)
    if n is not None:
        return RRULE_DAYS[int(n) - 1] if n in range(1, 8) else None
    if isinstance(weekday, str):
        day = weekday.strip().lower()
        return _DAY_NAMES.get(day) or (day.upper() if day.upper() in RRULE_DAYS else None)
    return None


def _schedules(holder: dict[str, Any]) -> list[dict[str, Any]]:
    """A 1.x holder's regular schedules as 3.0 weekly schedules (holiday schedules have no 3.0 weekly form)."""
    out = []
    for row in _dicts(holder.get("regular_schedules")) + _dicts(holder.get("regular_schedule")):
        s = {k: v for k, v in row.items() if k != "weekday"}
        if not s.get("byday") and "weekday" in row:
            day = _byday(row["weekday"])
            if day:
                s["byday"] = day
        if s.get("byday") and not s.get("freq"):
            s["freq"] = "WEEKLY"
        out.append(s)
    return out


def _term(term: dict[str, Any]) -> dict[str, Any]:
    """A 1.x taxonomy row or 2.0 taxonomy term as a 3.0 term (a code from an id that is not a UUID)."""
    out = dict(term)
    if "name" not in out and isinstance(term.get("term"), str):
        out["name"] = term["term"]
    if "taxonomy" not in out and isinstance(term.get("vocabulary"), str):
        out["taxonomy"] = term["vocabulary"]
    tid = term.get("id")
    if "code" not in out and isinstance(tid, str) and tid.strip() and not _UUID.match(tid.strip()):
        out["code"] = tid.strip()
    return out


def _attribute(attr: dict[str, Any]) -> dict[str, Any]:
    term = attr.get("taxonomy_term")
    return {**attr, "taxonomy_term": _term(term)} if isinstance(term, dict) else attr


def _taxonomy_attribute(row: dict[str, Any]) -> dict[str, Any]:
    tax = row.get("taxonomy") if isinstance(row.get("taxonomy"), dict) else {}
    term = _term(tax) if tax else {}
    if "id" not in term and isinstance(row.get("taxonomy_id"), str):
        term = _term({"id": row["taxonomy_id"]})
    if "name" not in term and isinstance(row.get("taxonomy_detail"), str):
        term["name"] = row["taxonomy_detail"]
    return {"id": row.get("id"), "taxonomy_term_id": term.get("id"), "taxonomy_term": term}


def _area(area: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in area.items() if k != "service_area"}
    if "name" not in out and isinstance(area.get("service_area"), str):
        out["name"] = area["service_area"]
    return out


def _language(value: str) -> dict[str, str]:
    v = value.strip()
    return {"code": v} if _LANGUAGE_CODE.match(v) and len(v.split("-")[0]) <= 3 else {"name": v}


def _languages(v: Any) -> list[Any]:
    out: list[Any] = []
    for x in v if isinstance(v, list) else []:
        if isinstance(x, str) and x.strip():
            out.append(_language(x))
        elif isinstance(x, dict) and "name" not in x and "code" not in x and isinstance(x.get("language"), str):
            out.append({**{k: y for k, y in x.items() if k != "language"}, **_language(x["language"])})
        else:
            out.append(x)
    return out


def _phone(phone: dict[str, Any]) -> dict[str, Any]:
    out = dict(phone)
    lang = phone.get("language")
    if isinstance(lang, str) and "languages" not in phone:
        out.pop("language")
        out["languages"] = [_language(p) for p in re.split(r"[,;/]", lang) if p.strip()]
    elif "languages" in phone:
        out["languages"] = _languages(phone["languages"])
    return out


def _location(loc: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in loc.items() if k not in LEGACY_KEYS}
    addresses = list(_dicts(loc.get("addresses")))
    for key, kind in (("physical_address", "physical"), ("postal_address", "postal")):
        for a in _dicts(loc.get(key)) + _dicts(loc.get(key + "es")):
            addresses.append({"address_type": kind, **a})
    if addresses:
        out["addresses"] = addresses
    for key in ("latitude", "longitude"):
        n = _number(loc.get(key))
        if n is not None:
            out[key] = n
    schedules = _dicts(loc.get("schedules")) + _schedules(loc)
    if schedules:
        out["schedules"] = schedules
    if "languages" in loc:
        out["languages"] = _languages(loc["languages"])
    if "phones" in loc:
        out["phones"] = [_phone(p) for p in _dicts(loc["phones"])]
    return out


def _service_at_location(sal: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in sal.items() if k not in LEGACY_KEYS}
    schedules = _dicts(sal.get("schedules")) + _schedules(sal)
    if schedules:
        out["schedules"] = schedules
    if "phones" in sal:
        out["phones"] = [_phone(p) for p in _dicts(sal["phones"])]
    if isinstance(sal.get("location"), dict):
        out["location"] = _location(sal["location"])
    return out
