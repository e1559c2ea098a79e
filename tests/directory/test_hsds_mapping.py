"""HSDS 3.0 -> vsd records: the official examples, and each mapping rule on its own."""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory.errors import InputError
from directory.hsds import (
    ImportContext,
    Item,
    TaxonomyMapping,
    extract_services,
    map_service,
    map_services,
    parse_hsds_bytes,
    zone_for_offset,
)
from directory.validate import validate
from tests.hsds_support import EXAMPLES, example, hsds_service

TODAY = date(2026, 11, 20)


def ctx(**kw) -> ImportContext:
    kw.setdefault("today", TODAY)
    return ImportContext(label=kw.pop("label", "test"), source=kw.pop("source", "/data/test.json"), **kw)


def one(svc, **kw):
    return map_service(Item("service", svc), ctx(**kw))


def record(svc, **kw):
    out = one(svc, **kw)
    assert out.status == "imported", out.problems
    return out.record


# -- the official examples ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["service_full.json", "organization_full.json", "service_at_location_full.json"])
def test_official_full_examples_import_with_their_fields(name):
    items = extract_services(example(name), name)
    res = map_services(items, ctx(today=date(2005, 1, 1), source=str(EXAMPLES / name)))
    assert [o.status for o in res.outcomes] == ["imported"]
    rec = res.records[0]
    assert rec["name"] == "Community Counselling"
    assert rec["aliases"] == ["MyCity Counselling Services"]
    assert rec["organization"] == "Example Organization Inc."
    assert rec["support_types"] == ["counselling"]  # the example's term is "name"; the service name says it
    assert (rec["min_age"], rec["max_age"]) == (12, 100)
    assert rec["countries"] == ["US"]  # from the location's address
    assert rec["area"] == "regional" and rec["region"] == "MyCity, MyState"
    assert rec["languages"] == ["ur"]
    assert rec["languages_note"].startswith("Interpretation services are available in Urdu, Polish, and Slovak")
    phone, web, email = rec["channels"]
    assert phone["kind"] == "phone" and phone["value"] == "+44 1234 234567"  # the example's quotes stripped
    assert phone["languages"] == ["ur"] and phone["label"].endswith("(ext. 100)")
    assert web == {"kind": "web", "value": "http://example.com/counselling"}
    assert email == {"kind": "email", "value": "email@example.com"}
    # The schedule is WEEKLY TH,FR 10:00-18:00 at UTC+3, valid on 2005-01-01 only.
    hours = rec["hours"]
    assert hours["timezone"] == "Etc/GMT-3"  # no US zone is at +3
    assert hours["weekly"] == [{"days": ["thu", "fri"], "opens": "10:00", "closes": "18:00"}]
    assert "restricted (weeks 41,42" in hours["note"]  # byweekno etc. cannot be shown: said, not hidden
    assert rec["free"] is False  # cost options of 35 GBP
    assert rec["last_verified"] == "2005-01-01" and rec["verification"] == "verified"  # assured
    assert rec["origin"].startswith("HSDS import 'test': ") and "ac148810-d857-441c-9679-408f346de14b" in rec["origin"]
    assert "Alert: Following COVID-19" in rec["notes"]
    assert validate(
        {"schema": "vsd.services/1", "version": 1, "generated_at": "2005-01-01T00:00:00Z", "services": res.records},
        today=date(2005, 1, 1),
    ).ok


def test_official_example_today_drops_the_expired_schedule_and_says_so():
    res = map_services(extract_services(example("service_full.json"), "f"), ctx())
    out = res.outcomes[0]
    assert out.status == "imported" and "hours" not in out.record
    assert any("valid until 2005-01-01; expired" in w for w in out.warnings)
    assert "Hours: The service is available from 10 am to 6pm weekdays" in out.record["notes"]


def test_official_service_list_is_a_listing_without_places_so_it_needs_a_country():
    items = extract_services(example("service_list.json"), "service_list.json")
    res = map_services(items, ctx())
    assert res.outcomes[0].status == "rejected"
    assert res.outcomes[0].problems == [
        "countries: no country: no service area or address names one; pass --country CC"
    ]
    assert res.outcomes[0].where.startswith('contents[0] "Community Counselling" (id ac148810')
    res = map_services(items, ctx(default_countries=["US"]))
    rec = res.records[0]
    assert rec["countries"] == ["US"] and rec["organization"] == "Example Organization Inc."
    assert rec["channels"] == [
        {"kind": "web", "value": "http://example.com/counselling"},
        {"kind": "email", "value": "email@example.com"},
    ]


def test_official_taxonomy_term_list_is_refused_clearly():
    with pytest.raises(InputError, match="list of HSDS taxonomy terms, not services"):
        extract_services(example("taxonomy_term_list.json"), "taxonomy_term_list.json")


# -- documents ----------------------------------------------------------------------------------


def test_documents_single_list_page_ndjson():
    a, b = hsds_service(1), hsds_service(2)
    assert len(extract_services(a, "x")) == 1
    assert len(extract_services([a, b], "x")) == 2
    assert len(extract_services({"contents": [a, b], "total_pages": 1}, "x")) == 2
    ndjson = (json.dumps(a) + "\n" + json.dumps(b) + "\n").encode()
    assert [s["id"] for s in parse_hsds_bytes(ndjson, "x")] == [a["id"], b["id"]]


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"<!DOCTYPE html><html><body>Login</body></html>", "this is HTML, not HSDS JSON"),
        (b'{"id": "a", "name": ', "invalid JSON at line 1"),
        (b'{"a": 1}\n{"b": ', "line 2: invalid JSON"),
    ],
)
def test_unreadable_documents(raw, message):
    with pytest.raises(InputError, match=message):
        parse_hsds_bytes(raw, "f.json")


@pytest.mark.parametrize(
    "doc, message",
    [
        ({"schema": "vsd.services/1", "services": []}, "vsd services file"),
        ({"foo": 1, "bar": 2}, "found an object with keys bar, foo"),
        ("text", "the document is a JSON string"),
    ],
)
def test_documents_that_are_not_hsds(doc, message):
    with pytest.raises(InputError, match=message):
        extract_services(doc, "f.json")


# -- rejections: which record, which field --------------------------------------------------------


def test_missing_required_and_wrong_types_name_record_and_field():
    items = extract_services(
        [
            {"id": "a1", "status": "active"},
            hsds_service(2, phones="+49 30 1234", minimum_age="twelve"),
            hsds_service(3, status="paused"),
            "not an object",
        ],
        "f.json",
    )
    res = map_services(items, ctx())
    assert [o.status for o in res.outcomes] == ["rejected"] * 4
    assert res.outcomes[0].where == "[0] (id a1)"
    assert res.outcomes[0].problems == ["name: missing (required)"]
    assert res.outcomes[1].where == '[1] "Beratungsstelle Nummer 2" (id 00000000-0000-4000-8000-000000000002)'
    assert set(res.outcomes[1].problems) == {
        'phones: expected an array, got string "+49 30 1234"',
        'minimum_age: expected a number, got string "twelve"',
    }
    assert res.outcomes[2].problems == ['status: "paused" is not one of active, defunct, inactive, temporarily closed']
    assert res.outcomes[3].problems == ["expected a service object, got string"]


def test_duplicate_hsds_ids_are_rejected():
    res = map_services(extract_services([hsds_service(1), hsds_service(1)], "f"), ctx())
    assert [o.status for o in res.outcomes] == ["imported", "rejected"]
    assert "duplicate HSDS id" in res.outcomes[1].problems[0]


def test_inactive_and_defunct_are_skipped_temporarily_closed_is_noted():
    res = map_services(
        extract_services(
            [
                hsds_service(1, status="inactive"),
                hsds_service(2, status="defunct"),
                hsds_service(3, status="temporarily closed"),
            ],
            "f",
        ),
        ctx(),
    )
    assert [o.status for o in res.outcomes] == ["skipped", "skipped", "imported"]
    assert res.outcomes[0].reason == "status inactive"
    assert res.records[0]["notes"].startswith("Temporarily closed")


# -- fields -------------------------------------------------------------------------------------


def test_complete_service_maps_every_field():
    rec = record(hsds_service(7))
    assert rec["id"].startswith("test-beratungsstelle-nummer-7-")
    assert rec["name"] == "Beratungsstelle Nummer 7" and rec["aliases"] == ["BS 7"]
    assert rec["description"] == "Beratung & Hilfe nach Gewalt, Stelle 7."  # HTML made plain text
    assert rec["organization"] == "Hilfe e.V."
    assert rec["support_types"] == ["domestic_violence"]
    assert rec["countries"] == ["DE"] and rec["area"] == "national" and "region" not in rec
    assert rec["languages"] == ["de", "tr"]  # deu -> de
    assert rec["channels"] == [
        {
            "kind": "phone",
            "value": "+49 30 40504050",
            "label": "Beratungstelefon",
            "languages": ["de"],
            "international": "+493040504050",
        },
        {"kind": "web", "value": "https://beratung7.example.org"},
        {"kind": "email", "value": "hilfe7@example.org"},
    ]
    assert rec["hours"] == {
        "timezone": "Europe/Berlin",
        "note": "Werktags",
        "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "17:00"}],
    }
    assert (rec["min_age"], rec["max_age"], rec["free"]) == (14, 27, True)
    assert (rec["last_verified"], rec["verification"]) == ("2026-10-01", "verified")
    assert rec["source"] == "/data/test.json"


def test_api_records_point_at_the_service_url():
    out = one(hsds_service(1), kind="api", source="https://api.example.org/hsds")
    sid = hsds_service(1)["id"]
    assert out.record["source"] == f"https://api.example.org/hsds/services/{sid}"
    assert out.record["origin"] == f"HSDS import 'test': https://api.example.org/hsds/services/{sid}"


def test_unassured_is_unverified_dated_by_last_modified_else_date_unknown():
    rec = record(hsds_service(1, assured_date=None))
    assert (rec["verification"], rec["last_verified"]) == ("unverified", "2026-10-01")
    out = one(hsds_service(1, assured_date=None, last_modified=None))
    assert out.record["verification"] == "unverified" and "last_verified" not in out.record  # never today
    assert "no date in the source: last verified shown as 'date unknown'" in out.tallies
    out = one(hsds_service(1, assured_date="2031-01-01"))
    assert out.record["verification"] == "unverified"
    assert "assured_date: 2031-01-01 is in the future; ignored" in out.warnings


@pytest.mark.parametrize(
    "phone, expected, warning",
    [
        (
            {"number": '"+49 30 40504050"'},
            {"kind": "phone", "value": "+49 30 40504050", "international": "+493040504050"},
            None,
        ),
        ({"number": "tel:116006", "type": "cell"}, {"kind": "phone", "value": "116006"}, None),
        (
            {"number": "+49 151 23456789", "type": "text"},
            {"kind": "sms", "value": "+49 151 23456789", "international": "+4915123456789"},
            None,
        ),
        (
            {"number": "030 40504050", "type": "textphone"},
            {"kind": "phone", "value": "030 40504050", "label": "Textphone", "international": "+493040504050"},
            None,
        ),
        (
            {"number": "+49 30 40504050", "extension": 12},
            {"kind": "phone", "value": "+49 30 40504050", "label": "ext. 12", "international": "+493040504050"},
            None,
        ),
        ({"number": "+49 30 40504051", "type": "fax"}, None, "fax number +49 30 40504051 not imported"),
        ({"number": "12"}, None, '"12" is not a valid phone number for DE; not imported'),
    ],
)
def test_phones(phone, expected, warning):
    out = one(hsds_service(1, url=None, email=None, phones=[{"id": "p", **phone}]))
    assert out.status == "imported", out.problems
    assert out.record["channels"] == ([expected] if expected else [])
    if warning:
        assert any(warning in w for w in out.warnings), out.warnings


def test_national_number_valid_in_one_of_several_countries_is_pinned_to_it():
    svc = hsds_service(
        1,
        url=None,
        email=None,
        phones=[{"id": "p", "number": "030 40504050"}],
        service_areas=[{"id": "a", "name": "Germany"}, {"id": "b", "name": "Austria"}],
    )
    rec = record(svc)
    assert rec["countries"] == ["DE", "AT"] and rec["area"] == "international"
    assert rec["channels"] == [
        {"kind": "phone", "value": "030 40504050", "country": "DE", "international": "+493040504050"}
    ]


def test_location_phones_and_virtual_locations_are_channels():
    svc = hsds_service(
        1,
        phones=[],
        service_at_locations=[
            {
                "id": "s1",
                "phones": [{"id": "p1", "number": "116 006"}],
                "location": {
                    "id": "l1",
                    "location_type": "physical",
                    "addresses": [
                        {
                            "id": "a",
                            "address_1": "x",
                            "city": "Köln",
                            "state_province": "NRW",
                            "postal_code": "1",
                            "country": "DEU",
                            "address_type": "physical",
                        }
                    ],
                },
            },
            {
                "id": "s2",
                "location": {
                    "id": "l2",
                    "location_type": "virtual",
                    "url": "https://chat.example.org",
                    "name": "Online chat",
                },
            },
        ],
    )
    rec = record(svc)
    assert rec["channels"][0] == {"kind": "phone", "value": "116 006"}
    assert {"kind": "web", "value": "https://chat.example.org", "label": "Online chat"} in rec["channels"]
    assert rec["countries"] == ["DE"]


@pytest.mark.parametrize(
    "languages, expected",
    [
        ([{"id": "1", "code": "en-GB"}], ["en"]),
        ([{"id": "1", "code": "ger"}], ["de"]),  # ISO 639-2/B
        ([{"id": "1", "code": "ckb"}], ["ckb"]),  # 639-3 only
        ([{"id": "1", "name": "Polish"}], ["pl"]),
        ([{"id": "1", "code": "xx"}, {"id": "2", "code": "uk"}], ["uk"]),
    ],
)
def test_languages(languages, expected):
    assert record(hsds_service(1, languages=languages))["languages"] == expected


def sched(**kw):
    return {"id": "s", "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "17:00", **kw}


@pytest.mark.parametrize(
    "schedules, hours",
    [
        (
            [sched(timezone=1)],
            {"timezone": "Europe/Berlin", "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "17:00"}]},
        ),
        (
            [sched(opens_at="09:00:00+02:00", closes_at="17:00:00+02:00")],
            {"timezone": "Europe/Berlin", "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "17:00"}]},
        ),
        (
            [sched(opens_at="08:00Z", closes_at="16:00Z")],
            {"timezone": "Etc/UTC", "weekly": [{"days": ["mon"], "opens": "08:00", "closes": "16:00"}]},
        ),
        (
            [sched(byday="FR,SA", opens_at="22:00", closes_at="02:00")],
            {"timezone": "Europe/Berlin", "weekly": [{"days": ["fri", "sat"], "opens": "22:00", "closes": "02:00"}]},
        ),
        (
            [sched(byday="MO,TU,WE,TH,FR,SA,SU", opens_at="00:00", closes_at="23:59")],
            {"timezone": "Europe/Berlin", "always_open": True},
        ),
        (
            [
                sched(byday="MO,WE", opens_at="09:00", closes_at="12:00"),
                sched(byday="FR", opens_at="09:00", closes_at="12:00"),
            ],
            {
                "timezone": "Europe/Berlin",
                "weekly": [{"days": ["mon", "wed", "fri"], "opens": "09:00", "closes": "12:00"}],
            },
        ),
        (
            [sched(dtstart="2026-11-17", byday=None)],
            {"timezone": "Europe/Berlin", "weekly": [{"days": ["tue"], "opens": "09:00", "closes": "17:00"}]},
        ),  # no byday: dtstart's weekday
    ],
)
def test_schedules(schedules, hours):
    assert record(hsds_service(1, schedules=schedules))["hours"] == hours


@pytest.mark.parametrize(
    "schedule, warning",
    [
        (sched(freq="MONTHLY", byday="1MO"), "MONTHLY schedules cannot be shown as weekly hours"),
        (sched(valid_to="2020-01-01"), "expired"),
        (sched(valid_from="2027-06-01"), "not in effect yet"),
        (sched(opens_at="banana"), '"banana" is not a time of day'),
        (sched(byday="Monday"), "is not a list of weekdays"),
        (sched(opens_at=None), "no opens_at/closes_at"),
        (sched(timezone=5.75), "no time zone with UTC offset 5.75"),
    ],
)
def test_schedules_vsd_cannot_show_are_left_out_with_a_warning(schedule, warning):
    out = one(hsds_service(1, schedules=[schedule]))
    assert out.status == "imported" and "hours" not in out.record
    assert any(warning in w for w in out.warnings), out.warnings


def test_schedule_without_time_zone_in_a_many_zone_country_is_left_out_or_the_given_zone():
    svc = hsds_service(1, service_areas=[{"id": "a", "name": "United States"}], phones=[], schedules=[sched()])
    out = one(svc)
    assert "hours" not in out.record  # never silently UTC
    assert any("none given, and no location, address or single-zone country says one" in w for w in out.warnings)
    assert out.tallies == ["hours left out: no time zone given or found (pass --timezone ZONE)"]
    assert one(svc, default_timezone="America/Chicago").record["hours"]["timezone"] == "America/Chicago"
    assert zone_for_offset(-5, ["US"], 2026) == "America/New_York"


def test_service_areas_and_addresses_give_countries_area_and_region():
    rec = record(
        hsds_service(
            1,
            service_areas=[
                {"id": "a", "name": "Cook County"},
                {"id": "b", "name": "x", "uri": "https://www.iso.org/obp/ui/#iso:code:3166:US"},
            ],
            phones=[],
            schedules=[],
        )
    )
    assert (rec["countries"], rec["area"], rec["region"]) == (["US"], "regional", "Cook County")
    rec = record(hsds_service(1, service_areas=[], phones=[], schedules=[]), default_countries=["FR"])
    assert (rec["countries"], rec["area"]) == (["FR"], "regional")
    rec = record(
        hsds_service(1, service_areas=[], phones=[], schedules=[]), default_countries=["FR"], default_area="national"
    )
    assert rec["area"] == "national"


def test_ages_out_of_range():
    out = one(hsds_service(1, minimum_age=0, maximum_age=999))
    assert out.record["min_age"] == 0 and "max_age" not in out.record
    assert "maximum_age: 999 read as no upper age limit" in out.warnings
    out = one(hsds_service(1, minimum_age=30, maximum_age=20))
    assert "min_age" not in out.record and "max_age" not in out.record


@pytest.mark.parametrize(
    "fees, free",
    [
        ({"fees_description": "Free"}, True),
        ({"fees_description": "No charge for survivors."}, True),
        ({"fees_description": "£20 per session"}, False),
        ({"fees_description": "Free for under-18s; adults pay a fee"}, None),
        ({"fees_description": None, "cost_options": [{"id": "c", "amount": 0}]}, True),
        ({"fees_description": "Free", "cost_options": [{"id": "c", "amount": 35}]}, False),
        ({"fees_description": None}, None),
    ],
)
def test_fees_to_free(fees, free):
    rec = record(hsds_service(1, **fees))
    assert rec.get("free") == free


# -- support types ------------------------------------------------------------------------------


def term(name, **kw):
    return {"id": "a", "taxonomy_term": {"id": "t", "name": name, "description": name, **kw}}


@pytest.mark.parametrize(
    "attributes, types, audiences",
    [
        ([term("Domestic Violence Shelters")], ["domestic_violence", "shelter"], None),
        ([term("Rape Crisis Centers"), term("Teens")], ["sexual_violence"], ["young_people"]),
        ([term("Legal Services for Trafficking Survivors")], ["trafficking", "legal_aid"], None),  # patterns
        ([term("x", code="child_helpline", taxonomy="vsd support types")], ["child_helpline"], None),
    ],
)
def test_taxonomy_terms_map_through_the_table(attributes, types, audiences):
    rec = record(hsds_service(1, attributes=attributes))
    assert rec["support_types"] == types
    assert rec.get("audiences") == audiences


def test_unmapped_terms_fall_back_to_the_name_then_the_default_then_reject():
    svc = hsds_service(
        1, name="Opferhilfe Victim Support Köln", alternate_name=None, attributes=[term("Food Pantries")]
    )
    out = one(svc)
    assert out.record["support_types"] == ["victim_support"]
    assert any('not in the mapping table: "Food Pantries"' in w for w in out.warnings)
    plain = hsds_service(1, name="Stadtteilzentrum", alternate_name=None, attributes=[term("Food Pantries")])
    assert one(plain, default_types=["counselling"]).record["support_types"] == ["counselling"]
    out = one(plain)
    assert out.status == "rejected"
    assert out.problems == [
        'support_types: no support type: its taxonomy terms ("Food Pantries") are not in the '
        "mapping table and neither its name nor its description names a kind of help; add the terms to "
        "hsds_taxonomy.json or pass --type CODE"
    ]


def test_mapping_table_extension_wins_and_bad_tables_are_refused(tmp_path):
    extra = tmp_path / "mine.json"
    extra.write_text(
        json.dumps(
            {
                "codes": {"AIRS:BH-1800.1500-100": ["shelter", "domestic_violence"]},
                "names": {"Food Pantries": ["victim_support"]},
            }
        )
    )
    mapping = TaxonomyMapping.load([extra])
    assert mapping.term({"code": "BH-1800.1500-100", "taxonomy": "AIRS", "name": "?"}) == (
        ["shelter", "domestic_violence"],
        [],
    )
    svc = hsds_service(1, name="Stadtteilzentrum", attributes=[term("Food Pantries")])
    assert one(svc, mapping=mapping).record["support_types"] == ["victim_support"]
    for bad, msg in [
        ({"names": {"x": ["nope"]}}, "unknown support type"),
        ({"colours": {}}, "unknown key"),
        ({"patterns": [{"pattern": "(", "support_types": []}]}, "bad regular expression"),
        ({"audiences": {"kids": "kiddos"}}, "is not one of"),
    ]:
        extra.write_text(json.dumps(bad))
        with pytest.raises(InputError, match=msg):
            TaxonomyMapping.load([extra])


def test_stable_ids_across_reimports():
    first = map_services(extract_services([hsds_service(1)], "f"), ctx())
    rid = first.records[0]["id"]
    renamed = map_services(
        extract_services([hsds_service(1, name="Neuer Name")], "f"), ctx(), existing_ids={hsds_service(1)["id"]: rid}
    )
    assert renamed.records[0]["id"] == rid


def test_escape_sequences_and_bidi_overrides_never_reach_a_record_or_a_message():
    evil = "\x1b[31mRed\x1b[0m \u202eevil"
    svc = hsds_service(
        1,
        name=evil,
        alternate_name=evil,
        url="https://x.example.org/\x1b[2J",
        phones=[{"id": "p", "number": "\x1b]0;pwn\x07+49 30 40504050", "description": evil}],
        attributes=[
            {
                "id": "a",
                "taxonomy_term": {
                    "id": "t",
                    "code": "notes",
                    "name": "notes",
                    "description": "-",
                    "taxonomy": "vsd fields",
                },
                "value": evil,
            },
            *hsds_service(1)["attributes"],
        ],
    )
    out = one(svc)
    text = json.dumps(out.record, ensure_ascii=False) + " ".join(out.warnings) + out.where
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert out.record["name"] == "[31mRed[0m evil"
