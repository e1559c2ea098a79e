"""vsd -> HSDS: a vsd record as an HSDS 3.0 service object, valid against the HSDS JSON Schema.

Support types are attributes of vsd's support-type taxonomy; what HSDS has no place for travels in one
compact attribute per object (see attributes.py and docs/hsds-export.md), and citations as HSDS
`metadata` (provenance). Every string is scrubbed on the way in and on the way out
(`safe_text.scrub_tree`): no escape sequence, C0/C1 control or bidi override leaves vsd, the JSON text
of the compact attributes included. A local file path never leaves vsd: a `source` that is not a web
address (an import read from a file) is left out.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from ..countries import country_name
from ..languages import language_name
from ..safe_text import scrub, scrub_tree, scrubbed, scrubbed_json
from .attributes import CITATION_ACTION, compact_attribute, stable_uuid, support_type_attributes
from .places import ISO_COUNTRY_URI, current_offset_hours
from .schedules import DAYS, RRULE_DAYS

_KIND_NAMES = {"web": "Website", "chat": "Chat", "report": "Report online", "app": "App", "email": "Email"}
_PROVIDER = "Provider of services listed in the vsd directory of victim-assistance and child-protection services."
_FLAGS = ("anonymous", "confidential", "not_on_phone_bill")
_WEB_ADDRESS = re.compile(r"^https?://", re.IGNORECASE)


# Looked up once per code (zone and instant), not once per service: same answers, a fraction of the time.
@lru_cache(maxsize=4096)
def _language_name(code: str) -> str:
    return scrub(language_name(code), keep_marks=True)  # as in the name fields it goes to


@lru_cache(maxsize=1024)
def _country_name(code: str) -> str:
    return scrub(country_name(code), keep_marks=True)  # as in the name and description fields it goes to


_offset_hours = lru_cache(maxsize=1024)(current_offset_hours)


def export_services(
    records: Iterable[dict[str, Any]], *, now: datetime | None = None, upstream: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """HSDS services for `records`; `upstream` (vsd id -> HSDS id at the source) keeps imported services' ids
    where they are UUIDs and unique here, and otherwise travels as the `upstream_id` field."""
    return list(iter_services(records, now=now, upstream=upstream))


def iter_services(
    records: Iterable[dict[str, Any]], *, now: datetime | None = None, upstream: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """`export_services` one service at a time: memory does not grow with the number of records."""
    for svc, clean in _services(records, now, upstream):
        yield svc if clean else scrubbed(svc)


def ndjson_chunks(
    records: Iterable[dict[str, Any]], *, now: datetime | None = None, upstream: Mapping[str, str] | None = None
) -> Iterator[str]:
    """The NDJSON export, one line (one service) at a time: what `json.dumps(service, ensure_ascii=False)`
    writes for each of `export_services`, each followed by a newline."""
    for svc, clean in _services(records, now, upstream):
        yield (json.dumps(svc, ensure_ascii=False) if clean else scrubbed_json(svc)) + "\n"


def json_array_chunks(
    records: Iterable[dict[str, Any]], *, now: datetime | None = None, upstream: Mapping[str, str] | None = None
) -> Iterator[str]:
    """The JSON array export one service at a time: together, byte for byte what
    `json.dumps(export_services(...), ensure_ascii=False, indent=2) + "\\n"` writes."""
    sep = "[\n  "
    for svc, clean in _services(records, now, upstream):
        text = json.dumps(svc, ensure_ascii=False, indent=2) if clean else scrubbed_json(svc, indent=2)
        # Inside the array each line is indented one step more; a newline in a string is written "\\n".
        yield sep + text.replace("\n", "\n  ")
        sep = ",\n  "
    yield "[]\n" if sep.startswith("[") else "\n]\n"


def _services(
    records: Iterable[dict[str, Any]], now: datetime | None, upstream: Mapping[str, str] | None
) -> Iterator[tuple[dict[str, Any], bool]]:
    """Each record's service object, and whether it is clean already. It is when the record is: every string
    of the service is then the record's, vsd's own, JSON of those (the compact attributes), an id, or a
    country or language name (scrubbed as it is looked up); else the caller scrubs it."""
    now = now or datetime.now(UTC)
    for rec, sid, upstream_id in _with_ids(records, upstream):
        clean = scrubbed(rec)
        yield _service(clean, now, sid, upstream_id), clean is rec


def _with_ids(
    records: Iterable[dict[str, Any]], upstream: Mapping[str, str] | None
) -> Iterator[tuple[dict[str, Any], str, str | None]]:
    """Each record with its HSDS id -- the one it had at its source if that is a UUID not used before,
    else derived from its vsd id -- and the source's id to carry as `upstream_id` when it is not kept."""
    used: set[str] = set()  # only needed (and filled) when some records come from a source
    for rec in records:
        up = upstream.get(rec["id"]) if upstream else None
        keep = up is not None and _is_uuid(up) and up not in used
        sid = up if keep and up is not None else stable_uuid("service", scrub(rec["id"]))
        if upstream:
            used.add(sid)
        yield rec, sid, None if keep else up


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def to_hsds(
    rec: dict[str, Any], *, now: datetime | None = None, hsds_id: str | None = None, upstream_id: str | None = None
) -> dict[str, Any]:
    """One vsd record as an HSDS 3.0 service object (valid against schema/service.json), scrubbed."""
    rec = scrubbed(rec)
    sid = hsds_id or stable_uuid("service", rec["id"])
    return scrub_tree(_service(rec, now or datetime.now(UTC), sid, upstream_id))


def _service(rec: dict[str, Any], now: datetime, sid: str, upstream_id: str | None) -> dict[str, Any]:
    """The service object of a scrubbed record (before it is scrubbed in turn): text embedded as JSON
    (channel hours) is clean because the record is."""
    rid = rec["id"]
    svc: dict[str, Any] = {"id": sid, "name": rec["name"]}
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
    svc["attributes"] = support_type_attributes(rid, rec["support_types"]) + [
        compact_attribute(rid, _private_fields(rec, upstream_id))
    ]
    if rec.get("citations"):
        svc["metadata"] = [_citation(rid, i, c) for i, c in enumerate(rec["citations"])]
    return svc


def _private_fields(rec: dict[str, Any], upstream_id: str | None) -> dict[str, Any]:
    """What HSDS has no place for: the compact attribute's value (docs/hsds-export.md lists every key)."""
    f: dict[str, Any] = {}
    if upstream_id:
        f["upstream_id"] = scrub(upstream_id)  # from the import layer, not the (scrubbed) record
    if _WEB_ADDRESS.match(rec["source"]):  # never a local path (an import read from a file)
        f["source"] = rec["source"]
    f["area"] = rec["area"]
    if rec.get("aliases"):  # else the alternate name is the English name: not written twice
        f["alias"] = rec["aliases"]
        f.update({"name_en": rec["name_en"]} if rec.get("name_en") else {})
    for key in ("region", "notes"):
        if rec.get(key):
            f[key] = rec[key]
    f.update({flag: rec[flag] for flag in _FLAGS if flag in rec})
    if rec.get("languages_assumed"):
        f["languages_assumed"] = True
    if rec.get("audiences"):
        f["audience"] = rec["audiences"]
    if rec.get("citations"):
        f["citations"] = [[c["publisher"], c.get("page_date")] for c in rec["citations"]]
    return f


def _citation(rid: str, i: int, c: dict[str, Any]) -> dict[str, Any]:
    """A citation as HSDS provenance metadata: on `read`, the page at `url` said `quote`."""
    return {
        "id": stable_uuid("metadata", rid, str(i)),
        "last_action_date": c["read"],
        "last_action_type": CITATION_ACTION,
        "field_name": "",
        "previous_value": "",
        "replacement_value": c["quote"],
        "updated_by": c["url"],
    }


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
    if rec.get("audiences"):
        svc["eligibility_description"] = "For " + ", ".join(a.replace("_", " ") for a in rec["audiences"]) + "."
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
    """Phones and sms as HSDS phones; the other channels as virtual service-at-locations. Positions are
    written only when the channels are not all phones first (the order an import reads them in)."""
    channels = rec.get("channels", [])
    is_phone = [ch["kind"] in ("phone", "sms") for ch in channels]
    positioned = is_phone != sorted(is_phone, reverse=True)
    phones, virtual = [], []
    for i, ch in enumerate(channels):
        owner = f"{rec['id']}/channel/{i}"
        fields: dict[str, Any] = {"channel_position": i} if positioned else {}
        if is_phone[i]:
            phones.append(_phone(ch, owner, fields))
        else:
            loc = _location(ch, owner, fields, now)
            virtual.append({"id": stable_uuid("service_at_location", owner), "location": loc})
    return phones, virtual


def _phone(ch: dict[str, Any], owner: str, fields: dict[str, Any]) -> dict[str, Any]:
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
        fields["channel_country"] = ch["country"]
    if ch.get("hours"):
        fields["channel_hours"] = ch["hours"]  # HSDS 3.0 gives phones no schedules
    if ch.get("international"):
        fields["channel_international"] = ch["international"]
    if ch.get("domestic_only"):
        fields["channel_domestic_only"] = True
    if fields:
        phone["attributes"] = [compact_attribute(owner, fields)]
    return phone


def _location(ch: dict[str, Any], owner: str, fields: dict[str, Any], now: datetime) -> dict[str, Any]:
    url = f"mailto:{ch['value']}" if ch["kind"] == "email" else ch["value"]
    loc: dict[str, Any] = {"id": stable_uuid("location", owner), "location_type": "virtual", "url": url}
    if ch.get("label"):
        loc["name"] = ch["label"]
    loc["description"] = _KIND_NAMES.get(ch["kind"], ch["kind"])
    if ch.get("languages"):
        loc["languages"] = _language_objs(ch["languages"], owner)
    if ch.get("hours"):
        loc["schedules"] = hours_to_schedules(ch["hours"], owner, now)
    if ch["kind"] not in ("web", "email"):  # a mailto: address is an email, any other address a website
        fields["channel_kind"] = ch["kind"]
    if fields:
        loc["attributes"] = [compact_attribute(owner, fields)]
    return loc


def _hsds_time(hhmm: str) -> str:
    return "23:59" if hhmm == "24:00" else hhmm


def hours_to_schedules(hours: dict[str, Any], owner: str, now: datetime) -> list[dict[str, Any]]:
    zone = hours["timezone"]
    offset = _offset_hours(zone, now)
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
        fields: dict[str, Any] = {"timezone": zone}
        if hours.get("always_open"):
            fields["always_open"] = True
        s["attributes"] = [compact_attribute(f"{owner}/schedule/{i}", fields)]
        out.append(s)
    return out


def _language_objs(codes: Iterable[str], owner: str) -> list[dict[str, Any]]:
    return [{"id": stable_uuid("language", owner, code), "name": _language_name(code), "code": code} for code in codes]


def _service_areas(rec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in rec["countries"]:
        name = _country_name(c)
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
