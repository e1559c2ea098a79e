"""The httpx fetcher on its own, against real servers on 127.0.0.1: limits, retries, proxies, redirects."""

from __future__ import annotations

import time

import pytest
from tuf.api import exceptions

from sync.fetcher import FeedConnectionError, FetchSettings, HttpxFetcher
from tests.sync_fixtures import (
    FAST,
    Feed,
    body,
    closed_port,
    endless,
    start_server,
    status,
)

pytestmark = pytest.mark.usefixtures("sync_env")


@pytest.fixture
def srv(tmp_path):
    feed = Feed(tmp_path)
    server = start_server(feed.repo)
    yield server
    server.stop()


def fetcher(**kw) -> HttpxFetcher:
    sleeps: list[float] = []
    f = HttpxFetcher(FetchSettings(**{**FAST.__dict__, **kw}), sleep=sleeps.append)
    f.sleeps = sleeps  # type: ignore[attr-defined]
    return f


def test_downloads_and_counts(srv):
    srv.faults["/x"] = body(b"hello")
    with fetcher() as f:
        assert f.download_bytes(f"{srv.url}/x", 100) == b"hello"
        assert f.stats.requests == 1 and f.stats.bytes == 5
        assert f.last_download == (f"{srv.url}/x", b"hello")
        assert b"".join(f.fetch(f"{srv.url}/x")) == b"hello"  # the plain FetcherInterface path


def test_404_is_an_http_error_python_tuf_understands_and_is_not_retried(srv):
    srv.faults["/metadata/2.root.json"] = status(404)
    with fetcher() as f, pytest.raises(exceptions.DownloadHTTPError) as e:
        f.download_bytes(f"{srv.url}/metadata/2.root.json", 1000)
    assert e.value.status_code == 404
    assert srv.paths() == ["/metadata/2.root.json"]


def test_5xx_retried_with_exponential_backoff(srv):
    srv.faults["/x"] = status(502)
    with fetcher(retries=3, backoff=0.1) as f, pytest.raises(exceptions.DownloadHTTPError) as e:
        f.download_bytes(f"{srv.url}/x", 1000)
    assert e.value.status_code == 502
    assert srv.paths() == ["/x"] * 4
    assert f.sleeps == [0.1, 0.2, 0.4]


def test_retry_succeeds(srv):
    calls = {"n": 0}

    def flaky(h):
        calls["n"] += 1
        if calls["n"] == 1:
            h.send_body(b"busy", 503)
        else:
            h.send_body(b"fine")

    srv.faults["/z"] = flaky
    with fetcher() as f:
        assert f.download_bytes(f"{srv.url}/z", 100) == b"fine"
    assert calls["n"] == 2 and f.sleeps == [FAST.backoff]


def test_connection_refused_is_retried_then_raised():
    url = f"http://127.0.0.1:{closed_port()}/metadata/timestamp.json"
    with fetcher(retries=2, backoff=0.05) as f, pytest.raises(FeedConnectionError, match="connection refused"):
        f.download_bytes(url, 1000)
    assert f.stats.requests == 3 and f.sleeps == [0.05, 0.1]


def test_length_limit_while_streaming_and_from_content_length(srv):
    srv.faults["/big"] = endless()
    srv.faults["/announced"] = endless(content_length=10**12)
    with fetcher() as f:
        with pytest.raises(exceptions.DownloadLengthMismatchError, match="more than the 1,000 bytes allowed"):
            f.download_bytes(f"{srv.url}/big", 1000)
        assert f.stats.bytes < 1000 + 2 * 65536
        with pytest.raises(exceptions.DownloadLengthMismatchError, match="announces 1,000,000,000,000 bytes"):
            f.download_bytes(f"{srv.url}/announced", 1000)
    assert f.stats.requests == 2  # never retried


def test_deadline_counts_retries_too(srv):
    srv.faults["/x"] = status(500)
    with HttpxFetcher(FetchSettings(deadline=0.3, retries=10, backoff=0.2, min_rate=1e12)) as f:
        started = time.monotonic()
        with pytest.raises(exceptions.DownloadHTTPError):
            f.download_bytes(f"{srv.url}/x", 10)
    assert time.monotonic() - started < 1.0
    assert f.stats.requests <= 3


def test_redirects_are_followed(srv):
    def redirect(h):
        h.send_response(302)
        h.send_header("Location", "/final")
        h.send_header("Content-Length", "0")
        h.end_headers()

    srv.faults["/moved"] = redirect
    srv.faults["/final"] = body(b"here")
    with fetcher() as f:
        assert f.download_bytes(f"{srv.url}/moved", 100) == b"here"


def test_proxy_from_the_environment(srv, monkeypatch):
    """HTTP_PROXY is honoured: the request goes to the proxy, in absolute form."""
    srv.faults["*"] = body(b"via proxy")
    monkeypatch.setenv("HTTP_PROXY", srv.url)
    with HttpxFetcher(FAST) as f:
        assert f.download_bytes("http://feed.example.invalid/metadata/timestamp.json", 100) == b"via proxy"
    (req,) = srv.requests
    assert req.path == "http://feed.example.invalid/metadata/timestamp.json"
    assert req.headers["Host"] == "feed.example.invalid"
    assert req.headers["User-Agent"].startswith("vsd/")


def test_no_proxy_is_honoured(srv, monkeypatch):
    srv.faults["/x"] = body(b"direct")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with HttpxFetcher(FAST) as f:
        assert f.download_bytes(f"{srv.url}/x", 100) == b"direct"


def test_deadline_from_environment(monkeypatch):
    monkeypatch.setenv("VSD_SYNC_DEADLINE", "2.5")
    assert FetchSettings.from_env().deadline == 2.5
    monkeypatch.setenv("VSD_SYNC_DEADLINE", "soon")
    assert FetchSettings.from_env().deadline == FetchSettings().deadline
