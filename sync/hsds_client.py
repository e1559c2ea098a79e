"""An HSDS API's `/services`, read within one deadline, a page limit and byte caps.

HTTP goes through the sync client's transport (`sync.fetcher.HttpxFetcher`): connect/read timeouts,
bounded retries with backoff for connection errors and 5xx, proxies from the environment, a length
cap per response counted on the decoded bytes while a compressed answer is inflated. On top of it:
one overall deadline, a page limit (an API that never reports its last page is refused, as is one
that repeats a page), a cap on services, and a budget for the whole import -- decoded bytes and JSON
values (counted before a page is parsed) -- so memory follows what is accepted, never what the
server sends.

Credentials (`Credentials`: `--header`, `$VSD_HSDS_TOKEN`, a `~/.netrc` entry, or user:password and
token parameters in the address) are sent to the API's own host only, never to a host it redirects
to, and never stored: the address kept is `directory.layers.redact_url` of it. A redirect to another
host is refused unless `follow_redirects`; the base recorded is then the final host's.
What to do with the services is `sync.hsds_import`'s business.
"""

from __future__ import annotations

import base64
import contextlib
import math
import netrc
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import IO, Any, Protocol
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import httpx
from tuf.api import exceptions as tuf_exceptions

from directory import paths
from directory.errors import InputError, VsdError
from directory.hsds import Item, is_listing_only, parse_hsds_bytes
from directory.layers import is_secret_param, redact_url

from .fetcher import FetchSettings, HttpxFetcher

MAX_PAGE_BYTES = 64 * 1024 * 1024
MAX_NDJSON_BYTES = 512 * 1024 * 1024
MAX_SERVICES = 200_000
# The whole import: decoded bytes of every answer together (`--max-mb`), and JSON values, one per
# this many of those bytes (a real HSDS service has one every 20-30 bytes; a page of `{},{},...`
# one every 3, each costing some 70 bytes of memory once parsed).
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
BYTES_PER_VALUE = 24
TOKEN_ENV = paths.HSDS_TOKEN_ENV

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
    max_bytes: int
    follow_redirects: bool


class HsdsImportError(VsdError):
    """The source could not be read as HSDS (broken API, endless pager, not HSDS); nothing was changed."""


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.IGNORECASE))


def api_base(url: str) -> str:
    """The API's base URL: the source with any trailing `/services` (and query, and user:password) removed."""
    parts = urlsplit(url.strip())
    path = re.sub(r"/services/?$", "", parts.path.rstrip("/"))
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme.lower(), netloc, path, "", ""))


# -- credentials ---------------------------------------------------------------------

_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")


@dataclass
class Credentials:
    """What to send to the API's own host only; never stored, never printed."""

    headers: dict[str, str] = field(default_factory=dict)
    params: list[tuple[str, str]] = field(default_factory=list)
    used: list[str] = field(default_factory=list)  # where they came from, for a note ("--header", "~/.netrc")
    notes: list[str] = field(default_factory=list)  # for the user (a netrc file that could not be used)

    def secrets(self) -> list[str]:
        return [v for v in [*self.headers.values(), *(v for _, v in self.params)] if v]


def parse_header(text: str) -> tuple[str, str]:
    """`Name: value` of `--header`; the message on a bad one never repeats the value."""
    name, sep, value = text.partition(":")
    name, value = name.strip(), value.strip()
    if not sep or not _HEADER_NAME.match(name) or not value or any(c in value for c in "\r\n\x00"):
        raise InputError("--header: give it as 'Name: value' on one line (the value is not shown here)")
    return name, value


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _netrc_login(host: str, env: Mapping[str, str], notes: list[str]) -> tuple[str, str] | None:
    path = env.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not host or not os.path.isfile(path):
        return None
    try:
        if os.stat(path).st_mode & 0o077:
            notes.append(f"{path}: not used, other users can read it (chmod 600 {path})")
            return None
        found = netrc.netrc(path).authenticators(host)
    except (OSError, netrc.NetrcParseError):  # its message may quote the file: never shown
        notes.append(f"{path}: not used (unreadable, malformed, or readable by other users)")
        return None
    if not found:
        return None
    login, _account, password = found
    return login or "", password or ""


def gather_credentials(
    source: str, headers: list[str] | tuple[str, ...] = (), env: Mapping[str, str] | None = None
) -> Credentials:
    """Credentials for `source`, first found first: `--header`s, user:password in the address,
    `$VSD_HSDS_TOKEN` (a bearer token), the host's `~/.netrc` entry; token parameters of the address
    are sent again as parameters."""
    env = os.environ if env is None else env
    creds = Credentials()
    for text in headers:
        name, value = parse_header(text)
        creds.headers[name] = value
    if headers:
        creds.used.append("--header")
    parts = urlsplit(source.strip())
    has_auth = any(k.lower() == "authorization" for k in creds.headers)
    userinfo, at, _host = parts.netloc.rpartition("@")
    if at and userinfo:
        user, _, password = userinfo.partition(":")
        if not has_auth:
            creds.headers["Authorization"] = _basic(unquote(user), unquote(password))
            has_auth = True
        creds.used.append("the address's user:password")
    token = (env.get(TOKEN_ENV) or "").strip()
    if token and not has_auth:
        if any(c in token for c in "\r\n\x00"):
            raise InputError(f"${TOKEN_ENV}: not a usable token (it holds a line break)")
        creds.headers["Authorization"] = f"Bearer {token}"
        has_auth = True
        creds.used.append(f"${TOKEN_ENV}")
    if not has_auth:
        found = _netrc_login((parts.hostname or "").lower(), env, creds.notes)
        if found:
            creds.headers["Authorization"] = _basic(*found)
            creds.used.append("~/.netrc")
    secret = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if is_secret_param(k)]
    if secret:
        creds.params = secret
        creds.used.append("the address's " + ", ".join(sorted({k for k, _ in secret})) + " parameter")
    return creds


def _origin(url: httpx.URL) -> tuple[str, str, int]:
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.scheme, url.host.lower(), port


def _same_host(src: httpx.URL, dst: httpx.URL) -> bool:
    """The same server: same host and port, or an upgrade from http to https on the default ports."""
    (s_scheme, s_host, s_port), (d_scheme, d_host, d_port) = _origin(src), _origin(dst)
    if s_host != d_host:
        return False
    if (s_scheme, s_port) == (d_scheme, d_port):
        return True
    return (s_scheme, s_port, d_scheme, d_port) == ("http", 80, "https", 443)


def _show(url: httpx.URL) -> str:
    return redact_url(str(url.copy_with(query=None, fragment=None)))


def _user_agent() -> str:
    try:
        version = metadata.version("vsd")
    except metadata.PackageNotFoundError:  # pragma: no cover
        version = "dev"
    return f"vsd/{version} (HSDS import) httpx/{httpx.__version__}"


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n:,} bytes"


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
        credentials: Credentials | None = None,
    ) -> None:
        self.base = base.rstrip("/")
        self.opts = opts
        self.progress = progress or (lambda _msg: None)
        self.sleep = sleep
        self.end = time.monotonic() + opts.deadline
        self.requests = 0
        self.received = 0  # decoded bytes of every answer so far
        self.values = 0  # JSON values (an upper bound) of every answer so far
        self.credentials = credentials or Credentials()
        self._trusted = httpx.URL(self.base)  # the only host credentials go to
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
        self._hooks = list(self.client.event_hooks.get("request", []))
        self.client.event_hooks = {**self.client.event_hooks, "request": [*self._hooks, self._authorize]}

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        else:
            self.client.event_hooks = {**self.client.event_hooks, "request": self._hooks}

    def _authorize(self, request: httpx.Request) -> None:
        """Credentials on requests to the API's own host (over https if it was https); off every other."""
        c = self.credentials
        trusted = _same_host(self._trusted, request.url) and not (
            self._trusted.scheme == "https" and request.url.scheme != "https"
        )
        if trusted:
            for name, value in c.headers.items():
                request.headers[name] = value
            for name, value in c.params:
                request.url = request.url.copy_set_param(name, value)
        else:
            for name in c.headers:
                request.headers.pop(name, None)
            for name, _ in c.params:
                request.url = request.url.copy_remove_param(name)

    def _check_redirect(self, src: httpx.URL, dst: httpx.URL) -> None:
        if _same_host(src, dst) or self.opts.follow_redirects:
            return
        raise HsdsImportError(
            f"{_show(src)} redirects to another host, {_show(dst)}; not followed, nothing imported "
            "(import from the new address, or pass --follow-redirects)"
        )

    def _moved(self, requested: str, final: httpx.URL) -> None:
        """After a redirect, the base (the origin recorded) is where the answer came from."""
        req = httpx.URL(requested)
        if (req.scheme, req.host, req.port, req.path) == (final.scheme, final.host, final.port, final.path):
            return
        base_path = httpx.URL(self.base).path.rstrip("/")
        suffix = req.path[len(base_path) :] if req.path.startswith(base_path) else ""
        path = final.path[: -len(suffix)] if suffix and final.path.endswith(suffix) else base_path
        self.base = redact_url(str(final.copy_with(path=path or "/", query=None, fragment=None))).rstrip("/")

    def _budget_left(self) -> int:
        return max(0, self.opts.max_bytes - self.received)

    def _count_values(self, raw: bytes, what: str, url: str) -> None:
        """Refuse before parsing an answer whose values would take the import past its budget."""
        self.values += raw.count(b"{") + raw.count(b"[") + raw.count(b",") + 1
        limit = self.opts.max_bytes // BYTES_PER_VALUE
        if self.values > limit:
            raise HsdsImportError(
                f"{what}: refused: the import passed its cap of {limit:,} JSON values "
                f"(padding or junk?); nothing imported (--max-mb raises it) ({url})"
            )

    def __enter__(self) -> HsdsApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}/{path}{query}"

    @contextlib.contextmanager
    def download(self, url: str, what: str, max_bytes: int) -> Iterator[IO[bytes]]:
        """One answer as a file (kept on disk past a few MB), within the deadline and the import's budget."""
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
        fetcher.on_redirect = self._check_redirect
        left = self._budget_left()
        cap = min(max_bytes, left)
        stack = contextlib.ExitStack()
        try:
            f = stack.enter_context(fetcher.download_file(url, cap))
        except tuf_exceptions.DownloadLengthMismatchError as e:
            inflates = "inflates" in str(e)
            how = " (a compressed answer that inflates without end?)" if inflates else ""
            if cap < max_bytes:
                raise HsdsImportError(
                    f"{what}: refused: the import passed its cap of {_mib(self.opts.max_bytes)} of data{how}; "
                    f"nothing imported (--max-mb raises it) ({url})"
                ) from None
            raise HsdsImportError(
                f"{what}: refused: the answer {'inflates to' if inflates else 'is'} more than the "
                f"{_mib(max_bytes)} one answer may be; nothing imported ({url})"
            ) from None
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
        with stack:
            self.received += f.seek(0, os.SEEK_END)
            f.seek(0)
            if fetcher.final_url is not None:
                self._moved(url, fetcher.final_url)
            yield f

    def get(self, url: str, what: str, max_bytes: int) -> bytes:
        with self.download(url, what, max_bytes) as f:
            raw = f.read()
        self._count_values(raw, what, url)
        return raw

    def _read_ndjson(self, f: IO[bytes], what: str, url: str) -> Any:
        """An answer to format=ndjson, parsed a line at a time from the file (never whole in memory
        twice); an API that answered with one JSON document instead is parsed whole, as before."""
        first: tuple[int, bytes] | None = None
        lines = enumerate(f, start=1)
        for n, line in lines:
            if line.strip():
                first = (n, line)
                break
        counted = self.values
        try:
            if first is None:
                raise InputError("empty")
            self._count_values(first[1], what, url)
            head = parse_hsds_bytes(first[1], f"{what} line {first[0]}")
        except InputError:  # not one value per line: one JSON document (or nothing usable)
            f.seek(0)
            raw = f.read()
            self.values = counted  # the first line is counted again with the whole
            self._count_values(raw, what, url)
            return self._parse(raw, what, url)
        items = [head]
        for n, line in lines:
            if line.strip():
                self._count_values(line, what, url)
                items.append(self._parse(line, f"{what} line {n}", url))
        return head if len(items) == 1 else items

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
            with self.download(url, "services (format=ndjson)", MAX_NDJSON_BYTES) as f:
                doc = self._read_ndjson(f, "services", url)
        except _HttpStatus as e:
            if not 400 <= e.status < 500:
                raise
            doc = None
        if doc is not None:
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
