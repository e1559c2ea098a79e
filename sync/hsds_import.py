"""Importing Open Referral HSDS services into the local layer, from a file or an HSDS API.

`import_hsds(source, ...)` reads the services (a file: one service, a list, a
page or NDJSON, in HSDS 3.0 or 1.x/2.0; a tabular data package: a folder or zip
with datapackage.json, read by `directory.hsds.sources`; a URL: the API's
`/services`, as NDJSON when the API offers `format=ndjson`, else page by page;
services in a pre-3.0 shape are upgraded by `directory.hsds.legacy`), maps them
with `directory.hsds`, and stores them under their label in `directory.layers`
-- all or nothing: if any service is rejected (unless `skip_invalid`), or the
API fails part-way, the layer is left exactly as it was.

The API is read by `sync.hsds_client` (deadline, page limit, byte caps, a
budget for the whole import). Re-importing the same API under the same label
asks only for what changed (`modified_after`), unless `full`.

Credentials (`headers`, `$VSD_HSDS_TOKEN`, `~/.netrc`, or user:password and
token parameters in the address) are used for the request only: the address
stored, shown and written into each record's origin has them taken out.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from directory import support_types
from directory.errors import InputError, VsdError
from directory.hsds import (
    ImportContext,
    Item,
    MappedImport,
    TaxonomyMapping,
    check_label,
    derive_label,
    map_services,
    premapper,
    resolve_country,
)
from directory.hsds.package_files import DESCRIPTOR
from directory.hsds.sources import read_hsds_source, upgraded
from directory.hsds.text import slug
from directory.layers import Layers, known_ids_of, redact_url
from directory.settings import load_settings
from directory.validate import is_http_url, is_timezone

from .hsds_client import (
    DEFAULT_MAX_BYTES,
    Fetched,
    HsdsApi,
    HsdsImportError,
    Progress,
    api_base,
    gather_credentials,
    is_api_root,
    is_url,
)

DEFAULT_PER_PAGE = 100
DEFAULT_MAX_PAGES = 1000
DEFAULT_DEADLINE = 600.0
# modified_after asks from a little before the last fetch began, so a clock
# that differs from the server's does not lose changes (a re-read is harmless).
MODIFIED_AFTER_MARGIN = timedelta(minutes=5)


class ImportRejected(VsdError):
    """Some services were rejected, so nothing was imported; `report` lists every problem."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        n, total = len(report.result.rejected), len(report.result.outcomes)
        super().__init__(
            f"{n} of {total} services rejected; nothing imported, '{report.label}' unchanged "
            "(fix the source, or pass --skip-invalid to import the others)"
        )


@dataclass
class ImportOptions:
    label: str | None = None
    full: bool = False
    types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    timezone: str | None = None
    area: str | None = None
    mapping_files: list[str] = field(default_factory=list)
    skip_invalid: bool = False
    dry_run: bool = False
    per_page: int = DEFAULT_PER_PAGE
    max_pages: int = DEFAULT_MAX_PAGES
    deadline: float = DEFAULT_DEADLINE
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 2
    backoff: float = 0.5
    max_bytes: int = DEFAULT_MAX_BYTES  # decoded bytes of the whole import
    follow_redirects: bool = False  # to another host
    headers: list[str] = field(default_factory=list)  # "Name: value", sent to the API's host only
    filters: dict[str, str] = field(default_factory=dict)  # API parameters the services must match


@dataclass
class ImportReport:
    label: str
    source: str
    kind: str  # "api" | "file"
    mode: str  # "full" | "incremental"
    result: MappedImport
    modified_after: str | None = None
    transfer: str = ""  # "ndjson" | "pages" | "file" | "package"
    format: str = ""  # the format read: "HSDS 3.0 JSON", "HSDS 1.x tabular data package (...)", ...
    pages: int = 0
    requests: int = 0
    committed: bool = False
    layer_total: int = 0
    notices: list[str] = field(default_factory=list)  # what the layer file needed (a corrupt file moved aside)
    detected: list[str] = field(default_factory=list)  # what the API turned out to be (api_details, its pager)
    removed: int = 0  # services gone from the source, taken out of the layer by an incremental import

    def summary(self) -> str:
        r = self.result
        head = f"imported {len(r.imported)}, skipped {len(r.skipped)} (inactive/defunct), rejected {len(r.rejected)}"
        if self.removed:
            head += f", removed {self.removed} (deleted at the source)"
        if self.committed:
            return f"{head}; '{self.label}' now has {self.layer_total} services ({self.mode} import)"
        return f"{head}; nothing stored"


def _stamp(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_stamp(text: str) -> datetime | None:
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------
# configuration


def configured_mapping_files() -> list[str]:
    """`[hsds] mapping = "file"` (or a list) in vsd's config file, relative to that file."""
    settings = load_settings()
    problems = settings.problems_in("hsds")
    if problems:
        raise InputError("; ".join(problems))
    return settings.imports.mapping_files


def _local_short_numbers(data_dir: str | os.PathLike | None) -> list[dict[str, Any]]:
    """The sourced short numbers of the local directory: an imported number is accepted only if the
    phone metadata knows it or the signed (or bundled) directory lists it with its source.

    Read from the header of the search index file when that is current (it holds the store's table,
    and is keyed by the store file's identity, size and time), else from the store's meta document
    (its records left unparsed), else -- no store yet -- from the bundled directory the store would
    be seeded from. Only a store that needs recovering or reseeding is read whole (`envelope`)."""
    from directory import index_file
    from directory.store import Store

    try:
        store = Store(data_dir)
        key = index_file.fingerprint(store.data_dir)
        meta = index_file.load_meta(store.data_dir, key) if key else None
        table = meta["short_numbers"] if meta and "short_numbers" in meta else _stored_table(store)
    except Exception:  # an unreadable store is reported by the commands that use it; imports go on without
        return []
    return [e for e in table if isinstance(e, dict)] if isinstance(table, list) else []


def _stored_table(store: Any) -> Any:
    """The store's short-number table, without parsing its records (0.3 s at 20k services) nor seeding it:
    an import into a data dir with no directory yet uses the table seeding will store (the bundled one;
    the store is seeded when the import is written)."""
    from directory.bundled import bundled_path
    from directory.loading import read_json_file

    stored = store.stored_records()
    if stored is not None:
        return stored.meta.get("short_numbers")
    if not os.path.lexists(store.directory_path):
        return read_json_file(bundled_path()).get("short_numbers")
    return store.envelope().get("short_numbers")  # damaged or older than the bundled copy: recovered first


def _default_label(source: str, where: str, kind: str) -> str:
    """The API's host, a package folder's name (also for its datapackage.json), else the file's stem."""
    if kind == "api":
        return derive_label(where)
    p = Path(source).expanduser()
    if p.name.lower() == DESCRIPTOR:
        p = p.parent
    if p.is_dir():
        return slug(p.resolve().name, 40) or "hsds"
    return derive_label(source)


def _context(label: str, source: str, kind: str, opts: ImportOptions) -> ImportContext:
    bad = [t for t in opts.types if t not in support_types.CODES]
    if bad:
        raise InputError(f"--type {', '.join(bad)}: not a support type; known: {', '.join(support_types.LABELS)}")
    countries = []
    for c in opts.countries:
        code = resolve_country(c)
        if not code:
            raise InputError(f"--country {c}: not an ISO 3166 country code or name")
        countries.append(code)
    if opts.timezone and not is_timezone(opts.timezone):
        raise InputError(f"--timezone {opts.timezone}: not an IANA time zone (e.g. Europe/Berlin)")
    mapping = TaxonomyMapping.load([*configured_mapping_files(), *opts.mapping_files])
    return ImportContext(
        label=label,
        source=source,
        kind=kind,
        mapping=mapping,
        default_types=list(opts.types),
        default_countries=countries,
        default_timezone=opts.timezone,
        default_area=opts.area,
    )


# ---------------------------------------------------------------------------
# the import


def _deleted_at_source(api: HsdsApi, known: dict[str, str], filters: dict[str, str]) -> list[str]:
    """HSDS ids of the layer that the API no longer lists (a `modified_after` read cannot tell)."""
    if not known:
        return []
    current = api.current_ids(filters)
    if current is None:
        api.notes.append(
            "a service the API lists has no id: services deleted at the source are kept (--full drops them)"
        )
        return []
    if not current:
        raise HsdsImportError(
            f"{api.base}: the API lists no services at all; nothing changed "
            "(`vsd import remove LABEL` drops the import, --full re-reads it)"
        )
    return [h for h in known if h not in current]


def import_hsds(
    source: str,
    *,
    data_dir: str | os.PathLike | None = None,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ImportReport:
    """Import one source into the layer `options.label`; raises (changing nothing) on any refusal."""
    with _cyclic_gc_paused():
        return _import_hsds(source, data_dir, options, progress, client, sleep)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """The cycle collector off while services are read and mapped: they are millions of objects that all
    stay alive, which it would walk again and again (40% of an import of 20k services). Reference
    counting still frees everything else; the collector resumes, as it was, at the end.

    What is alive then (the import's records, and the program's own objects) goes to the oldest generation
    first (freeze, then unfreeze): left in the youngest, all of it was walked by the first collection after
    the import (0.1 s at 20k services). A cycle made during the import is freed by the next full collection."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:  # never thaw what someone else froze (the app does)
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _drained(items: list[Item]) -> Iterator[Item]:
    """The services in order, each let go of as the next is taken: the parsed services are freed while
    they are mapped, not after (the records take the memory they leave; 1.5 GB less to walk at 100k).
    `items` is empty at the end."""
    items.reverse()
    while items:
        yield items.pop()


def _import_hsds(
    source: str,
    data_dir: str | os.PathLike | None,
    options: ImportOptions | None,
    progress: Progress | None,
    client: httpx.Client | None,
    sleep: Callable[[float], None],
) -> ImportReport:
    opts = options or ImportOptions()
    started = datetime.now(UTC)
    kind = "api" if is_url(source) else "file"
    try:
        where = api_base(source) if kind == "api" else str(Path(source).expanduser().resolve())
    except ValueError:  # urlsplit on "http://[::1" and the like
        where = ""
    if kind == "api" and not is_http_url(where):
        raise InputError(
            f"{redact_url(source)}: not a usable API address; give a full host name or IP address "
            "(https://api.example.org/hsds, http://127.0.0.1:8080)"
        )
    if kind == "file" and opts.filters:
        raise InputError(f"{', '.join(opts.filters)}: a filter the API applies; a file is imported whole")
    label = check_label(opts.label or _default_label(source, where, kind))
    ctx = _context(label, where, kind, opts)
    ctx.short_numbers = _local_short_numbers(data_dir)
    layers = Layers(data_dir)
    prev = layers.get(label)

    modified_after = None
    same_api = prev is not None and where in (prev.get("source"), prev.get("requested"))
    same_api = same_api and prev is not None and (prev.get("filters") or {}) == opts.filters
    if kind == "api" and prev and prev.get("kind") == "api" and same_api and not opts.full:
        last = _parse_stamp(prev.get("fetched_at", ""))
        if last is not None:
            modified_after = _stamp(last - MODIFIED_AFTER_MARGIN)

    notes: list[str] = []
    detected: list[str] = []
    fmt = ""
    gone: list[str] = []  # HSDS ids of the layer the API no longer lists
    requested = where
    if kind == "api":
        creds = gather_credentials(source, opts.headers)
        notes += creds.notes
        if any(u.startswith("the address") for u in creds.used):
            notes.append(
                "credentials in the address are used for this import only and never stored; "
                "for the next one give them with --header, $VSD_HSDS_TOKEN or ~/.netrc"
            )
        with HsdsApi(where, opts, client=client, progress=progress, sleep=sleep, credentials=creds) as api:
            try:
                if is_api_root(source):
                    api.describe()
                fetched = api.services(modified_after, opts.filters)
                if modified_after is not None:
                    gone = _deleted_at_source(api, known_ids_of(prev), opts.filters)
            except HsdsImportError as e:
                if creds.notes:  # say why a credential was not sent, with the failure it may explain
                    raise HsdsImportError(f"{e}; note: {'; '.join(creds.notes)}") from None
                raise
            detected, notes = api.detected, notes + api.notes
            if api.base != where:
                notes.append(f"{where} redirected to {api.base}: the import is recorded as coming from there")
                where = ctx.source = api.base
        read = upgraded(fetched.items, "")
        fetched.items = read.items
        fmt = read.detected
    else:
        read = read_hsds_source(source, premap=premapper(ctx))
        fetched = Fetched(read.items, read.transfer, 0, 0)
        fmt = read.detected
        notes += read.notes

    incremental = modified_after is not None
    if not fetched.items and not incremental:
        raise HsdsImportError(
            f"{where}: no services found; nothing imported"
            + (f" ('{label}' unchanged; `vsd import remove {label}` drops it)" if prev else "")
        )
    # the ids of the layer as read above (not read again: the file holds every label's records)
    result = map_services(_drained(fetched.items), ctx, existing_ids=known_ids_of(prev))
    layers.notices.extend(notes)
    report = ImportReport(
        label=label,
        source=where,
        kind=kind,
        mode="incremental" if incremental else "full",
        result=result,
        modified_after=modified_after,
        transfer=fetched.transfer,
        format=fmt,
        pages=fetched.pages,
        requests=fetched.requests,
        notices=layers.notices,
        detected=detected,
        removed=len(gone),
    )
    if result.rejected and not opts.skip_invalid:
        raise ImportRejected(report)
    if not result.imported and not incremental and not result.skipped:
        raise HsdsImportError(f"{where}: no service could be imported; nothing stored")
    if opts.dry_run:
        return report
    if not os.path.lexists(layers.store.directory_path):
        # The store is seeded now, as it would be by opening the directory, so the layer is written beside
        # the directory it is shown with (and the search index built next is of both); not before, as the
        # short numbers needed none: an import refused leaves an empty data dir empty.
        layers.store.envelope()
    doc = layers.replace(
        label,
        source=where,
        kind=kind,
        records=result.stored_records,  # (some may be the bytes a helper handed them over in)
        hsds_ids=result.hsds_ids,
        fetched_at=_stamp(started),
        incremental=incremental,
        drop_hsds_ids=[o.hsds_id for o in result.skipped if o.hsds_id] + gone,
        counts={"imported": len(result.imported), "skipped": len(result.skipped), "rejected": len(result.rejected)},
        requested=requested,
        filters=opts.filters,
    )
    report.committed = True
    report.layer_total = len(doc["records"])
    return report
