"""vsd -> HSDS 3.0: valid against the HSDS JSON Schemas, and export -> import keeps every field vsd models."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from directory.bundled import bundled_path
from directory.hsds import ImportContext, extract_services, map_services, parse_hsds_bytes, to_hsds
from directory.loading import read_json_file
from directory.store import Store
from directory.validate import validate
from tests.factories import envelope, service
from tests.hsds_support import SCHEMA_BASE, SCHEMAS, registry, schema_errors
from tui.cli import main

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
SHARED_COMPILED = (
    Path(__file__).resolve().parents[3] / "shared" / "reference" / "hsds-3.0" / "schema" / "compiled" / "service.json"
)

RICH = [
    service(),
    service(
        id="xx-everything-1",
        name="Ла Страда – дитяча лінія",
        name_en="La Strada child line",
        aliases=["Дитяча лінія", "116 111 Ukraine"],
        organization="ГО «Ла Страда-Україна»",
        support_types=["child_helpline", "trafficking", "counselling"],
        audiences=["children", "young_people", "parents"],
        min_age=0,
        max_age=18,
        countries=["UA", "MD"],
        area="international",
        languages=["uk", "ru", "ckb"],
        languages_note="Other languages through an interpreter.",
        channels=[
            {"kind": "web", "value": "https://la-strada.org.ua"},
            {
                "kind": "phone",
                "value": "+380 800 500 225",
                "label": "Free line",
                "languages": ["uk", "ru"],
                "hours": {"timezone": "Europe/Kyiv", "always_open": True},
            },
            {"kind": "sms", "value": "116 111", "country": "UA", "label": "SMS"},
            {
                "kind": "chat",
                "value": "https://chat.la-strada.org.ua",
                "label": "Chat",
                "hours": {
                    "timezone": "Europe/Kyiv",
                    "note": "Evenings",
                    "weekly": [{"days": ["fri", "mon"], "opens": "18:00", "closes": "02:00"}],
                },
            },
            {"kind": "email", "value": "hotline@la-strada.org.ua"},
            {"kind": "report", "value": "https://report.example.org/form", "languages": ["uk"]},
            {"kind": "app", "value": "https://apps.example.org/la-strada"},
            {"kind": "email", "value": "second@la-strada.org.ua", "label": "Second address"},
        ],
        hours={
            "timezone": "Europe/Kyiv",
            "note": "Closed on public holidays",
            "weekly": [
                {"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "08:00", "closes": "20:00"},
                {"days": ["sat"], "opens": "10:00", "closes": "24:00"},
                {"days": ["sun"], "opens": "10:00", "closes": "16:00"},
            ],
        },
        free=False,
        anonymous=True,
        confidential=False,
        not_on_phone_bill=True,
        description="Line  for children\u00a0– with <angle> brackets & ampersands.",
        notes="First line of notes.\nSecond line.",
        source="https://la-strada.org.ua ; https://example.org/registry",
        last_verified="2026-09-30",
        verification="unverified",
    ),
    service(
        id="de-always",
        channels=[{"kind": "phone", "value": "112"}],
        support_types=["emergency"],
        hours={"timezone": "Europe/Berlin", "always_open": True},
        area="regional",
        region="Bavaria",
        aliases=None,
        name_en=None,
        organization=None,
        audiences=None,
        min_age=None,
        max_age=None,
        languages=None,
        free=None,
        anonymous=None,
        description=None,
    ),
    service(
        id="de-week-round",
        support_types=["victim_support"],
        hours={
            "timezone": "Europe/Berlin",
            "weekly": [
                {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "00:00", "closes": "24:00"}
            ],
        },
        area="regional",
        region=None,
    ),
]


def _bundled():
    try:
        return read_json_file(bundled_path())["services"]
    except Exception:  # noqa: BLE001 - no bundled data is simply no extra cases
        return []


def test_the_test_records_are_valid_vsd():
    assert validate(envelope(*RICH), today=date(2026, 11, 20)).ok, validate(envelope(*RICH)).problems


@pytest.mark.parametrize("rec", RICH + _bundled(), ids=lambda r: r["id"])
def test_export_is_valid_hsds_3(rec):
    svc = to_hsds(rec, now=NOW)
    assert schema_errors(svc) == []
    for key in ("organization", "phones", "languages", "service_areas"):
        if key == "organization" and not rec.get("organization"):
            continue
        if key == "phones" and not any(c["kind"] in ("phone", "sms") for c in rec["channels"]):
            continue
        if key == "languages" and not rec.get("languages"):
            continue
        assert svc[key], key
    if rec.get("hours"):
        assert svc["schedules"]


def test_every_schema_ref_resolves_offline():
    """The local registry holds every schema the HSDS split schemas refer to."""
    reg = registry()
    for f in SCHEMAS.glob("*.json"):
        resolver = reg.resolver(base_uri=SCHEMA_BASE + f.name)
        for ref in set(_refs(json.loads(f.read_text(encoding="utf-8")))):
            assert resolver.lookup(ref).contents, (f.name, ref)


def _refs(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for v in node.values():
            yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


@pytest.mark.skipif(not SHARED_COMPILED.exists(), reason="../shared/reference not beside the checkout")
def test_export_is_valid_against_the_compiled_schema_too():
    from jsonschema import Draft202012Validator

    compiled = json.loads(SHARED_COMPILED.read_text(encoding="utf-8"))
    v = Draft202012Validator(compiled, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for rec in RICH:
        assert [e.message for e in v.iter_errors(to_hsds(rec, now=NOW))] == []


def _round_trip(records):
    text = json.dumps([to_hsds(r, now=NOW) for r in records], ensure_ascii=False).encode()
    items = extract_services(parse_hsds_bytes(text, "out.json"), "out.json")
    bundled = json.loads(bundled_path().read_text(encoding="utf-8"))
    ctx = ImportContext(
        label="back", source="/tmp/out.json", today=date(2026, 12, 31), short_numbers=bundled["short_numbers"]
    )
    return map_services(items, ctx)


def test_round_trip_keeps_every_field_we_model():
    res = _round_trip(RICH)
    assert [o.status for o in res.outcomes] == ["imported"] * len(RICH), [o.problems for o in res.outcomes]
    assert all(not o.warnings for o in res.outcomes), [o.warnings for o in res.outcomes]
    for before, after in zip(RICH, res.records, strict=True):
        assert after["origin"].startswith("HSDS import 'back': /tmp/out.json")
        strip = lambda r: {k: v for k, v in r.items() if k not in ("id", "origin")}  # noqa: E731
        assert strip(after) == strip(before)


@pytest.mark.parametrize("rec", _bundled(), ids=lambda r: r["id"])
def test_round_trip_of_the_bundled_data(rec):
    res = _round_trip([rec])
    after = res.records[0]
    assert {k: v for k, v in after.items() if k not in ("id", "origin")} == {
        k: v for k, v in rec.items() if k not in ("id", "origin")
    }


# -- the command ----------------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path):
    store = Store(tmp_path / "data")
    store.replace_directory(envelope(*RICH, version=5))
    return tmp_path / "data"


def test_vsd_export_hsds_writes_valid_json_and_ndjson(data_dir, tmp_path, capsys):
    out = tmp_path / "hsds.json"
    assert main(["--data-dir", str(data_dir), "export", "hsds", str(out)]) == 0
    services = json.loads(out.read_text(encoding="utf-8"))
    assert len(services) == len(RICH)
    assert all(schema_errors(s) == [] for s in services)
    assert "exported 4 services as HSDS JSON" in capsys.readouterr().err
    nd = tmp_path / "hsds.ndjson"
    assert main(["--data-dir", str(data_dir), "export", "hsds", str(nd), "--ndjson", "--country", "ua"]) == 0
    lines = nd.read_text(encoding="utf-8").splitlines()
    assert [json.loads(ln)["name"] for ln in lines] == ["Ла Страда – дитяча лінія"]


@pytest.mark.parametrize(
    "flags, names",
    [
        (["--type", "emergency"], ["Nummer gegen Kummer – Kinder- und Jugendtelefon"]),  # de-always shares the name
        (["--language", "Russian"], ["Ла Страда – дитяча лінія"]),
        (["--id", "de-week-round"], ["Nummer gegen Kummer – Kinder- und Jugendtelefon"]),
    ],
)
def test_vsd_export_hsds_filters(data_dir, capsys, flags, names):
    assert main(["--data-dir", str(data_dir), "export", "hsds", "-", *flags]) == 0
    assert [s["name"] for s in json.loads(capsys.readouterr().out)] == names


def test_vsd_export_refuses_an_empty_selection_and_bad_filters(data_dir, tmp_path, capsys):
    out = tmp_path / "x.json"
    assert main(["--data-dir", str(data_dir), "export", "hsds", str(out), "--country", "FR"]) == 1
    assert "no services match" in capsys.readouterr().err and not out.exists()
    assert main(["--data-dir", str(data_dir), "export", "hsds", str(out), "--type", "nope"]) == 1
    assert "not a support type" in capsys.readouterr().err
