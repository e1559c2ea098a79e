"""vsd -> HSDS: a vsd record as an HSDS 3.0 service object, valid against the HSDS JSON Schema.

What HSDS has no place for travels as attributes of vsd's own taxonomies (see taxonomy.py).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Any, Iterable

from .. import support_types
from ..countries import country_name
from ..languages import language_name
from .places import ISO_COUNTRY_URI, current_offset_hours
from .schedules import DAYS, RRULE_DAYS
from .taxonomy import VSD_TAXONOMIES, VSD_TAXONOMY_BASE

# Stable UUIDs for exported objects: uuid5(VSD_NS, "<kind>:<vsd id>...").
VSD_NS = uuid.UUID("6f0b6a52-6d1f-5b7e-9a57-1c2f7d5e3a10")


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(VSD_NS, ":".join(parts)))


def _term(kind: str, code: str, name: str, description: str) -> dict[str, Any]:
    tax_name, tax_desc = VSD_TAXONOMIES[kind]
    return {
        "id": stable_uuid("term", kind, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": tax_name,
        "taxonomy_detail": {
            "id": stable_uuid("taxonomy", kind),
            "name": tax_name,
            "description": tax_desc,
            "uri": f"{VSD_TAXONOMY_BASE}{kind}",
            "version": "1",
        },
        "language": "en",
        "term_uri": f"{VSD_TAXONOMY_BASE}{kind}/{code}",
    }


_FIELD_DESCRIPTIONS = {
    "vsd_record": "The id of the record in vsd.",
    "name_en": "The service's name in English.",
    "alias": "Another name the service is known by.",
    "area": "How far the service reaches: national, regional or international.",
    "region": "The region a regional service covers.",
    "anonymous": "Whether the service can be used anonymously (true/false).",
    "confidential": "Whether the service is confidential (true/false).",
    "not_on_phone_bill": "Whether calls stay off the phone bill (true/false).",
    "notes": "Notes for caseworkers.",
    "source": "Where the facts were read: the authoritative listing.",
    "timezone": "The IANA time zone of a schedule.",
    "always_open": "The service is open at all times.",
    "channel_kind": "How to reach the service through this contact: phone, sms, chat, email, web, report or app.",
    "channel_position": "The position of this contact among the service's contacts.",
    "channel_country": "The one country in which this phone number works.",
    "channel_hours": "When this contact is available (vsd hours, JSON).",
    "channel_label": "The contact's label in vsd (empty: none; the location name is a default).",
}


def _attr(owner: str, kind: str, code: str, *, value: str | None = None, link_type: str = "vsd_field",
          name: str | None = None, description: str | None = None, n: int = 0) -> dict[str, Any]:
    a: dict[str, Any] = {
        "id": stable_uuid("attribute", owner, kind, code, str(n)),
        "link_type": link_type,
        "taxonomy_term": _term(kind, code, name or code, description or _FIELD_DESCRIPTIONS.get(code, code)),
    }
    if value is not None:
        a["value"] = value
    return a


def _field_attrs(owner: str, fields: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    return [_attr(owner, "field", code, value=value, n=i) for i, (code, value) in enumerate(fields)]


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
        s["attributes"] = _field_attrs(f"{owner}/schedule/{i}", fields)
        out.append(s)
    return out


def _language_objs(codes: Iterable[str], owner: str) -> list[dict[str, Any]]:
    return [
        {"id": stable_uuid("language", owner, code), "name": language_name(code), "code": code} for code in codes
    ]


_KIND_NAMES = {"web": "Website", "chat": "Chat", "report": "Report online", "app": "App", "email": "Email"}


def to_hsds(rec: dict[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
    """One vsd record as an HSDS 3.0 service object (valid against schema/service.json)."""
    now = now or datetime.now(timezone.utc)
    rid = rec["id"]
    sid = stable_uuid("service", rid)
    svc: dict[str, Any] = {"id": sid, "name": rec["name"]}
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
    if rec.get("verification") == "verified":
        svc["assured_date"] = rec["last_verified"]
    svc["last_modified"] = f"{rec['last_verified']}T00:00:00Z"

    phones, virtual = [], []
    for i, ch in enumerate(channels):
        owner = f"{rid}/channel/{i}"
        fields = [("channel_kind", ch["kind"]), ("channel_position", str(i))]
        if ch["kind"] in ("phone", "sms"):
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
                fields.append(("channel_hours", json.dumps(ch["hours"], ensure_ascii=False, sort_keys=True)))
            phone["attributes"] = _field_attrs(owner, fields)
            phones.append(phone)
        else:
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
            loc["attributes"] = _field_attrs(owner, fields)
            virtual.append({"id": stable_uuid("service_at_location", owner), "location": loc})
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
        svc["organization"] = {
            "id": stable_uuid("organization", rec["organization"]),
            "name": rec["organization"],
            "description": "Provider of services listed in the vsd directory of victim-assistance and "
            "child-protection services.",
        }

    attrs = [
        _attr(rid, "support_type", code, link_type="service_type", name=support_types.label(code),
              description=support_types.label(code))
        for code in rec["support_types"]
    ]
    attrs += [
        _attr(rid, "audience", a, link_type="eligibility", name=a.replace("_", " ").capitalize(),
              description=f"For {a.replace('_', ' ')}.")
        for a in rec.get("audiences", [])
    ]
    fields = [("vsd_record", rid), ("source", rec["source"]), ("area", rec["area"])]
    fields += [("name_en", rec["name_en"])] if rec.get("name_en") else []
    fields += [("alias", a) for a in rec.get("aliases", [])]
    fields += [("region", rec["region"])] if rec.get("region") else []
    fields += [(f, "true" if rec[f] else "false") for f in ("anonymous", "confidential", "not_on_phone_bill") if f in rec]
    fields += [("notes", rec["notes"])] if rec.get("notes") else []
    svc["attributes"] = attrs + _field_attrs(rid, fields)
    return svc


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
        out.append({"id": stable_uuid("service_area", rec["id"], c), "name": name, "description": desc,
                    "uri": f"{ISO_COUNTRY_URI}{c}"})
    return out


def export_services(records: Iterable[dict[str, Any]], *, now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or datetime.now(timezone.utc)
    return [to_hsds(rec, now=now) for rec in records]
