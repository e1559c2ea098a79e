"""vsd -> HSDS 3.0: valid against the HSDS JSON Schemas, and export -> import keeps every field vsd models."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from directory.bundled import bundled_path
from directory.hsds import (
    ImportContext,
    Item,
    export_services,
    extract_services,
    map_services,
    parse_hsds_bytes,
    to_hsds,
)
from directory.hsds.attributes import COMPACT_TERM_ID
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


# -- what is vsd's own, and how small it is ----------------------------------------------------------------


def _bytes(obj) -> int:
    return len(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _vsd_private_bytes(node) -> int:
    """Bytes of every attribute of vsd's own taxonomies (support types and the compact one), nested too."""
    if isinstance(node, list):
        return sum(_vsd_private_bytes(v) for v in node)
    if not isinstance(node, dict):
        return 0
    own = sum(_bytes(a) for a in node.get("attributes", []))  # an export has no attributes of other taxonomies
    return own + sum(_vsd_private_bytes(v) for k, v in node.items() if k != "attributes")


def test_vsd_private_attributes_are_at_most_30_percent_of_the_bundled_export():
    services = export_services(_bundled(), now=NOW)
    assert len(services) >= 400
    share = _vsd_private_bytes(services) / _bytes(services)
    assert share <= 0.30, f"{share:.1%}"
    # and what is left is one compact attribute per object, besides the support types
    for svc in services:
        compact = [a for a in svc["attributes"] if a.get("taxonomy_term_id") == COMPACT_TERM_ID]
        assert len(compact) == 1 and json.loads(compact[0]["value"])


def test_an_export_written_by_an_earlier_vsd_one_attribute_per_field_still_reads():
    def field(code, value):
        return {
            "id": f"a-{code}-{value[:8]}",
            "value": value,
            "taxonomy_term": {
                "id": f"t-{code}",
                "name": code,
                "description": code,
                "code": code,
                "term_uri": f"https://vsd.invalid/taxonomy/field/{code}",
            },
        }

    cite = {"url": "https://example.org/a", "publisher": "government", "read": "2026-10-01", "quote": "Open daily."}
    svc = {
        "id": "5b2c0f0e-1c0a-4c43-9a43-0d6a4a1c1a11",
        "name": "Hilfetelefon",
        "status": "active",
        "last_modified": "2026-10-01T00:00:00Z",
        "service_areas": [{"id": "s1", "name": "Germany", "uri": "https://www.iso.org/obp/ui/#iso:code:3166:DE"}],
        "phones": [
            {
                "id": "p1",
                "number": "08000 116 016",
                "type": "voice",
                "attributes": [
                    field("channel_kind", "phone"),
                    field("channel_position", "0"),
                    field("channel_hours", '{"always_open":true,"timezone":"Europe/Berlin"}'),
                ],
            }
        ],
        "attributes": [
            {
                "id": "st",
                "taxonomy_term": {
                    "id": "x",
                    "name": "Violence against women",
                    "description": "x",
                    "code": "domestic_violence",
                    "term_uri": "https://vsd.invalid/taxonomy/support_type/domestic_violence",
                },
            },
            field("name_en", "Violence against women helpline"),
            field("alias", "Hilfetelefon Gewalt"),
            field("alias", "HGgF"),
            field("area", "regional"),
            field("region", "Bavaria"),
            field("anonymous", "true"),
            field("notes", "Line one."),
            field("citation", json.dumps(cite)),
            field("source", "https://example.org/a"),
        ],
    }
    res = map_services([Item("[0]", svc)], ImportContext(label="old", source="old.json", today=date(2026, 11, 20)))
    assert res.outcomes[0].status == "imported", res.outcomes[0].problems
    rec = res.records[0]
    assert (rec["name_en"], rec["aliases"], rec["area"], rec["region"]) == (
        "Violence against women helpline",
        ["Hilfetelefon Gewalt", "HGgF"],
        "regional",
        "Bavaria",
    )
    assert rec["anonymous"] is True and rec["notes"] == "Line one." and rec["citations"] == [cite]
    assert rec["channels"] == [
        {"kind": "phone", "value": "08000 116 016", "hours": {"always_open": True, "timezone": "Europe/Berlin"}}
    ]
    assert rec["support_types"] == ["domestic_violence"] and rec["source"] == "https://example.org/a"


@pytest.mark.parametrize("value", ["{not json", "[1, 2]", '"text"', "[" * 300 + "]" * 300])
def test_a_broken_compact_attribute_is_a_warning_not_a_crash(value):
    svc = to_hsds(RICH[0], now=NOW)
    compact = next(a for a in svc["attributes"] if a.get("taxonomy_term_id") == COMPACT_TERM_ID)
    compact["value"] = value
    res = map_services([Item("[0]", svc)], ImportContext(label="x", source="x.json", today=date(2026, 11, 20)))
    out = res.outcomes[0]
    assert any("vsd attribute is not a JSON object" in w for w in out.warnings), out.warnings


def test_imported_services_keep_their_ids_at_the_source_and_no_local_path_leaves():
    local = RICH[0] | {"id": "file-a", "source": "/home/caseworker/imports/agency.json"}
    other = RICH[0] | {"id": "file-b", "source": "C:\\Users\\me\\agency.json"}
    third = RICH[0] | {"id": "file-c"}
    up = "0b0e6a8e-2f8e-4f6b-9d3c-2f7a3f1d2a10"
    services = export_services(
        [local, other, third], now=NOW, upstream={"file-a": up, "file-b": up, "file-c": "svc/17\x1b[31m\u202e"}
    )
    assert services[0]["id"] == up  # a UUID at the source stays the id
    fields = [json.loads(next(a["value"] for a in s["attributes"] if "value" in a)) for s in services]
    assert "upstream_id" not in fields[0]
    assert services[1]["id"] != up and fields[1]["upstream_id"] == up  # already taken: kept as a field
    assert fields[2]["upstream_id"] == "svc/17"  # not a UUID: kept as a field
    text = json.dumps(services, ensure_ascii=False)
    assert "caseworker" not in text and "Users" not in text
    assert "source" not in fields[0] and "source" not in fields[1] and fields[2]["source"] == RICH[0]["source"]


# -- HSDS 3.0 tabular ----------------------------------------------------------------------------------


def hsds_tables(schema_dir: Path) -> list[dict]:
    """The tables of directory/hsds/hsds_tables.json, as the HSDS 3.0 split schemas define them."""
    fks = {
        "organization_id": "organization",
        "service_id": "service",
        "location_id": "location",
        "phone_id": "phone",
        "service_at_location_id": "service_at_location",
        "taxonomy_term_id": "taxonomy_term",
        "taxonomy_id": "taxonomy",
        "parent_organization_id": "organization",
        "parent_id": "taxonomy_term",
    }
    names = [
        "organization",
        "service",
        "location",
        "service_at_location",
        "phone",
        "schedule",
        "service_area",
        "language",
        "taxonomy",
        "taxonomy_term",
        "attribute",
        "metadata",
    ]
    out = []
    for name in names:
        s = json.loads((schema_dir / f"{name}.json").read_text(encoding="utf-8"))
        required = set(s.get("required", [])) | set(s.get("tabular_required", []))
        fields = []
        for fname, p in s["properties"].items():
            if p.get("type") in ("array", "object", None):
                continue
            f = {"name": fname, "type": p.get("datapackage_type") or p["type"]}
            if p.get("format") in ("uri", "email"):
                f["format"] = p["format"]
            c = {"required": fname in required, "unique": bool((p.get("constraints") or {}).get("unique"))}
            if p.get("enum"):
                c["enum"] = p["enum"]
            fields.append(f | {"constraints": c})
        keys = [
            {"fields": n, "reference": {"resource": fks[n], "fields": "id"}}
            for n in fks
            if n in {f["name"] for f in fields} and fks[n] in names
        ]
        schema = {"primaryKey": "id", "fields": fields} | ({"foreignKeys": keys} if keys else {})
        out.append(
            {
                "name": name,
                "path": s["path"],
                "format": "csv",
                "mediatype": "text/csv",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    return out


def test_the_shipped_table_definitions_are_those_of_the_hsds_schemas():
    from directory.hsds.datapackage import table_definitions

    assert table_definitions() == hsds_tables(SCHEMAS)


def _read_package(folder: Path) -> tuple[dict, dict[str, list[dict[str, str]]]]:
    import csv

    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for res in desc["resources"]:
        with (folder / res["path"]).open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == [fd["name"] for fd in res["schema"]["fields"]], res["path"]
            tables[res["name"]] = list(reader)
    return desc, tables


def _check_table_rules(desc: dict, tables: dict[str, list[dict[str, str]]]) -> None:
    """Unique primary keys, required cells (but a provider vsd does not know), foreign keys that resolve."""
    ids = {name: {r["id"] for r in rows} for name, rows in tables.items()}
    for res in desc["resources"]:
        rows = tables[res["name"]]
        assert len(ids[res["name"]]) == len(rows), res["name"]
        for fd in res["schema"]["fields"]:
            if fd["constraints"]["required"] and (res["name"], fd["name"]) != ("service", "organization_id"):
                assert all(r[fd["name"]] for r in rows), (res["name"], fd["name"])
            if "enum" in fd["constraints"]:
                assert all(r[fd["name"]] in fd["constraints"]["enum"] for r in rows if r[fd["name"]])
        for fk in res["schema"].get("foreignKeys", []):
            target = ids[fk["reference"]["resource"]]
            assert all(r[fk["fields"]] in target for r in rows if r[fk["fields"]]), (res["name"], fk)


def _typed(row: dict[str, str], fields: list[dict]) -> dict:
    out: dict = {}
    for fd in fields:
        v = row[fd["name"]]
        if v == "" or fd["name"].endswith("_id") or fd["name"] in ("link_entity",):
            continue
        if fd["type"] in ("number", "integer"):
            out[fd["name"]] = int(v) if v.lstrip("-").isdigit() else float(v)
        elif fd["type"] == "time":
            out[fd["name"]] = v[:5]
        else:
            out[fd["name"]] = v
    return out


def _nest(desc: dict, tables: dict[str, list[dict[str, str]]]) -> list[dict]:
    """The services again, nested as HSDS JSON, from the tables alone."""
    fields = {res["name"]: res["schema"]["fields"] for res in desc["resources"]}
    terms = {t["id"]: t for t in tables["taxonomy_term"]}

    def rows(table, **match):
        return [r for r in tables[table] if all(r[k] == v for k, v in match.items())]

    def attrs(entity, link_id):
        out = []
        for a in rows("attribute", link_entity=entity, link_id=link_id):
            obj = _typed(a, fields["attribute"])
            term = terms[a["taxonomy_term_id"]]
            if term["id"] == COMPACT_TERM_ID:
                obj["taxonomy_term_id"] = term["id"]
            else:
                obj["taxonomy_term"] = {k: term[k] for k in ("id", "name", "description", "code", "taxonomy")}
            out.append(obj)
        return out

    def langs(**match):
        return [_typed(r, fields["language"]) for r in rows("language", **match)]

    def with_parts(table, row, **extra):
        obj = _typed(row, fields[table]) | extra
        return {k: v for k, v in obj.items() if v != []}

    def schedule(r):
        return with_parts("schedule", r, attributes=attrs("schedule", r["id"]))

    services = []
    for s in tables["service"]:
        sid = s["id"]
        svc = _typed(s, fields["service"])
        svc["phones"] = [
            with_parts("phone", p, languages=langs(phone_id=p["id"]), attributes=attrs("phone", p["id"]))
            for p in rows("phone", service_id=sid)
        ]
        svc["schedules"] = [schedule(r) for r in rows("schedule", service_id=sid)]
        svc["service_areas"] = [_typed(r, fields["service_area"]) for r in rows("service_area", service_id=sid)]
        sals = []
        for sal in rows("service_at_location", service_id=sid):
            loc = rows("location", id=sal["location_id"])[0]
            sals.append(
                {
                    "id": sal["id"],
                    "location": with_parts(
                        "location",
                        loc,
                        languages=langs(location_id=loc["id"]),
                        attributes=attrs("location", loc["id"]),
                        schedules=[schedule(r) for r in rows("schedule", location_id=loc["id"])],
                    ),
                }
            )
        svc["service_at_locations"] = sals
        svc["languages"] = langs(service_id=sid)
        if s["organization_id"]:
            svc["organization"] = _typed(rows("organization", id=s["organization_id"])[0], fields["organization"])
        svc["attributes"] = attrs("service", sid)
        svc["metadata"] = [_typed(m, fields["metadata"]) for m in rows("metadata", resource_id=sid)]
        services.append({k: v for k, v in svc.items() if v != []})
    return services


def test_the_datapackage_holds_every_service_whole(data_dir, tmp_path, capsys):
    out = tmp_path / "package"
    assert main(["--data-dir", str(data_dir), "export", "hsds", str(out), "--format", "datapackage"]) == 0
    assert "exported 4 services as HSDS datapackage (13 files" in capsys.readouterr().err
    desc, tables = _read_package(out)
    assert desc["profile"] == "tabular-data-package" and len(desc["resources"]) == 12
    _check_table_rules(desc, tables)
    rebuilt = _nest(desc, tables)
    assert [schema_errors(s) for s in rebuilt] == [[]] * len(RICH)
    assert rebuilt == json.loads(json.dumps(export_services(RICH, now=NOW)))
    res = map_services(
        [Item(f"[{i}]", s) for i, s in enumerate(rebuilt)],
        ImportContext(label="tab", source="package", today=date(2026, 12, 31)),
    )
    strip = lambda r: {k: v for k, v in r.items() if k not in ("id", "origin")}  # noqa: E731
    assert [strip(r) for r in res.records] == [strip(r) for r in RICH]


def test_ndjson_and_a_folder_format_together_are_refused(data_dir, tmp_path, capsys):
    out = tmp_path / "tree"
    assert main(["--data-dir", str(data_dir), "export", "hsds", str(out), "--ndjson", "--format", "api-tree"]) == 1
    assert "cannot go with --format api-tree" in capsys.readouterr().err and not out.exists()
    assert main(["--data-dir", str(data_dir), "export", "hsds", "-", "--format", "datapackage"]) == 1
    assert "is a folder: give its path" in capsys.readouterr().err
