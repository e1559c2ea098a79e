"""The plain path of the HSDS mapping (directory/hsds/plain.py) maps each service as the careful path does.

Every service is mapped twice: by map_service alone (the careful reading) and through one PlainReader per
source (its memo filled as an import fills it). The outcomes -- verdict, place, problems, warnings,
tallies, reason and the record, key by key in the same order -- must be the same. The sources: every
HSDS JSON fixture, the hostile HSDS corpus, the bundled directory and a synthetic directory as vsd exports
them (most of their services plain), and mutations of plain services (wrong types, control, bidi and
zero-width characters, missing and unknown fields), each after the service it mutates filled the memo.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.synthetic import generate
from directory.bundled import bundled_path
from directory.errors import InputError
from directory.hsds import ImportContext, Item, extract_services, map_service, map_services, parse_hsds_bytes
from directory.hsds.export import ndjson_chunks
from directory.hsds.fields import FieldReader
from directory.hsds.outcomes import Outcome
from directory.hsds.plain import PlainReader
from directory.hsds.plain_shape import typed_line
from directory.loading import read_json_file

TESTS = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, tzinfo=UTC)


def _ctx() -> ImportContext:
    return ImportContext(label="plain", source="/data/plain.ndjson", today=TODAY)


def _said(out: Outcome) -> list[Any]:
    return [out.where, out.status, out.hsds_id, out.problems, out.warnings, out.tallies, out.reason, out.record]


def _compare(items: list[Item], ctx: ImportContext | None = None) -> int:
    """Each item mapped both ways gives the same outcome; how many went the plain way. (The plain way first:
    an item read from a line is decoded into its dict only as the plain way needs it; the careful way is
    given that dict.)"""
    ctx = ctx or _ctx()
    reader = PlainReader(ctx)
    plain = 0
    for item in items:
        fast = map_service(item, ctx, plain=reader)
        careful = map_service(Item(item.where, item.obj, item.organization), ctx)
        assert json.dumps(_said(fast), ensure_ascii=False) == json.dumps(_said(careful), ensure_ascii=False), item.where
        plain += (item.plain is not None or isinstance(item.obj, dict)) and reader.read(
            item, None, FieldReader()
        ) is not None
    return plain


def _line_item(where: str, svc: Any) -> Item:
    """The service as a line of an NDJSON file is read: decoded into a plain Service when it is one."""
    line = json.dumps(svc, ensure_ascii=False).encode("utf-8")
    typed = typed_line(line)
    return Item.of_line(where, line, typed) if typed is not None else Item(where, svc)


FIXTURES = sorted(
    str(p.relative_to(TESTS))
    for pattern in ("fixtures/hsds*/**/*.json", "hostile/corpus/hsds-*.json")
    for p in TESTS.glob(pattern)
    if "/schema/" not in str(p)
)


@pytest.mark.parametrize("name", FIXTURES)
def test_a_fixture_maps_the_same_the_plain_way(name: str) -> None:
    try:
        items = extract_services(parse_hsds_bytes((TESTS / name).read_bytes(), name), name)
    except InputError:
        pytest.skip("not a document of services")
    _compare(items)


@cache
def _exported(which: str) -> tuple[dict[str, Any], ...]:
    if which == "bundled":
        records = read_json_file(bundled_path())["services"]
    else:
        records = generate(300, seed=7)["services"]
    return tuple(json.loads(line) for line in "".join(ndjson_chunks(records, now=NOW)).splitlines())


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_vsd_s_own_export_maps_the_same_the_plain_way(which: str) -> None:
    services = _exported(which)
    plain = _compare([Item(f"line {n}", copy.deepcopy(s)) for n, s in enumerate(services, start=1)])
    assert plain >= len(services) // 2  # (most services plain: the test tries the plain path itself)


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_vsd_s_own_export_read_from_its_lines_maps_the_same_the_plain_way(which: str) -> None:
    """Every line of vsd's NDJSON export is decoded into a plain Service at once, and maps as its dict does."""
    items = [_line_item(f"line {n}", s) for n, s in enumerate(_exported(which), start=1)]
    assert all(it.plain is not None for it in items)
    assert _compare(items) >= len(items) // 2


def test_the_memo_shares_no_list_or_object_between_records() -> None:
    ctx = _ctx()
    reader = PlainReader(ctx)
    a, b = (map_service(Item("x", copy.deepcopy(_exported("synthetic")[0])), ctx, plain=reader) for _ in "ab")
    assert a.record is not None and b.record is not None and a.record == b.record
    a.record["channels"][0]["value"] = "changed"
    a.record["hours"]["timezone"] = "changed"
    a.record["support_types"].append("changed")  # (the terms' mix is read once: each record gets a copy)
    assert b.record["channels"][0]["value"] != "changed" and b.record["hours"]["timezone"] != "changed"
    assert "changed" not in b.record["support_types"]


# -- mutations of plain services ---------------------------------------------------------------------

_ODD_TEXT = st.sampled_from(
    ["", " ", "  padded  ", "\x1b[31mred", "a\u202eb", "zero\u200bwidth", "tab\tnew\nline", "é", "<b>x</b>", "&amp;"]
)
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(-1.5, 1.5, allow_nan=False),
    _ODD_TEXT,
    st.text(max_size=8),
    st.just([]),
    st.just({}),
    st.just([1]),
    st.just(["x"]),
    st.just({"a": 1}),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (the keys of objects and the items of lists)."""
    out = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


def _mutated(svc: dict[str, Any], path: tuple[Any, ...], how: str, value: Any) -> dict[str, Any]:
    svc = copy.deepcopy(svc)
    holder: Any = svc
    for step in path[:-1]:
        holder = holder[step]
    last = path[-1]
    if how == "delete" and isinstance(holder, dict):
        del holder[last]
    elif how == "unknown" and isinstance(holder, dict):
        holder["x_unknown"] = value
    elif how == "append" and isinstance(holder[last], str) and isinstance(value, str):
        holder[last] += value
    elif how == "attribute" and isinstance(holder, dict) and "attributes" in holder:
        holder["attributes"] = [{"taxonomy_term_id": holder["attributes"][0].get("taxonomy_term_id"), "value": value}]
    else:
        holder[last] = value
    return svc


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 299),
    st.integers(0, 10_000),
    st.sampled_from(["set", "delete", "unknown", "append", "attribute"]),
    _VALUES | st.sampled_from(['{"timezone":"Mars/Base"}', '{"channel_country":"ZZ"}', "{}", "[]", "{"]),
)
def test_a_mutated_plain_service_maps_the_same_after_the_memo_holds_its_original(
    which: int, where: int, how: str, value: Any
) -> None:
    services = _exported("synthetic")
    svc = services[which]
    paths = _paths(svc)
    mutant = _mutated(svc, paths[where % len(paths)], how, value)
    ctx = _ctx()
    reader = PlainReader(ctx)
    map_service(_line_item("original", svc), ctx, plain=reader)  # its parts in the memo
    for item in (Item("mutant", mutant), _line_item("mutant", mutant)):
        fast = map_service(item, ctx, plain=reader)
        careful = map_service(Item("mutant", item.obj), ctx)
        assert json.dumps(_said(fast), ensure_ascii=False) == json.dumps(_said(careful), ensure_ascii=False)


def test_hours_read_in_the_local_time_of_the_country_are_tallied_the_plain_way() -> None:
    """Schedules without a zone of their own (no vsd attribute, no offset): read in the country's, a tally."""
    services = []
    for svc in copy.deepcopy(_exported("synthetic")):
        for s in svc.get("schedules", []):
            s.pop("attributes", None)
            s.pop("timezone", None)
        services.append(svc)
    items = [Item(f"line {n}", s) for n, s in enumerate(services, start=1)]
    assert _compare(items) >= len(items) // 2
    ctx = _ctx()
    reader = PlainReader(ctx)
    tallied = [map_service(item, ctx, plain=reader).tallies for item in items]
    assert any(t and t[0].startswith("hours read in local time") for t in tallied)


def _served_in(svc: dict[str, Any], country: str, *, zone_named: bool) -> dict[str, Any]:
    """The service served in `country` alone, its phones left out (they name a country of their own), each
    schedule at UTC+1 and naming its zone in vsd's attribute, or not."""
    svc = copy.deepcopy(svc)
    svc["service_areas"] = [{"name": country, "uri": f"https://www.iso.org/obp/ui/#iso:code:3166:{country}"}]
    svc["phones"] = []
    for s in svc["schedules"]:
        s["timezone"] = 1
        if not zone_named:
            s.pop("attributes", None)
    return svc


def test_a_schedule_without_a_zone_of_its_own_is_read_again_for_another_country() -> None:
    """UTC+1 in November is Europe/Berlin in Germany and Africa/Lagos in Nigeria: the first reading of the
    schedule, kept in the memo, must not stand for the second country."""
    first = _exported("synthetic")[0]
    items = [Item(c, _served_in(first, c, zone_named=False)) for c in ("DE", "NG", "DE")]
    assert _compare(items) == 3
    reader = PlainReader(_ctx())
    zones = [map_service(item, _ctx(), plain=reader).record["hours"]["timezone"] for item in items]
    assert zones == ["Europe/Berlin", "Africa/Lagos", "Europe/Berlin"]


def test_a_schedule_that_names_its_zone_is_read_once_wherever_the_service_is() -> None:
    first = _exported("synthetic")[0]
    items = [Item(c, _served_in(first, c, zone_named=True)) for c in ("DE", "NG", "FR")]
    assert _compare(items) == 3
    reader = PlainReader(_ctx())
    for item in items:
        map_service(item, _ctx(), plain=reader)
    schedules = [k for k in reader.memo if k[0] == "schedule"]
    assert len(schedules) == len({json.dumps(s["attributes"]) for s in first["schedules"]}) > 0
    assert list(reader.places) == [("DE",)]  # (asked when a part was first read: the first service's only)


BYDAYS = ["MO,TU", "TU,MO", " we , FR ", "SU,SU,MO", "XX", "MO,XX", "", " ", None, ...]


def test_schedules_that_differ_in_their_days_map_the_same_the_plain_way_after_any_other() -> None:
    """Days are read apart from the rest of a schedule (any list of weekdays stands for another in the
    memo's key); any other byday -- none, empty, a wrong day -- is read as it is. Each service is mapped
    after all the others filled the memo, both ways."""
    first = next(
        s for s in _exported("synthetic") if s.get("schedules") and "always_open" not in json.dumps(s["schedules"])
    )
    services = []
    for byday in BYDAYS:
        for keep_times in (True, False):
            svc = copy.deepcopy(first)
            for s in svc["schedules"]:
                s.pop("byday")
                if byday is not ...:
                    s["byday"] = byday
                if not keep_times:
                    s.pop("opens_at"), s.pop("closes_at")
            services.append(svc)
    items = [Item(f"{n}", svc) for n, svc in enumerate(services * 2)]
    assert _compare(items) > len(BYDAYS)
    reader = PlainReader(_ctx())
    days = [map_service(item, _ctx(), plain=reader).record for item in items[: len(services)]]
    assert days[0] is not None and days[0]["hours"]["weekly"][0]["days"] == ["mon", "tue"]
    assert days[2] is not None and days[2]["hours"]["weekly"][0]["days"] == ["tue", "mon"]
    assert days[4] is not None and days[4]["hours"]["weekly"][0]["days"] == ["wed", "fri"]


def _with_field(svc: dict[str, Any], field: str, value: Any) -> dict[str, Any]:
    """The service with `field` of every compact attribute in it set to `value` (deleted for ...)."""
    svc = copy.deepcopy(svc)
    parts = [svc, *svc.get("phones", []), *svc.get("schedules", [])]
    parts += [sal["location"] for sal in svc.get("service_at_locations", [])]
    for part in parts:
        for a in part.get("attributes", []):
            if isinstance(a.get("value"), str):
                fields = json.loads(a["value"])
                fields.pop(field, None)
                if value is not ...:
                    fields[field] = value
                a["value"] = json.dumps(fields)
    return svc


ONE_VALUE = ["name_en", "source", "notes", "area", "region", "anonymous", "confidential", "not_on_phone_bill"]
ONE_VALUE += ["languages_assumed", "timezone", "channel_kind", "channel_country", "channel_international"]
ONE_VALUE += ["channel_domestic_only", "channel_label", "channel_hours", "channel_position"]


@pytest.mark.parametrize("field", ONE_VALUE)
def test_a_field_of_one_value_given_none_is_read_as_absent(field: str) -> None:
    """`"source": []` in a compact attribute once stopped the import (an IndexError): now it is no source."""
    for svc in _exported("synthetic")[:3]:
        empty, absent = _with_field(svc, field, []), _with_field(svc, field, ...)
        ctx = _ctx()
        assert _said(map_service(Item("x", empty), ctx)) == _said(map_service(Item("x", absent), ctx))
        _compare([Item("x", empty)])


@pytest.mark.parametrize("part", ["schedules", "phones", "service_at_locations", "languages", "service_areas"])
def test_a_service_without_a_kind_of_part_maps_the_same_the_plain_way(part: str) -> None:
    services = [copy.deepcopy(s) for s in _exported("synthetic")[:20]]
    for n, svc in enumerate(services):
        if n % 2:
            svc.pop(part, None)
        else:
            svc[part] = []
    _compare([Item(f"line {n}", s) for n, s in enumerate(services)])


def test_a_channel_memo_key_holds_every_field_that_may_be_set() -> None:
    """plain.py keys a phone's and a virtual location's memo by their fields but the number or address, named
    one by one: every other field of the Struct must be one that is always None, one the careful reading
    does not read (ids; a location's description, "Chat" or "Email" in vsd's export), or one that sends the
    service the careful way when it is set (a channel's own languages and hours)."""
    import msgspec

    from directory.hsds.plain import Location, Phone

    keyed: dict[type[msgspec.Struct], set[str]] = {
        Phone: {"number", "type", "description", "attributes", "id", "languages"},
        Location: {"url", "location_type", "name", "attributes", "id", "description", "languages", "schedules"},
    }
    for struct, fields in keyed.items():
        rest = {f.name: f.type for f in msgspec.structs.fields(struct) if f.name not in fields}
        assert rest and all(t is type(None) for t in rest.values()), (struct, rest)


def test_a_channel_with_languages_or_hours_of_its_own_is_read_the_careful_way() -> None:
    svc = copy.deepcopy(next(s for s in _exported("synthetic") if s.get("service_at_locations") and s.get("phones")))
    lang = {"id": "l1", "name": "English", "code": "en"}
    with_phone_languages = copy.deepcopy(svc)
    with_phone_languages["phones"][0]["languages"] = [lang]
    with_location_languages = copy.deepcopy(svc)
    with_location_languages["service_at_locations"][0]["location"]["languages"] = [lang]
    with_location_hours = copy.deepcopy(svc)
    with_location_hours["service_at_locations"][0]["location"]["schedules"] = svc["schedules"]
    reader = PlainReader(_ctx())
    assert reader.read(_line_item("x", svc), None, FieldReader()) is not None
    for mutant in (with_phone_languages, with_location_languages, with_location_hours):
        item = _line_item("x", mutant)
        assert item.plain is not None  # decoded at once, then read the careful way
        assert reader.read(item, None, FieldReader()) is None
        _compare([item])


@pytest.mark.parametrize(
    "change",
    [
        lambda svc: [p.update(description="Another line") for p in svc.get("phones", [])],
        lambda svc: [p.update(type="sms") for p in svc.get("phones", [])],
        lambda svc: [p.pop("attributes", None) for p in svc.get("phones", [])],
        lambda svc: [sal["location"].update(name="Another name") for sal in svc.get("service_at_locations", [])],
        lambda svc: [sal["location"].pop("attributes", None) for sal in svc.get("service_at_locations", [])],
    ],
    ids=["phone-description", "phone-type", "phone-attributes", "location-name", "location-attributes"],
)
def test_a_channel_that_differs_but_for_its_number_or_address_is_not_taken_from_the_memo(change: Any) -> None:
    ctx = _ctx()
    reader = PlainReader(ctx)
    for n, svc in enumerate(_exported("synthetic")[:40]):
        map_service(Item("original", copy.deepcopy(svc)), ctx, plain=reader)  # its channels in the memo
        mutant = copy.deepcopy(svc)
        change(mutant)
        careful, fast = map_service(Item("m", mutant), ctx), map_service(Item("m", mutant), ctx, plain=reader)
        assert json.dumps(_said(fast), ensure_ascii=False) == json.dumps(_said(careful), ensure_ascii=False), n


@pytest.mark.parametrize(
    "written",
    [
        "+44 20 7946 0000",
        "+44-20-7946-0000",
        "  +44 20 7946 0000 ",
        "+44  20 7946 0000",
        "tel:+442079460000",
        "+4420794600",
    ],
)
def test_a_number_written_another_way_is_the_same_channel_the_plain_way(written: str) -> None:
    """A number as vsd writes it (digits in groups) is read without cleaning; written any other way, it is
    cleaned and its digits compared: both ways find the same channels as the careful reading."""
    ctx = _ctx()
    reader = PlainReader(ctx)
    for n, svc in enumerate(_exported("synthetic")[:20]):
        phones = svc.get("phones") or []
        if not phones:
            continue
        map_service(Item("original", copy.deepcopy(svc)), ctx, plain=reader)  # its channels in the memo
        mutant = copy.deepcopy(svc)
        mutant["phones"] = [{**phones[0], "number": "+44 20 7946 0000"}, {**phones[0], "number": written}]
        careful, fast = map_service(Item("m", mutant), ctx), map_service(_line_item("m", mutant), ctx, plain=reader)
        assert json.dumps(_said(fast), ensure_ascii=False) == json.dumps(_said(careful), ensure_ascii=False), n


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_the_plain_way_seldom_decodes_a_line_into_its_dict(which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line of vsd's export is read from its Service: its dict (the capped parse of the whole line again) only
    for a part met for the first time that needs it. The bundled export cites every service: its citations are
    read from the Service too."""
    from directory.hsds import reading

    decoded: list[str] = []
    parse = reading.parse_record_line
    monkeypatch.setattr(reading, "parse_record_line", lambda line, where: decoded.append(where) or parse(line, where))
    items = [_line_item(f"line {n}", s) for n, s in enumerate(_exported(which), start=1)]
    ctx = _ctx()
    reader = PlainReader(ctx)
    plain = [map_service(it, ctx, plain=reader) for it in items]
    assert all(o.status == "imported" for o in plain)
    # (the bundled export also has services the careful way reads, channels with languages or hours of their
    # own among them: 63 of 420; before, every cited service was decoded again, 419 of 420)
    assert len(decoded) <= len(items) // 5, (len(decoded), len(items))


@pytest.mark.parametrize(
    ("assured", "modified"),
    [
        ("2026-01-05", None),
        (None, "2026-03-01T00:00:00Z"),
        (None, None),
        ("2027-06-01", "2026-03-01T00:00:00Z"),  # (in the future: said, then the last change is taken)
        ("not a date", None),
        ("not a date", "2030-01-01T00:00:00Z"),
    ],
)
def test_the_same_dates_read_once_say_the_same_for_every_service(assured: str | None, modified: str | None) -> None:
    """The last verification of a pair of dates is read once and given to every service that has them, but a
    pair the careful reading warns of is read for each: every service says its own warning."""
    ctx = _ctx()
    reader = PlainReader(ctx)
    services = [copy.deepcopy(s) for s in _exported("synthetic")[:3]]
    for svc in services:
        svc.pop("assured_date", None)
        svc.pop("last_modified", None)
        if assured is not None:
            svc["assured_date"] = assured
        if modified is not None:
            svc["last_modified"] = modified
    fast = [map_service(_line_item(f"[{n}]", s), ctx, plain=reader) for n, s in enumerate(services)]
    careful = [map_service(Item(f"[{n}]", s), ctx) for n, s in enumerate(services)]
    assert [_said(o) for o in fast] == [_said(o) for o in careful]
    assert sum(o.record is not None and "last_verified" in o.record for o in fast) in (0, 3)
    fast[0].record["last_verified"] = "changed"  # type: ignore[index]  # (a record shares nothing it can change)
    assert map_service(_line_item("[3]", services[0]), ctx, plain=reader).record == careful[0].record


def test_a_plain_service_s_where_is_said_when_asked_and_names_it() -> None:
    """Where a plain service is (its place, name and id) is said only when asked for: by its outcome, or by the
    message of a later service with the same HSDS id; it says what the careful reading says."""
    one, other = (copy.deepcopy(s) for s in _exported("synthetic")[:2])
    items = [_line_item("[0]", one), _line_item("[1]", other), _line_item("[2]", copy.deepcopy(other))]
    first, second, again = map_services(items, _ctx()).outcomes
    careful = map_service(Item("[0]", one), _ctx())
    assert not isinstance(first._where, str)  # (not said: nothing asked for it)
    assert first == careful and repr(first) == repr(careful)
    assert first.where == careful.where
    assert again.problems == [f"id: duplicate HSDS id (also {second.where})"]
    assert second.where == map_service(Item("[1]", other), _ctx()).where
    assert '"' in second.where and other["id"] in second.where
