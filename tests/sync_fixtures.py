"""Shared pieces of the sync and feed tests: a signed feed on disk, a real HTTP server on
127.0.0.1 that can misbehave on purpose, and byte-for-byte snapshots of the local files.

Import the fixtures you use into the test module (`from tests.sync_fixtures import feed, server, ...`).
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from directory.store import Store
from sync.fetcher import FetchSettings
from sync.publisher import Publisher
from sync.serve import FeedRequestHandler, FeedServer, make_server
from tests.factories import envelope, service

# Fast but honest: real timeouts and retries, small backoff so the suite stays quick.
FAST = FetchSettings(connect_timeout=2.0, read_timeout=5.0, deadline=10.0, retries=2, backoff=0.01)
BOOKMARKED = "de-nummer-gegen-kummer-116111"


def records(*ids: str, **overrides: Any) -> list[dict[str, Any]]:
    """Valid records with the given ids (names follow the ids)."""
    return [service(id=i, name=f"Service {i}", name_en=f"Service {i}", **overrides) for i in ids]


def release(version: int, *services: dict[str, Any]) -> dict[str, Any]:
    return envelope(*(services or records(BOOKMARKED)), version=version)


# -- the feed on disk ---------------------------------------------------------------
class Feed:
    """A publisher with throwaway keys in a temp dir."""

    def __init__(self, root: Path) -> None:
        self.pub = Publisher.init(root / "feed")
        self.src = root / "src"
        self.src.mkdir()

    @property
    def repo(self) -> Path:
        return self.pub.repo

    @property
    def root_path(self) -> Path:
        return self.pub.root_path

    def publish(self, env: dict[str, Any], *, expires_days: int = 30, now: datetime | None = None):
        path = self.src / f"v{env['version']}.json"
        path.write_text(json.dumps(env), encoding="utf-8")
        return self.pub.publish(path, expires_days=expires_days, now=now)

    def publish_unchecked(self, env: dict[str, Any]):
        """Sign a file without validating it: what a broken or compromised publisher could do."""
        data = json.dumps(env).encode("utf-8")
        return self.pub._publish_bytes(env, data, expires_days=30)

    def target_path(self) -> str:
        info = self.pub.published()
        assert info is not None
        return f"/targets/{info['target']}"

    def metadata(self, name: str) -> bytes:
        return (self.repo / "metadata" / name).read_bytes()

    def files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.repo)): p.read_bytes() for p in sorted(self.repo.rglob("*")) if p.is_file()}


# -- a server that can misbehave --------------------------------------------------------
Fault = Callable[["FaultyHandler"], None]


class FaultyHandler(FeedRequestHandler):
    """Serves the feed's files, unless the test installed a fault for the requested path."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        srv: TestServer = self.server  # type: ignore[assignment]
        path = self.path.split("?", 1)[0]
        srv.requests.append(Request(path, dict(self.headers.items())))
        fault = srv.faults.get(path) or srv.faults.get("*")
        if fault is not None:
            fault(self)
            return
        super().do_GET()

    # helpers for faults
    def send_body(self, body: bytes, status: int = 200, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class TestServer(FeedServer):
    __test__ = False  # not a pytest test class

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.faults: dict[str, Fault] = {}
        self.requests: list[Request] = []

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def start_server(repo: Path) -> TestServer:
    srv = make_server(repo, 0, handler=FaultyHandler, server_class=TestServer, quiet=True)
    assert isinstance(srv, TestServer)
    srv.start_in_thread()
    return srv


# Faults -----------------------------------------------------------------------------
def status(code: int, body: bytes = b"", content_type: str = "text/plain") -> Fault:
    def fault(h: FaultyHandler) -> None:
        h.send_body(body or f"{code}\n".encode(), code, content_type)

    return fault


HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Welcome to the hotel Wi-Fi</title></head>"
    b"<body><h1>Please log in</h1></body></html>\n"
)


def html_page(code: int = 200) -> Fault:
    return status(code, HTML_PAGE, "text/html")


def body(data: bytes) -> Fault:
    return lambda h: h.send_body(data)


def endless(total: int = 4 * 2**30, chunk: int = 64 * 1024, content_length: int | None = None) -> Fault:
    """A multi-GB body (generated lazily, no Content-Length unless given), streamed until the client hangs up."""

    def fault(h: FaultyHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/octet-stream")
        if content_length is not None:
            h.send_header("Content-Length", str(content_length))
        h.end_headers()
        h.server.sent = 0  # type: ignore[attr-defined]
        block = b"A" * chunk
        try:
            for _ in range(total // chunk):
                h.wfile.write(block)
                h.server.sent += chunk  # type: ignore[attr-defined]
        except OSError:
            pass
        h.close_connection = True

    return fault


def reset_after(n_bytes: int) -> Fault:
    """Serve the real file's headers and first n bytes, then reset the connection (TCP RST)."""

    def fault(h: FaultyHandler) -> None:
        path = Path(h.translate_path(h.path))
        data = path.read_bytes()
        h.send_response(200)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data[:n_bytes])
        h.wfile.flush()
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
        h.close_connection = True

    return fault


def drip(interval: float = 1.0) -> Fault:
    """Announce the real file, then send it one byte every `interval` seconds."""

    def fault(h: FaultyHandler) -> None:
        data = Path(h.translate_path(h.path)).read_bytes()
        h.send_response(200)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        try:
            for i in range(len(data)):
                h.wfile.write(data[i : i + 1])
                h.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass
        h.close_connection = True

    return fault


def once(fault: Fault) -> Fault:
    """Misbehave on the first request only; serve normally afterwards."""
    used = threading.Event()

    def wrapper(h: FaultyHandler) -> None:
        if used.is_set():
            FeedRequestHandler.do_GET(h)
            return
        used.set()
        fault(h)

    return wrapper


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# -- the local side ---------------------------------------------------------------------
def local_files(store: Store) -> dict[str, Any]:
    """Everything a refused sync must leave byte-for-byte unchanged."""
    return {
        "directory": store.directory_path.read_bytes(),
        "version": Store(store.data_dir).envelope()["version"],
        "userdata": store.userdata_path.read_bytes(),
    }


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture
def sync_env(tmp_path_factory, monkeypatch):
    """No proxy, feed or config from the developer's environment leaks into a test."""
    for var in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "no_proxy",
        "VSD_FEED_URL",
        "VSD_FEED_ROOT",
        "VSD_DATA_DIR",
        "VSD_FAULT_INJECT",
        "VSD_SYNC_DEADLINE",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("VSD_CONFIG", str(tmp_path_factory.mktemp("config") / "config.toml"))
    monkeypatch.setenv("VSD_SYSTEM_CONFIG_DIR", str(tmp_path_factory.mktemp("system-config")))
    # sync and import write the search index to the cache dir: never the developer's own
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("VSD_FEED_MIRRORS", raising=False)


@pytest.fixture
def feed(tmp_path) -> Feed:
    return Feed(tmp_path)


@pytest.fixture
def server(feed) -> Iterator[TestServer]:
    srv = start_server(feed.repo)
    yield srv
    srv.stop()


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    """A local store at directory version 1 (generated 2026-11-20), with a bookmark and a private note.

    The store reseeds itself when the bundled snapshot is newer than its copy; the
    bundled file is pinned to version 1 here so that the test versions mean what they
    say whatever version the real bundled data has reached.
    """
    bundled = tmp_path / "bundled-services.json"
    bundled.write_text(json.dumps(release(1, *records(BOOKMARKED))), encoding="utf-8")
    monkeypatch.setattr("directory.store.bundled_path", lambda: bundled)
    st = Store(tmp_path / "data")
    st.replace_directory(release(1, *records(BOOKMARKED)), source="test")
    st.set_bookmark(BOOKMARKED)
    st.set_note(BOOKMARKED, "ask for Ms K.")
    return st
