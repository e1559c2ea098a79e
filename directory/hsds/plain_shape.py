"""The shape of a service of vsd's own HSDS export, as msgspec Structs: what the plain mapping (plain.py)
reads, and what a line of vsd's NDJSON export is decoded into at once (reading.py).

Each Struct holds every field the careful reading of mapping.py reads of that part, typed as vsd's own
export writes it (absent or null where that export writes nothing), so a service that converts has no
field of a type the careful reading would complain of.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from ..plain_json import is_plain

# A whole number of up to 16 digits: the capped parse (directory.loading) reads up to 40, and a line with a
# larger one is left to it (typed_line says None).
Int = Annotated[int, msgspec.Meta(ge=-(10**15), le=10**15)]
Number = Int | float

# Every Struct names every field vsd's export writes, and forbids any other: a line of the export decodes
# straight into them (nothing skipped, so msgspec checks all of it as the capped parse would: UTF-8,
# nesting, numbers). Ids are read but are no part of a memo's key.
# (gc=False: a Struct holds texts, numbers and tuples of Structs, never itself, so the cycle collector has
# nothing to find in the hundreds of thousands an import decodes; 5% of their decoding.)


class _Part(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A part of a service: what vsd fields read of it besides its attributes must be absent."""

    id: str | None = None
    alternate_name: None = None
    metadata: None = None


class Attribute(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """An attribute of a part: only vsd's compact one (by its term's id) is read there. (UNSET where absent:
    a schedule is rebuilt as it was written, `as_json`.)"""

    id: str | None | UnsetType = UNSET
    taxonomy_term_id: str | None | UnsetType = UNSET
    value: str | None | UnsetType = UNSET
    taxonomy_term: None | UnsetType = UNSET


class Term(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str | None = None
    code: str | None = None
    name: str | None = None
    description: str | None = None
    taxonomy: str | None = None
    term_uri: str | None = None


class ServiceAttribute(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str | None = None
    link_type: str | None = None
    taxonomy_term_id: str | None = None
    value: str | None = None
    taxonomy_term: Term | None = None


class Phone(_Part, kw_only=True, forbid_unknown_fields=True, gc=False):
    number: str
    type: str | None = None
    description: str | None = None
    extension: None = None
    languages: tuple[Language, ...] | None = None  # (a phone with languages is mapped the careful way)
    attributes: tuple[Attribute, ...] = ()


class Location(_Part, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A virtual location (a web, chat or email channel); any other is not plain."""

    location_type: str
    url: str | None = None
    name: str | None = None
    description: str | None = None
    # (a location with languages or schedules is mapped the careful way)
    languages: tuple[Language, ...] | None = None
    schedules: tuple[Schedule, ...] | None = None
    addresses: None = None
    attributes: tuple[Attribute, ...] = ()


class ServiceAtLocation(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str | None = None
    location: Location


class Schedule(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A schedule, each field UNSET where it is absent: one met for the first time is read the careful way from
    the object it was decoded from (`as_json`), the same hours in service after service from the memo."""

    id: str | None | UnsetType = UNSET
    alternate_name: None | UnsetType = UNSET
    metadata: None | UnsetType = UNSET
    timezone: Number | None | UnsetType = UNSET
    freq: str | None | UnsetType = UNSET
    wkst: str | None | UnsetType = UNSET
    byday: str | None | UnsetType = UNSET
    opens_at: str | None | UnsetType = UNSET
    closes_at: str | None | UnsetType = UNSET
    description: str | None | UnsetType = UNSET
    attributes: tuple[Attribute, ...] | UnsetType = UNSET
    # read by the careful reading, not written by vsd's export
    valid_from: None | UnsetType = UNSET
    valid_to: None | UnsetType = UNSET
    dtstart: None | UnsetType = UNSET
    until: None | UnsetType = UNSET
    interval: None | UnsetType = UNSET
    count: None | UnsetType = UNSET
    byweekno: None | UnsetType = UNSET
    bymonthday: None | UnsetType = UNSET
    byyearday: None | UnsetType = UNSET


_ENCODE = msgspec.json.Encoder().encode
_DICT = msgspec.json.Decoder(dict[str, Any]).decode


class ServiceArea(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str | None = None
    uri: str | None = None
    name: str | None = None
    description: str | None = None


class Language(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str | None = None
    code: str | None = None
    name: str | None = None
    note: str | None = None


class Organization(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str | None = None
    name: str | None = None
    description: str | None = None


class Metadata(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """A citation of vsd's export, as HSDS provenance (read by read_vsd_fields from the service itself)."""

    id: str | None = None
    last_action_date: str | None = None
    last_action_type: str | None = None
    field_name: str | None = None
    previous_value: str | None = None
    replacement_value: str | None = None
    updated_by: str | None = None


class Service(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    id: str
    name: str
    status: str
    alternate_name: str | None = None
    description: str | None = None
    fees_description: str | None = None
    interpretation_services: str | None = None
    minimum_age: Number | None = None
    maximum_age: Number | None = None
    organization: Organization | None = None
    phones: tuple[Phone, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    service_areas: tuple[ServiceArea, ...] = ()
    service_at_locations: tuple[ServiceAtLocation, ...] = ()
    languages: tuple[Language, ...] = ()
    attributes: tuple[ServiceAttribute, ...] = ()
    # read by the careful reading as it reads any value (vsd fields, dates)
    metadata: tuple[Metadata, ...] | None = None
    assured_date: str | None = None
    last_modified: str | None = None
    # not read for vsd's own export (its web address and email are channels of their own there; its
    # eligibility and alert are in its notes)
    email: str | None = None
    url: str | None = None
    eligibility_description: str | None = None
    application_process: str | None = None
    alert: str | None = None


_LINE = msgspec.json.Decoder(Service).decode


def typed_line(line: bytes | memoryview) -> Service | None:
    """A line of vsd's own NDJSON export as a Service, read as the capped parse reads it; None for any other
    line (read the usual way, with its messages).

    Nothing in a Service is skipped, so msgspec's checks are the caps': valid UTF-8 and JSON, no lone
    surrogate, nesting within the Structs, whole numbers within their digits. A fraction (a time zone of
    -3.5, an age) may be written with more characters than the capped parse reads: with one, the line is
    checked as `is_plain` checks any (a number of more than 400 characters holds a run of 41 digits)."""
    try:
        svc = _LINE(line)
    except (msgspec.MsgspecError, ValueError):
        return None
    return svc if not _has_fraction(svc) or is_plain(bytes(line)) else None


def _has_fraction(svc: Service) -> bool:
    """Whether any number of the service (its ages, its and its locations' time zones) is a fraction."""
    if type(svc.minimum_age) is float or type(svc.maximum_age) is float:
        return True
    schedules = [*svc.schedules]
    for sal in svc.service_at_locations:
        schedules += sal.location.schedules or ()
    return any(type(s.timezone) is float for s in schedules)


def attributes_key(attributes: tuple[Attribute, ...] | UnsetType) -> tuple[tuple[Any, Any], ...]:
    """What the careful reading reads of a part's attributes (not their ids)."""
    if attributes is UNSET or not attributes:
        return ()
    if len(attributes) == 1:  # (nearly every part of vsd's export: its one compact attribute)
        a = attributes[0]
        return ((a.taxonomy_term_id, a.value),)
    return tuple([(a.taxonomy_term_id, a.value) for a in attributes])


def schedule_key(s: Schedule, days_read: bool) -> tuple[Any, ...]:
    """What the careful reading reads of a schedule (not its id), as a memo key of its own kind. `days_read`:
    its byday is a list of weekdays, which the reading makes the days of its hours and reads for nothing else
    (schedules._days), so it stands for any such list."""
    said = (s.timezone, s.freq, s.wkst, True if days_read else s.byday, s.opens_at, s.closes_at, s.description)
    return ("schedule", *said, attributes_key(s.attributes))


def vsd_fields_source(svc: Service) -> dict[str, Any]:
    """What read_vsd_fields reads of a service -- its attributes, metadata and alternate name -- as the dict
    decoded from its line holds them (JSON values; a field absent there is null here, which it reads alike)."""
    out: dict[str, Any] = _DICT(
        _ENCODE({"attributes": svc.attributes, "metadata": svc.metadata, "alternate_name": svc.alternate_name})
    )
    return out


def as_json(part: msgspec.Struct) -> dict[str, Any]:
    """A part as the careful reading reads it, in JSON values: an UNSET field left out (a Schedule's, absent
    from the line), any other field that is None null (which the careful reading reads as absent)."""
    out: dict[str, Any] = _DICT(_ENCODE(part))
    return out
