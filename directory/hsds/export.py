"""vsd -> HSDS: a vsd record as an HSDS 3.0 service object, valid against the HSDS JSON Schema.

Support types are attributes of vsd's support-type taxonomy; what HSDS has no place for travels in one
compact attribute per object (see attributes.py and docs/hsds-export.md), and citations as HSDS
`metadata` (provenance). Every string is scrubbed on the way in and on the way out
(`safe_text.scrub_tree`): no escape sequence, C0/C1 control or bidi override leaves vsd, the JSON text
of the compact attributes included. A local file path never leaves vsd: a `source` that is not a web
address (an import read from a file) is left out.

A service is made as its JSON text, what `json.dumps(service, ensure_ascii=False)` writes for it, since
the NDJSON export (100,000 services) is that text: each string is written by the function json.dumps
writes strings with, the parts services share (terms, providers, schedule parts of a zone or of the same
days and times, language, country and area members) are written once, and nothing is built only to be
dumped. The service objects (`export_services`, for the API tree and the data package) are that text
parsed back. Records are valid vsd records (strings where the schema says so, as the commands check);
tests/directory/test_hsds_export_golden.py holds the bytes to what the export wrote before.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import msgspec

from ..countries import country_name
from ..languages import language_name
from ..safe_text import _SUSPECT_CHARS, scrub, scrub_tree, scrubbed, scrubbed_json
from .attributes import CITATION_ACTION, COMPACT_CODE, COMPACT_TERM_ID, stable_uuid, support_type_term, uuid_of
from .places import ISO_COUNTRY_URI, current_offset_hours
from .schedules import DAYS, RRULE_DAYS

_KIND_NAMES = {"web": "Website", "chat": "Chat", "report": "Report online", "app": "App", "email": "Email"}
_PROVIDER = "Provider of services listed in the vsd directory of victim-assistance and child-protection services."
_FLAGS = ("anonymous", "confidential", "not_on_phone_bill")
_PHONE_KINDS = frozenset({"phone", "sms"})
_WEB_ADDRESS = re.compile(r"^https?://", re.IGNORECASE)

# A string as json.dumps(ensure_ascii=False) writes it, quotes included (the very function it calls).
_str = json.encoder.encode_basestring
# Any other value (numbers, booleans) as json.dumps(ensure_ascii=False) writes it; made once, where
# json.dumps makes an encoder on every call.
_value = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
# The compact JSON of an attribute's fields (strings, booleans, integers, lists and objects of them):
# for these msgspec writes what json.dumps(ensure_ascii=False, separators=(",", ":")) does, faster.
_MSGSPEC = msgspec.json.Encoder()


def _obj(members: list[str]) -> str:
    """A JSON object of `"key": value` members."""
    return "{" + ", ".join(members) + "}"


def _arr(items: Iterable[str]) -> str:
    return "[" + ", ".join(items) + "]"


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
    for text, clean in _services(records, now, upstream):
        svc = json.loads(text)
        yield svc if clean else scrubbed(svc)


def ndjson_chunks(
    records: Iterable[dict[str, Any]], *, now: datetime | None = None, upstream: Mapping[str, str] | None = None
) -> Iterator[str]:
    """The NDJSON export, some lines (services) at a time: what `json.dumps(service, ensure_ascii=False)`
    writes for each of `export_services`, each followed by a newline."""
    lines = []
    for text, clean in _services(records, now, upstream):
        lines.append(text if clean else scrubbed_json(json.loads(text)))
        if len(lines) == _LINES_PER_CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


# Written in chunks of some hundred KB: a tenth of the calls (and copies) of one line at a time.
_LINES_PER_CHUNK = 64


def json_array_chunks(
    records: Iterable[dict[str, Any]], *, now: datetime | None = None, upstream: Mapping[str, str] | None = None
) -> Iterator[str]:
    """The JSON array export one service at a time: together, byte for byte what
    `json.dumps(export_services(...), ensure_ascii=False, indent=2) + "\\n"` writes."""
    sep = "[\n  "
    for text, clean in _services(records, now, upstream):
        svc = json.loads(text)
        text = json.dumps(svc, ensure_ascii=False, indent=2) if clean else scrubbed_json(svc, indent=2)
        # Inside the array each line is indented one step more; a newline in a string is written "\\n".
        yield sep + text.replace("\n", "\n  ")
        sep = ",\n  "
    yield "[]\n" if sep.startswith("[") else "\n]\n"


def _services(
    records: Iterable[dict[str, Any]], now: datetime | None, upstream: Mapping[str, str] | None
) -> Iterator[tuple[str, bool]]:
    """Each record's service as JSON text, and whether it is clean already. It is when the record is: every
    string of the service is then the record's, vsd's own, JSON of those (the compact attributes), an id,
    or a country or language name (scrubbed as it is looked up); else the caller scrubs it."""
    now = now or datetime.now(UTC)
    for rec, sid, upstream_id in _with_ids(records, upstream):
        if _needs_scrub(rec):
            yield _service(scrub_tree(rec), now, sid, upstream_id), False
        else:
            yield _service(rec, now, sid, upstream_id), True


def _needs_scrub(rec: dict[str, Any]) -> bool:
    """Whether `scrubbed(rec)` is a scrubbed copy, not `rec`: the same test on the same JSON text (msgspec
    writes strings as json.dumps(ensure_ascii=False) does), made several times faster."""
    try:
        text = _MSGSPEC.encode(rec)
    except (TypeError, ValueError, msgspec.EncodeError):  # not JSON, or lone surrogates: scrubbed
        return True
    if _SUSPECT_ESCAPE.search(text) is not None:
        return True
    # Every other character scrub may drop is DEL, or starts with one of these bytes in UTF-8 (C1 controls,
    # U+061C, the bidi controls and marks): most texts have none, and searching bytes for one is quick.
    if b"\xe2" not in text and b"\xc2" not in text and b"\xd8" not in text:
        return b"\x7f" in text
    return _SUSPECT_CHARS.search(text.decode("utf-8")) is not None


_SUSPECT_ESCAPE = re.compile(rb"\\[rbfu]")  # as safe_text's, for bytes


def _with_ids(
    records: Iterable[dict[str, Any]], upstream: Mapping[str, str] | None
) -> Iterator[tuple[dict[str, Any], str, str | None]]:
    """Each record with its HSDS id -- the one it had at its source if that is a UUID not used before,
    else derived from its vsd id -- and the source's id to carry as `upstream_id` when it is not kept."""
    used: set[str] = set()  # only needed (and filled) when some records come from a source
    for rec in records:
        up = upstream.get(rec["id"]) if upstream else None
        keep = up is not None and _is_uuid(up) and up not in used
        sid = up if keep and up is not None else uuid_of(f"service:{scrub(rec['id'])}")
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
    return scrub_tree(json.loads(_service(rec, now or datetime.now(UTC), sid, upstream_id)))


def _service(rec: dict[str, Any], now: datetime, sid: str, upstream_id: str | None) -> str:
    """The service of a scrubbed record as JSON text (before it is scrubbed in turn): text embedded as
    JSON (channel hours) is clean because the record is."""
    rid = rec["id"]
    m = [f'"id": {_str(sid)}', f'"name": {_str(rec["name"])}']
    _service_fields(rec, m)
    phones, virtual = _channel_objects(rec, now)
    if phones:
        m.append(f'"phones": {_arr(phones)}')
    if rec.get("hours"):
        m.append(f'"schedules": {_schedules(rec["hours"], rid, now)}')
    m.append(f'"service_areas": {_service_areas(rec)}')
    if virtual:
        m.append(f'"service_at_locations": {_arr(virtual)}')
    if rec.get("languages"):
        m.append(f'"languages": {_language_objs(rec["languages"], rid)}')
    if rec.get("organization"):
        m.append(f'"organization": {_organization(rec["organization"])}')
    attrs = [_support_type_attribute(rid, code) for code in rec["support_types"]]
    attrs.append(_compact_attribute(rid, _private_fields(rec, upstream_id)))
    m.append(f'"attributes": {_arr(attrs)}')
    if rec.get("citations"):
        m.append(f'"metadata": {_arr(_citation(rid, i, c) for i, c in enumerate(rec["citations"]))}')
    return _obj(m)


def _compact_attribute(owner: str, fields: dict[str, Any]) -> str:
    """`attributes.compact_attribute(owner, fields)` as JSON text."""
    value = _MSGSPEC.encode(fields).decode("utf-8")
    return _compact_attribute_of(owner, _str(value))


def _compact_attribute_of(owner: str, value_json: str) -> str:
    aid = uuid_of(f"attribute:{owner}:{COMPACT_CODE}")
    return f'{{"id": "{aid}", "taxonomy_term_id": "{COMPACT_TERM_ID}", "value": {value_json}}}'


def _support_type_attribute(owner: str, code: str) -> str:
    """`attributes.support_type_attributes(owner, [code])[0]` as JSON text."""
    aid = uuid_of(f"attribute:{owner}:support_type:{code}")
    return f'{{"id": "{aid}", "link_type": "service_type", "taxonomy_term": {_support_type_term(code)}}}'


@lru_cache(maxsize=256)
def _support_type_term(code: str) -> str:
    return _value(support_type_term(code))


@lru_cache(maxsize=4096)
def _organization(name: str) -> str:
    return _obj(
        [f'"id": "{stable_uuid("organization", name)}"', f'"name": {_str(name)}', f'"description": {_str(_PROVIDER)}']
    )


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
        if rec.get("name_en"):
            f["name_en"] = rec["name_en"]
    for key in ("region", "notes"):
        if rec.get(key):
            f[key] = rec[key]
    for flag in _FLAGS:
        if flag in rec:
            f[flag] = rec[flag]
    if rec.get("languages_assumed"):
        f["languages_assumed"] = True
    if rec.get("audiences"):
        f["audience"] = rec["audiences"]
    if rec.get("citations"):
        f["citations"] = [[c["publisher"], c.get("page_date")] for c in rec["citations"]]
    return f


def _citation(rid: str, i: int, c: dict[str, Any]) -> str:
    """A citation as HSDS provenance metadata: on `read`, the page at `url` said `quote`."""
    return _obj(
        [
            f'"id": "{uuid_of(f"metadata:{rid}:{i}")}"',
            f'"last_action_date": {_str(c["read"])}',
            f'"last_action_type": "{CITATION_ACTION}"',
            '"field_name": ""',
            '"previous_value": ""',
            f'"replacement_value": {_str(c["quote"])}',
            f'"updated_by": {_str(c["url"])}',
        ]
    )


def _service_fields(rec: dict[str, Any], m: list[str]) -> None:
    """The service's own HSDS fields, from alternate_name to last_modified, added to its members `m`."""
    if rec.get("aliases"):
        m.append(f'"alternate_name": {_str(rec["aliases"][0])}')
    elif rec.get("name_en"):
        m.append(f'"alternate_name": {_str(rec["name_en"])}')
    if rec.get("description"):
        m.append(f'"description": {_str(rec["description"])}')
    web = email = None  # the first of each
    for c in rec.get("channels", ()):
        if c["kind"] == "web" and web is None:
            web = c["value"]
        elif c["kind"] == "email" and email is None:
            email = c["value"]
    if web:
        m.append(f'"url": {_str(web)}')
    if email:
        m.append(f'"email": {_str(email)}')
    m.append('"status": "active"')
    if rec.get("languages_note"):
        m.append(f'"interpretation_services": {_str(rec["languages_note"])}')
    if "free" in rec:
        m.append('"fees_description": "Free of charge."' if rec["free"] else '"fees_description": "Charges may apply."')
    if rec.get("audiences"):
        m.append(_eligibility(tuple(rec["audiences"])))
    if "min_age" in rec:
        m.append(f'"minimum_age": {_value(rec["min_age"])}')
    if "max_age" in rec:
        m.append(f'"maximum_age": {_value(rec["max_age"])}')
    verified = rec.get("last_verified")
    if rec.get("verification") == "verified" and verified:
        m.append(f'"assured_date": {_value(verified)}')
    if verified:  # absent when the source gave no date
        m.append(f'"last_modified": {_str(f"{verified}T00:00:00Z")}')


@lru_cache(maxsize=1024)
def _eligibility(audiences: tuple[str, ...]) -> str:
    eligible = "For " + ", ".join(a.replace("_", " ") for a in audiences) + "."
    return f'"eligibility_description": {_str(eligible)}'


def _channel_objects(rec: dict[str, Any], now: datetime) -> tuple[list[str], list[str]]:
    """Phones and sms as HSDS phones; the other channels as virtual service-at-locations. Positions are
    written only when the channels are not all phones first (the order an import reads them in)."""
    channels = rec.get("channels", ())
    is_phone = [ch["kind"] in _PHONE_KINDS for ch in channels]
    positioned = is_phone != sorted(is_phone, reverse=True)
    rid = rec["id"]
    phones, virtual = [], []
    for i, ch in enumerate(channels):
        owner = f"{rid}/channel/{i}"
        fields: dict[str, Any] = {"channel_position": i} if positioned else {}
        if is_phone[i]:
            phones.append(_phone(ch, owner, fields))
        else:
            loc = _location(ch, owner, fields, now)
            virtual.append(f'{{"id": "{uuid_of(f"service_at_location:{owner}")}", "location": {loc}}}')
    return phones, virtual


def _phone(ch: dict[str, Any], owner: str, fields: dict[str, Any]) -> str:
    # Each optional member as text with its leading comma, or "": one f-string, no list to join.
    description = f', "description": {_str(ch["label"])}' if ch.get("label") else ""
    languages = f', "languages": {_language_objs(ch["languages"], owner)}' if ch.get("languages") else ""
    if ch.get("country"):
        fields["channel_country"] = ch["country"]
    if ch.get("hours"):
        fields["channel_hours"] = ch["hours"]  # HSDS 3.0 gives phones no schedules
    if ch.get("international"):
        fields["channel_international"] = ch["international"]
    if ch.get("domestic_only"):
        fields["channel_domestic_only"] = True
    attributes = f', "attributes": [{_compact_attribute(owner, fields)}]' if fields else ""
    kind = "voice" if ch["kind"] == "phone" else "text"
    return (
        f'{{"id": "{uuid_of(f"phone:{owner}")}", "number": {_str(ch["value"])}, "type": "{kind}"'
        f"{description}{languages}{attributes}}}"
    )


def _location(ch: dict[str, Any], owner: str, fields: dict[str, Any], now: datetime) -> str:
    kind = ch["kind"]
    url = f"mailto:{ch['value']}" if kind == "email" else ch["value"]
    name = f', "name": {_str(ch["label"])}' if ch.get("label") else ""
    languages = f', "languages": {_language_objs(ch["languages"], owner)}' if ch.get("languages") else ""
    schedules = f', "schedules": {_schedules(ch["hours"], owner, now)}' if ch.get("hours") else ""
    if kind not in ("web", "email"):  # a mailto: address is an email, any other address a website
        fields["channel_kind"] = kind
    attributes = f', "attributes": [{_compact_attribute(owner, fields)}]' if fields else ""
    return (
        f'{{"id": "{uuid_of(f"location:{owner}")}", "location_type": "virtual", "url": {_str(url)}{name}, '
        f'"description": {_kind_name(kind)}{languages}{schedules}{attributes}}}'
    )


@lru_cache(maxsize=64)
def _kind_name(kind: str) -> str:
    return _str(_KIND_NAMES.get(kind, kind))


def _hsds_time(hhmm: str) -> str:
    return "23:59" if hhmm == "24:00" else hhmm


def hours_to_schedules(hours: dict[str, Any], owner: str, now: datetime) -> list[dict[str, Any]]:
    """vsd opening hours as HSDS schedules (weekly RRULE parts) of the object `owner` names."""
    schedules: list[dict[str, Any]] = json.loads(_schedules(hours, owner, now))
    return schedules


def _schedules(hours: dict[str, Any], owner: str, now: datetime) -> str:
    """`hours_to_schedules` as JSON text."""
    always = bool(hours.get("always_open"))
    head, value = _zone_parts(hours["timezone"], always, now)
    spans = _ALWAYS_OPEN if always else [(w["days"], w["opens"], w["closes"]) for w in hours.get("weekly", [])]
    note = hours.get("note")
    out = []
    for i, (days, opens, closes) in enumerate(spans):
        sid = uuid_of(f"schedule:{owner}:{i}")
        description = f', "description": {_str(note)}' if i == 0 and note else ""
        attribute = _compact_attribute_of(f"{owner}/schedule/{i}", value)
        out.append(
            f'{{"id": "{sid}", {head}, {_span(tuple(days), opens, closes)}{description}, "attributes": [{attribute}]}}'
        )
    return _arr(out)


_ALWAYS_OPEN = [(DAYS, "00:00", "24:00")]


@lru_cache(maxsize=1024)
def _zone_parts(zone: str, always_open: bool, now: datetime) -> tuple[str, str]:
    """A schedule's members from timezone to wkst, and its compact attribute's value as JSON."""
    fields: dict[str, Any] = {"timezone": zone, "always_open": True} if always_open else {"timezone": zone}
    head = f'"timezone": {_value(_offset_hours(zone, now))}, "freq": "WEEKLY", "wkst": "MO"'
    return head, _str(_MSGSPEC.encode(fields).decode("utf-8"))


@lru_cache(maxsize=4096)
def _span(days: tuple[str, ...], opens: str, closes: str) -> str:
    """A schedule's members from byday to closes_at."""
    byday = ",".join(RRULE_DAYS[DAYS.index(d)] for d in days)
    return f'"byday": {_str(byday)}, "opens_at": {_str(_hsds_time(opens))}, "closes_at": {_str(_hsds_time(closes))}'


def _language_objs(codes: Iterable[str], owner: str) -> str:
    return _arr(f'{{"id": "{uuid_of(f"language:{owner}:{code}")}", {_language_members(code)}}}' for code in codes)


@lru_cache(maxsize=4096)
def _language_members(code: str) -> str:
    return f'"name": {_str(_language_name(code))}, "code": {_str(code)}'


def _service_areas(rec: dict[str, Any]) -> str:
    rid, area = rec["id"], rec["area"]
    region = (rec.get("region") or None) if area == "regional" else None
    return _arr(
        f'{{"id": "{uuid_of(f"service_area:{rid}:{c}")}", {_area_members(c, area, region)}}}' for c in rec["countries"]
    )


@lru_cache(maxsize=4096)
def _area_members(c: str, area: str, region: str | None) -> str:
    """A service area's members but its id: the country `c`, described by the service's area and region."""
    name = _country_name(c)
    if region:
        desc = f"{region} ({name})"
    elif area == "regional":
        desc = f"Part of {name}"
    elif area == "international":
        desc = f"{name} (an international service)"
    else:
        desc = f"All of {name}"
    return f'"name": {_str(name)}, "description": {_str(desc)}, "uri": {_str(f"{ISO_COUNTRY_URI}{c}")}'
