"""An import's outcomes by status: each list in the order of the services, also after more were added."""

from __future__ import annotations

from directory.hsds.outcomes import MappedImport, Outcome


def _outcome(i: int, status: str) -> Outcome:
    rec = {"id": f"r{i}"} if status == "imported" else None
    return Outcome(f"[{i}]", status, f"h{i}", record=rec, tallies=["t"] if i % 2 else [])


def test_each_status_lists_its_outcomes_in_order() -> None:
    statuses = ["imported", "rejected", "imported", "skipped", "imported", "rejected", "skipped"]
    outcomes = [_outcome(i, s) for i, s in enumerate(statuses)]
    m = MappedImport(outcomes)
    for status, got in (("imported", m.imported), ("skipped", m.skipped), ("rejected", m.rejected)):
        assert got == [o for o in outcomes if o.status == status]
    assert m.records == [{"id": "r0"}, {"id": "r2"}, {"id": "r4"}]
    assert m.hsds_ids == {"r0": "h0", "r2": "h2", "r4": "h4"}
    assert m.tallies == {}  # (the imported ones are even)
    m.imported.clear()  # a caller's list is its own
    assert len(m.imported) == 3

    m.outcomes.append(_outcome(7, "imported"))
    assert [o.where for o in m.imported] == ["[0]", "[2]", "[4]", "[7]"]
    assert m.tallies == {"t": 1}
    assert MappedImport([]).rejected == []


def test_a_record_handed_over_as_bytes_is_stored_as_them_until_it_is_asked_for() -> None:
    import msgspec

    from directory.hsds.mapping import _Ids

    rec = {"id": "big-a-1", "name": "A", "channels": [{"kind": "phone", "value": "116 111"}]}
    raw = msgspec.Raw(msgspec.json.encode(rec))
    handed = Outcome("[1]", "imported", "h1", handed=("big-a-1", raw))
    assert handed.has_record and handed.record_id == "big-a-1" and handed.stored is raw  # not decoded
    assert MappedImport([handed]).stored_records == [raw] and MappedImport([handed]).hsds_ids == {"big-a-1": "h1"}
    assert _Ids({}).settle(handed).stored is raw  # its own id kept: still the bytes
    assert handed == Outcome("[1]", "imported", "h1", record=dict(rec))  # compared as its record
    assert handed.stored == rec and handed.stored is handed.record  # asked for: the record from then on

    again = Outcome("[2]", "imported", "h2", handed=("big-a-1", raw))
    ids = _Ids({"h2": "stable-id"})  # the id it had in the layer before: the record changes
    assert ids.settle(again).stored == {**rec, "id": "stable-id"}
    twice = Outcome("[3]", "imported", "h3", handed=("big-a-1", raw))  # the same id again: made unique
    assert ids.settle(twice).stored is raw  # (not used yet by this import: as it was)
    thrice = Outcome("[4]", "imported", "h4", handed=("big-a-1", raw))
    assert ids.settle(thrice).stored == {**rec, "id": "big-a-1-2"}
