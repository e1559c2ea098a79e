"""A sync in proportion to the change: the feed's records are matched to the stored ones by hash.

A new directory version usually changes a few records of many. Every stored record passed the
same validation when it was applied (the store's meta names the rules, `validate.rules_stamp`),
so a record of the new version whose JSON text is byte-for-byte a stored one needs no parse and
no check again: it is written back as it is. Only the others are parsed and validated, together
with the envelope (schema, version, dates, short-number table); ids must stay unique across all.

The hashes are computed here, from the bytes of the verified target and of the store file: none
is taken from the feed or kept from an earlier run. Whenever this quick way cannot decide — a
problem in the data, a store written by other rules, a table the records depend on has changed,
anything unusual in the bytes — `plan` returns None and the sync parses and validates the whole
target as before, so a refusal says exactly what it always said.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import msgspec

from directory import phones
from directory.errors import InputError
from directory.loading import MAX_JSON_DEPTH, json_depth, parse_json_bytes
from directory.store import VALIDATED_WITH, StoredDirectory
from directory.validate import rules_stamp, validate

from .diff import Diff, diff

# Byte-order marks and NUL bytes are refused by the full parse, with their own message.
_ODD_STARTS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00")


# Above this share of new or changed records, the whole target is parsed and validated at once.
MOST = 0.5


class _Id(msgspec.Struct):
    id: str


@dataclass(frozen=True)
class Update:
    head: dict[str, Any]  # the envelope's fields other than its services, parsed
    records: list[Any]  # every record's JSON text in the feed's order (msgspec.Raw, bytes-like)
    changes: Diff
    checked: int  # records parsed and validated (new or changed)


def plan(data: bytes, stored: StoredDirectory, where: str) -> Update | None:
    """The update from `stored` to the verified target `data`, validated; None when only the full
    parse and validation can tell (the data has a problem, or it cannot be compared by hash)."""
    if stored.meta.get(VALIDATED_WITH) != rules_stamp():
        return None
    parts = split(data)
    if parts is None:
        return None
    top, records = parts
    head = {k: _parse(raw, where, MAX_JSON_DEPTH - 1) for k, raw in top.items()}
    if any(v is None for v in head.values()) or not _same_context(head, stored.meta):
        return None

    old = {hashlib.sha256(raw).digest(): i for i, raw in enumerate(stored.records)}
    kept: set[int] = set()
    unmatched: list[Any] = []
    for raw in records:
        i = old.get(hashlib.sha256(raw).digest())
        if i is None:
            unmatched.append(raw)
        elif i in kept:
            return None  # the same record twice: a duplicate id, for the full validation to report
        else:
            kept.add(i)
    if len(unmatched) > len(records) * MOST:
        return None  # mostly new: one parse of the whole file is quicker than one per record
    fresh = [_parse(raw, where, MAX_JSON_DEPTH - 2) for raw in unmatched]
    if not all(isinstance(rec, dict) for rec in fresh):
        return None

    if not validate({**head, "services": fresh}).ok:
        return None
    try:
        kept_ids = {msgspec.json.decode(stored.records[i], type=_Id).id for i in kept}
    except (msgspec.DecodeError, RecursionError):
        return None
    if any(rec["id"] in kept_ids for rec in fresh):
        return None  # a new or changed record takes the id of one that stays
    gone = [_parse(raw, where, MAX_JSON_DEPTH) for i, raw in enumerate(stored.records) if i not in kept]
    if not all(isinstance(r, dict) for r in gone):
        return None
    return Update(head, records, diff(gone, fresh), len(fresh))


def split(data: bytes) -> tuple[dict[str, Any], list[Any]] | None:
    """The target's top-level fields and its records, each as its JSON text (msgspec.Raw, slices of
    `data` without a copy), or None when the bytes are anything but plain JSON with a services list."""
    if data.startswith(_ODD_STARTS) or b"\x00" in data[:4096]:
        return None
    try:
        top = msgspec.json.decode(data, type=dict[str, msgspec.Raw])
        records = msgspec.json.decode(top.pop("services"), type=list[msgspec.Raw])
    except (KeyError, msgspec.DecodeError, RecursionError):
        return None
    return top, records


def _parse(raw: Any, where: str, depth: int) -> Any:
    """One value, with the caps of the full parse; None when it is refused (or is JSON null)."""
    data = bytes(raw)
    if json_depth(data, limit=depth) > depth:
        return None
    try:
        return parse_json_bytes(data, where)
    except InputError:
        return None


def _same_context(head: dict[str, Any], meta: dict[str, Any]) -> bool:
    """Whether a stored record's verdict carries over: the same schema and short-number table."""
    table = head.get("short_numbers")
    if table is not None and not (isinstance(table, list) and all(isinstance(e, dict) for e in table)):
        return False
    stored_table = meta.get("short_numbers")
    return head.get("schema") == meta.get("schema") and phones.short_table(table) == phones.short_table(
        stored_table if isinstance(stored_table, list) else None
    )
