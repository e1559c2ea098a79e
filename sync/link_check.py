"""Checking the links of a services file (`vsd feed check --links`), politely.

Every URL is asked for once (a GET whose body is never read), with:
- a limit on requests in flight (`concurrency`),
- a pause between two requests to one host (`per_host_interval`), redirect hops included,
- connect and read timeouts, and a deadline for the whole URL,
- redirects followed by hand, up to `max_redirects`, so that each hop is seen: a permanent one
  (301, 308) means the record should carry the new address ("moved"); temporary ones (302, 303, 307)
  are reported but are no problem.

Only the curator's explicit command calls this; nothing else in vsd checks links.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata

import httpx

PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})
GONE = frozenset({404, 410})
# Statuses that are no problem for the curator.
FINE = frozenset({"ok", "redirected"})


@dataclass(frozen=True)
class LinkSettings:
    concurrency: int = 8
    per_host_interval: float = 1.0  # seconds between the starts of two requests to one host
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    max_redirects: int = 5

    @property
    def deadline(self) -> float:
        """Seconds one URL may take, all hops together."""
        return (self.connect_timeout + self.read_timeout) * (self.max_redirects + 1)


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: str  # ok, moved, redirected, dead, error, timeout, unreachable, invalid
    detail: str  # one line for the curator: "HTTP 404", "moved permanently to https://…"
    code: int | None = None  # the last HTTP status seen
    final_url: str | None = None  # where the redirects ended, when there were any
    hops: tuple[tuple[int, str], ...] = ()  # (status, location) of each redirect followed

    @property
    def problem(self) -> bool:
        return self.status not in FINE


def user_agent() -> str:
    try:
        version = metadata.version("vsd")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "dev"
    return f"vsd/{version} (curator link check) httpx/{httpx.__version__}"


class _HostPacer:
    """At most one request start per host every `interval` seconds."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._next: dict[str, float] = {}

    async def wait(self, host: str) -> None:
        loop = asyncio.get_running_loop()
        async with self._locks[host]:
            delay = self._next.get(host, 0.0) - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next[host] = loop.time() + self.interval


def check_links(
    urls: Iterable[str],
    settings: LinkSettings | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check every URL (duplicates once), results in the order given."""
    return asyncio.run(_check_all(list(dict.fromkeys(urls)), settings or LinkSettings(), transport, on_result))


async def _check_all(
    urls: list[str],
    s: LinkSettings,
    transport: httpx.AsyncBaseTransport | None,
    on_result: Callable[[LinkResult], None] | None,
) -> list[LinkResult]:
    limit = asyncio.Semaphore(max(1, s.concurrency))
    pacer = _HostPacer(s.per_host_interval)
    timeout = httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None)
    async with httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": user_agent()},
        transport=transport,
        trust_env=True,  # proxies and NO_PROXY from the environment, as a sync
    ) as client:

        async def one(url: str) -> LinkResult:
            async with limit:
                try:
                    async with asyncio.timeout(s.deadline):
                        result = await _check(client, pacer, url, s.max_redirects)
                except TimeoutError:
                    result = LinkResult(url, "timeout", f"no answer within {s.deadline:g} s")
            if on_result is not None:
                on_result(result)
            return result

        return list(await asyncio.gather(*(one(u) for u in urls)))


async def _check(client: httpx.AsyncClient, pacer: _HostPacer, url: str, max_redirects: int) -> LinkResult:
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, ValueError) as e:
        return LinkResult(url, "invalid", f"not a URL ({e})")
    hops: list[tuple[int, str]] = []
    while True:
        if current.scheme not in ("http", "https") or not current.host:
            return LinkResult(url, "invalid", f"not an http(s) URL: {current}", hops=tuple(hops))
        await pacer.wait(current.host)
        try:
            async with client.stream("GET", current) as response:
                code, location = response.status_code, response.headers.get("location")
        except httpx.TimeoutException as e:
            return LinkResult(url, "timeout", f"timed out ({type(e).__name__})", hops=tuple(hops))
        except httpx.HTTPError as e:
            return LinkResult(url, "unreachable", _reason(e), hops=tuple(hops))
        if code in PERMANENT | TEMPORARY and location:
            if len(hops) >= max_redirects:
                return LinkResult(url, "error", f"more than {max_redirects} redirects", code, str(current), tuple(hops))
            try:
                current = current.join(location)
            except (httpx.InvalidURL, ValueError):
                return LinkResult(url, "error", f"HTTP {code} to an unusable Location", code, hops=tuple(hops))
            hops.append((code, str(current)))
            continue
        return _verdict(url, code, str(current), tuple(hops))


def _verdict(url: str, code: int, final: str, hops: tuple[tuple[int, str], ...]) -> LinkResult:
    moved = any(c in PERMANENT for c, _ in hops)
    where = final if hops else None
    if 200 <= code < 300:
        if moved:
            return LinkResult(url, "moved", f"moved permanently to {final}", code, where, hops)
        if hops:
            return LinkResult(url, "redirected", f"redirects (temporarily) to {final}", code, where, hops)
        return LinkResult(url, "ok", f"HTTP {code}", code)
    via = f" (after redirects to {final})" if hops else ""
    if code in GONE:
        return LinkResult(url, "dead", f"HTTP {code}: the page is gone{via}", code, where, hops)
    return LinkResult(url, "error", f"HTTP {code}{via}", code, where, hops)


def _reason(e: httpx.HTTPError) -> str:
    cause = e.__cause__ or e.__context__
    text = str(e) or (str(cause) if cause else "") or type(e).__name__
    if isinstance(e, httpx.ConnectError):
        return f"cannot connect ({text})"
    return f"{type(e).__name__}: {text}"
