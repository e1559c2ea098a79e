"""vsd's own taxonomies as HSDS attributes: what HSDS 3.0 has no place for, and stable ids for exported objects."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from .. import support_types
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
    "languages_assumed": "The languages are assumed from the country: no source states them (true/false).",
    "citation": "Where a fact was read: address, publisher, date read, page date and quote (JSON).",
    "source": "Where the facts were read: the authoritative listing.",
    "timezone": "The IANA time zone of a schedule.",
    "always_open": "The service is open at all times.",
    "channel_kind": "How to reach the service through this contact: phone, sms, chat, email, web, report or app.",
    "channel_position": "The position of this contact among the service's contacts.",
    "channel_country": "The one country in which this phone number works.",
    "channel_international": "The number in international (E.164) form, for calling from abroad.",
    "channel_domestic_only": "The number works only when dialled inside the country (true/false).",
    "channel_hours": "When this contact is available (vsd hours, JSON).",
    "channel_label": "The contact's label in vsd (empty: none; the location name is a default).",
}


def _attr(
    owner: str,
    kind: str,
    code: str,
    *,
    value: str | None = None,
    link_type: str = "vsd_field",
    name: str | None = None,
    description: str | None = None,
    n: int = 0,
) -> dict[str, Any]:
    a: dict[str, Any] = {
        "id": stable_uuid("attribute", owner, kind, code, str(n)),
        "link_type": link_type,
        "taxonomy_term": _term(kind, code, name or code, description or _FIELD_DESCRIPTIONS.get(code, code)),
    }
    if value is not None:
        a["value"] = value
    return a


def field_attrs(owner: str, fields: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    return [_attr(owner, "field", code, value=value, n=i) for i, (code, value) in enumerate(fields)]


_FLAGS = ("anonymous", "confidential", "not_on_phone_bill")


def service_attributes(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """A record's support types, audiences and the fields HSDS has no place for, as attributes."""
    rid = rec["id"]
    attrs = [
        _attr(
            rid,
            "support_type",
            code,
            link_type="service_type",
            name=support_types.label(code),
            description=support_types.label(code),
        )
        for code in rec["support_types"]
    ]
    attrs += [
        _attr(
            rid,
            "audience",
            a,
            link_type="eligibility",
            name=a.replace("_", " ").capitalize(),
            description=f"For {a.replace('_', ' ')}.",
        )
        for a in rec.get("audiences", [])
    ]
    fields = [("vsd_record", rid), ("source", rec["source"]), ("area", rec["area"])]
    fields += [("name_en", rec["name_en"])] if rec.get("name_en") else []
    fields += [("alias", a) for a in rec.get("aliases", [])]
    fields += [("region", rec["region"])] if rec.get("region") else []
    fields += [(f, "true" if rec[f] else "false") for f in _FLAGS if f in rec]
    fields += [("notes", rec["notes"])] if rec.get("notes") else []
    fields += [("languages_assumed", "true")] if rec.get("languages_assumed") else []
    fields += [("citation", json.dumps(c, ensure_ascii=False, sort_keys=True)) for c in rec.get("citations", [])]
    return attrs + field_attrs(rid, fields)
