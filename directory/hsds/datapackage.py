"""HSDS 3.0 tabular: exported services as a Frictionless data package, `datapackage.json` and one CSV
table per HSDS object (organizations.csv, services.csv, phones.csv, ...).

The tables, their columns, types and keys are HSDS 3.0's (hsds_tables.json, taken from the HSDS JSON
Schemas); each nested object of a service becomes a row that names its parent (`service_id`, `location_id`,
`phone_id`; an attribute's `link_id` and `link_entity`; a metadata entry's `resource_id`). Terms are rows
of taxonomy_terms.csv, named from attributes.csv by `taxonomy_term_id`. A service whose provider vsd does
not know has an empty `organization_id`, which HSDS 3.0 tabular requires: vsd does not invent one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from ..outputs import More
from .attributes import all_terms, taxonomy_object
from .taxonomy import VSD_TAXONOMIES

TABLES_FILE = "hsds_tables.json"
PACKAGE_NAME = "vsd-hsds-export"

Rows = dict[str, list[dict[str, Any]]]


@cache
def table_definitions() -> list[dict[str, Any]]:
    doc = json.loads((resources.files("directory.hsds") / TABLES_FILE).read_text(encoding="utf-8"))
    resources_: list[dict[str, Any]] = doc["resources"]
    return resources_


def descriptor() -> dict[str, Any]:
    """datapackage.json."""
    return {
        "name": PACKAGE_NAME,
        "title": "vsd directory of victim-assistance services, as HSDS 3.0 tabular data",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "resources": table_definitions(),
    }


def data_package(services: Iterable[dict[str, Any]]) -> dict[str, bytes]:
    """Relative path -> bytes: datapackage.json and every table (header row always, even when empty)."""
    parts: dict[str, list[bytes]] = {}
    for rel, data in data_package_files(services):
        parts.setdefault(rel, []).append(data)
    return {rel: b"".join(chunks) for rel, chunks in parts.items()}


def data_package_files(services: Iterable[dict[str, Any]]) -> Iterator[tuple[str, bytes]]:
    """`data_package` as (relative path, bytes), made as the services come: each table's header, then
    its rows a service at a time (`More`, for `directory.outputs.write_tree`)."""
    tables = {t["name"]: t for t in table_definitions()}
    yield "datapackage.json", (json.dumps(descriptor(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    for t in tables.values():
        yield t["path"], _csv(t, [])
    orgs: set[str] = set()
    for svc in services:
        rows: Rows = {name: [] for name in tables}
        _service(svc, rows, orgs)
        for name, table_rows in rows.items():
            if table_rows:
                yield tables[name]["path"], More(_csv_rows(tables[name], table_rows))
    taxonomies = [taxonomy_object(kind) for kind in VSD_TAXONOMIES if kind != "audience"]
    yield tables["taxonomy"]["path"], More(_csv_rows(tables["taxonomy"], taxonomies))
    yield tables["taxonomy_term"]["path"], More(_csv_rows(tables["taxonomy_term"], all_terms()))


def _service(svc: dict[str, Any], rows: Rows, orgs: set[str]) -> None:
    """The rows of one service, and of its provider the first time it comes (`orgs`: those that came)."""
    sid = svc["id"]
    row = dict(svc)
    org = svc.get("organization")
    if isinstance(org, dict):
        if org["id"] not in orgs:
            orgs.add(org["id"])
            rows["organization"].append(org)
        row["organization_id"] = org["id"]
    rows["service"].append(row)
    for phone in svc.get("phones", []):
        _phone(phone, {"service_id": sid}, rows)
    for s in svc.get("schedules", []):
        _with_attributes("schedule", s | {"service_id": sid}, rows)
    for area in svc.get("service_areas", []):
        rows["service_area"].append(area | {"service_id": sid})
    for lang in svc.get("languages", []):
        rows["language"].append(lang | {"service_id": sid})
    for sal in svc.get("service_at_locations", []):
        _service_at_location(sal, sid, rows)
    _attributes("service", sid, svc.get("attributes", []), rows)
    for m in svc.get("metadata", []):
        rows["metadata"].append(m | {"resource_id": sid, "resource_type": "service"})


def _phone(phone: dict[str, Any], parent: dict[str, str], rows: Rows) -> None:
    _with_attributes("phone", phone | parent, rows)
    for lang in phone.get("languages", []):
        rows["language"].append(lang | {"phone_id": phone["id"]})


def _service_at_location(sal: dict[str, Any], sid: str, rows: Rows) -> None:
    loc = sal["location"]
    rows["service_at_location"].append({"id": sal["id"], "service_id": sid, "location_id": loc["id"]})
    _with_attributes("location", loc, rows)
    for lang in loc.get("languages", []):
        rows["language"].append(lang | {"location_id": loc["id"]})
    for s in loc.get("schedules", []):
        _with_attributes("schedule", s | {"location_id": loc["id"]}, rows)


def _with_attributes(table: str, obj: dict[str, Any], rows: Rows) -> None:
    rows[table].append(obj)
    _attributes(table, obj["id"], obj.get("attributes", []), rows)


def _attributes(entity: str, link_id: str, attrs: list[dict[str, Any]], rows: Rows) -> None:
    for a in attrs:
        term = a.get("taxonomy_term")
        term_id = term["id"] if isinstance(term, dict) else a.get("taxonomy_term_id")
        rows["attribute"].append(a | {"link_id": link_id, "link_entity": entity, "taxonomy_term_id": term_id})


def _cell(value: Any, field: dict[str, Any]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if field["type"] == "time" and isinstance(value, str) and len(value) == 5:
        return value + ":00"  # Table Schema times are HH:MM:SS
    return str(value)


def _csv(table: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    """The table's header row and `rows`."""
    return _csv_rows(table, rows, header=True)


def _csv_rows(table: dict[str, Any], rows: list[dict[str, Any]], *, header: bool = False) -> bytes:
    fields = table["schema"]["fields"]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    if header:
        w.writerow([f["name"] for f in fields])
    for row in rows:
        w.writerow([_cell(row.get(f["name"]), f) for f in fields])
    return out.getvalue().encode("utf-8")
