"""An HSDS source on disk -> its services, whatever form it takes, and what it was detected as.

A JSON or NDJSON file (HSDS 3.0, or 1.x/2.0 and Open Referral UK v1 upgraded by `legacy`), a
tabular data package as a folder, a zip or its `datapackage.json` (`tabular`). Anything else is
refused with a message that names what it is (`detect`): a spreadsheet, CSV tables without
datapackage.json, a PDF, an API index...
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..loading import MAX_FILE_BYTES, read_file_bytes
from .detect import unsupported_bytes, unsupported_folder, unsupported_zip
from .legacy import flavour, upgrade_service
from .package_files import DESCRIPTOR, FolderFiles, ZipFiles
from .reading import Item, extract_services, parse_hsds_bytes, read_ndjson_file
from .tabular import Package, read_package

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass
class Source:
    items: list[Item]
    detected: str  # "HSDS 3.0 JSON", "HSDS 1.x tabular data package (13 tables)", ...
    transfer: str = "file"  # "file" | "package"
    notes: list[str] = field(default_factory=list)


def read_hsds_source(
    path: str | os.PathLike[str], *, max_bytes: int | None = None, premap: Callable[[Item], Any] | None = None
) -> Source:
    """The services of a file, folder or zip; one readable InputError for anything else. A file, folder
    or zip is read whole within `max_bytes` (MAX_FILE_BYTES); NDJSON 8 MiB at a time, each line within
    MAX_RECORD_BYTES. `premap`: see read_ndjson_file (an item the services are upgraded from is not kept
    with what it made)."""
    max_bytes = max_bytes or MAX_FILE_BYTES
    p = Path(path).expanduser()
    if p.is_dir():
        if not (p / DESCRIPTOR).is_file():
            raise InputError(unsupported_folder(sorted(x.name for x in p.iterdir())[:200], str(p)))
        return _package(read_package(FolderFiles(p, max_bytes)))
    if p.name.lower() == DESCRIPTOR:
        return _package(read_package(FolderFiles(p.parent, max_bytes)))
    records = read_ndjson_file(p, premap=premap)  # read in blocks: may be larger than max_bytes (an export of 100k)
    if records is not None:
        items = extract_services(records, str(p))
        if any(it.mapped is not None for it in items) and _older(items) is not None:
            # Every service is upgraded from its value, which one mapped as it was read no longer holds: the
            # file is read again as it is (an older-format service in vsd's own export: seldom).
            again = read_ndjson_file(p)
            if again is None:
                raise InputError(f"{p}: changed while it was read; nothing imported")
            items = extract_services(again, str(p))
        return upgraded(items, "HSDS 3.0 JSON")
    raw = read_file_bytes(p, what="an HSDS file", max_bytes=max_bytes)
    if raw.startswith(_ZIP_MAGIC):
        return _zip(raw, str(p), max_bytes)
    named = unsupported_bytes(raw, str(p))
    if named:
        raise InputError(named)
    doc = parse_hsds_bytes(raw, str(p))
    uk_page = isinstance(doc, dict) and "totalElements" in doc and "contents" not in doc
    return upgraded(extract_services(doc, str(p)), "HSDS 3.0 JSON", uk_page=uk_page)


def upgraded(items: list[Item], detected: str, *, uk_page: bool = False) -> Source:
    """The services with those in a pre-3.0 shape upgraded, and the format detected."""
    older = _older(items)
    if uk_page:
        older = "Open Referral UK v1 JSON page"
    if older is None:
        return Source(items, detected)
    out = [Item(it.where, upgrade_service(it.obj), it.organization) if isinstance(it.obj, dict) else it for it in items]
    return Source(out, f"{older}, read as HSDS 3.0")


def _older(items: list[Item]) -> str | None:
    # (a service read as a plain Service is in the 3.0 shape: a pre-3.0 key of its own, of a location or a
    # language is no field of it)
    return flavour([it.obj for it in items if not it.is_plain])


def _zip(raw: bytes, label: str, max_bytes: int) -> Source:
    files = ZipFiles(raw, label, max_bytes)
    descriptors = files.descriptors()
    if not descriptors:
        raise InputError(unsupported_zip(files.names(), label))
    depth = descriptors[0].count("/")
    if len([d for d in descriptors if d.count("/") == depth]) > 1:
        shown = ", ".join(descriptors[:3])
        raise InputError(f"{label}: holds more than one data package ({shown}); give one at a time")
    files.root_at(descriptors[0])
    return _package(read_package(files))


def _package(pkg: Package) -> Source:
    return Source(pkg.items, pkg.detected, "package", pkg.notes)
