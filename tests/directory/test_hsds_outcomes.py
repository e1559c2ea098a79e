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
