"""RecordValidator.problems_of_batch, with validate.py's shortcuts, says of every record what `problems` says of it
alone by the long way: the same records refused, with the same messages in the same order.

The records: the bundled directory and those of HSDS imports of the tests' fixtures (valid ones), and copies of
them broken in each way a rule or the schema can refuse (a bad phone, URL, country, language, date, hours; a field
of the wrong type, an unknown field), mixed into batches of several sizes, for tables of short numbers that
differ (none, the bundled one, one the schema refuses) and for two days.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import generate
from directory import validate
from directory.bundled import bundled_path
from directory.hsds import ImportContext, Item, map_services
from directory.hsds.export import ndjson_chunks
from directory.loading import read_json_file
from directory.validate import Problem, RecordValidator
from tests.hsds_support import hsds_service

BUNDLED = read_json_file(bundled_path())
DAYS = [date(2026, 11, 20), date(2026, 12, 1)]  # before and after the bundled records' last_verified
TABLES = [[], BUNDLED["short_numbers"], [*BUNDLED["short_numbers"], {"country": "DE", "number": "1"}]]


def _imported() -> list[dict[str, Any]]:
    """Records an HSDS import makes: of vsd's own export of synthetic services, and of hand-made services."""
    exported = generate(40, seed=11, version=1)["services"]
    lines = "".join(ndjson_chunks(exported, now=datetime(2026, 11, 20, tzinfo=UTC))).splitlines()
    items = [Item(f"[{i}]", json.loads(line)) for i, line in enumerate(lines)]
    items += [Item(f"h[{n}]", hsds_service(n)) for n in range(1, 6)]
    ctx = ImportContext(label="t", source="/data/t.ndjson", today=DAYS[0])
    return [o.record for o in map_services(items, ctx).outcomes if o.record is not None]


def _channel(kind: str) -> Callable[[dict[str, Any]], None]:
    def first_of_kind(rec: dict[str, Any], **change: Any) -> None:
        for ch in rec["channels"]:
            if ch["kind"] == kind:
                ch.update(change)
                return

    return first_of_kind


PHONE, WEB = _channel("phone"), _channel("web")

# Each breaks a record in one way (or leaves it valid in a way a shortcut must not misread).
BREAKS: list[Callable[[dict[str, Any]], Any]] = [
    lambda r: PHONE(r, value="+49 30 1234"),  # not a valid number
    lambda r: PHONE(r, value="12"),
    lambda r: PHONE(r, value="116 016", country="DE"),  # short, in one table only
    lambda r: PHONE(r, value="١١٦ ١١١"),  # digits of another script
    lambda r: PHONE(r, value="116\u202e111"),
    lambda r: PHONE(r, country="ZZ"),  # a channel country not the record's
    lambda r: PHONE(r, languages=["de", "zz", "DE"]),
    lambda r: PHONE(r, languages="xz"),  # a text: read a character at a time
    lambda r: PHONE(r, languages=[["de"]]),
    lambda r: PHONE(
        r, hours={"timezone": "Mars/Base", "weekly": [{"days": ["mon"], "opens": "08:00", "closes": "08:00"}]}
    ),
    lambda r: WEB(r, value="ftp://x.example.org"),
    lambda r: WEB(r, value="https://localhost/"),
    lambda r: r["channels"].append({"kind": "email", "value": "no-at"}),
    lambda r: r["channels"].append({"kind": "web", "value": "https://x.example.org/a b"}),
    lambda r: r["channels"].append({"kind": ["phone"], "value": "x"}),
    lambda r: r["channels"].append("not a channel"),
    lambda r: r.update(countries=[*r["countries"], "XX"]),
    lambda r: r.update(countries=["de"]),  # lower case: a code pycountry reads, the schema does not
    lambda r: r.update(countries="DE"),
    lambda r: r.update(languages=["zz", "de", "DEU"]),
    lambda r: r.update(languages=[5, None]),
    lambda r: r.update(support_types=["nope", *r["support_types"]]),
    lambda r: r.update(min_age=30, max_age=10),
    lambda r: r.update(last_verified="2099-01-01"),
    lambda r: r.update(last_verified="2026-02-30"),
    lambda r: r.update(last_verified="20261101"),
    lambda r: r.update(source="see https://ok.example.org/a). and http://bad/"),
    lambda r: r.update(source="https://x.example.org)"),
    lambda r: r.update(source="https://org."),  # a dot only before the stripped end
    lambda r: r.update(source="http://nodot/"),
    lambda r: r.update(source="https://a.example.org ; https://b.example.org/x?y=1#z"),  # valid: two addresses
    lambda r: r.update(source="https://a.example.org ; http://nodot/"),
    lambda r: r.update(source="https://a.example.org/x) ; https://b.example.org/(y)"),  # valid, once stripped
    lambda r: r.update(source="https://a.example.org;https://b.example.org. ; https://c.example.org:8080/"),
    lambda r: r.update(source="https://ok.example.org/\u00a0x"),
    lambda r: r.update(
        hours={"timezone": "Mars/Base", "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "09:00"}]}
    ),
    lambda r: r.update(unknown_field=1),
    lambda r: r.update(name=5),
    lambda r: r.update(channels={"kind": "web"}),
    lambda r: r.pop("name"),
    lambda r: r.update(id="a b\x1b[31m"),
]


def _broken() -> list[dict[str, Any]]:
    """Four records broken by each of BREAKS, of those with a phone and a web channel."""
    kinds = ({"phone", "web"} <= {ch.get("kind") for ch in rec["channels"]} for rec in VALID)
    recs = [rec for rec, both in zip(VALID, kinds, strict=True) if both]
    out = []
    for n, brk in enumerate(BREAKS):
        for k in range(4):
            rec = copy.deepcopy(recs[(n * 4 + k) * 7 % len(recs)])
            brk(rec)
            out.append(rec)
    return out


def _batches(recs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The records in batches of 1, 2, 7, 50 and 150: some all valid, some with one or more refused."""
    out, i = [], 0
    for size in [1, 2, 7, 50, 150] * len(recs):
        if i >= len(recs):
            break
        out.append(recs[i : i + size])
        i += size
    return out


def _said(found: list[list[Problem]]) -> list[list[tuple[str, str]]]:
    return [[(p.where, p.message) for p in problems] for problems in found]


def _the_long_way(mp: pytest.MonkeyPatch) -> None:
    """Each of validate.py's shortcuts back to the code it stands in for."""

    mp.setattr(validate, "_is_plain_source", lambda source: False)
    mp.setattr(RecordValidator, "problems_of_batch", lambda self, recs: [self.problems(r) for r in recs])


VALID = [*BUNDLED["services"], *_imported()]
BROKEN = _broken()
# three valid records before each broken one, in batches of 1, 2, 7, 50 and 150: all valid, or not
MIXED = [rec for n, broken in enumerate(BROKEN) for rec in (*VALID[n * 3 : n * 3 + 3], broken)]


def _both_ways(table: list[dict[str, Any]], today: date) -> list[list[list[tuple[str, str]]]]:
    """What each batch of MIXED gets alone the long way; asserted the same by the short way, twice."""
    batches = _batches(MIXED)
    with pytest.MonkeyPatch.context() as mp:
        _the_long_way(mp)
        check = RecordValidator(table, today)
        slow = [_said(check.problems_of_batch(b)) for b in batches]
    check = RecordValidator(table, today)
    for _ in range(2):  # the second time, every answer the caches keep is known
        assert [_said(check.problems_of_batch(b)) for b in batches] == slow
    return slow


@pytest.mark.parametrize("table", range(len(TABLES)))
@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("chunk", [3, validate.SCHEMA_CHUNK])
def test_a_batch_gets_what_each_record_gets_alone(table: int, today: date, chunk: int, monkeypatch) -> None:
    monkeypatch.setattr(validate, "SCHEMA_CHUNK", chunk)  # (a batch is checked a chunk at a time)
    said = _both_ways(TABLES[table], today)
    # (a few broken ones are valid for a table or on a day: 116 016 is in one table, for one)
    assert sum(bool(problems) for batch in said for problems in batch) >= len(BROKEN) * 4 // 5


def test_the_comparison_covers_batches_valid_and_not_and_each_kind_of_refusal() -> None:
    said = _both_ways(TABLES[1], DAYS[1])
    assert sum(not any(batch) for batch in said) >= 3  # all valid: the schema asked once
    assert sum(any(batch) and not all(batch) for batch in said) >= 3  # one or more refused among valid ones
    messages = [m for batch in said for problems in batch for _, m in problems]
    for part in (
        "valid phone",
        "http(s) URL",
        "ISO 639",
        "ISO 3166",
        "support type",
        "max_age",
        "in the future",
        "ISO date",
        "opens and closes",
        "IANA",
        "record's countries",
        "holds U+",
        "Additional properties",
        "is not of type",
    ):
        assert any(part in m for m in messages), part


def test_valid_records_are_valid_in_one_batch() -> None:
    """The fast path is taken: every record of the import and of the bundled directory is valid, together."""
    check = RecordValidator(BUNDLED["short_numbers"], DAYS[1])
    assert check.problems_of_batch(VALID) == [[]] * len(VALID)
    assert check.problems_of_batch([]) == []


def test_a_record_the_schema_cannot_read_is_refused_as_alone() -> None:
    """A key that is no text: the schema cannot read the batch, and the record alone says why."""
    check = RecordValidator([], DAYS[1])
    bad = {**VALID[0], 5: "x"}
    with pytest.raises(ValueError) as alone:
        check.problems(bad)
    with pytest.raises(ValueError) as together:
        check.problems_of_batch([VALID[1], bad])
    assert str(together.value) == str(alone.value)


# -- a source read by one match: what _source_problems finds in it is nothing ---------------------------------

_SOURCE_PARTS = st.sampled_from(
    ["https://", "http://", "HTTPS://", "a", "b-c", ".", "..", "x.org", "/", "?q=1", "#f", ")", ",", ";", " ; ",
     " ", ";https://", ":8080", "@", "%C3%AB", "(", "é", "\u00a0", "\n", "[::1]", "-"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_SOURCE_PARTS, max_size=12).map("".join))
def test_a_plain_source_has_no_problem(source: str) -> None:
    found: list[str] = []
    validate._source_problems(found, source)
    if validate._is_plain_source(source):
        assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "https://www.example.org",
        "https://a.example.org/x?y=1#z ; http://b.example.org/(c)/",
        "https://a-b.example.org/%C3%AB/x(",
    ],
)
def test_sources_of_plain_urls_are_read_by_one_match(source: str) -> None:
    assert validate._is_plain_source(source)


@pytest.mark.parametrize(
    "source",
    ["https://nodot/", "https://a.example.org ; http://nodot", "https://a.example.org/x)", "https://a.org.", "see x"],
)
def test_other_sources_are_read_address_by_address(source: str) -> None:
    assert not validate._is_plain_source(source)
