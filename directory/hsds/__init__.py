"""Open Referral HSDS 3.0 <-> vsd records: a pure mapping, no files, no network.

Import (`map_services`): HSDS service objects (as parsed by `extract_services`
from a file or an API page) become `vsd.services/1` records, each with an
outcome -- imported, skipped (inactive/defunct) or rejected (with every
problem, naming the record and the field) -- and warnings for what could not
be carried over. Export (`to_hsds`): a vsd record becomes an HSDS 3.0 service
object (organization, phones, languages, schedules, service areas) that is
valid against the HSDS JSON Schema.

What HSDS cannot say natively (English name, every alias, audiences, the
anonymous/confidential/not-on-phone-bill flags, area, notes, an IANA time zone,
each channel's kind and position) is exported as one compact attribute of vsd's
own taxonomy per object, the extension mechanism HSDS provides (citations go in
HSDS metadata); an import that finds it takes it as exact, so export -> import
keeps every field vsd models (docs/hsds-export.md).

Modules: reading (bytes -> services), mapping (one service -> one record or an
outcome), with fields (typed access), classification, areas, languages,
channels, schedules and fees for the parts of a record; export and attributes
(vsd -> HSDS), api_tree (a static HSDS API) and datapackage (HSDS tabular); taxonomy (the mapping table, vsd's own taxonomies), places
(countries, time zones), text (cleaning, labels, ids); context and outcomes.

Other forms of HSDS on disk: sources (a file, folder or zip -> services, and the format detected),
tabular with csv_tables, package_files and tabular.json (data packages of CSV tables), legacy
(HSDS 1.x/2.0 and Open Referral UK v1 -> the 3.0 shape), detect (naming what is not HSDS).
"""

from __future__ import annotations

from .areas import AREAS
from .context import ImportContext
from .export import export_services, hours_to_schedules, to_hsds
from .languages import normalize_language
from .mapping import map_service, map_services, premapper
from .outcomes import MappedImport, Outcome
from .places import resolve_country, zone_for_offset
from .reading import Item, extract_services, is_listing_only, parse_hsds_bytes
from .taxonomy import TaxonomyMapping
from .text import check_label, derive_label

HSDS_VERSION = "3.0"

__all__ = [
    "AREAS",
    "HSDS_VERSION",
    "ImportContext",
    "Item",
    "MappedImport",
    "Outcome",
    "TaxonomyMapping",
    "check_label",
    "derive_label",
    "export_services",
    "extract_services",
    "hours_to_schedules",
    "is_listing_only",
    "map_service",
    "map_services",
    "normalize_language",
    "parse_hsds_bytes",
    "premapper",
    "resolve_country",
    "to_hsds",
    "zone_for_offset",
]
