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
