"""An HSDS API's `/services`, read within one deadline, a page limit and byte caps.

HTTP goes through the sync client's transport (`sync.fetcher.HttpxFetcher`): connect/read timeouts,
bounded retries with backoff for connection errors and 5xx, proxies from the environment, a length
cap per response. On top of it: one overall deadline, a page limit (an API that never reports its
last page is refused, as is one that repeats a page) and a cap on services. What to do with the
services is `sync.hsds_import`'s business.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Protocol
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import httpx
from tuf.api import exceptions as tuf_exceptions

from directory.errors import InputError, VsdError
from directory.hsds import Item, is_listing_only, parse_hsds_bytes

from .fetcher import FetchSettings, HttpxFetcher

MAX_PAGE_BYTES = 64 * 1024 * 1024
MAX_NDJSON_BYTES = 512 * 1024 * 1024
MAX_SERVICES = 200_000

Progress = Callable[[str], None]


class ApiLimits(Protocol):
    """How long and how far a read may go (an import's options carry these)."""

    deadline: float
    connect_timeout: float
    read_timeout: float
    retries: int
    backoff: float
    per_page: int
    max_pages: int


class HsdsImportError(VsdError):
    """The source could not be read as HSDS (broken API, endless pager, not HSDS); nothing was changed."""


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
        opts: ApiLimits,
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
