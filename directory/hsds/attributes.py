"""vsd's own taxonomies as HSDS attributes: support types, and one compact attribute per object for what
HSDS 3.0 has no place for; stable ids for exported objects; and reading them back.

The compact attribute (term `vsd` of the taxonomy "vsd fields", documented in docs/hsds-export.md) holds a
JSON object of vsd field -> value: strings, booleans, numbers, lists, and objects (channel hours). It names
its term by `taxonomy_term_id` only (COMPACT_TERM_ID, the same in every export; the term itself is in an API
tree's `/taxonomy_terms` and a datapackage's taxonomy_terms.csv), which keeps it small. Files written by
earlier versions of vsd, with one attribute per field and its term inline, are still read.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any, cast

from .. import support_types
from .reading import parse_object_text
from .taxonomy import VSD_TAXONOMIES, VSD_TAXONOMY_BASE, vsd_taxonomy
from .text import strip_controls

# Stable UUIDs for exported objects: uuid5(VSD_NS, "<kind>:<vsd id>...").
VSD_NS = uuid.UUID("6f0b6a52-6d1f-5b7e-9a57-1c2f7d5e3a10")

COMPACT_CODE = "vsd"
# The last_action_type of the HSDS metadata entries that carry vsd's citations.
CITATION_ACTION = "verified"

Warn = Callable[[str, str], None]


_NS_SHA1 = hashlib.sha1(VSD_NS.bytes, usedforsecurity=False)


def stable_uuid(*parts: str) -> str:
    """`str(uuid.uuid5(VSD_NS, ":".join(parts)))`, without the UUID object: an export derives some 15
    of these per service."""
    return uuid_of(":".join(parts))


def uuid_of(name: str) -> str:
    """`stable_uuid` of its parts joined already ("attribute:<owner>:vsd"): what the export calls."""
    h = _NS_SHA1.copy()
    h.update(name.encode("utf-8"))
    x = h.hexdigest()
    # the version nibble set to 5, the variant bits to RFC 4122's 10xx
    return f"{x[:8]}-{x[8:12]}-5{x[13:16]}-{_VARIANT[x[16]]}{x[17:20]}-{x[20:32]}"


_VARIANT = {f"{n:x}": f"{(n & 0x3) | 0x8:x}" for n in range(16)}


@cache
def term_id(kind: str, code: str) -> str:
    return stable_uuid("term", kind, code)


COMPACT_TERM_ID = term_id("field", COMPACT_CODE)


def taxonomy_id(kind: str) -> str:
    return stable_uuid("taxonomy", kind)


def taxonomy_object(kind: str) -> dict[str, Any]:
    """One of vsd's taxonomies as an HSDS taxonomy object (for /taxonomies and taxonomies.csv)."""
    name, description = VSD_TAXONOMIES[kind]
    return {
        "id": taxonomy_id(kind),
        "name": name,
        "description": description,
        "uri": f"{VSD_TAXONOMY_BASE}{kind}",
        "version": "1",
    }


def _term(kind: str, code: str, name: str, description: str) -> dict[str, Any]:
    """A term inline, as small as vsd's reader and the schema allow: its taxonomy by name (the full taxonomy,
    with its URI, is `taxonomy_object`, in an API tree's /taxonomies)."""
    return {
        "id": term_id(kind, code),
        "name": name,
        "description": description,
        "code": code,
        "taxonomy": VSD_TAXONOMIES[kind][0],
    }


def compact_term() -> dict[str, Any]:
    return _term(
        "field",
        COMPACT_CODE,
        "vsd record fields",
        "What a vsd record says that HSDS 3.0 has no place for, as compact JSON (see docs/hsds-export.md).",
    )


def support_type_term(code: str) -> dict[str, Any]:
    return dict(_support_type_term(code))


@cache
def _support_type_term(code: str) -> dict[str, Any]:
    label = support_types.label(code)
    return _term("support_type", code, label, label)


def all_terms() -> list[dict[str, Any]]:
    """Every term an export may use, each with its taxonomy (for /taxonomy_terms and taxonomy_terms.csv)."""
    terms = [(support_type_term(c), "support_type") for c in support_types.LABELS] + [(compact_term(), "field")]
    return [
        t | {"taxonomy_id": taxonomy_id(kind), "term_uri": f"{VSD_TAXONOMY_BASE}{kind}/{t['code']}"}
        for t, kind in terms
    ]


def compact_attribute(owner: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The one attribute holding `fields` as compact JSON; its term is named by id only (COMPACT_TERM_ID)."""
    return {
        "id": stable_uuid("attribute", owner, COMPACT_CODE),
        "taxonomy_term_id": COMPACT_TERM_ID,
        "value": json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
    }


def support_type_attributes(owner: str, codes: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": stable_uuid("attribute", owner, "support_type", code),
            "link_type": "service_type",
            "taxonomy_term": support_type_term(code),
        }
        for code in codes
    ]


# -- reading ----------------------------------------------------------------------------------------------


def read_vsd_fields(obj: dict[str, Any], warn: Warn) -> dict[str, list[str]]:
    """The vsd fields on an object: {field: [values as text, in order]} ('true'/'false', numbers as
    digits, objects as JSON), from its compact attribute or the per-field attributes of older exports."""
    out: dict[str, list[str]] = {}
    attrs = obj.get("attributes")
    if not isinstance(attrs, list):
        return out
    compact = False
    for a in attrs:
        code = _vsd_field_code(a)
        value = a.get("value") if code else None
        if not isinstance(value, str):
            continue
        if code == COMPACT_CODE:
            compact = True
            for k, vs in _decode(value, warn).items():
                if vs or k not in _ONE_VALUE:
                    out.setdefault(k, []).extend(vs)
        elif code:
            out.setdefault(code, []).append(strip_controls(value))
    if "citations" in out:
        out["citation"] = _citations(obj, out.pop("citations"), warn)
    alt = obj.get("alternate_name")
    if compact and isinstance(alt, str) and "alias" not in out and "name_en" not in out:
        out["name_en"] = [strip_controls(alt)]  # without aliases, the alternate name is the English name
    return out


# The fields the mapping reads one value of: one with none (`"source": []`) is as good as absent.
_ONE_VALUE = frozenset(
    {
        "name_en",
        "source",
        "notes",
        "area",
        "region",
        "anonymous",
        "confidential",
        "not_on_phone_bill",
        "languages_assumed",
        "timezone",
        "channel_kind",
        "channel_country",
        "channel_international",
        "channel_domestic_only",
        "channel_label",
        "channel_hours",
        "channel_position",
    }
)


def _vsd_field_code(a: Any) -> str | None:
    """The field code of one of vsd's 'field' attributes (COMPACT_CODE for the compact one), else None."""
    if not isinstance(a, dict):
        return None
    term = a.get("taxonomy_term")
    if isinstance(term, dict):
        code = term.get("code")
        return code if vsd_taxonomy(term) == "field" and isinstance(code, str) else None
    return COMPACT_CODE if a.get("taxonomy_term_id") == COMPACT_TERM_ID else None


def _decode(value: str, warn: Warn) -> dict[str, tuple[str, ...]]:
    # short ones through the cache (a long one is a service's own, met once, and would only fill it)
    fields = _decoded(value) if len(value) <= _CACHED_CHARS else _decoded.__wrapped__(value)
    if fields is None:
        warn("attributes", "the vsd attribute is not a JSON object; ignored")
        return {}
    return fields


_CACHED_CHARS = 256


# Cached: the attributes of a channel or a schedule ({"timezone":"Europe/Dublin"}) recur in service after
# service. What is cached is never changed: the values are tuples, and read_vsd_fields copies them.
@lru_cache(maxsize=4096)
def _decoded(value: str) -> dict[str, tuple[str, ...]] | None:
    """A compact attribute's fields, each as texts; None when it is not a JSON object."""
    try:
        doc = parse_object_text(value, "vsd attribute")  # the caps: depth, digits, finite numbers
    except ValueError:
        doc = None
    if not isinstance(doc, dict):
        return None
    # Printable with no escape: every text in it is printable (a part of it), which strip_controls leaves as it is.
    plain = "\\" not in value and value.isprintable()
    out: dict[str, tuple[str, ...]] = {}
    for key, v in doc.items():
        if isinstance(v, str):  # most values: one text (what _text makes of it)
            texts: tuple[str, ...] = (v if plain else strip_controls(v),)
        else:
            found = tuple(map(_text, v if isinstance(v, list) and key != "citations" else [v]))
            # (a null dropped; checked for once, not item by item)
            texts = tuple(t for t in found if t is not None) if None in found else cast(tuple[str, ...], found)
        out[key if plain else strip_controls(key)] = texts  # (JSON keys are text)
    return out


def _text(v: Any) -> str | None:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return strip_controls(v)
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return None


def _citations(obj: dict[str, Any], extra: list[str], warn: Warn) -> list[str]:
    """vsd citations (JSON text each): url, date read and quote from the service's HSDS metadata entries,
    publisher and page date from the compact attribute's `citations` ([[publisher, page_date], ...])."""
    meta = obj.get("metadata")
    meta = meta if isinstance(meta, list) else []
    entries = [m for m in meta if isinstance(m, dict) and m.get("last_action_type") == CITATION_ACTION]
    try:
        pairs = json.loads(extra[0]) if extra else []
    except ValueError:
        pairs = None
    if not isinstance(pairs, list) or len(pairs) != len(entries):
        warn("metadata", "the citations do not match vsd's attribute; not imported")
        return []
    out = []
    for m, pair in zip(entries, pairs, strict=True):
        c = {"url": m.get("updated_by"), "read": m.get("last_action_date"), "quote": m.get("replacement_value")}
        if isinstance(pair, list) and pair:
            c["publisher"] = pair[0]
            if len(pair) > 1 and pair[1] is not None:
                c["page_date"] = pair[1]
        c = {k: _text(v) for k, v in c.items() if isinstance(v, str)}  # mapping checks what is left
        out.append(json.dumps(c, ensure_ascii=False, sort_keys=True))
    return out
