"""What a sync reports as changed: unit cases and properties over arbitrary record sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sync.diff import diff, plain
from tests.factories import service


def test_added_removed_changed_with_fields():
    old = [service(id="de-a-1"), service(id="de-b-2"), service(id="de-c-3")]
    new = [service(id="de-a-1"), service(id="de-c-3", description="New text.", free=None), service(id="de-d-4")]
    d = diff(old, new)
    assert [c.id for c in d.added] == ["de-d-4"]
    assert [c.id for c in d.removed] == ["de-b-2"]
    assert [(c.id, c.fields) for c in d.changed] == [("de-c-3", ("description", "free"))]
    assert d.summary() == "1 added, 1 removed, 1 changed"
    assert not d.empty and diff(old, old).empty


def test_lines_are_capped_and_plain():
    new = [service(id=f"de-x-{i:02d}", name_en=f"Evil \x1b[31mred\x1b[0m {i}") for i in range(15)]
    lines = diff([], new).lines(limit=3)
    assert len(lines) == 4 and lines[-1] == "  + ... and 12 more added"
    assert all("\x1b" not in line for line in lines)


def test_plain_strips_controls_and_bidi_overrides():
    assert plain("a\x1b]0;title\x07b\u202eevil") == "abevil"  # the whole OSC sequence goes
    assert plain("x" * 200, 10) == "x" * 9 + "…"


ids = st.text(alphabet="abcdef-", min_size=2, max_size=6).map(lambda s: "x" + s)
recs = st.dictionaries(ids, st.sampled_from(["a", "b", "c"]), max_size=12)


@given(recs, recs)
def test_diff_accounts_for_every_id(a, b):
    old = [{"id": k, "name": v} for k, v in a.items()]
    new = [{"id": k, "name": v} for k, v in b.items()]
    d = diff(old, new)
    assert {c.id for c in d.added} == b.keys() - a.keys()
    assert {c.id for c in d.removed} == a.keys() - b.keys()
    assert {c.id for c in d.changed} == {k for k in a.keys() & b.keys() if a[k] != b[k]}
    assert all(c.fields == ("name",) for c in d.changed)
    back = diff(new, old)
    assert [c.id for c in back.added] == [c.id for c in d.removed]
    assert [c.id for c in back.changed] == [c.id for c in d.changed]
