"""What kind of help an HSDS service gives, and to whom: support types, audiences and ages."""

from __future__ import annotations

from typing import Any

from .context import ImportContext
from .fields import FieldReader
from .taxonomy import AUDIENCES, vsd_taxonomy
from .text import clean_text


def classify(
    r: FieldReader, obj: dict[str, Any], ctx: ImportContext, vsd: dict[str, list[str]], names: list[str | None]
) -> tuple[list[str], list[str]]:
    """Support types and audiences: from the taxonomy terms, else the service's names, else the defaults
    (no support type at all is a problem)."""
    types, audiences, unmapped = _from_terms(r, obj, ctx)
    if not types and not vsd:
        types = ctx.mapping.from_text(" ".join(filter(None, names)))
        if types:
            r.warn("support_types", f"taken from the service's name ({', '.join(types)}): no taxonomy term mapped")
    if not types and ctx.default_types:
        types = list(ctx.default_types)
    if not types:
        hint = (
            f"its taxonomy terms ({', '.join(unmapped[:5])}) are not in the mapping table"
            if unmapped
            else "it has no taxonomy terms"
        )
        r.problem(
            "support_types",
            f"no support type: {hint} and its name suggests none; "
            "add the terms to hsds_taxonomy.json or pass --type CODE",
        )
    if "audience" in vsd:
        audiences = [a for a in vsd["audience"] if a in AUDIENCES]
    return types, list(dict.fromkeys(audiences))


def _from_terms(r: FieldReader, obj: dict[str, Any], ctx: ImportContext) -> tuple[list[str], list[str], list[str]]:
    """Support types and audiences of the taxonomy terms, and the terms the mapping table does not know."""
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


def ages(r: FieldReader, obj: dict[str, Any]) -> dict[str, int]:
    """min_age and max_age, where the service gives ages that make sense."""
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
        return {}
    out: dict[str, int] = {}
    if lo is not None:
        out["min_age"] = int(lo)
    if hi is not None:
        out["max_age"] = int(hi)
    return out
