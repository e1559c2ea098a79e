"""Search through the public API, on a small hand-made directory that passes validation."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from directory import Directory, Hit
from directory.validate import validate


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
        svc("de-112", "Notruf 112", ["DE"], ["emergency"], name_en="Emergency number 112",
            channels=[{"kind": "phone", "value": "112"}], languages=["de", "en"],
            hours={"timezone": "Europe/Berlin", "always_open": True}),
        svc("de-nummer-gegen-kummer-116111", "Nummer gegen Kummer – Kinder- und Jugendtelefon", ["DE"],
            ["child_helpline", "counselling"], name_en="Number against Sorrow – child and youth helpline",
            aliases=["Kinder- und Jugendtelefon"], organization="Nummer gegen Kummer e.V.",
            languages=["de"], channels=[{"kind": "phone", "value": "116 111"}],
            hours={"timezone": "Europe/Berlin", "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                                                          "opens": "14:00", "closes": "20:00"}]}),
        svc("de-weisser-ring", "Weisser Ring Opfer-Telefon", ["DE"], ["victim_support"],
            name_en="White Ring victim helpline", organization="WEISSER RING e.V.", languages=["de"],
            channels=[{"kind": "phone", "value": "116 006"}],
            hours={"timezone": "Europe/Berlin", "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                                                          "opens": "07:00", "closes": "22:00"}]}),
        svc("cz-bily-kruh-bezpeci", "Bílý kruh bezpečí", ["CZ"], ["victim_support"],
            name_en="White Circle of Safety", languages=["cs"],
            channels=[{"kind": "phone", "value": "116 006"}],
            hours={"timezone": "Europe/Prague", "always_open": True}),
        svc("ua-la-strada-child-116111", "Національна дитяча гаряча лінія", ["UA"], ["child_helpline"],
            name_en="National Child Hotline", organization="Ла Страда-Україна", languages=["uk", "ru"],
            channels=[{"kind": "phone", "value": "116 111"}],
            hours={"timezone": "Europe/Kyiv", "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"],
                                                        "opens": "22:00", "closes": "02:00"}]}),
        svc("pl-116111", "Telefon zaufania dla dzieci i młodzieży 116 111", ["PL"], ["child_helpline"],
            name_en="Helpline for children and young people", languages=["pl", "uk"],
            channels=[{"kind": "phone", "value": "116 111"}],
            hours={"timezone": "Europe/Warsaw", "always_open": True}),
        svc("gb-childline", "Childline", ["GB"], ["child_helpline"], languages=["en"],
            channels=[{"kind": "phone", "value": "0800 1111"}],
            hours={"timezone": "Europe/London", "always_open": True}),
        svc("int-inhope", "INHOPE", ["DE", "CZ", "GB", "PL", "UA"], ["csam_reporting"], area="international",
            name_en="INHOPE – International Association of Internet Hotlines", languages=["en"],
            channels=[{"kind": "report", "value": "https://www.inhope.org/"}]),
        svc("gr-hamogelo", "Το Χαμόγελο του Παιδιού", ["GR"], ["child_helpline", "missing_children"],
            name_en="The Smile of the Child", languages=["el", "en"],
            channels=[{"kind": "phone", "value": "116 111"}]),
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
    now = datetime(2024, 5, 15, 20, 30, tzinfo=timezone.utc)
    ids = {h.service["id"] for h in d.search(open_now=True, now=now, limit=100)}
    assert "ua-la-strada-child-116111" in ids
    assert "de-nummer-gegen-kummer-116111" not in ids  # closes 20:00 Berlin
    assert "gr-hamogelo" not in ids  # no hours: not known to be open
