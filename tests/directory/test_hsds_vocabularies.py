"""HSDS as 211s and consortia publish it: AIRS/211 codes and esd URIs, descriptions without terms, 12-hour
times, zones from places, language names, HTML, missing dates and national phone numbers."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest

from directory import hsds, presentation
from directory.bundled import schema_path
from directory.compat import to_v1
from directory.errors import InputError
from directory.hsds import ImportContext, Item, TaxonomyMapping, extract_services, map_service, map_services, to_hsds
from directory.hsds.classification import INFERRED_FROM_DESCRIPTION, TAKEN_FROM_NAME, infer_from_text
from directory.hsds.languages import normalize_language
from directory.hsds.schedules import parse_time
from directory.hsds.text import clean_text
from directory.validate import validate
from tests.hsds_support import FIXTURES, hsds_service, schema_errors

TODAY = date(2026, 11, 20)
DV = FIXTURES / "dv_consortium"
MAPPING = TaxonomyMapping.load()


def ctx(**kw) -> ImportContext:
    kw.setdefault("today", TODAY)
    return ImportContext(label="test", source="/data/test.json", **kw)


def one(svc, **kw):
    return map_service(Item("service", svc), ctx(**kw))


def fixture(name: str) -> list[dict]:
    return json.loads((DV / name).read_text(encoding="utf-8"))


def import_fixture(name: str, **kw):
    return map_services(extract_services(fixture(name), name), ctx(**kw))


# -- the DV-consortium-style fixture: descriptions, no terms --------------------------------------------


def test_the_fixture_is_hsds_30_with_no_terms_and_no_dates():
    services = fixture("services.json")
    assert len(services) == 18
    assert [e for s in services for e in schema_errors(s)] == []
    assert not any("attributes" in s or "assured_date" in s or "last_modified" in s for s in services)


def test_at_least_17_of_18_consortium_records_import_with_an_inferred_type():
    res = import_fixture("services.json")
    inferred = [o for o in res.imported if {INFERRED_FROM_DESCRIPTION, TAKEN_FROM_NAME} & set(o.tallies)]
    assert len(inferred) == len(res.imported) == 17
    assert sum(INFERRED_FROM_DESCRIPTION in o.tallies for o in res.imported) >= 14  # most by description alone
    # the one that says no kind of help is refused, not guessed
    (refused,) = res.rejected
    assert "Neighbors United for Tenant Justice" in refused.where
    assert "neither its name nor its description names a kind of help" in refused.problems[0]
    by_name = {r["name"]: r for r in res.records}
    assert by_name["Casa Aurora (fixture)"]["support_types"] == ["domestic_violence", "counselling", "shelter"]
    assert by_name["Golden Gate Survivors Project (fixture)"]["support_types"] == ["domestic_violence", "legal_aid"]
    assert by_name["Lotus Family Safety Center (fixture)"]["support_types"] == [
        "trafficking",
        "domestic_violence",
        "shelter",
    ]
    assert all("emergency" not in r["support_types"] for r in res.records)  # "Emergency shelter" is a shelter
    # said on the record and in the summary
    casa = by_name["Casa Aurora (fixture)"]
    assert casa["notes"] == (
        "Support type inferred from the description (not from taxonomy terms): Domestic violence, Counselling, Shelter."
    )
    assert "16 services: support type inferred from the description" in res.summary_notes()
    ok = validate(
        {"schema": "vsd.services/2", "version": 1, "generated_at": "2026-11-20T00:00:00Z", "services": res.records},
        today=TODAY,
    )
    assert ok.ok, ok.problems


def test_consortium_records_get_california_hours_languages_phones_and_no_date():
    res = import_fixture("services.json")
    by_name = {r["name"]: r for r in res.records}
    # every location is in San Francisco: coordinates (or, for the one without, the state) give the zone
    assert {r["hours"]["timezone"] for r in res.records} == {"America/Los_Angeles"}
    assert by_name["Casa Aurora (fixture)"]["hours"] == {"timezone": "America/Los_Angeles", "always_open": True}
    assert by_name["Rainbow Community Safety Project (fixture)"]["hours"]["weekly"] == [
        {"days": ["tue", "wed", "thu"], "opens": "12:00", "closes": "20:00"}  # "noon" - "8 p.m."
    ]
    assert by_name["Bayview Sisters Circle (fixture)"]["hours"]["weekly"][0]["opens"] == "09:30"  # "9.30"
    assert by_name["Lotus Family Safety Center (fixture)"]["languages"] == ["yue", "zh", "vi", "tl", "ko"]
    assert by_name["Deaf Survivors Access Line (fixture)"]["languages"] == ["ase", "en"]
    assert by_name["Harbor Legal Aid Society (fixture)"]["languages"] == ["en", "es", "fa"]
    assert by_name["Casa Aurora (fixture)"]["channels"] == [
        {"kind": "phone", "value": "(415) 555-0101", "international": "+14155550101"}
    ]
    assert all("last_verified" not in r and r["verification"] == "unverified" for r in res.records)
    assert by_name["Youth Harbor Drop-In (fixture)"]["description"].startswith(
        "Crisis counseling, shelter referrals and healthy-relationship workshops for youth. Ages 12 < 18;"
    )


def test_211_emergency_services_never_becomes_the_emergency_number():
    res = import_fixture("emergency_services.json")
    assert all("emergency" not in (o.record or {}).get("support_types", []) for o in res.outcomes)
    food, utility, shelter = res.outcomes
    assert food.status == utility.status == "rejected"  # food and bills: no kind of help vsd has
    assert not any("not in the mapping table" in w for w in food.warnings)  # the term is known: it names none
    assert shelter.record["support_types"] == ["domestic_violence", "shelter"]
    # with --type, a 211 EMERGENCY SERVICES record still gets the type asked for, never emergency
    forced = import_fixture("emergency_services.json", default_types=["victim_support"])
    assert [o.record["support_types"] for o in forced.imported][:2] == [["victim_support"], ["victim_support"]]


# -- the mapping table ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "term, types",
    [
        ({"code": "RP-1500.1400-200", "name": "Domestic Violence Hotlines"}, ["domestic_violence"]),
        ({"code": "RP-1500.1400-200.10", "name": "?"}, ["domestic_violence"]),  # a child: its listed parent
        ({"code": "BH-1800.1500-100", "taxonomy": "AIRS", "name": "?"}, ["domestic_violence", "shelter"]),
        ({"code": "RP-1500.1400-750", "name": "?"}, ["sexual_violence"]),
        ({"code": "RP-1500.1400-300", "name": "?"}, ["trafficking"]),
        ({"code": "RP-1500.1400-150", "name": "?"}, ["child_helpline"]),
        ({"code": "RP-1500.1400-700", "name": "?"}, ["child_helpline"]),
        ({"code": "FT-3375", "name": "?"}, ["trafficking", "legal_aid"]),
        ({"code": "FN-1900.2500", "name": "?"}, ["victim_support"]),
        ({"code": "JR-6000", "name": "911"}, ["emergency"]),
        ({"code": "BD-1800.2000", "name": "Emergency Food"}, []),
        ({"code": "FN-1500.9100-180", "name": "Domestic Violence Intervention Programs"}, []),  # for perpetrators
        ({"name": "EMERGENCY SERVICES"}, []),
        ({"name": "Emergency Services", "code": "ES"}, []),
        ({"term_uri": "https://id.esd.org.uk/service/163/", "name": "?"}, ["counselling"]),
        ({"term_uri": "http://id.esd.org.uk/service/308", "name": "?"}, ["legal_aid"]),
        ({"code": "esdServiceType:163", "name": "?"}, ["counselling"]),
        ({"name": "Rape Victim Counseling"}, ["sexual_violence", "victim_support", "counselling"]),  # patterns
        ({"name": "Human Trafficking Hotlines"}, ["trafficking"]),
    ],
)
def test_airs_codes_esd_uris_and_names(term, types):
    assert MAPPING.term(term)[0] == types


def test_known_terms_that_name_no_kind_are_not_reported_as_unknown():
    assert MAPPING.knows({"name": "emergency services"}) and MAPPING.knows({"code": "BD-1800"})
    assert not MAPPING.knows({"code": "LD-1700", "name": "Emergency Rooms"})


def test_every_row_of_the_shipped_table_cites_a_source():
    table = json.loads((Path(hsds.__file__).parent / "hsds_taxonomy.json").read_text(encoding="utf-8"))
    sources = set(table["sources"])
    for section in ("codes", "term_uris"):
        for key, entry in table[section].items():
            assert isinstance(entry, dict) and entry["source"] in sources and entry["name"], key
    for key, entry in table["names"].items():
        assert isinstance(entry, list) or entry["source"] in sources, key  # a bare list is the older 'vsd' form
    assert all(
        not any(t == "emergency" for t in e["support_types"]) for k, e in table["codes"].items() if k != "JR-6000"
    )


def test_a_mapping_row_citing_an_unknown_source_is_refused(tmp_path):
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({"codes": {"X-1": {"support_types": ["shelter"], "source": "nowhere"}}}))
    with pytest.raises(InputError, match='source "nowhere" is not one of "sources"'):
        TaxonomyMapping.load([extra])
    extra.write_text(json.dumps({"description": {"never": ["nope"]}}))
    with pytest.raises(InputError, match="unknown support type"):
        TaxonomyMapping.load([extra])


# -- descriptions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, types",
    [
        ("Shelter and advocacy for survivors of domestic violence.", ["domestic_violence", "shelter"]),
        ("Emergency shelters for families.", ["shelter"]),  # plural; and "emergency" is never inferred
        ("If you are in danger, call 911. Emergency services are available.", []),
        ("Our hotline takes calls from victims.", []),  # loose single words say nothing
        ("Visit us at 1522 Mission Street, suite 3919.", []),  # numbers are not help lines
        ("Counseling for teens who survived sexual assault.", ["sexual_violence", "counselling"]),
        ("Beratung und Schutz im Frauenhaus für Frauen.", ["shelter"]),
        ("가정폭력 피해자 상담", ["domestic_violence"]),
        ("Community organizing on tenants' rights.", []),
    ],
)
def test_infer_from_text(text, types):
    assert infer_from_text(text, MAPPING.description) == types


def test_terms_win_over_the_description_and_vsd_exports_are_never_guessed():
    svc = hsds_service(1, description="Emergency shelter for survivors of trafficking.")
    out = one(svc)  # hsds_service's term maps: the description is not read
    assert out.record["support_types"] == ["domestic_violence"]
    assert not {INFERRED_FROM_DESCRIPTION, TAKEN_FROM_NAME} & set(out.tallies)


# -- times -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, closing, expected",
    [
        ("4:00 PM", False, "16:00"),
        ("3pm", False, "15:00"),
        ("9.30", False, "09:30"),
        ("9.30 a.m.", False, "09:30"),
        ("noon", False, "12:00"),
        ("Midnight", False, "00:00"),
        ("midnight", True, "24:00"),
        ("12am", False, "00:00"),
        ("12 PM", False, "12:00"),
        ("17:45", False, "17:45"),
        ("13pm", False, None),
        ("0pm", False, None),
        ("25:00", False, None),
        ("9", False, None),
        ("banana", False, None),
        ("", False, None),
    ],
)
def test_parse_time(text, closing, expected):
    got = parse_time(text, closing=closing)
    assert (got[0] if got else None) == expected


def sched(**kw):
    return {"id": "s", "freq": "WEEKLY", "byday": "MO", "opens_at": "9:00 AM", "closes_at": "5:00 PM", **kw}


def california(**loc):
    location = {
        "id": "l",
        "location_type": "physical",
        "addresses": [
            {
                "id": "a",
                "address_1": "x",
                "city": "San Mateo",
                "state_province": loc.pop("state", "CA"),
                "postal_code": "94401",
                "country": "US",
                "address_type": "physical",
            }
        ],
        **loc,
    }
    return {"service_areas": [], "phones": [], "service_at_locations": [{"id": "sal", "location": location}]}


def test_a_california_service_with_coordinates_gets_los_angeles_hours_not_utc():
    svc = hsds_service(1, schedules=[sched()], **california(latitude=37.563, longitude=-122.322))
    out = one(svc, default_timezone="Europe/Berlin")  # the place wins over --timezone
    assert out.record["hours"] == {
        "timezone": "America/Los_Angeles",
        "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "17:00"}],
    }
    assert "hours read in local time, the zone taken from the location's coordinates" in out.tallies
    # a UTC offset is read in the place's zone when it fits it
    offset = one(hsds_service(1, schedules=[sched(timezone=-8)], **california(latitude=37.563, longitude=-122.322)))
    assert offset.record["hours"]["timezone"] == "America/Los_Angeles"


def test_zone_from_the_state_else_timezone_option_else_hours_left_out():
    assert (
        one(hsds_service(1, schedules=[sched()], **california(state="California"))).record["hours"]["timezone"]
        == "America/Los_Angeles"
    )
    texas = hsds_service(1, schedules=[sched()], **california(state="TX"))  # Texas keeps two times
    out = one(texas)
    assert "hours" not in out.record and out.status == "imported"
    assert out.tallies[-1] == "hours left out: no time zone given or found (pass --timezone ZONE)"
    assert one(texas, default_timezone="America/Chicago").record["hours"]["timezone"] == "America/Chicago"
    # coordinates outside the service's country are not used
    bad = one(hsds_service(1, schedules=[sched()], **california(state="TX", latitude=0, longitude=0)))
    assert "hours" not in bad.record and any("is not in US; not used" in w for w in bad.warnings)


def test_nonsense_times_are_refused_clearly():
    out = one(hsds_service(1, schedules=[sched(closes_at="13pm")]))
    assert "hours" not in out.record
    assert any('"13pm" is not a time of day' in w for w in out.warnings)


# -- languages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, name, expected",
    [
        (None, "Cantonese", "yue"),
        (None, "Mandarin", "zh"),  # vsd writes Chinese as zh
        (None, "Chinese (Mandarin)", "zh"),
        (None, "Farsi", "fa"),
        (None, "Punjabi", "pa"),
        (None, "español", "es"),
        (None, "ASL", "ase"),
        ("ASL", None, "ase"),  # never Asilulu (asl)
        ("asl", None, "ase"),
        (None, "American Sign Language", "ase"),
        (None, "BSL", "bfi"),
        (None, "British Sign Language", "bfi"),
        ("EN", None, "en"),
        ("ckb", None, "ckb"),
        (None, "Not a language at all", None),
    ],
)
def test_language_names_and_codes(code, name, expected):
    assert normalize_language(code, name) == expected


def test_languages_of_a_service_by_name():
    langs = [{"id": str(i), "name": n} for i, n in enumerate(["Cantonese", "ASL", "Farsi", "español"])]
    assert one(hsds_service(1, languages=langs)).record["languages"] == ["yue", "ase", "fa", "es"]


# -- text ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, text",
    [
        ("Ages 5 < 18", "Ages 5 < 18"),
        ("<p>Beratung &amp; Hilfe</p><p>nach Gewalt</p>", "Beratung & Hilfe nach Gewalt"),
        ("ok<script>alert(1)</script>", "ok"),
        ("red &#27;[31malert", "red [31malert"),  # an escape written as an entity is still dropped
        ("a &#x202e;evil", "a evil"),  # and a bidi override
        ("<b onclick='x'>bold</b> 5 <18", "bold 5 <18"),
    ],
)
def test_html_is_stripped_by_a_sanitiser_and_text_stays_text(raw, text):
    assert clean_text(raw) == text


def test_description_keeps_a_less_than_sign():
    rec = one(hsds_service(1, description="<p>For young people.</p> Ages 5 < 18")).record
    assert rec["description"] == "For young people. Ages 5 < 18"


# -- dates -----------------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def undated():
    out = one(hsds_service(1, assured_date=None, last_modified=None))
    assert out.status == "imported"
    return out.record


def test_no_date_is_date_unknown_in_the_schema_presentation_and_export():
    rec = undated()
    assert "last_verified" not in rec
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    env = {"schema": "vsd.services/2", "version": 1, "generated_at": "2026-11-20T00:00:00Z", "services": [rec]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(env)) == []
    ver = presentation.verification(rec, NOW)
    assert ver.text.startswith("unverified, date unknown") and ver.warn
    assert str(TODAY) not in ver.text
    hsds = to_hsds(rec, now=NOW)
    assert "last_modified" not in hsds and "assured_date" not in hsds
    assert schema_errors(hsds) == []


def test_a_v1_client_never_gets_a_record_without_a_date():
    dated = copy.deepcopy(undated()) | {"id": "dated-one", "last_verified": "2026-01-01"}
    env = {"schema": "vsd.services/2", "version": 1, "generated_at": "2026-11-20T00:00:00Z"}
    old = to_v1(env | {"services": [undated(), dated]})
    schema_v1 = json.loads((schema_path().parent / "schema_v1.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in old["services"]] == ["dated-one"]
    assert list(jsonschema.Draft202012Validator(schema_v1).iter_errors(old)) == []


# -- phones ----------------------------------------------------------------------------------------------


def test_phones_get_their_international_form_from_the_service_country():
    svc = hsds_service(1, url=None, email=None, **california())
    svc["phones"] = [{"id": "p", "number": "(415) 555-0101"}]
    assert one(svc).record["channels"] == [
        {"kind": "phone", "value": "(415) 555-0101", "international": "+14155550101"}
    ]
    short = one(hsds_service(1, url=None, email=None, phones=[{"id": "p", "number": "116 006"}]))
    assert short.record["channels"] == [{"kind": "phone", "value": "116 006"}]  # short: no international form


# -- as a user -------------------------------------------------------------------------------------------


def test_the_import_summary_says_what_was_inferred_and_search_finds_it(tmp_path, capsys, monkeypatch):
    from directory import Directory
    from tui.cli import main

    monkeypatch.setenv("COLUMNS", "140")
    data = str(tmp_path / "data")
    src = str(DV / "services.json")
    assert main(["--data-dir", data, "import", "hsds", src, "--name", "dv", "--skip-invalid"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "imported 17, skipped 0 (inactive/defunct), rejected 1; 'dv' now has 17 services (full import)" in out
    assert "  16 services: support type inferred from the description" in out
    assert "  17 services: no date in the source: last verified shown as 'date unknown'" in out
    hits = Directory.open(data).search(country="US", language="yue")
    assert {h.service["name"] for h in hits} >= {"Lotus Family Safety Center (fixture)"}
