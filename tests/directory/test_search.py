"""Search through the public API, on a small hand-made directory that passes validation."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

from directory import Directory, Hit  # noqa: E402
from directory.errors import InputError  # noqa: E402
from directory.validate import validate  # noqa: E402
from tui.cli import main  # noqa: E402


def svc(id, name, countries, types, *, area="national", **kw):
    rec = {
        "id": id,
        "name": name,
        "support_types": types,
        "countries": countries,
        "area": area,
        "channels": kw.pop("channels", []),
        "source": "https://example.org/listing",
        "last_verified": "2024-05-01",
        "verification": "verified",
    }
    rec.update(kw)
    return rec


FIXTURE = {
    "schema": "vsd.services/1",
    "version": 3,
    "generated_at": "2024-05-01T00:00:00Z",
    "services": [
        svc(
            "de-112",
            "Notruf 112",
            ["DE"],
            ["emergency"],
            name_en="Emergency number 112",
            channels=[{"kind": "phone", "value": "112"}],
            languages=["de", "en"],
            hours={"timezone": "Europe/Berlin", "always_open": True},
        ),
        svc(
            "de-nummer-gegen-kummer-116111",
            "Nummer gegen Kummer – Kinder- und Jugendtelefon",
            ["DE"],
            ["child_helpline", "counselling"],
            name_en="Number against Sorrow – child and youth helpline",
            aliases=["Kinder- und Jugendtelefon"],
            organization="Nummer gegen Kummer e.V.",
            languages=["de"],
            channels=[{"kind": "phone", "value": "116 111"}],
            hours={
                "timezone": "Europe/Berlin",
                "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "opens": "14:00", "closes": "20:00"}],
            },
        ),
        svc(
            "de-weisser-ring",
            "Weisser Ring Opfer-Telefon",
            ["DE"],
            ["victim_support"],
            name_en="White Ring victim helpline",
            organization="WEISSER RING e.V.",
            languages=["de"],
            channels=[{"kind": "phone", "value": "116 006"}],
            hours={
                "timezone": "Europe/Berlin",
                "weekly": [
                    {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "07:00", "closes": "22:00"}
                ],
            },
        ),
        svc(
            "cz-bily-kruh-bezpeci",
            "Bílý kruh bezpečí",
            ["CZ"],
            ["victim_support"],
            name_en="White Circle of Safety",
            languages=["cs"],
            channels=[{"kind": "phone", "value": "116 006"}],
            hours={"timezone": "Europe/Prague", "always_open": True},
        ),
        svc(
            "ua-la-strada-child-116111",
            "Національна дитяча гаряча лінія",
            ["UA"],
            ["child_helpline"],
            name_en="National Child Hotline",
            organization="Ла Страда-Україна",
            languages=["uk", "ru"],
            channels=[{"kind": "phone", "value": "116 111"}],
            hours={
                "timezone": "Europe/Kyiv",
                "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "22:00", "closes": "02:00"}],
            },
        ),
        svc(
            "pl-116111",
            "Telefon zaufania dla dzieci i młodzieży 116 111",
            ["PL"],
            ["child_helpline"],
            name_en="Helpline for children and young people",
            languages=["pl", "uk"],
            channels=[{"kind": "phone", "value": "116 111"}],
            hours={"timezone": "Europe/Warsaw", "always_open": True},
        ),
        svc(
            "gb-childline",
            "Childline",
            ["GB"],
            ["child_helpline"],
            languages=["en"],
            channels=[{"kind": "phone", "value": "0800 1111"}],
            hours={"timezone": "Europe/London", "always_open": True},
        ),
        svc(
            "int-inhope",
            "INHOPE",
            ["DE", "CZ", "GB", "PL", "UA"],
            ["csam_reporting"],
            area="international",
            name_en="INHOPE – International Association of Internet Hotlines",
            languages=["en"],
            channels=[{"kind": "report", "value": "https://www.inhope.org/"}],
        ),
        svc(
            "gr-hamogelo",
            "Το Χαμόγελο του Παιδιού",
            ["GR"],
            ["child_helpline", "missing_children"],
            name_en="The Smile of the Child",
            languages=["el", "en"],
            channels=[{"kind": "phone", "value": "116 111"}],
        ),
    ],
}


def test_fixture_is_valid():
    report = validate(FIXTURE)
    assert report.ok, report.problems


@pytest.fixture(scope="module")
def d():
    return Directory.from_envelope(FIXTURE)


def test_api_shape(d):
    assert d.version == 3
    assert d.generated_at == "2024-05-01T00:00:00Z"
    assert len(d.services) == len(FIXTURE["services"])
    assert d.by_id("gb-childline")["name"] == "Childline"
    assert d.by_id("nope") is None
    hits = d.search("childline")
    assert hits and isinstance(hits[0], Hit)
    assert hits[0].service["id"] == "gb-childline"
    assert isinstance(hits[0].score, float) and isinstance(hits[0].matched, tuple)


def test_filters_without_text(d):
    hits = d.search(country="DE")
    ids = [h.service["id"] for h in hits]
    assert ids[0] == "de-112"
    assert "gr-hamogelo" not in ids


def test_open_now(d):
    # Wednesday 2024-05-15 23:30 in Kyiv (20:30 UTC): the Ukrainian line runs 22:00-02:00.
    now = datetime(2024, 5, 15, 20, 30, tzinfo=UTC)
    ids = {h.service["id"] for h in d.search(open_now=True, now=now, limit=100)}
    assert "ua-la-strada-child-116111" in ids
    assert "de-nummer-gegen-kummer-116111" not in ids  # closes 20:00 Berlin
    assert "gr-hamogelo" not in ids  # no hours: not known to be open


def test_open_now_with_a_channel_looks_at_that_channel():
    from directory import Directory
    from tests.factories import envelope, service

    sms_hours = {"timezone": "Europe/Berlin", "weekly": [{"days": ["mon"], "opens": "10:00", "closes": "11:00"}]}
    rec = service(
        hours={"timezone": "Europe/Berlin", "always_open": True},
        channels=[
            {"kind": "phone", "value": "116 111"},
            {"kind": "sms", "value": "116 111", "hours": sms_hours},
        ],
    )
    d = Directory.from_envelope(envelope(rec))
    wednesday = datetime(2024, 5, 15, 12, 0, tzinfo=UTC)
    monday_10_30 = datetime(2024, 5, 13, 8, 30, tzinfo=UTC)
    assert d.search(open_now=True, channel="phone", now=wednesday)  # phone follows the service: 24/7
    assert d.search(open_now=True, channel="sms", now=wednesday) == []  # the SMS line is closed
    assert d.search(open_now=True, channel="sms", now=monday_10_30)
    assert d.search(open_now=True, now=wednesday)


# -- ranking rules -----------------------------------------------------------------

RANKING = {
    "schema": "vsd.services/1",
    "version": 1,
    "generated_at": "2024-05-01T00:00:00Z",
    "services": [
        svc("a-exact", "Lumen", ["DE"], ["counselling"]),
        svc("b-prefix", "Lumenhaus", ["DE"], ["counselling"]),
        svc("c-fuzzy", "Lumin", ["DE"], ["counselling"]),
        svc("d-alias", "Beta Hilfe", ["DE"], ["counselling"], aliases=["Lumen"]),
        svc("e-org", "Gamma Hilfe", ["DE"], ["counselling"], organization="Lumen"),
        svc("f-desc", "Delta Hilfe", ["DE"], ["counselling"], description="Lumen for all."),
        svc("g-intl", "Aurora Helpline", ["DE", "AT", "FR"], ["child_helpline"], area="international"),
        svc("h-local", "Aurora Helpline", ["DE"], ["child_helpline"]),
        svc("i-emergency", "Zulu Notruf", ["DE"], ["emergency"]),
        svc("j-other-country", "Aurora Helpline", ["FR"], ["child_helpline"]),
        svc("k-tie-b", "Twin", ["DE"], ["counselling"]),
        svc("k-tie-a", "Twin", ["DE"], ["counselling"]),
    ],
}


@pytest.fixture(scope="module")
def r():
    assert validate(RANKING).ok
    return Directory.from_envelope(RANKING)


def ids(hits):
    return [h.service["id"] for h in hits]


def test_exact_before_prefix_before_fuzzy_and_field_weights(r):
    got = ids(r.search("lumen", smart=False))
    assert got.index("a-exact") < got.index("b-prefix") < got.index("c-fuzzy")
    # name > alias > organisation > description
    assert got.index("a-exact") < got.index("d-alias") < got.index("e-org") < got.index("f-desc")


def test_matched_fields(r):
    by_id = {h.service["id"]: h for h in r.search("lumen", smart=False)}
    assert by_id["a-exact"].matched == ("name",)
    assert by_id["d-alias"].matched == ("aliases",)
    assert by_id["e-org"].matched == ("organization",)
    assert by_id["f-desc"].matched == ("description",)


def test_country_services_before_international_ones(r):
    got = ids(r.search("aurora helpline", country="DE"))
    assert got[:2] == ["h-local", "g-intl"]
    assert "j-other-country" not in got


def test_listing_without_text(r):
    got = ids(r.search(country="DE", limit=100))
    assert got[0] == "i-emergency"  # emergency first
    # then by support type order (child helpline before counselling), local before international
    assert got.index("h-local") < got.index("g-intl") < got.index("a-exact")
    # then by name, then id
    names = [h.service["name"] for h in r.search(country="DE", support_type="counselling", limit=100)]
    assert names == sorted(names)  # Beta Hilfe, Delta Hilfe, Gamma Hilfe, Lumen, ...
    assert got.index("k-tie-a") < got.index("k-tie-b")


def test_deterministic_tie_break(r):
    first = ids(r.search("twin"))
    assert first == ["k-tie-a", "k-tie-b"]
    for _ in range(3):
        assert ids(Directory.from_envelope(RANKING).search("twin")) == first


def test_limit(r):
    assert len(r.search(limit=3)) == 3
    assert r.search("lumen", limit=0) == []
    assert len(r.search(limit=10_000)) == len(RANKING["services"])


# -- filters, phones, scripts ---------------------------------------------------------------


def test_filters_combine(d):
    assert ids(d.search(country="PL", language="uk")) == ["pl-116111"]
    assert ids(d.search(support_type="csam_reporting")) == ["int-inhope"]
    assert ids(d.search(channel="report")) == ["int-inhope"]
    assert d.search(country="ZZ") == []
    assert d.search("weisser", country="CZ") == []


@pytest.mark.parametrize("query", ["116111", "116 111", "116-111", "116.111"])
def test_phone_with_or_without_spaces(d, query):
    got = ids(d.search(query, limit=10, smart=False))
    assert "de-nummer-gegen-kummer-116111" in got
    assert "de-weisser-ring" not in got


def test_phone_national_and_international_forms(d):
    for q in ("0800 1111", "08001111", "+44 800 1111", "448001111"):
        assert ids(d.search(q, limit=3))[:1] == ["gb-childline"], q


@pytest.mark.parametrize(
    "query, wanted",
    [
        ("Bílý kruh", "cz-bily-kruh-bezpeci"),
        ("bily kruh", "cz-bily-kruh-bezpeci"),
        ("BILY KRUH BEZPECI", "cz-bily-kruh-bezpeci"),
        ("Το Χαμόγελο", "gr-hamogelo"),
        ("χαμογελο", "gr-hamogelo"),
        ("Національна дитяча", "ua-la-strada-child-116111"),
        ("natsionalna dytiacha", "ua-la-strada-child-116111"),
        ("weiser ring", "de-weisser-ring"),
        ("nummer gegen", "de-nummer-gegen-kummer-116111"),
        ("numm", "de-nummer-gegen-kummer-116111"),
    ],
)
def test_scripts_accents_typos_prefixes(d, query, wanted):
    assert ids(d.search(query, limit=3))[0] == wanted


def test_filter_values_may_be_names_or_codes_in_any_case(d):
    assert ids(d.search(country="pl", language="UK")) == ["pl-116111"]
    assert ids(d.search(country="Polen", language="Ukrainian")) == ["pl-116111"]
    assert ids(d.search(support_type="report abuse images")) == ["int-inhope"]
    assert d.search(country="Atlantis") == []


def test_smart_query_filters_and_explicit_ones_win(d):
    assert ids(d.search("ukrainian child helpline poland")) == ["pl-116111"]
    # explicit country beats the one in the text
    assert ids(d.search("child helpline poland", country="GB")) == ["gb-childline"]
    # smart=False: the words are only text
    assert "gb-childline" not in ids(d.search("poland", smart=False))


def test_implied_filters_rank_when_text_is_left(d):
    # "weisser" is text, "germany" a preference: the German service comes first
    assert ids(d.search("weisser ring germany"))[0] == "de-weisser-ring"


def test_no_result_is_an_empty_list(d):
    assert d.search("zzyzx qqq") == []


HOSTILE = [
    "",
    " ",
    "\x00",
    "\u202e\u202d",
    "a" * 10_000,
    "ü" * 10_000,
    "((((",
    "[a-z]+$",
    ".*",
    "\\",
    "%s%n",
    "' OR 1=1 --",
    "🆘" * 300,
    "\x1b[2J\x1b[H",
    "\ud800",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "ﷺ",
    "٠١٢٣",
    " ".join(["kinder"] * 2000),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises(d, query):
    hits = d.search(query, country="DE", limit=5) + d.search(query)
    assert all(isinstance(h, Hit) for h in hits)
    d.parse_query(query)


def test_concurrent_first_searches_build_one_index():
    fresh = Directory.from_envelope(FIXTURE)
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(ids(fresh.search("childline")))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(r == results[0] for r in results)


def test_synthetic_directories_pass_validation():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.synthetic import generate

    env = generate(400, seed=3)
    report = validate(env)
    assert report.ok, report.problems[:5]
    assert env == generate(400, seed=3)  # same seed, same directory
    d = Directory.from_envelope(env)
    target = env["services"][17]
    assert target["id"] in ids(d.search(target["name"], limit=10))


def test_synthetic_directories_can_give_each_service_a_number_of_its_own():
    """bench/hsds.py --unique-numbers: every phone differs (a real directory's do), is valid for its country,
    and the default directory is left as it was (its services share numbers)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.synthetic import generate

    own = generate(1500, seed=3, unique_numbers=True)
    assert validate(own).ok
    numbers = [s["channels"][0]["value"] for s in own["services"]]
    assert len(set(numbers)) == len(numbers) == 1500
    shared = [s["channels"][0]["value"] for s in generate(1500, seed=3)["services"]]
    assert len(set(shared)) < len(shared)  # (drawn from some 5,800 numbers)


# -- loading -----------------------------------------------------------------------------


def test_from_file_and_open(tmp_path):
    path = tmp_path / "services.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    assert len(Directory.from_file(path)) == len(FIXTURE["services"])
    with pytest.raises(InputError):
        Directory.from_file(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError):
        Directory.from_file(tmp_path / "bad.json")
    d = Directory.open(tmp_path / "store")
    assert d.version >= 1 and len(d.services) > 100
    assert any("seeded" in n for n in d.notices)
    assert d.search("nummer gegen kummer")[0].service["id"] == "de-nummer-gegen-kummer-116111"


# -- the command line ------------------------------------------------------------------------


@pytest.fixture()
def fixture_file(tmp_path):
    path = tmp_path / "services.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    return str(path)


def test_cli_table(fixture_file, capsys):
    assert main(["search", "--file", fixture_file, "nummer", "gegen", "kummer"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["#", "service"]
    assert "Nummer gegen Kummer" in lines[1] and "116 111" in lines[1]


def test_cli_json(fixture_file, capsys):
    assert main(["search", "--file", fixture_file, "--json", "childline"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["implied"] == {"support_type": "child_helpline"}  # "childline" names the kind too
    assert answer["message"] == "" and answer["groups"] == []
    hits = answer["hits"]
    assert hits[0]["id"] == "gb-childline"
    assert isinstance(hits[0]["score"], float)
    assert hits[0]["channels"] == FIXTURE["services"][6]["channels"]  # the full record


def test_cli_filters_go_through_resolvers(fixture_file, capsys):
    assert main(["search", "--file", fixture_file, "--json", "--country", "Allemagne", "--type", "Kindertelefon"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["filters"] == {"country": "DE", "support_type": "child_helpline"}
    assert [h["id"] for h in answer["hits"]] == ["de-nummer-gegen-kummer-116111"]
    assert main(["search", "--file", fixture_file, "--json", "--language", "українська"]) == 0
    got = {h["id"] for h in json.loads(capsys.readouterr().out)["hits"]}
    assert got == {"ua-la-strada-child-116111", "pl-116111"}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--country", "Atlantis"], 'unknown country "Atlantis"; did you mean'),
        (["--country", "Germanyy land"], "Germany (DE)"),
        (["--language", "Foobarian"], 'unknown language "Foobarian"'),
        (["--type", "xyzzy"], 'unknown support type "xyzzy"'),
        (["--type", "child helpine"], "child_helpline") if False else (["--type", "child helpxx"], "Child helpline"),
    ],
)
def test_cli_unknown_filter_exits_2_with_a_suggestion(fixture_file, capsys, args, message):
    assert main(["search", "--file", fixture_file, *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_cli_no_result(fixture_file, capsys):
    assert main(["search", "--file", fixture_file, "zzyzx"]) == 0
    assert capsys.readouterr().out.strip() == 'no services found for "zzyzx"'
    assert main(["search", "--file", fixture_file, "--json", "zzyzx"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["hits"] == [] and answer["groups"] == []


def test_cli_open_now_limit_and_store(tmp_path, capsys):
    assert main(["search", "--data-dir", str(tmp_path), "--json", "--limit", "2", "--country", "DE"]) == 0
    out = capsys.readouterr()
    hits = json.loads(out.out)["hits"]
    assert len(hits) == 2 and hits[0]["id"] == "de-emergency"
    assert main(["search", "--data-dir", str(tmp_path), "--json", "--open-now", "-n", "500"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    always = {"report", "app", "email"}  # a form, an app or an e-mail address takes a message at any hour
    assert hits and all("hours" in h or any("hours" in c or c["kind"] in always for c in h["channels"]) for h in hits)


@pytest.mark.parametrize("query", ["", "\x1b[31m", "a" * 10_000, "\u202e", "((", "🆘"])
def test_cli_hostile_input(fixture_file, capsys, query):
    assert main(["search", "--file", fixture_file, query]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out


def test_cli_never_prints_escape_codes_from_data(tmp_path, capsys):
    env = json.loads(json.dumps(FIXTURE))
    env["services"][6]["name_en"] = "Child\x1b[2Jline"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(env), encoding="utf-8")
    assert main(["search", "--file", str(path), "childline"]) == 0
    assert "\x1b" not in capsys.readouterr().out
