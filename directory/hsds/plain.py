"""The mapping of a plain service of vsd's own export: its shape checked at once, its parts read once.

A service is plain when it is a Service of plain_shape.py: a line of vsd's NDJSON export is decoded into one
at once (reading.py), any other service converted to one by msgspec (in C, a few microseconds). Each part
-- a service area, a language, a taxonomy term, the schedules, a phone or a web address but for its number
or address -- is then mapped by the careful code the first time it is met, from the service as decoded, and
taken from a memo keyed by what the mapping reads of the part after that (not its id). Published data
repeats its parts: the same opening hours, languages and areas in service after service. A part whose
careful reading says a warning or a problem is not kept; the whole service is then read the careful way,
which says it (`PlainReader.read` returns None). A plain service comes out as the careful code makes it:
the same record, key by key and in the same order, and the same tallies (tests/directory/test_hsds_plain.py
compares both on every fixture, the hostile corpus, an export and mutations of a plain service).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import msgspec

from .. import phones
from ..validate import is_email, is_http_url
from . import channels
from .areas import AREAS, _service_areas
from .attributes import _ONE_VALUE, COMPACT_TERM_ID, _decoded, read_vsd_fields
from .channels import _Channels, _phone, _virtual, same_key
from .classification import ages
from .context import ImportContext
from .fees import is_free, vsd_flags
from .fields import FieldReader
from .languages import read_languages
from .places import PlaceZone, local_zone
from .plain_shape import (
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    Term,
    as_json,
    attributes_key,
    schedule_key,
    vsd_fields_source,
)
from .reading import Item
from .schedules import hours_of, names_zone, read_schedule, weekdays
from .taxonomy import AUDIENCES, vsd_taxonomy
from .text import record_id, strip_controls

# A taxonomy term's support types and audiences, and whether it is one of vsd's own fields (older exports).
_TermRead = tuple[list[str], list[str], bool]
# The support types and audiences of a service's terms together, and whether one is one of vsd's own fields.
_Mix = tuple[list[str], list[str], bool]


class NotPlain(Exception):
    """A service the memo cannot stand in for: mapping.py maps it the careful way."""


def _text(v: str | None) -> str | None:
    """What FieldReader.str reads of a text."""
    if v is None:
        return None
    if not v.isprintable():
        v = strip_controls(v)
    return v.strip() or None


class PlainReader:
    """The memo of one import (one context: its day, defaults and short numbers are part of every part's
    mapping); `read` maps a plain service of vsd's own export, or returns None."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx = ctx
        self.memo: dict[Any, Any] = {}
        # countries -> (the zone of their place, a number of its own: schedules are read once per place)
        self.places: dict[tuple[str, ...], tuple[PlaceZone | None, int]] = {}
        # the ids of a service's term readings (objects `memo` keeps: an id is never reused) -> their _Mix
        self.mixes: dict[tuple[int, ...], _Mix] = {}

    def read(
        self, item: Item, vsd_id: str | None, r: FieldReader
    ) -> tuple[str, dict[str, Any], dict[str, list[str]]] | None:
        """(HSDS id, record up to its source, vsd fields) as mapping.py's careful reading makes them, with
        its tallies in `r`; None when the service is not plain. The item's `plain` Service is read when it
        has one (its dict, `obj`, is left undecoded, for the careful reading of a service that is not plain);
        another service is converted to one. A part read the careful way is read as its Struct holds it
        (`as_json`)."""
        svc = item.plain
        if svc is None:
            try:
                svc = _convert(item.obj, Service)
            except msgspec.ValidationError:
                return None
        try:
            return self._read(svc, item.organization, vsd_id, r)
        except NotPlain:
            r.tallies.clear()
            return None

    def _read(
        self, svc: Service, organization: str | None, vsd_id: str | None, r: FieldReader
    ) -> tuple[str, dict[str, Any], dict[str, list[str]]]:
        ctx = self.ctx
        hsds_id, name, status = _text(svc.id), _text(svc.name), _text(svc.status)
        if not hsds_id or not name or status is None or status.lower() != "active":
            raise NotPlain
        mix = self._mix([self._term(a.taxonomy_term) for a in svc.attributes if a.taxonomy_term is not None])
        vsd = self._careful_vsd_fields(svc) if mix[2] else self._vsd_fields(svc)
        rec: dict[str, Any] = {"id": vsd_id or record_id(ctx.label, name, hsds_id)}
        self._names(rec, svc, organization, name, vsd)
        types, audiences = self._classify(mix, vsd)
        rec["support_types"] = types
        if audiences:
            rec["audiences"] = audiences
        if svc.minimum_age is not None or svc.maximum_age is not None:
            given = {"minimum_age": svc.minimum_age, "maximum_age": svc.maximum_age}
            rec.update(self._careful(r, lambda q: ages(q, given)))
        countries = self._countries(svc)
        rec["countries"] = countries
        if "area" in vsd and vsd["area"][0] in AREAS:
            rec["area"] = vsd["area"][0]
            region = vsd["region"][0][:200] if "region" in vsd else None
            if region:
                rec["region"] = region
        else:
            rec["area"] = ctx.default_area or "regional"
        self._languages(rec, svc)
        rec["channels"] = self._channels(svc, countries)
        hours = self._hours(r, svc, countries)
        if hours:
            rec["hours"] = hours
        self._terms_of_use(rec, svc, vsd)
        desc = _text(svc.description)
        if desc:
            rec["description"] = desc[:2000]
        if "notes" in vsd and vsd["notes"][0]:
            rec["notes"] = vsd["notes"][0][:2000]
        rec["source"] = vsd["source"][0][:2000] if "source" in vsd else ctx.locator(hsds_id)
        return hsds_id, rec, vsd

    # -- the parts --------------------------------------------------------------------------------------

    def _place(self, countries: list[str]) -> tuple[PlaceZone | None, int]:
        """The zone of the countries' place, as mapping.py finds it for a service without a location."""
        key = tuple(countries)
        found = self.places.get(key)
        if found is None:
            single = local_zone(countries, self.ctx.today.year)
            place = PlaceZone(single, f"the country ({', '.join(countries)})") if single else None
            found = self.places[key] = (place, len(self.places))
        return found

    def verification(
        self,
        r: FieldReader,
        assured: str | None,
        modified: str | None,
        read: Callable[[FieldReader, Any, Any, ImportContext], dict[str, Any]],
    ) -> dict[str, Any]:
        """`read`'s fields of the service's last verification (mapping._verification), its tallies added to
        `r`: read once for each pair of dates (the same few in service after service), but when it warns."""
        key = ("verification", assured, modified)
        found: tuple[dict[str, Any], list[str]] | None = self.memo.get(key)
        if found is None:
            q = FieldReader()
            out = read(q, assured, modified, self.ctx)
            if q.warnings:
                return read(r, assured, modified, self.ctx)
            found = self.memo[key] = (out, list(q.tallies))
        fields, tallies = found
        for t in tallies:
            r.tally(t)
        return fields  # (its values are texts: a record takes them as they are)

    def _careful(self, r: FieldReader, read: Callable[[FieldReader], Any]) -> Any:
        """What a careful reading makes, its tallies added to `r`; NotPlain when it says anything else."""
        q = FieldReader()
        out = read(q)
        if q.problems or q.warnings:
            raise NotPlain
        for t in q.tallies:
            r.tally(t)
        return out

    def _memo(self, key: Any, read: Callable[[FieldReader], Any]) -> tuple[Any, list[str]]:
        """A part's careful reading and its tallies, read once per content; NotPlain when it says anything."""
        found = self.memo.get(key)
        if found is None:
            q = FieldReader()
            out = read(q)
            if q.problems or q.warnings:
                raise NotPlain  # (not kept: a service that holds it is read the careful way, which says it)
            found = self.memo[key] = (out, list(q.tallies))
        return found

    def _vsd_fields(self, svc: Service) -> dict[str, list[str]]:
        """The service's vsd fields as read_vsd_fields reads them from its compact attributes (its decoding
        not kept: a service's own is met once); citations read by read_vsd_fields itself. A service without
        them is not vsd's own export, not plain."""
        out: dict[str, list[str]] = {}
        compact = False
        for a in svc.attributes:
            if a.taxonomy_term is not None or a.taxonomy_term_id != COMPACT_TERM_ID or a.value is None:
                continue
            first = _texts_only(a.value) if not out else None
            if first is not None:
                out, compact = first, True
                continue
            fields = _decoded.__wrapped__(a.value)
            if fields is None:
                raise NotPlain  # a warning
            compact = True
            for k, vs in fields.items():
                if vs or k not in _ONE_VALUE:
                    out.setdefault(k, []).extend(vs)
        if "citations" in out:
            return self._careful_vsd_fields(svc)
        alt = svc.alternate_name
        if compact and alt is not None and "alias" not in out and "name_en" not in out:
            out["name_en"] = [strip_controls(alt)]
        if not out:
            raise NotPlain
        return out

    def _careful_vsd_fields(self, svc: Service) -> dict[str, list[str]]:
        """read_vsd_fields' reading (citations; the per-field attributes of older exports, which are terms)."""
        said: list[str] = []
        vsd = read_vsd_fields(vsd_fields_source(svc), lambda path, msg: said.append(msg))
        if said or not vsd:
            raise NotPlain
        return vsd

    def _names(
        self, out: dict[str, Any], svc: Service, organization: str | None, name: str, vsd: dict[str, list[str]]
    ) -> None:
        """The record's names, put in `out`."""
        out["name"] = name[:300]
        if "name_en" in vsd:
            out["name_en"] = vsd["name_en"][0][:300]
        if "alias" in vsd:
            aliases = [a for a in dict.fromkeys(a[:200] for a in vsd["alias"]) if a]
            if aliases:
                out["aliases"] = aliases
        org_name = organization
        if svc.organization is not None:
            org_name = _text(svc.organization.name) or org_name
        if org_name:
            out["organization"] = org_name[:300]

    def _mix(self, terms: list[_TermRead]) -> _Mix:
        """What the service's taxonomy terms say together (vsd's own: nothing guessed), read once for each mix
        of them (the same few in service after service; each term's reading is one object of the memo)."""
        key = tuple(map(id, terms))
        found = self.mixes.get(key)
        if found is None:
            types: list[str] = []
            audiences: list[str] = []
            for t, a, _field in terms:
                types += [x for x in t if x not in types]
                audiences += [x for x in a if x not in audiences]
            if not types:
                if not self.ctx.default_types:
                    raise NotPlain  # a problem, said by the careful reading
                types = list(self.ctx.default_types)
            found = self.mixes[key] = (types, audiences, any(is_field for _t, _a, is_field in terms))
        return found

    def _classify(self, mix: _Mix, vsd: dict[str, list[str]]) -> tuple[list[str], list[str]]:
        """Support types and audiences: the terms', but the audiences vsd's own fields give."""
        types, audiences, _ = mix
        if "audience" in vsd:
            audiences = [a for a in dict.fromkeys(vsd["audience"]) if a in AUDIENCES]
        return list(types), list(audiences)

    def _term(self, term: Term) -> _TermRead:
        """A term's support types and audiences, and whether it is one of vsd's own fields (older exports)."""
        key = ("term", term.code, term.name, term.taxonomy, term.term_uri)
        found = self.memo.get(key)
        if found is None:
            as_dict = {k: v for k, v in _term_fields(term) if v is not None}
            mapping = self.ctx.mapping
            if vsd_taxonomy(as_dict) == "field":
                found = ([], [], True)
            else:
                t, a = mapping.term(as_dict)
                if not t and not a and not mapping.knows(as_dict):
                    raise NotPlain  # a term the table does not know: a warning
                found = (t, a, False)
            self.memo[key] = found
        return found

    def _countries(self, svc: Service) -> list[str]:
        """The countries the service areas name, then the defaults (no address: its locations are virtual)."""
        countries: list[str] = []
        memo = self.memo
        for sa in svc.service_areas:
            key = ("area", sa.uri, sa.name)
            codes, _ = memo.get(key) or self._memo(key, partial(_area_codes, sa=sa))
            countries += [c for c in codes if c not in countries]
        countries += [c for c in self.ctx.default_countries if c and c not in countries]
        if not countries:
            raise NotPlain  # a problem, said by the careful reading
        return countries

    def _languages(self, out: dict[str, Any], svc: Service) -> None:
        """The record's languages and note on interpreting, put in `out`."""
        langs: list[str] = []
        memo = self.memo
        for lang in svc.languages:
            key = ("language", lang.code, lang.name, lang.note)
            codes, _ = memo.get(key) or self._memo(key, partial(_language_codes, lang=lang))
            langs += [c for c in codes if c not in langs]
        if langs:
            out["languages"] = langs
        interp = _text(svc.interpretation_services)
        if interp:
            out["languages_note"] = interp[:500]

    def _channels(self, svc: Service, countries: list[str]) -> list[dict[str, Any]]:
        found = _Channels()
        for phone in svc.phones:
            found.add_keyed(*self._phone(phone, countries))
        for sal in svc.service_at_locations:
            virtual = self._virtual(sal.location, countries)
            if virtual is not None:
                found.add_keyed(*virtual)
        return found.in_order()

    def _phone(self, phone: Phone, countries: list[str]) -> tuple[dict[str, Any], float | None, tuple[str, str]]:
        """A phone channel (with its `same_key`): the careful reading of the first phone of its shape (all but
        its number) with this number put in, when vsd's export names its country (its number is then checked
        for nothing else)."""
        number = phone.number
        plain_number = _PLAIN_NUMBER.fullmatch(number) is not None
        if phone.languages is not None or (
            not plain_number and (not (number.isascii() and number.isprintable()) or not number.strip())
        ):
            raise NotPlain
        # (the phone's fields but its number: the others are None in a Phone; with its country named, the
        # countries served count not)
        key = ("phone", phone.type, phone.description, attributes_key(phone.attributes))
        found = self.memo.get(key)
        if found is None:
            raw = as_json(phone)
            q = FieldReader()
            vsd = read_vsd_fields(raw, q.warn)
            ch, pos = _phone(q, raw, "", self.ctx, countries)
            if q.problems or q.warnings or ch is None:
                raise NotPlain
            if not vsd.get("channel_country", [None])[0]:
                return ch, pos, same_key(ch["kind"], ch["value"])  # checked against the countries: each on its own
            _check_channel(ch)
            found = self.memo[key] = (ch, pos)
        template, pos = found
        if plain_number:  # (its own clean form, which displays as it is dialled)
            value, digits = number, number.replace(" ", "")
        else:
            value = channels._clean_number(number)
            if phones.display_problem(value) is not None:
                raise NotPlain
            digits = channels._digits(value)
        ch = _channel_copy(template)
        ch["value"] = value
        return ch, pos, (ch["kind"], digits)

    def _virtual(
        self, loc: Location, countries: list[str]
    ) -> tuple[dict[str, Any], float | None, tuple[str, str]] | None:
        """A web, chat or email channel (with its `same_key`; None for a location without an address): the
        careful reading of the first location of its shape (all but its address) with this address put in,
        once it is one."""
        if loc.location_type != "virtual" or loc.languages is not None or loc.schedules is not None:
            raise NotPlain  # a place: its languages, hours, time zone and country count; a channel's own
        url = _text(loc.url)
        if not url:
            return None  # (the careful reading reads nothing else either)
        mailto = url.lower().startswith("mailto:")
        # (the location's fields but its address: the others are None in a Location, which is virtual; no
        # hours: where it is counts not)
        key = ("virtual", loc.name, attributes_key(loc.attributes), mailto)
        found = self.memo.get(key)
        if found is None:
            q = FieldReader()
            ch, pos = _virtual(q, as_json(loc), "", self.ctx, (countries, self._place(countries)[0]))
            if q.problems or q.warnings or q.tallies or ch is None:
                raise NotPlain
            _check_channel(ch)
            found = self.memo[key] = (ch, pos)
        template, pos = found
        value = url[7:] if mailto else url
        if not (is_email(value) if mailto else is_http_url(value)):
            raise NotPlain
        ch = _channel_copy(template)
        ch["value"] = value
        return ch, pos, same_key(ch["kind"], value)

    def _hours(self, r: FieldReader, svc: Service, countries: list[str]) -> dict[str, Any] | None:
        """read_hours' hours of the service's schedules, each schedule read once per content but its days (the
        same hours in many services; their days, in as many mixes and orders), and per place when where it is
        counts for it (no zone of its own: schedules.names_zone). A plain Schedule holds no restriction, and
        vsd's own export gives hours no note of their own."""
        spans: list[tuple[list[str], str, str]] = []
        zone: str | None = None
        notes: list[str] = []
        always = False
        memo = self.memo
        for sched in svc.schedules:
            byday = _text(sched.byday) if type(sched.byday) is str else None  # (as the careful reading reads it)
            days = weekdays(byday) if byday else None
            key = schedule_key(sched, days is not None)
            found = memo.get(key)  # (one that names its zone, as _memo would look it up: the usual case)
            if found is None:
                found = self._schedule(key, sched, countries)
            (note, read), tallies = found
            for t in tallies:
                r.tally(t)
            if note:
                notes.append(note)
            if read is None:
                continue
            (read_days, opens, closes), tz, always_open = read
            if zone is None:
                zone = tz
            elif tz != zone:
                raise NotPlain  # a warning, said by the careful reading
            always = always or always_open
            spans.append((list(days if days is not None else read_days), opens, closes))
        return hours_of(spans, zone, always, notes, True) if spans else None

    def _schedule(self, key: tuple[Any, ...], sched: Schedule, countries: list[str]) -> tuple[Any, list[str]]:
        """A schedule's careful reading and its tallies, memoised by its content (`key`), and by its place too
        when it names no zone of its own."""
        place, place_id = self._place(countries)
        placed = ("schedule", place_id, key)
        found = self.memo.get(placed)
        if found is None:
            raw = as_json(sched)
            where = (countries, place)
            read = partial(read_schedule, s=raw, ctx=self.ctx, where=where, vsd_mode=True, p="")
            found = self._memo(key if names_zone(raw) else placed, read)
        return found

    def _terms_of_use(self, out: dict[str, Any], svc: Service, vsd: dict[str, list[str]]) -> None:
        """Whether the service is free, anonymous, confidential and off the phone bill, put in `out`."""
        fees = svc.fees_description  # (what is_free reads of a Service: it has no cost options or fees)
        key = ("free", fees)
        free, _ = self.memo.get(key) or self._memo(key, lambda q: is_free(q, {"fees_description": fees}))
        if free is not None:
            out["free"] = free
        out.update(vsd_flags(vsd))


_convert = msgspec.convert

# A number as vsd's export writes it: groups of digits, one space between, maybe a "+" first. It is its own
# clean form (channels._clean_number), displays as it is dialled (phones.display_problem), and its digits
# are it but its spaces (channels._digits).
_PLAIN_NUMBER = re.compile(r"\+?[0-9]+(?: [0-9]+)*")


def _texts_only(value: str) -> dict[str, list[str]] | None:
    """What _vsd_fields makes of a first compact attribute, in one pass, when it is printable, without escapes
    and holds texts, lists of texts and true or false only (a service's own in vsd's export); else None
    (_decoded reads it).
    (Each text is then a part of the value, printable: strip_controls would leave it as it is.)"""
    if "\\" in value or not value.isprintable():
        return None
    try:
        # (no escape, no number: nothing the caps of the capped parse concern, which reads anything else)
        doc = _TEXTS(value)
    except (msgspec.MsgspecError, ValueError):
        return None
    out: dict[str, list[str]] = {}
    for key, v in doc.items():
        if type(v) is str:
            out[key] = [v]
        elif type(v) is bool:
            out[key] = ["true" if v else "false"]
        elif key == "citations":
            return None
        elif isinstance(v, list) and (v or key not in _ONE_VALUE):
            out[key] = v  # (a list of its own, just decoded)
    return out


_TEXTS = msgspec.json.Decoder(dict[str, str | bool | list[str]]).decode


def _check_channel(ch: dict[str, Any]) -> None:
    """A channel `_channel_copy` copies whole (else NotPlain)."""
    if not all(type(v) in (str, bool, int, float) for k, v in ch.items() if k not in ("languages", "hours")):
        raise NotPlain


def _channel_copy(ch: dict[str, Any]) -> dict[str, Any]:
    """A copy of a memoised channel, shared with no record."""
    out = dict(ch)
    if "languages" in out:
        out["languages"] = list(out["languages"])
    if "hours" in out:
        out["hours"] = _DECODE(_ENCODE(out["hours"]))  # JSON values, which msgspec reads back as they were
    return out


_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode


def _term_fields(term: Term) -> list[tuple[str, str | None]]:
    """What the taxonomy tables read of a term."""
    return [("code", term.code), ("name", term.name), ("taxonomy", term.taxonomy), ("term_uri", term.term_uri)]


def _area_codes(r: FieldReader, sa: ServiceArea) -> list[str]:
    """The country a service area names (none: a place, which vsd's own export keeps in its region)."""
    codes: list[str] = []
    _service_areas(r, [("", {"uri": sa.uri, "name": sa.name})], lambda c: codes.append(c) if c else None, [])
    return codes


def _language_codes(r: FieldReader, lang: Language) -> list[str]:
    as_dict = {"code": lang.code, "name": lang.name, "note": lang.note}
    codes, _notes = read_languages(r, {"languages": [as_dict]}, "", warn=True, exact=True)
    return codes


def reader_for(ctx: ImportContext) -> PlainReader | None:
    """The memo of an import (tests put None here: every service then read the careful way)."""
    return PlainReader(ctx)
