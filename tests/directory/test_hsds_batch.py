"""map_services checks its records by vsd's validation a batch at a time (mapping.VALIDATION_BATCH): the
outcomes are those of checking each record as it is mapped -- the same statuses, problems, warnings,
records and ids, in the same order -- whatever the batch size and wherever its bounds fall.

The services: a synthetic directory as vsd exports it, with services that only vsd's validation refuses (a
phone number not valid for the channel's country), services the mapping itself refuses or skips, an item
that is no service, HSDS ids met twice (in one batch and across batches) and a stable id that another
record's own id then yields to.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bench.synthetic import generate
from directory.hsds import ImportContext, Item, map_services, mapping
from directory.hsds.export import ndjson_chunks
from directory.hsds.outcomes import Outcome

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def _services() -> list[Item]:
    records = generate(14, seed=5, version=1)["services"]
    exported = [json.loads(line) for line in "".join(ndjson_chunks(records, now=NOW)).splitlines()]
    items: list[Any] = []
    for n, svc in enumerate(exported):
        if n in (2, 7, 8):  # not a valid number for the country its channel names: vsd's validation says so
            svc["phones"][0]["number"] = "12"
        items.append(svc)
    items.insert(4, {**copy.deepcopy(exported[0])})  # an HSDS id met again, in the same batch of 3 or not
    items.append(copy.deepcopy(exported[9]))  # again, in a later batch
    items.insert(5, {k: v for k, v in exported[1].items() if k != "name"} | {"id": "no-name"})  # a problem
    items.insert(6, exported[3] | {"id": "closed", "status": "inactive"})  # skipped
    items.insert(10, ["not", "a", "service"])
    return [Item(f"[{i}]", obj) for i, obj in enumerate(items)]


def _said(out: Outcome) -> list[Any]:
    return [out.where, out.status, out.hsds_id, out.problems, out.warnings, out.tallies, out.reason, out.record]


def _mapped(batch: int, mp: pytest.MonkeyPatch) -> list[list[Any]]:
    ctx = ImportContext(label="batch", source="/data/batch.ndjson", today=date(2026, 11, 20))
    items = _services()
    # a stable id (from an earlier import) that is the id another service's record makes for itself
    own = map_services([items[1]], ctx).outcomes[0].record
    assert own is not None
    existing = {items[0].obj["id"]: own["id"]}
    mp.setattr(mapping, "VALIDATION_BATCH", batch)
    return [_said(o) for o in map_services(iter(items), ctx, existing_ids=existing).outcomes]


def test_outcomes_are_those_of_checking_each_record_as_it_is_mapped(monkeypatch: pytest.MonkeyPatch) -> None:
    each = _mapped(1, monkeypatch)
    # the services hold what the batches must keep in place
    problems = [p for o in each for p in o[3]]
    assert sum("is not a valid phone number for" in p for p in problems) == 3
    assert sum("duplicate HSDS id" in p for p in problems) == 2
    assert [o[1] for o in each].count("skipped") == 1
    assert sum(o[1] == "rejected" and not o[2] for o in each) == 1  # the item that is no service
    ids = [o[7]["id"] for o in each if o[7] is not None]
    assert len(set(ids)) == len(ids) and any(i.endswith("-2") for i in ids)
    for batch in (2, 3, 5, 1000):
        assert json.dumps(_mapped(batch, monkeypatch), ensure_ascii=False) == json.dumps(each, ensure_ascii=False)
