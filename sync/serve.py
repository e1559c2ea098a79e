"""A static file server for a feed's served tree, bound to 127.0.0.1.

For demos and tests only: a real feed is the same `repo/` folder on any web
server or CDN. The cache headers show what such a host should send:
`timestamp.json` and `root.json` must be revalidated (they are the only files
that change in place), everything else is content-addressed or versioned and
can be cached forever.
"""

from __future__ import annotations

import re
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
_MUTABLE = re.compile(r"/metadata/(timestamp|root)\.json$")


class FeedRequestHandler(SimpleHTTPRequestHandler):
    """Serves files (no directory listings) with cache headers fit for a CDN."""

    quiet = False

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        if _MUTABLE.search(path):
            self.send_header("Cache-Control", "no-cache")
        else:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
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
