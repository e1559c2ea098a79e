"""HSDS -> vsd: each HSDS service object becomes a vsd.services/1 record, or the reasons it cannot."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import msgspec

from ..layers import redacted_record
from ..validate import FUTURE_SLACK, Problem, RecordValidator
from .areas import where_served
from .channels import read_channels
from .classification import ages, classify
from .context import ImportContext
from .fees import is_free, vsd_flags
from .fields import FieldReader, locations, vsd_fields
from .languages import read_languages
from .outcomes import MappedImport, Outcome, decode_record
from .places import service_zone
from .plain import PlainReader, reader_for
from .reading import Item
from .schedules import parse_date, read_hours, service_schedules
from .text import clean_text, import_text, json_type, record_id, short, strip_controls

# (a name of its own: tests put None here, and every service is read the careful way)
plain_reader = reader_for

STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
SKIP_STATUSES = {"inactive", "defunct"}


def _where_of(item: Item) -> str | Callable[[], str]:
    """Where the service is, for its outcome: a plain service's said only when asked (most services have
    nothing to say: the text of 100k of them took 0.17 s), from what it holds now (its Service is let go of
    once it is mapped)."""
    svc = item.plain
    if svc is not None:
        return _Said(item.where, svc.name, svc.id)
    return _describe(item)


class _Said:
    """Where a service is, said when first asked; equal to that text, and shown as it (an outcome compares
    and prints as it did when it held the text)."""

    __slots__ = ("_parts", "_text")

    def __init__(self, at: str, name: str | None, sid: str | int | None) -> None:
        self._parts: tuple[str, str | None, str | int | None] | None = (at, name, sid)
        self._text = ""

    def __call__(self) -> str:
        if self._parts is not None:
            self._text, self._parts = _said(*self._parts), None
        return self._text

    def __eq__(self, other: object) -> bool:
        return self() == (other() if isinstance(other, _Said) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self())


def _said(at: str, name: str | None, sid: str | int | None) -> str:
    sid = strip_controls(str(sid))[:80] if sid is not None else None
    out = at
    if name:
        out += f' "{clean_text(name, 60)}"'
    if sid is not None:
        out += f" (id {sid})"
    return out


def _describe(item: Item) -> str:
    name: str | None
    sid: str | int | None
    if item.plain is not None:
        name, sid = item.plain.name, item.plain.id
    else:
        obj = item.obj if isinstance(item.obj, dict) else {}
        name = obj.get("name") if isinstance(obj.get("name"), str) else None
        sid = obj.get("id") if isinstance(obj.get("id"), (str, int)) else None
    return _said(item.where, name, sid)


# Services are mapped a batch at a time and the batch's records then checked by vsd's validation together
# (RecordValidator.problems_of_batch): the same checks of the same records, in a loop of their own (0.4 s
# less of 2.7 at 20k services than each checked as it was mapped). A batch of 1 checks each record as it
# is mapped.
VALIDATION_BATCH = 1000


def map_services(
    items: Iterable[Item], ctx: ImportContext, *, existing_ids: dict[str, str] | None = None
) -> MappedImport:
    """Map every HSDS service; ids stay stable for HSDS ids seen before (`existing_ids`: HSDS id -> vsd id)."""
    ids = _Ids(existing_ids or {})
    outcomes: list[Outcome] = []
    check = RecordValidator(ctx.short_numbers, ctx.today)
    plain = plain_reader(ctx)
    batch: list[Outcome | _Mapped] = []
    for item in items:
        batch.append(item.mapped if item.mapped is not None else _mapped(item, ctx, None, plain))
        if len(batch) >= VALIDATION_BATCH:
            outcomes += map(ids.settle, _checked(batch, ctx, check))
            batch = []
    outcomes += map(ids.settle, _checked(batch, ctx, check))
    return MappedImport(outcomes)


def premapper(ctx: ImportContext) -> Premap:
    """The mapping of one service at a time as a file is read (sources.read_hsds_source), before vsd's
    validation, which map_services gives what it made: the same outcome as its own mapping, made while the
    service's parts are at hand (and checked already when a helper process read part of the file:
    halves.py). map_services takes an item's `mapped` as it is: it must be given the same context."""
    return Premap(ctx)


class Premap:
    """`premapper`'s mapping, which can also hand over the work of a helper process (halves.HalfMapping):
    the services it read, mapped and checked by vsd's validation there, as Outcomes (map_services takes
    them as they are), the same as the import would have made them."""

    def __init__(self, ctx: ImportContext) -> None:
        self.ctx, self.plain = ctx, plain_reader(ctx)

    def __call__(self, item: Item) -> Outcome | _Mapped:
        return _mapped(item, self.ctx, None, self.plain)

    def payload(self, done: list[tuple[Any, Any, Any]], stopped: int | None) -> bytes:
        """(name, id, what `self` made) of each service the helper read, checked, as bytes (halves.py). An
        imported record goes as JSON that the layer may store as it is: the bytes its writer would write
        (`Outcome.stored`), unless storing it redacts an address in it."""
        outcomes = self._checked([m for _, _, m in done])
        rows = []
        for (name, sid, _), o in zip(done, outcomes, strict=True):
            rec = o.record
            raw = msgspec.Raw(_ENCODE_HALF(rec)) if rec is not None else _NULL
            as_is = rec is not None and redacted_record(rec) is rec
            rid = rec["id"] if rec is not None else None
            rows.append((name, sid, o.status, o.hsds_id, rid, raw, as_is, o.reason, o.problems, o.warnings, o.tallies))
        return _ENCODE_HALF((stopped, rows))

    def check(self, items: list[Any]) -> None:
        """The items it mapped checked by vsd's validation, each then holding its Outcome (halves.py)."""
        pending = [it for it in items if type(it) is Item and isinstance(it.mapped, _Mapped)]
        for it, o in zip(pending, self._checked([it.mapped for it in pending]), strict=True):
            it.mapped = o

    def _checked(self, mapped: list[Outcome | _Mapped]) -> list[Outcome]:
        """Their outcomes, checked VALIDATION_BATCH at a time as map_services checks them."""
        check = RecordValidator(self.ctx.short_numbers, self.ctx.today)
        step = VALIDATION_BATCH
        return [o for i in range(0, len(mapped), step) for o in _checked(mapped[i : i + step], self.ctx, check)]

    def received(self, payload: bytes, first: int) -> tuple[list[Item], int | None]:
        """The items of the helper's services, numbered from `first`, and where it stopped (`payload`)."""
        stopped, rows = _DECODE_HALF(payload)
        items = []
        for k, (name, sid, status, hsds_id, rid, raw, as_is, reason, problems, warnings, tallies) in enumerate(rows):
            where = f"[{first + k}]"
            record = None if as_is or rid is None else decode_record(raw)
            handed = (rid, raw) if as_is and rid is not None else None
            outcome = Outcome(
                _Said(where, name, sid), status, hsds_id, record, reason, problems, warnings, tallies, handed
            )
            items.append(Item.of_mapped(where, outcome))
        return items, stopped


_ENCODE_HALF = msgspec.json.Encoder().encode  # (the layer's writer encodes records with one like it)
_Row = tuple[Any, Any, str, str | None, str | None, msgspec.Raw, bool, str, list[str], list[str], list[str]]
_DECODE_HALF = msgspec.json.Decoder(tuple[int | None, list[_Row]]).decode
_NULL = msgspec.Raw(b"null")


class _Ids:
    """The ids of the services mapped so far: an HSDS id met twice is rejected the second time, and each
    imported record gets its stable vsd id (or its own, made unique)."""

    def __init__(self, existing_ids: dict[str, str]) -> None:
        self.existing_ids = existing_ids
        self.seen_hsds: dict[str, Outcome] = {}
        self.used_ids: set[str] = set()

    def settle(self, out: Outcome) -> Outcome:
        """`out` as it stands after the services before it (in order: each is settled once)."""
        if out.hsds_id is not None and out.status != "rejected":
            hsds_id = out.hsds_id
            if hsds_id in self.seen_hsds:
                out = Outcome(
                    out.where,
                    "rejected",
                    hsds_id,
                    problems=[f"id: duplicate HSDS id (also {self.seen_hsds[hsds_id].where})"],
                )
            else:
                self.seen_hsds[hsds_id] = out  # (its where said only for a duplicate)
        if out.status == "imported" and out.has_record:
            own = out.record_id  # (a record handed over by a helper is decoded only if its id changes)
            rid = self.existing_ids.get(out.hsds_id or "") or own
            n = 2
            while rid in self.used_ids:
                rid = f"{own[:112]}-{n}"
                n += 1
            if rid != own:
                record = out.record
                assert record is not None
                record["id"] = rid
            self.used_ids.add(rid)
        return out


def map_service(
    item: Item,
    ctx: ImportContext,
    *,
    vsd_id: str | None = None,
    check: RecordValidator | None = None,
    plain: PlainReader | None = None,
) -> Outcome:
    """One HSDS service -> an outcome holding the vsd record (or why it was skipped or rejected); `check`:
    vsd's validation for the context's short numbers and day (map_services makes one for all services);
    `plain`: the memo of the parts of vsd's own export met before (map_services makes one; plain.py)."""
    return _checked([_mapped(item, ctx, vsd_id, plain)], ctx, check)[0]


class _Mapped(NamedTuple):
    """A service mapped to a record that vsd's validation has not checked yet."""

    r: FieldReader
    where: str | Callable[[], str]  # (Outcome.where)
    hsds_id: str
    rec: dict[str, Any]


def _mapped(item: Item, ctx: ImportContext, vsd_id: str | None, plain: PlainReader | None) -> Outcome | _Mapped:
    """A service's record before its validation, or its outcome when it is rejected or skipped before."""
    where = _where_of(item)
    r = FieldReader()
    if not item.is_plain and not isinstance(item.obj, dict):
        return Outcome(where, "rejected", problems=[f"expected a service object, got {json_type(item.obj)}"])
    fast = plain.read(item, vsd_id, r) if plain is not None else None
    read = fast if fast is not None else _read(r, where, item, item.obj, ctx, vsd_id)
    if isinstance(read, Outcome):
        return read
    hsds_id, rec, vsd = read
    svc = item.plain
    if svc is not None and plain is not None:
        rec.update(plain.verification(r, svc.assured_date, svc.last_modified, _verification))
    elif svc is not None:
        rec.update(_verification(r, svc.assured_date, svc.last_modified, ctx))
    else:
        rec.update(_verification(r, item.obj.get("assured_date"), item.obj.get("last_modified"), ctx))
    rec.update(_provenance(r, vsd))
    rec["origin"] = ctx.origin(hsds_id)
    return _Mapped(r, where, hsds_id, rec)


def _checked(batch: list[Outcome | _Mapped], ctx: ImportContext, check: RecordValidator | None) -> list[Outcome]:
    """The batch's outcomes, in order: its records checked by vsd's validation together (the schema is asked
    once for every few dozen of them: RecordValidator.problems_of_batch), each with the problems it would
    have alone."""
    check = check or RecordValidator(ctx.short_numbers, ctx.today)
    recs = [m.rec for m in batch if isinstance(m, _Mapped) and not m.r.problems]
    found = iter(check.problems_of_batch(recs))  # (in the order of the batch)
    return [m if isinstance(m, Outcome) else _outcome(m, None if m.r.problems else next(found)) for m in batch]


def _read(
    r: FieldReader,
    where: str | Callable[[], str],
    item: Item,
    obj: dict[str, Any],
    ctx: ImportContext,
    vsd_id: str | None,
) -> Outcome | tuple[str, dict[str, Any], dict[str, list[str]]]:
    """The careful reading of a service: (HSDS id, record up to its source, vsd fields), or its outcome when
    it is rejected or skipped before."""
    hsds_id, name, status = _required(r, obj)
    if r.problems:
        return Outcome(where, "rejected", hsds_id, problems=r.problems)
    assert hsds_id and name and status
    if status.lower() in SKIP_STATUSES:
        return Outcome(where, "skipped", hsds_id, reason=f"status {status.lower()}")

    vsd = vsd_fields(r, obj)
    vsd_mode = bool(vsd)
    rec: dict[str, Any] = {"id": vsd_id or record_id(ctx.label, name, hsds_id)}
    alt = r.str(obj, "alternate_name")
    rec.update(_names(r, obj, item, name, alt, vsd))
    types, audiences, type_note = classify(r, obj, ctx, vsd, [name, alt])
    rec["support_types"] = types
    if audiences:
        rec["audiences"] = audiences
    rec.update(ages(r, obj))
    where_fields, area_notes = _where(r, obj, ctx, vsd)
    rec.update(where_fields)
    rec.update(_languages(r, obj, vsd_mode))
    place = service_zone(r, obj, rec["countries"], ctx.today.year)
    rec["channels"] = read_channels(r, obj, ctx, rec["countries"], vsd_mode, place)
    hours, hours_notes = read_hours(r, service_schedules(r, obj), ctx, rec["countries"], vsd_mode, place)
    if hours:
        rec["hours"] = hours
    rec.update(_terms_of_use(r, obj, vsd))
    desc = r.str(obj, "description")
    if desc:
        rec["description"] = import_text(desc, 2000, exact=vsd_mode)
    note = _note(r, obj, status, vsd, ([type_note] if type_note else []) + area_notes + hours_notes)
    if note:
        rec["notes"] = import_text(note, 2000, exact=vsd_mode, keep_newlines=True)
    rec["source"] = import_text(vsd["source"][0], 2000, exact=True) if "source" in vsd else ctx.locator(hsds_id)
    return hsds_id, rec, vsd


def _required(r: FieldReader, obj: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    """The service's id, name and status (each a problem when missing; the status one of STATUSES)."""
    hsds_id = r.str(obj, "id", required=True)
    name = r.str(obj, "name", required=True)
    status = r.str(obj, "status", required=True)
    if status is not None and status.lower() not in STATUSES:
        r.problem("status", f'"{status}" is not one of {", ".join(sorted(STATUSES))}')
    return hsds_id, name, status


def _names(
    r: FieldReader, obj: dict[str, Any], item: Item, name: str, alt: str | None, vsd: dict[str, list[str]]
) -> dict[str, Any]:
    """Name, English name, aliases and organization."""
    exact = bool(vsd)
    out: dict[str, Any] = {"name": import_text(name, 300, exact=exact)}
    if "name_en" in vsd:
        out["name_en"] = import_text(vsd["name_en"][0], 300, exact=True)
    aliases = vsd.get("alias", []) if exact else ([alt] if alt else [])
    # vsd's own export keeps its aliases as they were, one that is the name too (e.g. in English) included
    aliases = [
        a for a in dict.fromkeys(import_text(a, 200, exact=exact) for a in aliases) if a and (exact or a != out["name"])
    ]
    if aliases:
        out["aliases"] = aliases
    org_name = item.organization
    org = r.obj(obj, "organization")
    if org is not None:
        org_name = r.str(org, "name", "organization.") or org_name
    if org_name:
        out["organization"] = import_text(org_name, 300, exact=exact)
    return out


def _where(
    r: FieldReader, obj: dict[str, Any], ctx: ImportContext, vsd: dict[str, list[str]]
) -> tuple[dict[str, Any], list[str]]:
    """Countries, area and region; and notes on service areas that are not places."""
    notes: list[str] = []
    countries, area, region = where_served(r, obj, ctx, vsd, notes)
    if not countries:
        r.problem("countries", "no country: no service area or address names one; pass --country CC")
    out: dict[str, Any] = {"countries": countries, "area": area}
    if region:
        out["region"] = region
    return out, notes


def _languages(r: FieldReader, obj: dict[str, Any], vsd_mode: bool) -> dict[str, Any]:
    """The service's languages (else those of its physical locations) and a note on interpretation."""
    out: dict[str, Any] = {}
    langs, notes = read_languages(r, obj, "", warn=True, exact=vsd_mode)
    if not langs:
        for p, _sal, loc in locations(r, obj):
            if loc.get("location_type") != "virtual":
                more, _ = read_languages(r, loc, p + "location.", warn=False)
                langs += [lang for lang in more if lang not in langs]
    if langs:
        out["languages"] = langs
    interp = r.str(obj, "interpretation_services")
    lang_note = "; ".join(filter(None, [interp] if vsd_mode else [interp, *notes]))
    if lang_note:
        out["languages_note"] = import_text(lang_note, 500, exact=vsd_mode)
    return out


def _terms_of_use(r: FieldReader, obj: dict[str, Any], vsd: dict[str, list[str]]) -> dict[str, bool]:
    """Whether the service is free, anonymous, confidential and off the phone bill, where known."""
    terms: dict[str, bool] = {}
    free = is_free(r, obj)
    if free is not None:
        terms["free"] = free
    terms.update(vsd_flags(vsd))
    return terms


_NOTE_FIELDS = (
    ("alert", "Alert"),
    ("eligibility_description", "Eligibility"),
    ("application_process", "How to access"),
    ("fees_description", "Fees"),
)


def _note(r: FieldReader, obj: dict[str, Any], status: str, vsd: dict[str, list[str]], more: list[str]) -> str | None:
    """Notes for caseworkers: vsd's own, else what HSDS says that has no field in vsd, and `more`."""
    if vsd:
        return vsd["notes"][0] if "notes" in vsd else None
    parts = []
    if status.lower() == "temporarily closed":
        parts.append("Temporarily closed (status at the source).")
    for key, label in _NOTE_FIELDS:
        text = r.str(obj, key)
        if text:
            parts.append(f"{label}: {clean_text(text)}")
    parts += more
    return "\n".join(parts) if parts else None


def _provenance(r: FieldReader, vsd: dict[str, list[str]]) -> dict[str, Any]:
    """vsd's own citations and assumed-language mark, when the data is a vsd export."""
    out: dict[str, Any] = {}
    if "languages_assumed" not in vsd and "citation" not in vsd:  # (most services)
        return out
    if vsd.get("languages_assumed", ["false"])[0].strip().lower() == "true":
        out["languages_assumed"] = True
    cites = []
    for k, raw in enumerate(vsd.get("citation", [])):
        try:
            c = json.loads(raw)
        except ValueError:
            c = None
        if isinstance(c, dict) and all(isinstance(c.get(f), str) for f in ("url", "publisher", "read", "quote")):
            cites.append({f: c[f] for f in CITATION_FIELDS if isinstance(c.get(f), str)})
        else:
            r.warn(f"attributes.citation[{k}]", "not a citation vsd can read; ignored")
    if cites:
        out["citations"] = cites
    return out


CITATION_FIELDS = ("url", "publisher", "read", "page_date", "quote")


DATE_UNKNOWN = "no date in the source: last verified shown as 'date unknown'"


def _verification(r: FieldReader, assured: Any, modified: Any, ctx: ImportContext) -> dict[str, Any]:
    """The record's last verification, from the service's assured_date and last_modified."""
    limit = ctx.today + FUTURE_SLACK
    raw = assured
    if raw is not None:
        d = parse_date(raw)
        if d is None:
            r.warn("assured_date", f"{short(raw)} is not a date; ignored")
        elif d > limit:
            r.warn("assured_date", f"{d} is in the future; ignored")
        else:
            return {"last_verified": d.isoformat(), "verification": "verified"}
    raw = modified
    d = parse_date(raw) if raw is not None else None
    if d is not None and d <= limit:
        return {"last_verified": d.isoformat(), "verification": "unverified"}
    # No date at the source: vsd does not make one up (today's date would read as checked today).
    r.tally(DATE_UNKNOWN)
    return {"verification": "unverified"}


_VALIDATION_PREFIX = re.compile(r"^services\[0\](?: \S+)?: ")


def _outcome(m: _Mapped, validation: list[Problem] | None) -> Outcome:
    """Imported if the record has no problem, also by vsd's own validation (its `validation` problems: None
    when it was not asked, the mapping having found some); else rejected."""
    r = m.r
    if not validation and not r.problems and not r.warnings:  # (most: nothing to say, nothing to copy)
        return Outcome(m.where, "imported", m.hsds_id, record=m.rec, tallies=r.tallies)
    r.problems += [_VALIDATION_PREFIX.sub("", str(p)) for p in validation or ()]
    warnings = list(dict.fromkeys(r.warnings))
    if r.problems:
        return Outcome(m.where, "rejected", m.hsds_id, problems=list(dict.fromkeys(r.problems)), warnings=warnings)
    return Outcome(m.where, "imported", m.hsds_id, record=m.rec, warnings=warnings, tallies=list(r.tallies))
