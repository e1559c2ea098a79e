"""vsd -> HSDS: a vsd record as an HSDS 3.0 service object, valid against the HSDS JSON Schema.

What HSDS has no place for travels as attributes of vsd's own taxonomies (see attributes.py).
Every string is scrubbed on the way in and on the way out (`safe_text.scrub_tree`): no escape
sequence, C0/C1 control or bidi override leaves vsd, the JSON text of channel hours included.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..countries import country_name
from ..languages import language_name
from ..safe_text import scrub_tree
from .attributes import field_attrs, service_attributes, stable_uuid
from .places import ISO_COUNTRY_URI, current_offset_hours
from .schedules import DAYS, RRULE_DAYS

_KIND_NAMES = {"web": "Website", "chat": "Chat", "report": "Report online", "app": "App", "email": "Email"}
_PROVIDER = "Provider of services listed in the vsd directory of victim-assistance and child-protection services."


def export_services(records: Iterable[dict[str, Any]], *, now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or datetime.now(UTC)
    return [to_hsds(rec, now=now) for rec in records]


def to_hsds(rec: dict[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
    """One vsd record as an HSDS 3.0 service object (valid against schema/service.json), scrubbed."""
    now = now or datetime.now(UTC)
    rec = scrub_tree(rec)  # before the mapping: text embedded as JSON (channel hours) is clean too
    rid = rec["id"]
    svc: dict[str, Any] = {"id": stable_uuid("service", rid), "name": rec["name"]}
    svc.update(_service_fields(rec))
    phones, virtual = _channel_objects(rec, now)
    if phones:
        svc["phones"] = phones
    if rec.get("hours"):
        svc["schedules"] = hours_to_schedules(rec["hours"], rid, now)
    svc["service_areas"] = _service_areas(rec)
    if virtual:
        svc["service_at_locations"] = virtual
    if rec.get("languages"):
        svc["languages"] = _language_objs(rec["languages"], rid)
    if rec.get("organization"):
        org = rec["organization"]
        svc["organization"] = {"id": stable_uuid("organization", org), "name": org, "description": _PROVIDER}
    svc["attributes"] = service_attributes(rec)
    return scrub_tree(svc)


def _service_fields(rec: dict[str, Any]) -> dict[str, Any]:
    """The service's own HSDS fields, from alternate_name to last_modified."""
    svc: dict[str, Any] = {}
    if rec.get("aliases"):
        svc["alternate_name"] = rec["aliases"][0]
    elif rec.get("name_en"):
        svc["alternate_name"] = rec["name_en"]
    if rec.get("description"):
        svc["description"] = rec["description"]
    channels = rec.get("channels", [])
    web = next((c["value"] for c in channels if c["kind"] == "web"), None)
    email = next((c["value"] for c in channels if c["kind"] == "email"), None)
    if web:
        svc["url"] = web
    if email:
        svc["email"] = email
    svc["status"] = "active"
    if rec.get("languages_note"):
        svc["interpretation_services"] = rec["languages_note"]
    if "free" in rec:
        svc["fees_description"] = "Free of charge." if rec["free"] else "Charges may apply."
    if "min_age" in rec:
        svc["minimum_age"] = rec["min_age"]
    if "max_age" in rec:
        svc["maximum_age"] = rec["max_age"]
    if rec.get("verification") == "verified" and rec.get("last_verified"):
        svc["assured_date"] = rec["last_verified"]
    if rec.get("last_verified"):  # absent when the source gave no date
        svc["last_modified"] = f"{rec['last_verified']}T00:00:00Z"
    return svc


def _channel_objects(rec: dict[str, Any], now: datetime) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Phones and sms as HSDS phones; the other channels as virtual service-at-locations."""
    phones, virtual = [], []
    for i, ch in enumerate(rec.get("channels", [])):
        owner = f"{rec['id']}/channel/{i}"
        fields = [("channel_kind", ch["kind"]), ("channel_position", str(i))]
        if ch["kind"] in ("phone", "sms"):
            phones.append(_phone(ch, owner, fields))
        else:
            loc = _location(ch, owner, fields, now)
            virtual.append({"id": stable_uuid("service_at_location", owner), "location": loc})
    return phones, virtual


def _phone(ch: dict[str, Any], owner: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
    phone: dict[str, Any] = {
        "id": stable_uuid("phone", owner),
        "number": ch["value"],
        "type": "voice" if ch["kind"] == "phone" else "text",
    }
    if ch.get("label"):
        phone["description"] = ch["label"]
    if ch.get("languages"):
        phone["languages"] = _language_objs(ch["languages"], owner)
    if ch.get("country"):
        fields.append(("channel_country", ch["country"]))
    if ch.get("hours"):
        hours = scrub_tree(ch["hours"])
        fields.append(("channel_hours", json.dumps(hours, ensure_ascii=False, sort_keys=True)))
    if ch.get("international"):
        fields.append(("channel_international", ch["international"]))
    if ch.get("domestic_only"):
        fields.append(("channel_domestic_only", "true"))
    phone["attributes"] = field_attrs(owner, fields)
    return phone


def _location(ch: dict[str, Any], owner: str, fields: list[tuple[str, str]], now: datetime) -> dict[str, Any]:
    url = f"mailto:{ch['value']}" if ch["kind"] == "email" else ch["value"]
    loc: dict[str, Any] = {
        "id": stable_uuid("location", owner),
        "location_type": "virtual",
        "url": url,
        "name": ch.get("label") or _KIND_NAMES.get(ch["kind"], ch["kind"]),
    }
    if ch.get("languages"):
        loc["languages"] = _language_objs(ch["languages"], owner)
    if ch.get("hours"):
        loc["schedules"] = hours_to_schedules(ch["hours"], owner, now)
    if ch.get("label") is None:
        fields.append(("channel_label", ""))  # the name above is a default, not a label
    loc["attributes"] = field_attrs(owner, fields)
    return loc


def _hsds_time(hhmm: str) -> str:
    return "23:59" if hhmm == "24:00" else hhmm


def hours_to_schedules(hours: dict[str, Any], owner: str, now: datetime) -> list[dict[str, Any]]:
    zone = hours["timezone"]
    offset = current_offset_hours(zone, now)
    if hours.get("always_open"):
        spans = [(list(DAYS), "00:00", "24:00")]
    else:
        spans = [(w["days"], w["opens"], w["closes"]) for w in hours.get("weekly", [])]
    out = []
    for i, (days, opens, closes) in enumerate(spans):
        s: dict[str, Any] = {
            "id": stable_uuid("schedule", owner, str(i)),
            "timezone": offset,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(RRULE_DAYS[DAYS.index(d)] for d in days),
            "opens_at": _hsds_time(opens),
            "closes_at": _hsds_time(closes),
        }
        if i == 0 and hours.get("note"):
            s["description"] = hours["note"]
        fields = [("timezone", zone)]
        if hours.get("always_open"):
            fields.append(("always_open", "true"))
        s["attributes"] = field_attrs(f"{owner}/schedule/{i}", fields)
        out.append(s)
    return out


def _language_objs(codes: Iterable[str], owner: str) -> list[dict[str, Any]]:
    return [{"id": stable_uuid("language", owner, code), "name": language_name(code), "code": code} for code in codes]


def _service_areas(rec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in rec["countries"]:
        name = country_name(c)
        if rec["area"] == "regional" and rec.get("region"):
            desc = f"{rec['region']} ({name})"
        elif rec["area"] == "regional":
            desc = f"Part of {name}"
        elif rec["area"] == "international":
            desc = f"{name} (an international service)"
        else:
            desc = f"All of {name}"
        out.append(
            {
                "id": stable_uuid("service_area", rec["id"], c),
                "name": name,
                "description": desc,
                "uri": f"{ISO_COUNTRY_URI}{c}",
            }
        )
    return out
