"""Naming what a file is when it is not something vsd imports, so the refusal says what to give instead.

`unsupported_bytes` looks at a file's first bytes (and name), `unsupported_document` at parsed
JSON, `csv_guess` at a CSV header: each returns a one-line message naming the format, or None
when the input may be HSDS that the reader should try.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

GIVE_PACKAGE = "give the folder or zip that holds datapackage.json and the CSV tables"
# Columns of services.csv that only some HSDS versions have.
_SERVICE_COLUMNS_BY_VERSION = (
    ("1.1", {"taxonomy_ids"}),
    ("3.0", {"fees_description", "eligibility_description", "assured_date", "minimum_age", "last_modified"}),
)
_LEGACY_TABLES = {"regular_schedules", "physical_addresses", "postal_addresses", "services_taxonomy", "taxonomy"}
_HSDS_TABLES = {
    "services",
    "organizations",
    "locations",
    "phones",
    "services_at_location",
    "service_at_location",
    "addresses",
    "schedules",
    "attributes",
    "taxonomy_terms",
} | _LEGACY_TABLES
_MAGIC = (
    (
        b"\xd0\xcf\x11\xe0",
        "an old Microsoft Office file (.xls or .doc)",
        "save the sheets as CSV tables with a datapackage.json",
    ),
    (b"\x1f\x8b", "gzip-compressed data", "unpack it first (gunzip) and import what it holds"),
    (b"%PDF", "a PDF document", "vsd imports HSDS JSON or an HSDS tabular data package"),
    (b"SQLite format 3\x00", "an SQLite database", "export it as HSDS JSON or as CSV tables with a datapackage.json"),
    (b"BZh", "bzip2-compressed data", "unpack it first and import what it holds"),
    (b"\xfd7zXZ\x00", "xz-compressed data", "unpack it first and import what it holds"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "give a .zip or a folder instead"),
    (b"Rar!", "a RAR archive", "give a .zip or a folder instead"),
)


def _header_line(raw: bytes) -> str:
    return raw[:4096].decode("utf-8", "replace").lstrip("\ufeff").split("\n", 1)[0].strip()


def csv_guess(header: str, name: str) -> str:
    """What an HSDS CSV table given alone probably is ("HSDS 1.1 CSV (services.csv)"), for the refusal."""
    stem = Path(name).stem.lower()
    delimiter = max(",;\t|", key=header.count)
    columns = {c.strip().strip('"').lower() for c in header.split(delimiter)}
    version = ""
    if stem in _LEGACY_TABLES:
        version = " 1.x/2.0"
    elif stem == "services":
        version = next((f" {v}" for v, cols in _SERVICE_COLUMNS_BY_VERSION if cols & columns), "")
    return f"HSDS{version} CSV ({Path(name).name})"


def looks_like_csv(raw: bytes, name: str) -> bool:
    head = _header_line(raw)
    if not head or head[0] in "{[<":
        return False
    return Path(name).suffix.lower() in (".csv", ".tsv") or max(head.count(d) for d in ",;\t|") >= 2


def is_hsds_csv(raw: bytes, name: str) -> bool:
    head = _header_line(raw).lower()
    stem = Path(name).stem.lower()
    return stem in _HSDS_TABLES or (head.startswith(("id,", "id;", "id\t", '"id"')) and "name" in head)


def unsupported_bytes(raw: bytes, name: str) -> str | None:
    """A message naming the format of a file vsd cannot import, from its first bytes; None if it may be HSDS."""
    for magic, what, hint in _MAGIC:
        if raw.startswith(magic):
            return f"{name}: this is {what}, not HSDS: {hint}"
    if looks_like_csv(raw, name):
        if is_hsds_csv(raw, name):
            return (
                f"{name}: this looks like {csv_guess(_header_line(raw), name)} without datapackage.json: {GIVE_PACKAGE}"
            )
        return f"{name}: this is a CSV file, not HSDS: HSDS tables come as a folder or zip with datapackage.json"
    head = raw[:200].lstrip().lower()
    if head.startswith((b"openapi:", b"swagger:")):
        return f"{name}: this is an OpenAPI description, not services: give the API's base URL to import from the API"
    if head.startswith((b"create table", b"insert into", b"-- ")):
        return (
            f"{name}: this is an SQL script, not HSDS: export the database as HSDS JSON or CSV with a datapackage.json"
        )
    return None


def unsupported_zip(names: list[str], label: str) -> str:
    """The refusal for a zip without datapackage.json: a spreadsheet, CSV tables alone, or something else."""
    lower = [n.lower() for n in names]
    if "[content_types].xml" in lower and any(n.startswith("xl/") for n in lower):
        return f"{label}: this is a spreadsheet (.xlsx), not HSDS: save each sheet as CSV and add a datapackage.json"
    if "mimetype" in lower and any(n.endswith("content.xml") for n in lower):
        return f"{label}: this is an OpenDocument file (.ods/.odt), not HSDS: save the sheets as CSV with a datapackage.json"
    if "[content_types].xml" in lower:
        return f"{label}: this is a Microsoft Office document, not HSDS"
    csvs = [n for n in names if n.lower().endswith((".csv", ".tsv"))]
    if csvs:
        hsds = [n for n in csvs if Path(n).stem.lower() in _HSDS_TABLES]
        if hsds:
            v = " 1.x/2.0" if any(Path(n).stem.lower() in _LEGACY_TABLES for n in hsds) else ""
            return f"{label}: this looks like HSDS{v} CSV tables without datapackage.json: {GIVE_PACKAGE}"
        return f"{label}: a zip of CSV files with no datapackage.json; not an HSDS data package"
    shown = ", ".join(names[:5]) or "nothing"
    return f"{label}: a zip with no datapackage.json (it holds {shown}); not an HSDS data package"


def unsupported_folder(names: list[str], label: str) -> str:
    csvs = [n for n in names if n.lower().endswith((".csv", ".tsv"))]
    if any(Path(n).stem.lower() in _HSDS_TABLES for n in csvs):
        v = " 1.x/2.0" if any(Path(n).stem.lower() in _LEGACY_TABLES for n in csvs) else ""
        return f"{label}: this looks like HSDS{v} CSV tables without datapackage.json: {GIVE_PACKAGE}"
    return f"{label}: a folder with no datapackage.json; give an HSDS file, or a folder or zip with datapackage.json"


def unsupported_document(doc: Any, where: str) -> str | None:
    """A message naming a JSON document that is not services (an API index, OpenAPI, GeoJSON...); else None."""
    if not isinstance(doc, dict):
        return None
    if "openapi" in doc or "swagger" in doc:
        return f"{where}: this is an OpenAPI description, not services: give the API's base URL to import from the API"
    if doc.get("type") in ("FeatureCollection", "Feature"):
        return f"{where}: this is GeoJSON, not HSDS services"
    if "openapi_url" in doc or ("version" in doc and "profile" in doc and "name" not in doc):
        return f"{where}: this is an HSDS API's index (GET /), not services: give the API's base URL to import its services"
    if isinstance(doc.get("resources"), list):
        return f"{where}: this is a data package descriptor: name it datapackage.json, or {GIVE_PACKAGE}"
    return None
