"""An HSDS API's `/services`, read within one deadline, a page limit and byte caps.

HTTP goes through the sync client's transport (`sync.fetcher.HttpxFetcher`): connect/read timeouts,
bounded retries with backoff for connection errors and 5xx, proxies from the environment, a length
cap per response counted on the decoded bytes while a compressed answer is inflated. On top of it:
one overall deadline, 429 and 503 retried after the wait the API asks for (`sync.hsds_retry`), a
page limit, a cap on services, and a budget for the whole import -- decoded bytes and JSON values
(counted before a page is parsed) -- so memory follows what is accepted, never what the server sends.

What is read: the API's root (`describe`: HSDS api_details), then `/services` as NDJSON if offered,
else page by page in whatever envelope and numbering the server uses (`sync.hsds_paging`: the count
is checked against total_items, a pager that loses or repeats services is refused), without
`full=true` if the API rejects it, then each service's details if the listing lacks them and the
taxonomy terms given only by id (`sync.hsds_terms`). `current_ids` lists the ids (`minimal=true`) so
that a re-import can drop the services deleted at the source.

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
import stamina
from tuf.api import exceptions as tuf_exceptions

from directory import paths
from directory.errors import InputError, VsdError
from directory.hsds import Item, is_listing_only, parse_hsds_bytes
from directory.hsds.text import clean_text
from directory.layers import is_secret_param, redact_url

from .fetcher import FetchSettings, HttpxFetcher
from .hsds_paging import Collected, PagerError, PageWalk, empty_page, read_page
from .hsds_retry import MAX_ATTEMPTS, MAX_BACKOFF, RETRY_STATUSES, RetryLater, backoff_hook, retry_after
from .hsds_terms import TermCache

MAX_PAGE_BYTES = 64 * 1024 * 1024
MAX_NDJSON_BYTES = 512 * 1024 * 1024
MAX_SERVICES = 200_000
MAX_ROOT_BYTES = 1024 * 1024
MAX_TERM_BYTES = 1024 * 1024
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
        self.detected: list[str] = []  # what the API turned out to be, for the summary
        self.notes: list[str] = []  # what the user should know about this read
        self.waits = 0  # times the API answered 429/503
        self.waited = 0.0  # seconds it asked to wait in all
        self._final_url: httpx.URL | None = None
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
        self._hooks = dict(self.client.event_hooks)
        self.client.event_hooks = {
            **self._hooks,
            "request": [*self._hooks.get("request", []), self._authorize],
            "response": [*self._hooks.get("response", []), self._rate_limit],
        }

    def close(self) -> None:
        if self._own_client:
            self.client.close()
        else:
            self.client.event_hooks = self._hooks

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

    def _check_probe_redirect(self, src: httpx.URL, dst: httpx.URL) -> None:
        if not _same_host(src, dst):
            raise HsdsImportError(f"{_show(src)} redirects to another host; not followed")

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

    def _time_left(self) -> float:
        return self.end - time.monotonic()

    def _rate_limit(self, response: httpx.Response) -> None:
        """A 429 or 503 answer becomes a RetryLater, which `download` retries as the API asks."""
        if response.status_code in RETRY_STATUSES:
            delay = retry_after(response.headers.get("retry-after"))
            response.close()
            raise RetryLater(response.status_code, delay)

    def _waiting(self, what: str, e: RetryLater) -> None:
        self.waits += 1
        self.waited += e.delay or 0.0
        how = f"waiting {e.delay:g} s as the API asks" if e.delay is not None else "trying again shortly"
        self.progress(f"{what}: the API answered HTTP {e.status}; {how}")

    def _gave_up(self, what: str, url: str, e: RetryLater) -> HsdsImportError:
        left = self._time_left()
        if e.delay is not None and e.delay >= left:
            return HsdsImportError(
                f"{what}: the API asks to wait {e.delay:g} s (HTTP {e.status}, Retry-After), more than the "
                f"{max(left, 0):.0f} s left of the import's {self.opts.deadline:g} s deadline; nothing imported "
                f"(try later, or raise --deadline) ({url})"
            )
        why = "too many requests" if e.status == 429 else "unavailable"
        return HsdsImportError(
            f"{what}: the API answered HTTP {e.status} ({why}) {MAX_ATTEMPTS} times; gave up, nothing imported "
            f"(try later) ({url})"
        )

    @contextlib.contextmanager
    def _attempt(self, url: str, what: str, cap: int, probe: bool) -> Iterator[IO[bytes]]:
        """One try at an answer (the transport's own retries for connection errors and 5xx included)."""
        remaining = self._time_left()
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
        fetcher.on_redirect = self._check_probe_redirect if probe else self._check_redirect
        try:
            with fetcher.download_file(url, cap) as f:
                self._final_url = None if probe else fetcher.final_url
                yield f
        finally:
            self.requests += fetcher.stats.requests

    @contextlib.contextmanager
    def download(self, url: str, what: str, max_bytes: int, *, probe: bool = False) -> Iterator[IO[bytes]]:
        """One answer as a file (kept on disk past a few MB), within the deadline and the import's budget;
        429 and 503 are retried (stamina) after the wait the API asks for. A `probe` (the root) may be
        redirected anywhere: the base is not moved and no other host is asked."""
        left = self._budget_left()
        cap = min(max_bytes, left)
        stack = contextlib.ExitStack()
        hook = backoff_hook(self._time_left, lambda e: self._waiting(what, e))
        self._final_url = None
        try:
            for attempt in stamina.retry_context(
                on=hook,
                attempts=MAX_ATTEMPTS,
                timeout=max(self._time_left(), 0.001),
                wait_initial=self.opts.backoff,
                wait_max=MAX_BACKOFF,
                wait_jitter=self.opts.backoff,
            ):
                with attempt:
                    f = stack.enter_context(self._attempt(url, what, cap, probe))
        except RetryLater as e:
            raise self._gave_up(what, url, e) from None
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
        with stack:
            self.received += f.seek(0, os.SEEK_END)
            f.seek(0)
            if self._final_url is not None:
                self._moved(url, self._final_url)
            yield f

    def get(self, url: str, what: str, max_bytes: int, *, probe: bool = False) -> bytes:
        with self.download(url, what, max_bytes, probe=probe) as f:
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

    # -- what the API is ---------------------------------------------------------------

    def describe(self) -> None:
        """Read `GET /` (HSDS `api_details`: version, profile, openapi_url) into `detected`. An API
        without it (an error, HTML, a redirect elsewhere, something else) is read all the same, and
        the summary says so; only the deadline ends the import here."""
        url = self.base + "/"
        try:
            raw = self.get(url, "the API's root (/)", MAX_ROOT_BYTES, probe=True)
            doc = parse_hsds_bytes(raw, "/")
        except _HttpStatus as e:
            self.detected.append(f"no api_details at / (HTTP {e.status})")
            return
        except InputError:
            self.detected.append("no api_details at / (not JSON)")
            return
        except HsdsImportError:
            if self._time_left() <= 0:
                raise
            self.detected.append("no api_details at / (no usable answer)")
            return
        self.detected.append(api_details_line(doc) or "no api_details at / (no version, profile or openapi_url)")

    # -- the services ------------------------------------------------------------------

    def services(self, modified_after: str | None, filters: Mapping[str, str] | None = None) -> Fetched:
        """Every service the API lists (those matching `filters`, changed since `modified_after`), with
        their details and taxonomy terms; refused when the count disagrees with total_items."""
        params: dict[str, Any] = {"full": "true", **(filters or {})}
        if modified_after:
            params["modified_after"] = modified_after
        got = Collected()

        # 1. ask for NDJSON; an API that does not offer it answers 4xx or a JSON page
        first = {**params, "format": "ndjson", "page": 1, "per_page": self.opts.per_page}
        url = self.url("services", first)
        page_doc: Any = None
        try:
            with self.download(url, "services (format=ndjson)", MAX_NDJSON_BYTES) as f:
                doc = self._read_ndjson(f, "services", url)
        except _HttpStatus as e:
            if not 400 <= e.status < 500:
                raise
            doc = None
        if isinstance(doc, list):
            for i, obj in enumerate(doc):
                got.add(f"line {i + 1}", obj)
                self._check_size(got)
            self.progress(f"services as NDJSON: {len(got)} services")
            fetched = Fetched(got.items(), "ndjson", 1, 0)
        else:
            page_doc = doc
            # 2. page by page
            walk = self._walk(params, got, "full", first=page_doc)
            self.detected += walk.facts()
            fetched = Fetched(got.items(), "pages", walk.useful, 0)
        self._details(fetched)
        self._fill_terms(fetched)
        term = (filters or {}).get("taxonomy_term_id")
        if term and fetched.items and not any(has_term(it.obj, term) for it in fetched.items):
            self.notes.append(
                f"none of the {len(fetched.items)} services the API sent names taxonomy term {term}: "
                "it may ignore taxonomy_term_id (or match narrower terms)"
            )
        if self.waits:
            self.notes.append(
                f"the API asked vsd to slow down {self.waits} time{'s' if self.waits != 1 else ''} "
                f"(HTTP 429/503); waited {self.waited:g} s in all"
            )
        fetched.requests = self.requests
        return fetched

    def current_ids(self, filters: Mapping[str, str] | None = None) -> set[str] | None:
        """The ids of every service the API lists now (`minimal=true`; the plain listing if it refuses
        that), checked against total_items; None if a listed service has no usable id."""
        got = Collected()
        self._walk({**(filters or {}), "minimal": "true"}, got, "minimal", what="service ids")
        return None if got.loose else set(got.by_id)

    def _check_size(self, got: Collected) -> None:
        if len(got) > MAX_SERVICES:
            raise HsdsImportError(f"the API sent more than {MAX_SERVICES:,} services; refused")

    def _walk(
        self, params: dict[str, Any], got: Collected, optional: str, *, first: Any = None, what: str = ""
    ) -> PageWalk:
        """Read every page of `/services` into `got`. `params[optional]` is dropped (with a note) if the
        API answers the first page with a 4xx to it; `first` is page 1 when it was read already."""
        walk = PageWalk(self.opts.max_pages, max_items=MAX_SERVICES)
        n: int | None = walk.first_page
        prefix = f"{what} " if what else ""
        while n is not None:
            url = self.url("services", {**params, "page": n, "per_page": self.opts.per_page})
            doc, first = (first, None) if first is not None else (self._page(url, n, params, optional, walk), None)
            try:
                # a page past the end that the server refuses (page 0, or the one that confirms the count): empty
                page = empty_page() if doc is _NO_PAGE else read_page(doc)
            except PagerError as e:
                raise HsdsImportError(f"page {n}: {e} ({url})") from None
            new = 0
            for i, obj in enumerate(page.contents):
                new += got.add(f"page {n} contents[{i}]", obj)
                self._check_size(got)
            try:
                nxt = walk.next(n, page, new, len(got))
            except PagerError as e:
                raise HsdsImportError(f"{e}; nothing imported ({_show(httpx.URL(url))})") from None
            of = f"/{walk.total_pages}" if walk.total_pages and not walk.zero_based else ""
            self.progress(f"{prefix}page {n}{of}: {len(got)} services")
            n = nxt
        try:
            walk.check(len(got))
        except PagerError as e:
            raise HsdsImportError(f"{e}; nothing imported ({self.base})") from None
        return walk

    def _page(self, url: str, n: int, params: dict[str, Any], optional: str, walk: PageWalk) -> Any:
        """Page `n`, parsed; the first page is asked for again without `params[optional]` on a 4xx. A page
        asked for past the end (page 0, or the one confirming the count) that fails counts as empty:
        the count against total_items decides."""
        try:
            return self._parse(self.get(url, f"page {n}", MAX_PAGE_BYTES), f"page {n}", url)
        except HsdsImportError as e:
            if (n == 0 or walk.confirming) and self._time_left() > 0:
                return _NO_PAGE
            if not isinstance(e, _HttpStatus) or not 400 <= e.status < 500:
                raise
            if walk.asked or optional not in params:
                raise
            value = params.pop(optional)
            self.notes.append(f"the API answered HTTP {e.status} to {optional}={value}; read without it")
            url = self.url("services", {**params, "page": n, "per_page": self.opts.per_page})
            return self._parse(self.get(url, f"page {n}", MAX_PAGE_BYTES), f"page {n}", url)

    def _details(self, fetched: Fetched) -> None:
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

    # -- taxonomy terms given by id ---------------------------------------------------------

    def _fill_terms(self, fetched: Fetched) -> None:
        terms = TermCache(self._fetch_term)
        filled = sum(terms.fill(it.obj) for it in fetched.items)
        if terms.terms:
            self.detected.append(
                f"{len(terms.terms) - len(terms.failures)} taxonomy terms fetched by id for {filled} attributes"
            )
        note = terms.note()
        if note:
            self.notes.append(note)

    def _fetch_term(self, tid: str) -> tuple[dict[str, Any] | None, str]:
        url = self.url(f"taxonomy_terms/{quote(tid, safe='')}")  # an id from the API is data, not a path
        what = f"taxonomy term {tid}"
        try:
            doc = parse_hsds_bytes(self.get(url, what, MAX_TERM_BYTES), what)
        except _HttpStatus as e:
            if 400 <= e.status < 500:
                return None, f"HTTP {e.status}"
            raise
        except InputError:
            return None, "not JSON"
        if not isinstance(doc, dict) or doc.get("id") != tid:
            return None, "the API answered with another object"
        return doc, ""


_NO_PAGE = object()


def api_details_line(doc: Any) -> str | None:
    """HSDS `api_details` (the answer to `GET /`) as one line for the import summary."""
    if not isinstance(doc, dict):
        return None
    version, profile, openapi = (doc.get(k) for k in ("version", "profile", "openapi_url"))
    parts = []
    if isinstance(version, str) and version.strip():
        v = clean_text(version, 40)
        parts.append(f"HSDS {v} API" if v[:1].isdigit() else f"{v} API")
    if isinstance(profile, str) and profile.strip():
        parts.append(f"profile {clean_text(profile, 200)}")
    if isinstance(openapi, str) and openapi.strip():
        parts.append(f"openapi {clean_text(openapi, 200)}")
    if not parts:
        return None
    if not parts[0].endswith(" API"):
        parts.insert(0, "an HSDS API")
    return f"{parts[0]} ({', '.join(parts[1:])})" if len(parts) > 1 else parts[0]


def has_term(service: Any, term_id: str) -> bool:
    """Whether one of the service's own attributes names the taxonomy term `term_id`."""
    attrs = service.get("attributes") if isinstance(service, dict) else None
    for attr in attrs if isinstance(attrs, list) else ():
        if isinstance(attr, dict):
            term = attr.get("taxonomy_term")
            if term_id in (attr.get("taxonomy_term_id"), term.get("id") if isinstance(term, dict) else None):
                return True
    return False


def is_api_root(source: str) -> bool:
    """True when the address given is the API's base rather than its `/services`."""
    try:
        path = urlsplit(source.strip()).path.rstrip("/")
    except ValueError:
        return False
    return not re.search(r"/services$", path)
