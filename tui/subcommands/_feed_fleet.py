"""`vsd feed bundle|headers|prune`: serving a feed to a fleet (registered by `feed`; not a command itself)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from directory.safe_text import plain
from sync.provisioning import DEFAULT_INSTALL_DIR, write_bundle
from sync.publisher import Publisher


def register(fsub: Any, parent: argparse.ArgumentParser) -> None:
    q = fsub.add_parser(
        "bundle",
        parents=[parent],
        help="write an install kit (root.json, config.toml, one install line) for an organisation's machines",
        description=(
            "Write OUT/root.json (the feed's current root), OUT/config.toml (feed, mirrors and root, locked "
            "unless --no-lock) and OUT/INSTALL.txt (one line that installs both into the system config folder)."
        ),
    )
    q.add_argument("out", type=Path, metavar="OUT")
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--url", required=True, metavar="URL", help="the address clients sync from")
    q.add_argument("--mirror", action="append", metavar="URL", help="another address of the same feed (repeatable)")
    q.add_argument("--no-lock", action="store_true", help="let users override the feed, mirrors and root")
    q.add_argument(
        "--install-dir",
        type=Path,
        default=DEFAULT_INSTALL_DIR,
        metavar="PATH",
        help=f"the clients' system config folder (default {DEFAULT_INSTALL_DIR})",
    )
    q.set_defaults(func=run_bundle)


def run_bundle(args: argparse.Namespace) -> int:
    kit = write_bundle(
        Publisher(args.dir), args.out, args.url, args.mirror, lock=not args.no_lock, install_dir=args.install_dir
    )
    print(f"wrote the install kit to {kit.out}/: {', '.join(p.name for p in kit.files)}")
    print(f"install on each machine:  {plain(kit.install)}")
    return 0
