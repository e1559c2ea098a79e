"""The HTTP transport of a sync: python-tuf's `FetcherInterface` over httpx.

python-tuf verifies what it gets; this module decides how patiently to get it:

- explicit connect and read timeouts, plus an overall deadline per download
  (a read timeout alone never stops a server that drips one byte a second);
  the deadline grows with the number of bytes the signed metadata allows,
  never with what the server claims;
- a hard cap on length: the download stops as soon as it passes the limit
  python-tuf gives (the signed length of a target, the configured maximum of a
  metadata file), and a `Content-Length` above it is refused before reading;
- bounded retries with exponential backoff for connection errors (refused,
  reset, dropped mid-download) and 5xx answers, inside the same deadline; never
  for 4xx (python-tuf reads a 404 on `N.root.json` as "no newer root");
- compressed answers (gzip, deflate) decoded here, a bounded piece at a time, with a running
  count: the cap applies to the decoded bytes, so a small compressed body that inflates to
  gigabytes is stopped at the cap (and no more than two encodings, nothing unknown, is accepted);
- proxies from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
  `NO_PROXY`), redirects followed (at most `MAX_REDIRECTS`, their bodies never read; a caller
  may vet each hop with `on_redirect`), an honest User-Agent;
- counters of requests and bytes for the benchmark and the TUI.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from typing import IO

import httpx
import tuf
from tuf.api import exceptions
from tuf.ngclient import FetcherInterface

from directory import paths

DEADLINE_ENV = paths.SYNC_DEADLINE_ENV
CHUNK = 64 * 1024
# Responses up to this size stay in memory; larger ones spill to a temp file.
SPOOL_BYTES = 4 * 1024 * 1024
# The last download is kept for diagnosis (which file failed to verify) if it
# is metadata-sized; targets are never kept twice.
KEEP_LAST_BYTES = 8 * 1024 * 1024

# What the fetcher can decode; announced as Accept-Encoding, anything else is refused.
ACCEPT_ENCODING = "gzip, deflate"
MAX_ENCODINGS = 2
MAX_REDIRECTS = 5

Progress = Callable[[int, int], None]
# Called with (from URL, to URL) before a redirect is followed; raise to refuse it.
RedirectCheck = Callable[[httpx.URL, httpx.URL], None]


def user_agent() -> str:
    try:
        version = metadata.version("vsd")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "dev"
    return f"vsd/{version} (signed directory sync) python-tuf/{tuf.__version__} httpx/{httpx.__version__}"


@dataclass(frozen=True)
class FetchSettings:
    """How patient a sync is. The defaults suit a slow field connection."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # Wall-clock limit for one download, retries included ...
    deadline: float = 60.0
    # ... plus this much time per byte allowed (bytes / min_rate seconds), so a
    # 100 MB directory may take longer than a 2 kB timestamp.
    min_rate: float = 32 * 1024
    retries: int = 2
    backoff: float = 0.5

    @classmethod
    def from_env(cls) -> FetchSettings:
        raw = os.environ.get(DEADLINE_ENV)
        if not raw:
            return cls()
        try:
            deadline = float(raw)
        except ValueError:
            return cls()
        return cls(deadline=deadline) if deadline > 0 else cls()


class FeedConnectionError(exceptions.DownloadError):
    """The feed's host could not be reached or dropped the connection."""


@dataclass
class FetchStats:
    requests: int = 0
    bytes: int = 0


class _Retry(Exception):
    """A failure worth another attempt; `final` is what to raise when attempts run out."""

    def __init__(self, final: exceptions.DownloadError, cause: BaseException | None = None) -> None:
        super().__init__(str(final))
        final.__cause__ = cause
        self.final = final


class HttpxFetcher(FetcherInterface):
    """python-tuf fetcher over an httpx client. Use as a context manager or call `close()`."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings.from_env()
        s = self.settings
        self._client = client or httpx.Client(
            timeout=httpx.Timeout(
                connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=s.connect_timeout
            ),
            headers={"User-Agent": user_agent()},
            follow_redirects=True,
            max_redirects=5,
            trust_env=True,  # proxies and NO_PROXY from the environment
        )
        self._sleep = sleep
        self.stats = FetchStats()
        self.progress: Progress | None = None
        self.last_download: tuple[str, bytes] | None = None
        self.on_redirect: RedirectCheck | None = None
        self.final_url: httpx.URL | None = None  # where the last download came from, after redirects

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpxFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def reporting(self, progress: Progress | None) -> Iterator[None]:
        """Report (bytes done, bytes expected) of the downloads made inside the block."""
        old, self.progress = self.progress, progress
        try:
            yield
        finally:
            self.progress = old

    # -- FetcherInterface ------------------------------------------------------
    def _fetch(self, url: str) -> Iterator[bytes]:
        # python-tuf only calls download_file/download_bytes, which are
        # overridden below to enforce length and deadline while streaming;
        # this keeps the abstract contract for any other caller.
        with self.download_file(url, KEEP_LAST_BYTES) as f:
            while chunk := f.read(CHUNK):
                yield chunk

    @contextlib.contextmanager
    def download_file(self, url: str, max_length: int) -> Iterator[IO[bytes]]:
        s = self.settings
        allowed = s.deadline + max_length / s.min_rate
        end = time.monotonic() + allowed
        attempt = 0
        while True:
            spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
            try:
                self._download_once(url, max_length, spool, end, allowed)
                break
            except _Retry as e:
                spool.close()
                attempt += 1
                pause = s.backoff * 2 ** (attempt - 1)
                if attempt > s.retries or time.monotonic() + pause >= end:
                    raise e.final from e.final.__cause__  # noqa: B904
                self._sleep(pause)
            except BaseException:
                spool.close()
                raise
        with spool:
            size = spool.tell()
            spool.seek(0)
            if size <= KEEP_LAST_BYTES:
                self.last_download = (url, spool.read())
                spool.seek(0)
            yield spool

    def download_bytes(self, url: str, max_length: int) -> bytes:
        with self.download_file(url, max_length) as f:
            return f.read()

    # -- one attempt -----------------------------------------------------------
    def _open(self, url: str) -> httpx.Response:
        """The final response of `url`, redirects followed without reading their bodies."""
        request = self._client.build_request("GET", url, headers={"Accept-Encoding": ACCEPT_ENCODING})
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._client.send(request, stream=True, follow_redirects=False)
            nxt = response.next_request
            if nxt is None:
                self.final_url = response.url
                return response
            response.close()  # a redirect's body is never read: it could be anything
            if self.on_redirect is not None:
                self.on_redirect(request.url, nxt.url)
            self.stats.requests += 1
            request = nxt
        raise exceptions.DownloadError(f"{_name(url)}: more than {MAX_REDIRECTS} redirects; download stopped")

    def _download_once(self, url: str, max_length: int, out: IO[bytes], end: float, allowed: float) -> None:
        self.stats.requests += 1
        received = 0
        try:
            with contextlib.closing(self._open(url)) as response:
                status = response.status_code
                if status >= 400:
                    err = exceptions.DownloadHTTPError(
                        f"the feed answered HTTP {status} {response.reason_phrase} for {url}", status
                    )
                    if status >= 500:
                        raise _Retry(err)
                    raise err
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_length:
                    raise exceptions.DownloadLengthMismatchError(
                        f"{_name(url)} announces {int(declared):,} bytes, more than the {max_length:,} allowed"
                    )
                total = int(declared) if declared and declared.isdigit() else max_length
                encodings = _encodings(response, url)
                raw = _RawCount(response.iter_raw(), max_length, url)  # as received: a chunk size would buffer a drip
                for chunk in _decode(raw, encodings, url):
                    received += len(chunk)
                    self.stats.bytes += len(chunk)
                    if received > max_length:
                        if encodings:
                            raise exceptions.DownloadLengthMismatchError(
                                f"{_name(url)} inflates to more than the {max_length:,} bytes allowed "
                                f"({raw.count:,} compressed bytes received); download stopped"
                            )
                        raise exceptions.DownloadLengthMismatchError(
                            f"{_name(url)} sent more than the {max_length:,} bytes allowed; download stopped"
                        )
                    out.write(chunk)
                    if self.progress is not None:
                        self.progress(received, total)
                    if time.monotonic() > end:
                        raise _slow(url, allowed, received)
        except (exceptions.DownloadError, _Retry):
            raise
        except httpx.TimeoutException as e:
            if isinstance(e, httpx.ConnectTimeout | httpx.PoolTimeout):
                raise _Retry(FeedConnectionError(f"cannot connect to {_host(url)} (timed out)"), e) from e
            raise exceptions.SlowRetrievalError(
                f"slow retrieval: no data from {_host(url)} for {self.settings.read_timeout:g} s "
                f"({received:,} bytes of {_name(url)} received)"
            ) from e
        except (httpx.ConnectError, httpx.ProxyError) as e:
            raise _Retry(FeedConnectionError(f"cannot connect to {_host(url)} ({_reason(e)})"), e) from e
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError, httpx.CloseError) as e:
            raise _Retry(
                FeedConnectionError(
                    f"connection to {_host(url)} lost during {_name(url)} after {received:,} bytes ({_reason(e)})"
                ),
                e,
            ) from e
        except httpx.HTTPError as e:
            raise FeedConnectionError(f"{_name(url)}: {_reason(e)}") from e
        if time.monotonic() > end:
            raise _slow(url, allowed, received)


# -- bounded decoding ----------------------------------------------------------------


class _RawCount:
    """The raw (still encoded) chunks of a response, counted and capped like the decoded ones."""

    def __init__(self, chunks: Iterator[bytes], max_length: int, url: str) -> None:
        self.chunks = chunks
        self.max_length = max_length
        self.url = url
        self.count = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.count += len(chunk)
            if self.count > self.max_length:
                raise exceptions.DownloadLengthMismatchError(
                    f"{_name(self.url)} sent more than the {self.max_length:,} bytes allowed; download stopped"
                )
            yield chunk


def _encodings(response: httpx.Response, url: str) -> list[str]:
    """The Content-Encoding chain, outermost last; refused when unknown or longer than MAX_ENCODINGS."""
    names = [e.strip().lower() for e in response.headers.get("content-encoding", "").split(",")]
    names = [e for e in names if e and e != "identity"]
    for name in names:
        if name not in ("gzip", "x-gzip", "deflate"):
            raise exceptions.DownloadError(
                f"{_name(url)}: the answer is encoded as {name[:40]!r}, which vsd does not accept"
            )
    if len(names) > MAX_ENCODINGS:
        raise exceptions.DownloadError(f"{_name(url)}: the answer is compressed {len(names)} times over; refused")
    return names


def _decode(chunks: Iterable[bytes], encodings: list[str], url: str) -> Iterator[bytes]:
    stream: Iterable[bytes] = chunks
    for name in reversed(encodings):  # the last encoding applied is undone first
        stream = _inflate(stream, name, url)
    return iter(stream)


def _inflate(chunks: Iterable[bytes], name: str, url: str) -> Iterator[bytes]:
    """Undo one gzip/deflate layer, never producing more than CHUNK bytes from one call."""
    d = zlib.decompressobj(zlib.MAX_WBITS | 16 if name != "deflate" else zlib.MAX_WBITS)
    first = name == "deflate"  # "deflate" is zlib-wrapped by the standard, raw by some servers
    try:
        for data in chunks:
            if first and data:
                first = False
                try:
                    probe = zlib.decompressobj(zlib.MAX_WBITS)
                    probe.decompress(data[:2])
                except zlib.error:
                    d = zlib.decompressobj(-zlib.MAX_WBITS)
            while data and not d.eof:
                out = d.decompress(data, CHUNK)
                data = d.unconsumed_tail
                if out:
                    yield out
                # the output may have filled exactly as the input ran out: drain what zlib holds back
                while len(out) == CHUNK and not data and not d.eof:
                    out = d.decompress(b"", CHUNK)
                    if out:
                        yield out
        tail = d.flush()
        if tail:
            yield tail
    except zlib.error as e:
        raise exceptions.DownloadError(f"{_name(url)}: the compressed answer is damaged ({e})") from None


def _slow(url: str, allowed: float, received: int) -> exceptions.SlowRetrievalError:
    return exceptions.SlowRetrievalError(
        f"slow retrieval: {_name(url)} did not arrive within the {allowed:.1f} s deadline ({received:,} bytes received)"
    )


def _name(url: str) -> str:
    """The file name a person knows: hash prefixes of consistent snapshots left out."""
    name = url.rsplit("/", 1)[-1] or url
    return re.sub(r"^[0-9a-f]{64}\.", "", name)


def _host(url: str) -> str:
    try:
        u = httpx.URL(url)
    except Exception:  # noqa: BLE001 - only for a message
        return url
    return f"{u.host}:{u.port}" if u.port else u.host


def _reason(e: BaseException) -> str:
    """The innermost OS-level reason ("connection refused", "connection reset by peer")."""
    seen = e
    while seen.__cause__ is not None or seen.__context__ is not None:
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    if isinstance(seen, OSError) and seen.strerror:
        return seen.strerror.lower()
    text = str(e) or type(e).__name__
    return text.splitlines()[0][:200]
