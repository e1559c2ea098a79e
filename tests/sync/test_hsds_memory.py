"""An HSDS import's memory follows what it accepts, never what the server sends.

Real loopback servers on 127.0.0.1 serve a gzip bomb (about 400 KB that inflates to 400 MiB), a
double-gzipped one, and a pager whose services are padded with junk; the import runs as the real
command in a subprocess whose address space is capped with RLIMIT_AS at 1 GiB. Each must be refused
with one clear line: no MemoryError, no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import tracemalloc
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from tuf.api import exceptions

from sync.fetcher import FetchSettings, HttpxFetcher
from sync.hsds_client import DEFAULT_MAX_BYTES
from tests.hsds_support import hsds_service

ROOT = Path(__file__).resolve().parents[2]
LIMIT_AS = 1 << 30  # 1 GiB of address space for the whole importing process
MiB = 1 << 20

Handler = Callable[[BaseHTTPRequestHandler, str, dict[str, list[str]]], None]

CHILD = r"""
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
if sys.argv[2] == "--allocate":
    bytearray(2 * limit)  # the control: the limit really bites
from tui.cli import main
sys.exit(main(sys.argv[2:]))
"""


class Server:
    """A ThreadingHTTPServer on 127.0.0.1 answering with `handle(request, path, query)`."""

    def __init__(self, handle: Handler) -> None:
        class H(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                parts = urlsplit(self.path)
                try:
                    handle(self, parts.path, parse_qs(parts.query))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the importer hung up: what it should do

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hsds"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(h: BaseHTTPRequestHandler, body: bytes, *, encoding: str | None = None, status: int = 200) -> None:
    h.send_response(status)
    h.send_header("Content-Type", "application/json")
    if encoding:
        h.send_header("Content-Encoding", encoding)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def gzip_of(pieces, *, level: int = 9) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, 31)
    return b"".join(c.compress(p) for p in pieces) + c.flush()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 400 KB of gzip that inflates to 400 MiB of `{}` lines (the size the issue reported): read
    whole and split into lines it would take gigabytes."""
    block = b"{}\n" * (MiB // 3)
    return gzip_of(block for _ in range(400))


def run_import(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VSD_CACHE_DIR": "", "PYTHONPATH": str(ROOT)}
    env.pop("VSD_HSDS_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(LIMIT_AS), "--data-dir", str(tmp_path / "data"), "import", "hsds", url]
        + list(extra),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_refused_cleanly(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    err = proc.stderr
    assert "Traceback" not in err and "MemoryError" not in err, err[-2000:]
    assert proc.returncode == 1, (proc.returncode, err[-2000:])
    lines = [ln for ln in err.splitlines() if not ln.startswith("vsd import: ")]  # progress lines aside
    assert len(lines) == 1, err[-2000:]
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def test_the_address_space_limit_really_bites(tmp_path):
    """The control for the tests below: under the limit, a 2 GiB allocation fails."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(LIMIT_AS), "--allocate"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode != 0 and "MemoryError" in proc.stderr


def test_a_gzip_bomb_is_refused_under_a_1_gib_address_space(tmp_path, bomb):
    assert len(bomb) < 600_000
    served: list[str] = []

    def handle(h, path, query):
        served.append(path)
        send(h, bomb, encoding="gzip")  # to every request: NDJSON, pages and details alike

    srv = Server(handle)
    try:
        proc = run_import(tmp_path, srv.url)
    finally:
        srv.stop()
    line = assert_refused_cleanly(proc, "refused", "cap of 128 MiB", "inflates", "nothing imported")
    assert line.startswith("vsd: services (format=ndjson)")
    assert served == ["/hsds/", "/hsds/services"]  # the root (its api_details), then one try at the services
    assert not (tmp_path / "data" / "imports.json").exists()


def test_a_bomb_in_a_page_is_refused_by_the_page_cap(tmp_path, bomb):
    """With a larger budget for the import, the 64 MiB one page may be still stops the same bomb."""

    def handle(h, path, query):
        if query.get("format") == ["ndjson"]:
            send(h, b'{"error": "no ndjson"}', status=400)
        else:
            send(h, bomb, encoding="gzip")

    srv = Server(handle)
    try:
        proc = run_import(tmp_path, srv.url, "--max-mb", "200")
    finally:
        srv.stop()
    line = assert_refused_cleanly(proc, "page 1: refused: the answer inflates to more than the 64 MiB")
    assert "nothing imported" in line


@pytest.mark.parametrize("junk", ["text", "objects"])
def test_a_pager_padded_with_junk_is_refused_under_a_1_gib_address_space(tmp_path, junk):
    """Every page is valid HSDS holding one service that carries 40 MiB of junk, and claims more pages.

    Before the budget, the services (junk and all) were kept page after page until memory ran out
    long before the 1000-page limit or the 600 s deadline."""
    pad = b'"' + b"x" * (40 * MiB) + b'"' if junk == "text" else b"[" + b"{}," * (2 * MiB) + b"{}]"
    pages: list[int] = []

    def handle(h, path, query):
        if query.get("format") == ["ndjson"] or not path.endswith("/services"):
            send(h, b'{"error": "no ndjson"}', status=400)  # nor api_details at the root
            return
        page = int(query.get("page", ["1"])[0])
        pages.append(page)
        service = json.dumps(hsds_service(page)).encode()
        body = b'{"page_number": %d, "last_page": false, "contents": [%s, "x_padding": %s}]}' % (
            page,
            service[:-1],
            pad,
        )
        send(h, body)

    srv = Server(handle)
    try:
        proc = run_import(tmp_path, srv.url)
    finally:
        srv.stop()
    if junk == "text":
        assert_refused_cleanly(proc, "page 4: refused: the import passed its cap of 128 MiB of data")
        assert pages == [1, 2, 3, 4]  # 3 x 40 MiB accepted, the 4th stopped at the budget
    else:
        assert_refused_cleanly(proc, "page 2: refused: the import passed its cap of", "JSON values")
        assert pages == [1, 2]  # refused before it was parsed
    assert not (tmp_path / "data" / "imports.json").exists()


def test_a_small_import_works_under_the_same_limit(tmp_path):
    """The limit leaves room for real work: a real (small) API imports under it."""

    def handle(h, path, query):
        if query.get("format") == ["ndjson"]:
            body = b"".join(json.dumps(hsds_service(n)).encode() + b"\n" for n in range(1, 6))
            send(h, gzip_of([body]), encoding="gzip")
        else:
            send(h, b"{}", status=404)

    srv = Server(handle)
    try:
        proc = run_import(tmp_path, srv.url, "--name", "small")
    finally:
        srv.stop()
    assert proc.returncode == 0, proc.stderr
    assert "imported 5," in proc.stdout


def test_a_double_gzip_bomb_is_inflated_a_bounded_piece_at_a_time(tmp_path):
    """`Content-Encoding: gzip, gzip`: 256 MiB behind a few KB. httpx's own decoder would inflate each
    network read whole (64 KB -> 64 MB -> 64 GB); the fetcher stops at the cap holding little memory."""
    inner = gzip_of(b" " * MiB for _ in range(256))
    outer = gzip_of([inner])
    assert len(outer) < 20_000

    srv = Server(lambda h, path, query: send(h, outer, encoding="gzip, gzip"))
    try:
        tracemalloc.start()
        with HttpxFetcher(FetchSettings(retries=0)) as f:
            with pytest.raises(exceptions.DownloadLengthMismatchError, match="inflates to more than the 1,000,000"):
                f.download_bytes(srv.url + "/services", 1_000_000)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        srv.stop()
    assert peak < 16 * MiB


def test_unknown_or_stacked_encodings_are_refused(tmp_path):
    text = b'{"contents": []}' * 1000
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    bodies = {
        "plain": b"abc",
        "zlib": zlib.compress(text),
        "raw": raw_deflate.compress(text) + raw_deflate.flush(),
        "gzip": gzip_of([text]),
    }
    srv = Server(lambda h, path, query: send(h, bodies[query.get("b", ["plain"])[0]], encoding=query["e"][0]))
    try:
        with HttpxFetcher(FetchSettings(retries=0)) as f:
            assert f.download_bytes(srv.url + "/x?e=deflate&b=zlib", 100_000) == text
            assert f.download_bytes(srv.url + "/x?e=deflate&b=raw", 100_000) == text  # as some servers send it
            assert f.download_bytes(srv.url + "/x?e=gzip&b=gzip", 100_000) == text
            with pytest.raises(exceptions.DownloadError, match="encoded as 'br'"):
                f.download_bytes(srv.url + "/x?e=br", 1000)
            with pytest.raises(exceptions.DownloadError, match="compressed 3 times over"):
                f.download_bytes(srv.url + "/x?e=gzip,gzip,gzip", 1000)
            with pytest.raises(exceptions.DownloadError, match="compressed answer is damaged"):
                f.download_bytes(srv.url + "/x?e=gzip", 1000)
            assert f.download_bytes(srv.url + "/x?e=identity", 1000) == b"abc"
    finally:
        srv.stop()


def test_the_default_budget_is_what_the_messages_say():
    assert DEFAULT_MAX_BYTES == 128 * MiB


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        (b"\n".join(json.dumps(hsds_service(n)).encode() for n in (1, 2, 3)) + b"\n", "imported 3,"),
        (json.dumps([hsds_service(1), hsds_service(2)], indent=2).encode(), "imported 2,"),  # one document
        (json.dumps(hsds_service(1)).encode() + b"\n" + json.dumps(hsds_service(2)).encode()[:-3] + b"\n", "line 2"),
    ],
    ids=["ndjson", "pretty-printed-json", "broken-line"],
)
def test_the_ndjson_answer_is_parsed_a_line_at_a_time_with_the_same_results(tmp_path, capsys, body, outcome):
    from tui.cli import main

    def handle(h, path, query):
        if query.get("format") == ["ndjson"]:
            send(h, body)
        else:
            send(h, b"{}", status=404)

    srv = Server(handle)
    try:
        code = main(["--data-dir", str(tmp_path / "data"), "import", "hsds", srv.url, "--name", "x"])
    finally:
        srv.stop()
    out, err = capsys.readouterr()
    if outcome.startswith("imported"):
        assert code == 0 and outcome in out, err
    else:
        assert code == 1 and "vsd: services line 2: invalid JSON" in err and err.count("\n") == 1, err
