"""`make demo-feed`: a throwaway signed feed of the bundled directory, served on 127.0.0.1.

    python -m sync.demo [DIR] [--port N]

Creates DIR (default build/demo-feed) with fresh keys, publishes the bundled
directory as the next version (so a copy seeded from the bundled data has
something to sync), and serves DIR/repo until ctrl+c. Re-running starts over
with new keys; a client given `--root` again simply re-pins.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from directory.bundled import bundled_path
from directory.loading import read_json_file

from .publisher import Publisher
from .serve import make_server

MARKER = ".vsd-demo-feed"


def build(feed_dir: Path) -> tuple[Publisher, int, int]:
    if feed_dir.exists():
        if not (feed_dir / MARKER).is_file():
            raise SystemExit(f"{feed_dir} exists and is not a demo feed; not touching it")
        shutil.rmtree(feed_dir)
    pub = Publisher.init(feed_dir)
    (feed_dir / MARKER).write_text("throwaway demo feed made by `make demo-feed`; safe to delete\n")
    env = read_json_file(bundled_path())
    env["version"] += 1
    env["generated_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    release = feed_dir / "release.json"
    release.write_text(json.dumps(env, ensure_ascii=False), encoding="utf-8")
    pub.publish(release)
    return pub, env["version"], len(env["services"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sync.demo", description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", type=Path, default=Path("build/demo-feed"))
    ap.add_argument("--port", type=int, default=8787)
    args = ap.parse_args(argv)

    pub, version, services = build(args.dir)
    try:
        server = make_server(pub.repo, args.port)
    except OSError as e:
        print(f"cannot listen on 127.0.0.1:{args.port} ({e.strerror or e}); try --port", file=sys.stderr)
        return 1
    print(f"demo feed in {pub.dir} (throwaway keys in {pub.keys_dir})")
    print(f"published the bundled directory ({services} services) as version {version}")
    print(f"serving {server.url}/ on 127.0.0.1 only; ctrl+c to stop. In another terminal:\n")
    print(f"  .venv/bin/vsd --data-dir build/demo-client sync --feed {server.url} --root {pub.root_path}\n")
    print(
        "Requests are logged below; the 404 for 2.root.json is the client checking for a newer root (expected).\n",
        flush=True,
    )
    server.serve_until_interrupted()
    return 0


if __name__ == "__main__":
    sys.exit(main())
