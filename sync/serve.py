"""A static file server for a feed's served tree, bound to 127.0.0.1.

For demos and tests only: a real feed is the same `repo/` folder on any web
server or CDN. The cache headers show what such a host should send (`vsd feed
headers` prints them, docs/publishing.md shows them for S3, nginx and GitHub
Pages): `timestamp.json` and `root.json` must be revalidated (they are the only
files that change in place), everything else is content-addressed or versioned
and can be cached forever — except a missing file: every sync probes for the
next `N.root.json`, and a 404 cached for long would hide a key rotation.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
FOREVER = "public, max-age=31536000, immutable"


@dataclass(frozen=True)
class CacheRule:
    pattern: str  # a regular expression on the URL path below the feed's base
    cache_control: str
    why: str


# The first rule whose pattern matches wins; a path no rule matches is revalidated.
CACHE_RULES = (
    CacheRule(r"/metadata/(timestamp|root)\.json$", "no-cache", "changes in place: revalidate every time"),
    CacheRule(r"/metadata/[0-9]+\.(root|snapshot|targets)\.json$", FOREVER, "versioned: never changes"),
    CacheRule(r"/targets/[0-9a-f]{64}\.[^/]+$", FOREVER, "content-addressed: never changes"),
)
OTHER = "no-cache"
# Any error answer, above all the 404 of the probe for the next N.root.json: cached a minute at most,
# so a CDN absorbs the probes of thousands of clients and still shows a new root within a minute.
MISSING = "public, max-age=60"


def cache_control(path: str, status: int = 200) -> str:
    if status >= 400:
        return MISSING
    for rule in CACHE_RULES:
        if re.search(rule.pattern, path):
            return rule.cache_control
    return OTHER


class FeedRequestHandler(SimpleHTTPRequestHandler):
    """Serves files (no directory listings) with cache headers fit for a CDN."""

    quiet = False
    status = 200

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", cache_control(self.path.split("?", 1)[0], self.status))
        super().end_headers()

    def list_directory(self, path):  # type: ignore[override]
        self.send_error(404, "No listing")
        return None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if not self.quiet:
            super().log_message(format, *args)


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start_in_thread(self) -> threading.Thread:
        t = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="vsd-feed-server", daemon=True
        )
        t.start()
        return t

    def serve_until_interrupted(self) -> None:
        """Serve in the foreground until ctrl+c, then close the socket."""
        try:
            self.serve_forever()
        except KeyboardInterrupt:
            print("\nstopped", file=sys.stderr)
        finally:
            self.server_close()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def make_server(
    repo_dir: str | Path,
    port: int = 0,
    *,
    handler: type[FeedRequestHandler] = FeedRequestHandler,
    server_class: type[FeedServer] = FeedServer,
    quiet: bool = False,
) -> FeedServer:
    """A server for `repo_dir` on 127.0.0.1:`port` (0 picks a free port); call serve_forever()."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ValueError(f"port {port!r} is not between 0 and 65535")
    repo = Path(repo_dir)
    if not (repo / "metadata" / "root.json").is_file():
        raise FileNotFoundError(f"{repo} is not a feed's served tree (no metadata/root.json)")
    cls = type(handler.__name__, (handler,), {"quiet": quiet})
    return server_class((HOST, port), partial(cls, directory=str(repo)))
