"""Small valid records and envelopes for tests; override any field by keyword."""

from __future__ import annotations

import copy
from typing import Any

BASE_SERVICE: dict[str, Any] = {
    "id": "de-nummer-gegen-kummer-116111",
    "name": "Nummer gegen Kummer – Kinder- und Jugendtelefon",
    "name_en": "Number against sorrow – children's and youth helpline",
    "aliases": ["Kinder- und Jugendtelefon"],
    "organization": "Nummer gegen Kummer e.V.",
    "support_types": ["child_helpline"],
    "audiences": ["children", "young_people"],
    "min_age": 6,
    "max_age": 21,
    "countries": ["DE"],
    "area": "national",
    "languages": ["de"],
    "channels": [
        {"kind": "phone", "value": "116 111", "label": "Kinder- und Jugendtelefon"},
        {"kind": "web", "value": "https://www.nummergegenkummer.de"},
        {"kind": "email", "value": "info@nummergegenkummer.de"},
    ],
    "hours": {
        "timezone": "Europe/Berlin",
        "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "opens": "14:00", "closes": "20:00"}],
    },
    "free": True,
    "anonymous": True,
    "description": "Free, anonymous helpline for children and young people.",
    "source": "https://www.nummergegenkummer.de",
    "last_verified": "2026-11-01",
    "verification": "verified",
}


def service(**overrides: Any) -> dict[str, Any]:
    rec = copy.deepcopy(BASE_SERVICE)
    for key, value in overrides.items():
        if value is None:
            rec.pop(key, None)
        else:
            rec[key] = value
    return rec


def envelope(*services: dict[str, Any], version: int = 1) -> dict[str, Any]:
    return {
        "schema": "vsd.services/1",
        "version": version,
        "generated_at": "2026-11-20T10:00:00Z",
        "services": list(services) if services else [service()],
    }


# -- a small fixed directory for the TUI's tests, snapshots and screenshots ---------------
# Facts from ../shared/reference/services-facts.json (names in the service's own script);
# one record is deliberately old and one unverified, to show the warnings.
SAMPLE_GENERATED_AT = "2026-11-20T10:00:00Z"


def sample_services() -> list[dict[str, Any]]:
    return [
        service(),
        service(
            id="de-weisser-ring-116006",
            name="Opfer-Telefon (WEISSER RING)",
            name_en="WEISSER RING victims' helpline 116 006",
            aliases=[],
            organization="WEISSER RING e.V.",
            support_types=["victim_support"],
            audiences=["everyone"],
            min_age=None,
            max_age=None,
            languages=["de"],
            channels=[
                {"kind": "phone", "value": "116 006"},
                {"kind": "web", "value": "https://weisser-ring.de/hilfe-fuer-opfer/opfer-telefon"},
            ],
            hours={
                "timezone": "Europe/Berlin",
                "weekly": [
                    {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "opens": "07:00", "closes": "22:00"}
                ],
            },
            description="Telephone support for victims of crime and their relatives.",
            source="https://weisser-ring.de/hilfe-fuer-opfer/opfer-telefon",
            last_verified="2025-06-02",
        ),
        service(
            id="pl-116111-telefon-zaufania",
            name="116 111 Telefon Zaufania dla Dzieci i Młodzieży",
            name_en="116 111 Helpline for Children and Youth",
            aliases=[],
            organization="Fundacja Dajemy Dzieciom Siłę",
            countries=["PL"],
            languages=["pl"],
            min_age=None,
            max_age=18,
            channels=[{"kind": "phone", "value": "116 111"}, {"kind": "web", "value": "https://116111.pl/"}],
            hours={"timezone": "Europe/Warsaw", "always_open": True},
            confidential=True,
            description="Free, confidential helpline for children and young people, day and night.",
            source="https://116111.pl/",
            last_verified="2026-10-12",
        ),
        service(
            id="pl-112",
            name="Numer alarmowy 112",
            name_en="European emergency number 112",
            aliases=["997 police", "998 fire", "999 ambulance"],
            organization=None,
            support_types=["emergency"],
            audiences=["everyone"],
            min_age=None,
            max_age=None,
            countries=["PL"],
            languages=["pl", "en"],
            channels=[{"kind": "phone", "value": "112"}, {"kind": "phone", "value": "997", "label": "police"}],
            hours={"timezone": "Europe/Warsaw", "always_open": True},
            anonymous=None,
            description="Police, fire and ambulance.",
            source="https://www.gov.pl/web/numer-alarmowy-112",
            last_verified="2026-10-12",
        ),
        service(
            id="gr-hamogelo-sos-1056",
            name="Εθνική Τηλεφωνική Γραμμή για τα Παιδιά SOS 1056",
            name_en="National Helpline for Children SOS 1056 (The Smile of the Child)",
            aliases=["Το Χαμόγελο του Παιδιού"],
            organization="Το Χαμόγελο του Παιδιού",
            countries=["GR"],
            languages=["el"],
            min_age=None,
            max_age=None,
            channels=[
                {"kind": "phone", "value": "1056"},
                {"kind": "chat", "value": "https://chat1056.hamogelo.gr/"},
                {"kind": "web", "value": "https://www.hamogelo.gr"},
            ],
            hours={"timezone": "Europe/Athens", "always_open": True},
            description="Free national helpline for children, day and night, since 1997.",
            source="https://childhelplineinternational.org/20-years-20-voices-the-smile-of-the-child-greece/",
            last_verified="2026-09-30",
        ),
        service(
            id="th-childline-saidek-1387",
            name="มูลนิธิสายเด็ก 1387",
            name_en="Childline Thailand Foundation – Saidek 1387",
            aliases=["Saidek 1387"],
            organization="มูลนิธิสายเด็ก",
            countries=["TH"],
            languages=["th"],
            min_age=None,
            max_age=17,
            channels=[{"kind": "phone", "value": "1387"}, {"kind": "web", "value": "https://childlinethailand.org"}],
            hours={"timezone": "Asia/Bangkok", "always_open": True},
            description="Calls and social-media messages from children under 18, 24/7.",
            source="https://childlinethailand.org/th/what-we-do/call-center",
            last_verified="2026-08-14",
        ),
        service(
            id="th-thaihotline",
            name="สายด่วนอินเทอร์เน็ตไทยฮอตไลน์",
            name_en="ThaiHotline",
            aliases=[],
            organization="Internet Foundation for the Development of Thailand",
            support_types=["csam_reporting"],
            audiences=["everyone"],
            min_age=None,
            max_age=None,
            countries=["TH"],
            languages=["th", "en"],
            channels=[{"kind": "report", "value": "https://www.thaihotline.org"}],
            hours=None,
            free=None,
            anonymous=None,
            description="Report illegal content online, including child sexual abuse material (INHOPE member).",
            source="https://www.thaihotline.org/about-us/",
            last_verified="2026-07-01",
            verification="unverified",
        ),
    ]


def sample_envelope(version: int = 7) -> dict[str, Any]:
    env = envelope(*sample_services(), version=version)
    env["generated_at"] = SAMPLE_GENERATED_AT
    return env


def hostile_service() -> dict[str, Any]:
    """A record that tries markup, a click action and terminal escapes: all must show literally."""
    return service(
        id="xx-hostile",
        name="[b]x[/b]",
        name_en="[@click=app.quit]Click me[/]",
        organization="\x1b[31mRED\x1b[0m\x1b]0;pwned\x07 Org",
        aliases=["[link=https://evil.example]link[/link]"],
        description="[@click=app.quit]quit[/] \x1b[2J wiped? \x9b31m",
        channels=[{"kind": "phone", "value": "116 111", "label": "[reverse]label[/reverse]"}],
    )
