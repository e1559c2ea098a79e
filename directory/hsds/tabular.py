"""HSDS tabular data packages (a folder or zip: `datapackage.json` and CSV tables) -> HSDS 3.0 service objects.

The tables are read with the standard library (`csv_tables`), not a Frictionless reader: HSDS
needs only the resource list, each resource's path, encoding, dialect and field types, and the
foreign keys that `tabular.json` spells out as joins; a Frictionless install brings ~30 packages
(60 MB) and would follow resource URLs over the network.

HSDS 3.0 tables join straight into 3.0 service objects. HSDS 1.x and 2.0 tables (regular_schedules,
physical_addresses, service_taxonomy...) join into the nested shape of their own JSON, which
`legacy` turns into 3.0, so the mapping reads every version the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any

from ..errors import InputError
from ..loading import parse_json_bytes
from .csv_tables import Table, decode, read_table
from .legacy import upgrade_service
from .package_files import DESCRIPTOR, PackageFiles, check_relative
from .reading import Item


@dataclass
class Package:
    """The services of a data package, what it was detected as, and what the reading noticed."""

    items: list[Item]
    detected: str
    notes: list[str] = field(default_factory=list)


@cache
def _rules() -> dict[str, Any]:
    text = (resources.files("directory.hsds") / "tabular.json").read_text(encoding="utf-8")
    rules: dict[str, Any] = json.loads(text)
    return rules


def table_name(name: str) -> str:
    """The HSDS table a resource (or file) name stands for: `services.csv` and `services` are `service`."""
    stem = PurePosixPath(name.strip().lower()).name.removesuffix(".csv").removesuffix(".tsv").replace("-", "_")
    aliases: dict[str, str] = _rules()["aliases"]
    return aliases.get(stem, stem)


def known_tables() -> set[str]:
    joins = _rules()["joins"]
    return {j[k] for family in joins.values() for j in family for k in (0, 2)}


def read_package(files: PackageFiles) -> Package:
    """The services of the package whose datapackage.json is at the root of `files`."""
    descriptor = _descriptor(files)
    chosen = _resources(files, descriptor)
    legacy = bool(set(chosen) & set(_rules()["legacy_markers"]))
    version = ("2.0" if set(chosen) & set(_rules()["v2_markers"]) else "1.x") if legacy else "3.0"
    declared = descriptor.get("version")
    detected = f"HSDS {version} tabular data package ({len(chosen)} tables"
    detected += f", datapackage.json version {str(declared)[:20]})" if isinstance(declared, (str, int, float)) else ")"
    notes: list[str] = []
    read = {name: _read(files, name, res, notes) for name, res in chosen.items()}
    tables = {k: t for k, t in read.items() if t is not None}
    if "service" not in tables:
        raise InputError(f"{files.where(DESCRIPTOR)}: the service table is missing; nothing to import")
    if "id" not in tables["service"].columns:
        raise InputError(tables["service"].missing("id"))
    _join(tables, _rules()["joins"]["legacy" if legacy else "3.0"])
    if legacy:
        _taxonomy_ids(tables)
    services = tables["service"]
    items = [
        Item(f"{services.where} line {line}", upgrade_service(row) if legacy else row)
        for row, line in zip(services.rows, services.lines, strict=True)
    ]
    return Package(items, detected, notes)


def _descriptor(files: PackageFiles) -> dict[str, Any]:
    where = files.where(DESCRIPTOR)
    doc = parse_json_bytes(files.read(DESCRIPTOR), where)
    if not isinstance(doc, dict) or not isinstance(doc.get("resources"), list):
        raise InputError(f"{where}: not a data package descriptor (no list of resources)")
    return doc


def _resources(files: PackageFiles, descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The HSDS tables the descriptor lists, by table name (the first resource of each name wins)."""
    where = files.where(DESCRIPTOR)
    known = known_tables()
    chosen: dict[str, dict[str, Any]] = {}
    listed = []
    for i, res in enumerate(descriptor["resources"]):
        if not isinstance(res, dict):
            raise InputError(f"{where}: resources[{i}] is not an object")
        label = res.get("name") or res.get("path")
        listed.append(str(label)[:40])
        name = table_name(str(res.get("name") or "")) if isinstance(res.get("name"), str) else ""
        if name not in known and isinstance(res.get("path"), str):
            name = table_name(res["path"])
        if name in known and name not in chosen:
            chosen[name] = res
    if "service" not in chosen:
        shown = ", ".join(listed[:10]) or "none"
        raise InputError(f"{where}: lists no HSDS service table (resources: {shown}); not an HSDS data package")
    return chosen


def _paths(res: dict[str, Any], where: str) -> list[str]:
    path = res.get("path")
    if "data" in res and path is None:
        raise InputError(f"{where}: resource '{res.get('name')}' holds inline data; vsd reads CSV files only")
    paths: list[Any] = path if isinstance(path, list) else [path]
    return [check_relative(p, f"{where}: resource '{res.get('name')}'") for p in paths]


def _read(files: PackageFiles, name: str, res: dict[str, Any], notes: list[str]) -> Table | None:
    """The rows of one resource (all its parts); None, with a note, when its file is not in the package."""
    table: Table | None = None
    for rel in _paths(res, files.where(DESCRIPTOR)):
        if not files.has(rel):
            if name == "service":
                raise InputError(f"{files.where(rel)}: the service table named in datapackage.json is not there")
            notes.append(f"{files.where(rel)}: named in datapackage.json but not there; read without it")
            continue
        encoding = res.get("encoding") or "utf-8"
        if not isinstance(encoding, str):
            raise InputError(f"{files.where(rel)}: the resource's encoding must be a string")
        part = read_table(name, decode(files.read(rel), files.where(rel), encoding), files.where(rel), res)
        if table is None:
            table = part
        else:
            table.rows += part.rows
            table.lines += part.lines
    return table


def _join(tables: dict[str, Table], joins: list[list[Any]]) -> None:
    """Nest the child tables' rows into their parents', in the order of `joins` (children first)."""
    for child, key, parent, field_name, how, *only in joins:
        if child not in tables or parent not in tables:
            continue
        kids, parents = tables[child], tables[parent]
        if only:  # e.g. an attribute whose link_entity names another table is not this parent's
            kids = Table(kids.name, kids.where, kids.columns, [r for r in kids.rows if _matches(r, only[0])])
        if how == "one":
            if key not in parents.columns:
                continue
            if "id" not in kids.columns:
                raise InputError(kids.missing("id"))
            by_id = {str(r["id"]): r for r in kids.rows if "id" in r}
            for row in parents.rows:
                found = by_id.get(str(row.get(key)))
                if found is not None:
                    row[field_name] = found
            continue
        if key not in kids.columns:
            continue
        if "id" not in parents.columns:
            raise InputError(parents.missing("id"))
        by_parent: dict[str, list[dict[str, Any]]] = {}
        for r in kids.rows:
            if key in r:
                by_parent.setdefault(str(r[key]), []).append(r)
        for row in parents.rows:
            found_rows = by_parent.get(str(row.get("id")))
            if found_rows:
                row.setdefault(field_name, [])
                row[field_name] = row[field_name] + found_rows if isinstance(row[field_name], list) else found_rows


def _matches(row: dict[str, Any], only: dict[str, str]) -> bool:
    return all(row.get(col) in (None, value) for col, value in only.items())


def _taxonomy_ids(tables: dict[str, Table]) -> None:
    """HSDS 1.0/1.1's deprecated `taxonomy_ids` of services.csv (ids of taxonomy.csv, comma-separated) as
    service_taxonomy rows, unless the service_taxonomy table names them already."""
    tax = tables.get("taxonomy")
    by_id = {str(r["id"]): r for r in tax.rows if "id" in r} if tax else {}
    for row in tables["service"].rows:
        ids = row.get("taxonomy_ids")
        if not isinstance(ids, str):
            continue
        have = {str(t.get("taxonomy_id")) for t in row.get("service_taxonomys", [])}
        extra = [
            {"taxonomy_id": i, **({"taxonomy": by_id[i]} if i in by_id else {})}
            for i in (x.strip() for x in ids.split(","))
            if i and i not in have
        ]
        if extra:
            row["service_taxonomys"] = row.get("service_taxonomys", []) + extra
