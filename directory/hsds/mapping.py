"""HSDS -> vsd: one HSDS service object becomes a vsd.services/1 record, or the reasons it cannot."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Iterable

from ..validate import validate
from .areas import where_served
from .channels import read_channels
from .context import ImportContext
from .fields import FieldReader, vsd_fields
from .languages import read_languages
from .outcomes import MappedImport, Outcome
from .reading import Item
from .schedules import parse_date, read_hours, service_schedules
from .taxonomy import AUDIENCES, vsd_taxonomy
from .text import clean_text, import_text, json_type, record_id, short, strip_controls

STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
SKIP_STATUSES = {"inactive", "defunct"}
_FUTURE_SLACK = timedelta(days=1)


def _describe(item: Item) -> str:
    obj = item.obj if isinstance(item.obj, dict) else {}
    name = obj.get("name") if isinstance(obj.get("name"), str) else None
    sid = obj.get("id") if isinstance(obj.get("id"), (str, int)) else None
    sid = strip_controls(str(sid))[:80] if sid is not None else None
    out = item.where
    if name:
        out += f' "{clean_text(name, 60)}"'
    if sid is not None:
        out += f" (id {sid})"
    return out


def map_services(
    items: Iterable[Item], ctx: ImportContext, *, existing_ids: dict[str, str] | None = None
) -> MappedImport:
    """Map every HSDS service; ids stay stable for HSDS ids seen before (`existing_ids`: HSDS id -> vsd id)."""
    existing_ids = existing_ids or {}
    outcomes: list[Outcome] = []
    seen_hsds: dict[str, str] = {}
    used_ids: set[str] = set()
    for item in items:
        out = map_service(item, ctx, vsd_id=None)
        if out.hsds_id is not None and out.status != "rejected":
            if out.hsds_id in seen_hsds:
                out = Outcome(out.where, "rejected", out.hsds_id,
                              problems=[f"id: duplicate HSDS id (also {seen_hsds[out.hsds_id]})"])
            else:
                seen_hsds[out.hsds_id] = out.where
        if out.status == "imported" and out.record is not None:
            stable = existing_ids.get(out.hsds_id or "")
            rid = stable or out.record["id"]
            n = 2
            while rid in used_ids:
                rid = f"{out.record['id'][:112]}-{n}"
                n += 1
            out.record["id"] = rid
            used_ids.add(rid)
        outcomes.append(out)
    return MappedImport(outcomes)


def map_service(item: Item, ctx: ImportContext, *, vsd_id: str | None = None) -> Outcome:
    """One HSDS service -> an outcome holding the vsd record (or why it was skipped or rejected)."""
    where = _describe(item)
    obj = item.obj
    if not isinstance(obj, dict):
        return Outcome(where, "rejected", problems=[f"expected a service object, got {json_type(obj)}"])
    r = FieldReader()
    hsds_id = r.str(obj, "id", required=True)
    name = r.str(obj, "name", required=True)
    status = r.str(obj, "status", required=True)
    if status is not None and status.lower() not in STATUSES:
        r.problem("status", f'"{status}" is not one of {", ".join(sorted(STATUSES))}')
    if r.problems:
        return Outcome(where, "rejected", hsds_id, problems=r.problems)
    assert hsds_id and name and status
    if status.lower() in SKIP_STATUSES:
        return Outcome(where, "skipped", hsds_id, reason=f"status {status.lower()}")

    vsd = vsd_fields(r, obj)
    vsd_mode = bool(vsd)
    rec: dict[str, Any] = {"id": vsd_id or record_id(ctx.label, name, hsds_id)}
    rec["name"] = import_text(name, 300, exact=vsd_mode)
    if "name_en" in vsd:
        rec["name_en"] = import_text(vsd["name_en"][0], 300, exact=True)

    alt = r.str(obj, "alternate_name")
    aliases = vsd.get("alias", []) if vsd_mode else ([alt] if alt else [])
    aliases = [a for a in dict.fromkeys(import_text(a, 200, exact=vsd_mode) for a in aliases) if a and a != rec["name"]]
    if aliases:
        rec["aliases"] = aliases

    org_name = item.organization
    org = r.obj(obj, "organization")
    if org is not None:
        org_name = r.str(org, "name", "organization.") or org_name
    if org_name:
        rec["organization"] = import_text(org_name, 300, exact=vsd_mode)

    # classification
    types, audiences, unmapped = _classify(r, obj, ctx)
    if not types and not vsd_mode:
        types = ctx.mapping.from_text(" ".join(filter(None, [name, alt])))
        if types:
            r.warn("support_types", f"taken from the service's name ({', '.join(types)}): no taxonomy term mapped")
    if not types and ctx.default_types:
        types = list(ctx.default_types)
    if not types:
        hint = f"its taxonomy terms ({', '.join(unmapped[:5])}) are not in the mapping table" if unmapped \
            else "it has no taxonomy terms"
        r.problem("support_types", f"no support type: {hint} and its name suggests none; "
                                   "add the terms to hsds_taxonomy.json or pass --type CODE")
    rec["support_types"] = types
    if "audience" in vsd:
        audiences = [a for a in vsd["audience"] if a in AUDIENCES]
    if audiences:
        rec["audiences"] = list(dict.fromkeys(audiences))
    _ages(r, obj, rec)

    # where
    area_notes: list[str] = []
    countries, area, region = where_served(r, obj, ctx, vsd, area_notes)
    if not countries:
        r.problem("countries", "no country: no service area or address names one; pass --country CC")
    rec["countries"] = countries
    rec["area"] = area
    if region:
        rec["region"] = region

    # languages
    langs, notes = read_languages(r, obj, "", warn=True, exact=vsd_mode)
    if not langs:
        for p, sal in r.list(obj, "service_at_locations"):
            loc = r.obj(sal, "location", p)
            if loc is not None and loc.get("location_type") != "virtual":
                more, _ = read_languages(r, loc, p + "location.", warn=False)
                langs += [lang for lang in more if lang not in langs]
    if langs:
        rec["languages"] = langs
    interp = r.str(obj, "interpretation_services")
    lang_note = "; ".join(filter(None, [interp] if vsd_mode else [interp, *notes]))
    if lang_note:
        rec["languages_note"] = import_text(lang_note, 500, exact=vsd_mode)

    # channels and hours
    rec["channels"] = read_channels(r, obj, ctx, countries, vsd_mode)
    hours, hours_notes = read_hours(r, service_schedules(r, obj), "", ctx, countries, vsd_mode)
    if hours:
        rec["hours"] = hours

    free = _free(r, obj)
    if free is not None:
        rec["free"] = free
    for flag in ("anonymous", "confidential", "not_on_phone_bill"):
        if flag in vsd:
            rec[flag] = vsd[flag][0].strip().lower() == "true"
    desc = r.str(obj, "description")
    if desc:
        rec["description"] = import_text(desc, 2000, exact=vsd_mode)

    if vsd_mode:
        note = vsd["notes"][0] if "notes" in vsd else None
    else:
        parts = []
        if status.lower() == "temporarily closed":
            parts.append("Temporarily closed (status at the source).")
        for key, label in (("alert", "Alert"), ("eligibility_description", "Eligibility"),
                           ("application_process", "How to access"), ("fees_description", "Fees")):
            text = r.str(obj, key)
            if text:
                parts.append(f"{label}: {clean_text(text)}")
        parts += area_notes + hours_notes
        note = "\n".join(parts) if parts else None
    if note:
        rec["notes"] = import_text(note, 2000, exact=vsd_mode, keep_newlines=True)

    rec["source"] = import_text(vsd["source"][0], 2000, exact=True) if "source" in vsd else ctx.locator(hsds_id)
    rec.update(_verification(r, obj, ctx))
    rec["origin"] = ctx.origin(hsds_id)

    if not r.problems:
        report = validate(
            {"schema": "vsd.services/1", "version": 1, "generated_at": "2000-01-01T00:00:00Z", "services": [rec]},
            today=ctx.today,
        )
        prefix = re.compile(r"^services\[0\](?: \S+)?: ")
        r.problems += [prefix.sub("", str(p)) for p in report.problems]
    warnings = list(dict.fromkeys(r.warnings))
    if r.problems:
        return Outcome(where, "rejected", hsds_id, problems=list(dict.fromkeys(r.problems)), warnings=warnings)
    return Outcome(where, "imported", hsds_id, record=rec, warnings=warnings)


def _classify(r: FieldReader, obj: dict[str, Any], ctx: ImportContext) -> tuple[list[str], list[str], list[str]]:
    types: list[str] = []
    audiences: list[str] = []
    unmapped: list[str] = []
    for p, attr in r.list(obj, "attributes"):
        term = r.obj(attr, "taxonomy_term", p)
        if term is None:
            continue
        if vsd_taxonomy(term) == "field":
            continue
        t, a = ctx.mapping.term(term)
        types += [x for x in t if x not in types]
        audiences += [x for x in a if x not in audiences]
        if not t and not a:
            label = term.get("name") or term.get("code") or term.get("id")
            if isinstance(label, str):
                unmapped.append(f'"{clean_text(label, 60)}"')
    if unmapped:
        r.warn("attributes", f"taxonomy terms not in the mapping table: {', '.join(unmapped[:10])}")
    return types, audiences, unmapped


def _ages(r: FieldReader, obj: dict[str, Any], rec: dict[str, Any]) -> None:
    lo, hi = r.num(obj, "minimum_age"), r.num(obj, "maximum_age")
    if lo is not None and not 0 <= lo <= 120:
        r.warn("minimum_age", f"{lo} is not an age; not imported")
        lo = None
    if hi is not None and not 0 <= hi <= 120:
        if hi > 120:
            r.warn("maximum_age", f"{hi} read as no upper age limit")
        else:
            r.warn("maximum_age", f"{hi} is not an age; not imported")
        hi = None
    if lo is not None and hi is not None and lo > hi:
        r.warn("minimum_age", f"{lo} is above maximum_age {hi}; neither imported")
        return
    if lo is not None:
        rec["min_age"] = int(lo)
    if hi is not None:
        rec["max_age"] = int(hi)


_FREE = re.compile(
    r"\bfree of charge\b|\bfree\b|\bno (charge|cost|fee)s?\b|\bat no cost\b|\bwithout charge\b|\bgratis\b"
    r"|\bkostenlos\b|\bgratuit\b|\bgratuito\b|\bbezpłatn",
    re.IGNORECASE,
)

_COST = re.compile(
    r"[£$€¥]\s*\d|\d+([.,]\d+)?\s*(usd|eur|gbp|chf)\b|\b(pay|paid|payment|charges?|charged|fees?|costs?|"
    r"price|rate)\b",
    re.IGNORECASE,
)


def _free(r: FieldReader, obj: dict[str, Any]) -> bool | None:
    amounts = []
    for p, opt in r.list(obj, "cost_options"):
        amount = r.num(opt, "amount", p)
        if amount is not None:
            amounts.append(amount)
    if amounts:
        return all(a == 0 for a in amounts)
    text = " ".join(filter(None, [r.str(obj, "fees_description"), r.str(obj, "fees")]))
    if not text:
        return None
    says_free = bool(_FREE.search(text))
    rest = _FREE.sub(" ", text)
    says_cost = bool(_COST.search(rest))
    if says_free and not says_cost:
        return True
    if says_cost and not says_free:
        return False
    return None


def _verification(r: FieldReader, obj: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    limit = ctx.today + _FUTURE_SLACK
    raw = obj.get("assured_date")
    if raw is not None:
        d = parse_date(raw)
        if d is None:
            r.warn("assured_date", f"{short(raw)} is not a date; ignored")
        elif d > limit:
            r.warn("assured_date", f"{d} is in the future; ignored")
        else:
            return {"last_verified": d.isoformat(), "verification": "verified"}
    raw = obj.get("last_modified")
    d = parse_date(raw) if raw is not None else None
    if d is not None and d <= limit:
        return {"last_verified": d.isoformat(), "verification": "unverified"}
    return {"last_verified": ctx.today.isoformat(), "verification": "unverified"}
