"""Helpers for the HSDS tests: the fixture files and an offline HSDS 3.0 JSON Schema validator.

The schemas are the copies in tests/fixtures/hsds/schema (CC BY-SA 4.0, see the
README there). Their `$ref`s ("phone.json", ...) resolve against the canonical
location of the split schemas, which a `referencing.Registry` serves from those
local files; any other URI raises, so validation never touches the network.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hsds"
EXAMPLES = FIXTURES / "examples"
SCHEMAS = FIXTURES / "schema"
SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def _no_network(uri: str) -> Resource:
    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    resources = [
        (
            SCHEMA_BASE + f.name,
            Resource.from_contents(json.loads(f.read_text(encoding="utf-8")), default_specification=DRAFT202012),
        )
        for f in sorted(SCHEMAS.glob("*.json"))
    ]
    return Registry(retrieve=_no_network).with_resources(resources)


@cache
def validator(obj: str = "service") -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{SCHEMA_BASE}{obj}.json"},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(instance: Any, obj: str = "service") -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator(obj).iter_errors(instance)
    ]


# -- HSDS services for tests (vsd's own test data, not from the specification) ------------------


def hsds_service(n: int, **overrides: Any) -> dict[str, Any]:
    """A complete, valid HSDS service in Germany: phones, schedule, languages, area, a mapped term."""
    svc: dict[str, Any] = {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "name": f"Beratungsstelle Nummer {n}",
        "alternate_name": f"BS {n}",
        "description": f"<p>Beratung &amp; Hilfe nach Gewalt, Stelle {n}.</p>",
        "url": f"https://beratung{n}.example.org",
        "email": f"hilfe{n}@example.org",
        "status": "active",
        "minimum_age": 14,
        "maximum_age": 27,
        "assured_date": "2026-10-01",
        "last_modified": "2026-10-01T12:00:00Z",
        "fees_description": "Free of charge",
        "phones": [
            {
                "id": f"10000000-0000-4000-8000-{n:012d}",
                "number": "+49 30 40504050",
                "type": "voice",
                "description": "Beratungstelefon",
                "languages": [{"id": f"20000000-0000-4000-8000-{n:012d}", "code": "de"}],
            },
        ],
        "schedules": [
            {
                "id": f"30000000-0000-4000-8000-{n:012d}",
                "freq": "WEEKLY",
                "byday": "MO,TU,WE,TH,FR",
                "opens_at": "09:00",
                "closes_at": "17:00",
                "description": "Werktags",
            },
        ],
        "service_areas": [{"id": f"40000000-0000-4000-8000-{n:012d}", "name": "Germany"}],
        "languages": [
            {"id": f"50000000-0000-4000-8000-{n:012d}", "name": "German", "code": "deu"},
            {"id": f"60000000-0000-4000-8000-{n:012d}", "name": "Turkish", "code": "tr"},
        ],
        "organization": {
            "id": "70000000-0000-4000-8000-000000000001",
            "name": "Hilfe e.V.",
            "description": "A charity.",
        },
        "attributes": [
            {
                "id": f"80000000-0000-4000-8000-{n:012d}",
                "taxonomy_term": {
                    "id": "90000000-0000-4000-8000-000000000001",
                    "name": "Domestic Violence Hotlines",
                    "description": "Hotlines for people experiencing domestic violence.",
                },
            },
        ],
    }
    svc.update(copy.deepcopy(overrides))
    return svc


def phrase_alternation(phrases: list[str]) -> str:
    """What `classification.phrase_pattern` stands in for: every phrase, longest first, held to whole words
    where its script has them (an English plural allowed)."""
    import re

    from directory.hsds.classification import _SPACED, _in_scripts

    def bounded(p: str) -> str:
        return rf"(?<!\w){re.escape(p)}s?(?!\w)" if _in_scripts(p, _SPACED) else re.escape(p)

    return "|".join(bounded(p) for p in sorted(phrases, key=len, reverse=True))
