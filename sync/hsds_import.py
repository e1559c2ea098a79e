"""Importing Open Referral HSDS services into the local layer, from a file or an HSDS API.

`import_hsds(source, ...)` reads the services (a file: one service, a list, a
page or NDJSON; a URL: the API's `/services`, as NDJSON when the API offers
`format=ndjson`, else page by page), maps them with `directory.hsds`, and
stores them under their label in `directory.layers` -- all or nothing: if any
service is rejected (unless `skip_invalid`), or the API fails part-way, the
layer is left exactly as it was.

HTTP goes through the sync client's transport (`sync.fetcher.HttpxFetcher`):
connect/read timeouts, bounded retries with backoff for connection errors and
5xx, proxies from the environment, a length cap per response. On top of it an
import has one overall deadline, a page limit (an API that never reports its
last page is refused, as is one that repeats a page) and a cap on services.
Re-importing the same API under the same label asks only for what changed
(`modified_after`), unless `full`.
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import httpx
from tuf.api import exceptions as tuf_exceptions

from directory import support_types
from directory.errors import InputError, VsdError
from directory.hsds import (
    ImportContext,
    Item,
    MappedImport,
    TaxonomyMapping,
    check_label,
    derive_label,
    extract_services,
    is_listing_only,
    map_services,
    parse_hsds_bytes,
    resolve_country,
)
from directory.layers import Layers
from directory.loading import MAX_FILE_BYTES, read_file_bytes
from directory.settings import load_settings
from directory.validate import is_http_url, is_timezone

from .fetcher import FetchSettings, HttpxFetcher

DEFAULT_PER_PAGE = 100
DEFAULT_MAX_PAGES = 1000
DEFAULT_DEADLINE = 600.0
MAX_PAGE_BYTES = 64 * 1024 * 1024
MAX_NDJSON_BYTES = 512 * 1024 * 1024
MAX_SERVICES = 200_000
# modified_after asks from a little before the last fetch began, so a clock
# that differs from the server's does not lose changes (a re-read is harmless).
MODIFIED_AFTER_MARGIN = timedelta(minutes=5)

Progress = Callable[[str], None]


class HsdsImportError(VsdError):
    """The source could not be read as HSDS (broken API, endless pager, not HSDS); nothing was changed."""


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


@dataclass
class ImportReport:
    label: str
    source: str
    kind: str  # "api" | "file"
    mode: str  # "full" | "incremental"
    result: MappedImport
    modified_after: str | None = None
    transfer: str = ""  # "ndjson" | "pages" | "file"
    pages: int = 0
    requests: int = 0
    committed: bool = False
    layer_total: int = 0
    notices: list[str] = field(default_factory=list)  # what the layer file needed (a corrupt file moved aside)

    def summary(self) -> str:
        r = self.result
        head = f"imported {len(r.imported)}, skipped {len(r.skipped)} (inactive/defunct), rejected {len(r.rejected)}"
        if self.committed:
            return f"{head}; '{self.label}' now has {self.layer_total} services ({self.mode} import)"
        return f"{head}; nothing stored"


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.IGNORECASE))


def api_base(url: str) -> str:
    """The API's base URL: the source with any trailing `/services` (and query) removed."""
    parts = urlsplit(url.strip())
    path = re.sub(r"/services/?$", "", parts.path.rstrip("/"))
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, "", ""))


def _user_agent() -> str:
    try:
        version = metadata.version("vsd")
    except metadata.PackageNotFoundError:  # pragma: no cover
        version = "dev"
    return f"vsd/{version} (HSDS import) httpx/{httpx.__version__}"


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
    phone metadata knows it or the signed (or bundled) directory lists it with its source."""
    from directory.store import Store

    try:
        table = Store(data_dir).envelope().get("short_numbers")
    except Exception:  # an unreadable store is reported by the commands that use it; imports go on without
        return []
    return [e for e in table if isinstance(e, dict)] if isinstance(table, list) else []


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
# reading


def read_source_file(path: str | os.PathLike) -> bytes:
    return read_file_bytes(path, what="an HSDS file", max_bytes=MAX_FILE_BYTES)


class _HttpStatus(HsdsImportError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Fetched:
    items: list[Item]
    transfer: str
    pages: int
    requests: int


class HsdsApi:
    """Reads `/services` of an HSDS API within one deadline and page limit."""

    def __init__(
        self,
        base: str,
        opts: ImportOptions,
        *,
        client: httpx.Client | None = None,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base = base.rstrip("/")
        self.opts = opts
        self.progress = progress or (lambda _msg: None)
        self.sleep = sleep
        self.end = time.monotonic() + opts.deadline
        self.requests = 0
        self._own_client = client is None
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(
                connect=opts.connect_timeout, read=opts.read_timeout, write=opts.read_timeout, pool=opts.connect_timeout
            ),
            headers={"User-Agent": _user_agent(), "Accept": "application/json, application/x-ndjson"},
            follow_redirects=True,
            max_redirects=5,
            trust_env=True,
        )

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def __enter__(self) -> HsdsApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}/{path}{query}"

    def get(self, url: str, what: str, max_bytes: int) -> bytes:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise HsdsImportError(f"gave up at {what}: the import's {self.opts.deadline:g} s deadline passed")
        # A server that stalls must not outlive the deadline: no single wait longer than what is left.
        self.client.timeout = httpx.Timeout(
            connect=min(self.opts.connect_timeout, remaining),
            read=min(self.opts.read_timeout, remaining),
            write=min(self.opts.read_timeout, remaining),
            pool=min(self.opts.connect_timeout, remaining),
        )
        settings = FetchSettings(
            connect_timeout=self.opts.connect_timeout,
            read_timeout=self.opts.read_timeout,
            deadline=remaining,
            min_rate=math.inf,
            retries=self.opts.retries,
            backoff=self.opts.backoff,
        )
        fetcher = HttpxFetcher(settings, client=self.client, sleep=self.sleep)
        try:
            return fetcher.download_bytes(url, max_bytes)
        except tuf_exceptions.DownloadHTTPError as e:
            raise _HttpStatus(f"{what}: the API answered HTTP {e.status_code} for {url}", e.status_code) from None
        except tuf_exceptions.SlowRetrievalError as e:
            if time.monotonic() >= self.end:
                raise HsdsImportError(
                    f"gave up at {what}: the import's {self.opts.deadline:g} s deadline passed ({url})"
                ) from None
            raise HsdsImportError(f"{what}: {e} ({url})") from None
        except tuf_exceptions.DownloadError as e:
            raise HsdsImportError(f"{what}: {e} ({url})") from None
        except httpx.InvalidURL as e:
            raise HsdsImportError(f"{what}: not a usable URL ({e})") from None
        finally:
            self.requests += fetcher.stats.requests

    def _parse(self, raw: bytes, what: str, url: str) -> Any:
        try:
            return parse_hsds_bytes(raw, what)
        except InputError as e:
            raise HsdsImportError(f"{e} ({url})") from None

    def services(self, modified_after: str | None) -> Fetched:
        opts = self.opts
        common: dict[str, Any] = {"full": "true"}
        if modified_after:
            common["modified_after"] = modified_after
        items: dict[str, Item] = {}
        order: list[str] = []
        loose: list[Item] = []  # items without a usable id: kept for the mapping to reject

        def keep(where: str, obj: Any) -> None:
            sid = obj.get("id") if isinstance(obj, dict) else None
            if isinstance(sid, str) and sid:
                if sid not in items:
                    order.append(sid)
                items[sid] = Item(where, obj)
            else:
                loose.append(Item(where, obj))
            if len(items) + len(loose) > MAX_SERVICES:
                raise HsdsImportError(f"the API sent more than {MAX_SERVICES:,} services; refused")

        # 1. ask for NDJSON; an API that does not offer it answers 4xx or a JSON page
        first = {**common, "format": "ndjson", "page": 1, "per_page": opts.per_page}
        url = self.url("services", first)
        page_doc: Any = None
        try:
            raw = self.get(url, "services (format=ndjson)", MAX_NDJSON_BYTES)
        except _HttpStatus as e:
            if not 400 <= e.status < 500:
                raise
            raw = None
        if raw is not None:
            doc = self._parse(raw, "services", url)
            if isinstance(doc, list):
                for i, obj in enumerate(doc):
                    keep(f"line {i + 1}", obj)
                self.progress(f"services as NDJSON: {len(items) + len(loose)} services")
                fetched = Fetched([items[k] for k in order] + loose, "ndjson", 1, 0)
                return self._details(fetched)
            page_doc = doc
        # 2. page by page
        page = 1
        prev_ids: list[str] | None = None
        while True:
            if page_doc is None:
                if page > opts.max_pages:
                    raise HsdsImportError(
                        f"gave up after {opts.max_pages} pages: the API still reported more "
                        "(an endless pager?); nothing imported"
                    )
                url = self.url("services", {**common, "page": page, "per_page": opts.per_page})
                page_doc = self._parse(self.get(url, f"page {page}", MAX_PAGE_BYTES), f"page {page}", url)
            doc, page_doc = page_doc, None
            if not isinstance(doc, dict) or not isinstance(doc.get("contents"), list):
                kind = "a list" if isinstance(doc, list) else 'an object without "contents"'
                raise HsdsImportError(f"page {page}: not an HSDS page ({kind}) ({url})")
            contents = doc["contents"]
            ids = [c.get("id") for c in contents if isinstance(c, dict)]
            if contents and prev_ids is not None and ids == prev_ids:
                raise HsdsImportError(
                    f"page {page} repeats page {page - 1}: the API ignores the page parameter; nothing imported"
                )
            if ids and all(isinstance(i, str) and i in items for i in ids):
                raise HsdsImportError(
                    f"page {page} only repeats services of earlier pages: the pager loops; nothing imported"
                )
            for i, obj in enumerate(contents):
                keep(f"page {page} contents[{i}]", obj)
            total_pages = doc.get("total_pages")
            total_pages = total_pages if isinstance(total_pages, int) and not isinstance(total_pages, bool) else None
            self.progress(f"page {page}{f'/{total_pages}' if total_pages else ''}: {len(items) + len(loose)} services")
            if not contents or doc.get("last_page") is True or (total_pages is not None and page >= total_pages):
                break
            prev_ids = ids
            page += 1
        return self._details(Fetched([items[k] for k in order] + loose, "pages", page, 0))

    def _details(self, fetched: Fetched) -> Fetched:
        """Listings may hold only a service's own fields: fetch the full service for those."""
        todo = [
            it
            for it in fetched.items
            if isinstance(it.obj, dict) and is_listing_only(it.obj) and isinstance(it.obj.get("id"), str)
        ]
        for n, it in enumerate(todo, start=1):
            sid = it.obj["id"]
            url = self.url(f"services/{quote(sid, safe='')}")  # an id from the API is data, not a path
            doc = self._parse(self.get(url, f"service {sid}", MAX_PAGE_BYTES), f"service {sid}", url)
            if not isinstance(doc, dict) or doc.get("id") != sid:
                raise HsdsImportError(f"service {sid}: the API answered with another object ({url})")
            it.obj = doc
            if n % 25 == 0 or n == len(todo):
                self.progress(f"details: {n}/{len(todo)} services")
        fetched.requests = self.requests
        return fetched


# ---------------------------------------------------------------------------
# the import


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
    opts = options or ImportOptions()
    started = datetime.now(UTC)
    kind = "api" if is_url(source) else "file"
    try:
        where = api_base(source) if kind == "api" else str(Path(source).expanduser().resolve())
    except ValueError:  # urlsplit on "http://[::1" and the like
        where = ""
    if kind == "api" and not is_http_url(where):
        raise InputError(
            f"{source}: not a usable API address; give a full host name or IP address "
            "(https://api.example.org/hsds, http://127.0.0.1:8080)"
        )
    label = check_label(opts.label or derive_label(where if kind == "api" else source))
    ctx = _context(label, where, kind, opts)
    ctx.short_numbers = _local_short_numbers(data_dir)
    layers = Layers(data_dir)
    prev = layers.get(label)

    modified_after = None
    if kind == "api" and prev and prev.get("kind") == "api" and prev.get("source") == where and not opts.full:
        last = _parse_stamp(prev.get("fetched_at", ""))
        if last is not None:
            modified_after = _stamp(last - MODIFIED_AFTER_MARGIN)

    if kind == "api":
        with HsdsApi(where, opts, client=client, progress=progress, sleep=sleep) as api:
            fetched = api.services(modified_after)
    else:
        raw = read_source_file(source)
        doc = parse_hsds_bytes(raw, str(source))
        fetched = Fetched(extract_services(doc, str(source)), "file", 0, 0)

    incremental = modified_after is not None
    if not fetched.items and not incremental:
        raise HsdsImportError(
            f"{where}: no services found; nothing imported"
            + (f" ('{label}' unchanged; `vsd import remove {label}` drops it)" if prev else "")
        )
    result = map_services(fetched.items, ctx, existing_ids=layers.known_ids(label))
    report = ImportReport(
        label=label,
        source=where,
        kind=kind,
        mode="incremental" if incremental else "full",
        result=result,
        modified_after=modified_after,
        transfer=fetched.transfer,
        pages=fetched.pages,
        requests=fetched.requests,
        notices=layers.notices,
    )
    if result.rejected and not opts.skip_invalid:
        raise ImportRejected(report)
    if not result.imported and not incremental and not result.skipped:
        raise HsdsImportError(f"{where}: no service could be imported; nothing stored")
    if opts.dry_run:
        return report
    doc = layers.replace(
        label,
        source=where,
        kind=kind,
        records=result.records,
        hsds_ids=result.hsds_ids,
        fetched_at=_stamp(started),
        incremental=incremental,
        drop_hsds_ids=[o.hsds_id for o in result.skipped if o.hsds_id],
        counts={"imported": len(result.imported), "skipped": len(result.skipped), "rejected": len(result.rejected)},
    )
    report.committed = True
    report.layer_total = len(doc["records"])
    return report
