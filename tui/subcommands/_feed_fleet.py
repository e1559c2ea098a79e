"""`vsd feed bundle|headers|prune`: serving a feed to a fleet (registered by `feed`; not a command itself)."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from typing import Any

from directory.i18n import _
from directory.safe_text import plain
from sync import serve
from sync.provisioning import DEFAULT_INSTALL_DIR, write_bundle
from sync.prune import DEFAULT_GRACE, prune
from sync.publisher import Publisher


def register(fsub: Any, parent: argparse.ArgumentParser) -> None:
    q = fsub.add_parser(
        "bundle",
        parents=[parent],
        help=_("write an install kit (root.json, config.toml, one install line) for an organisation's machines"),
        description=(
            _(
                "Write OUT/root.json (the feed's current root), OUT/config.toml (feed, mirrors and root, locked "
                "unless --no-lock) and OUT/INSTALL.txt (one line that installs both into the system config folder)."
            )
        ),
    )
    q.add_argument("out", type=Path, metavar="OUT")
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--url", required=True, metavar="URL", help=_("the address clients sync from"))
    q.add_argument("--mirror", action="append", metavar="URL", help=_("another address of the same feed (repeatable)"))
    q.add_argument("--no-lock", action="store_true", help=_("let users override the feed, mirrors and root"))
    q.add_argument(
        "--install-dir",
        type=Path,
        default=DEFAULT_INSTALL_DIR,
        metavar="PATH",
        help=_("the clients' system config folder (default {default_install_dir})").format(
            default_install_dir=DEFAULT_INSTALL_DIR
        ),
    )
    q.set_defaults(func=run_bundle)

    q = fsub.add_parser(
        "headers",
        parents=[parent],
        help=_("print the cache headers `vsd feed serve` sends, for configuring another server or CDN"),
    )
    q.add_argument("--nginx", action="store_true", help=_("as nginx location blocks"))
    q.set_defaults(func=run_headers)

    q = fsub.add_parser(
        "prune",
        parents=[parent],
        help=_("remove old releases from DIR/repo, keeping the newest N and anything a client may still fetch"),
    )
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument(
        "--keep", type=_count, default=3, metavar="N", help=_("releases (snapshot versions) kept (default 3)")
    )
    q.add_argument(
        "--grace-hours",
        type=float,
        default=DEFAULT_GRACE.total_seconds() / 3600,
        metavar="H",
        help=_("never remove a file written less than H hours ago (default 24)"),
    )
    q.add_argument("--dry-run", action="store_true", help=_("list what would go, remove nothing"))
    q.set_defaults(func=run_prune)


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
    if n < 1:
        raise argparse.ArgumentTypeError(_("keep at least 1 release (the current one)"))
    return n


def run_headers(args: argparse.Namespace) -> int:
    if args.nginx:
        for rule in serve.CACHE_RULES:
            print(f"location ~ {rule.pattern} {{  # {rule.why}")
            # without `always`: nginx adds it to successful answers only, so a 404 is never cached for a year
            print(f'    add_header Cache-Control "{rule.cache_control}";')
            print("}")
        print(f'add_header Cache-Control "{serve.OTHER}";  # every other file')
        print(f"# errors get no Cache-Control from nginx: keep the CDN's error caching at {serve.MISSING} or less")
        return 0
    rows = [(r.pattern, r.cache_control, r.why) for r in serve.CACHE_RULES]
    rows.append(("(any other path)", serve.OTHER, "revalidate"))
    rows.append(("(any 4xx/5xx answer)", serve.MISSING, "the probe for the next N.root.json must not be cached long"))
    width = max(len(p) for p, _, _ in rows)
    print(_("paths below the feed's base URL -> Cache-Control (JSON files as application/json)"))
    for pattern, value, why in rows:
        print(f"{pattern:<{width}}  {value}  # {why}")
    return 0


def run_prune(args: argparse.Namespace) -> int:
    res = prune(Publisher(args.dir), args.keep, grace=timedelta(hours=args.grace_hours), dry_run=args.dry_run)
    verb = "would remove" if args.dry_run else "removed"
    print(
        _("{verb} {count} files ({bytes_freed:,} bytes); kept releases {kept_releases}").format(
            verb=verb, count=len(res.removed), bytes_freed=res.bytes_freed, kept_releases=res.kept_releases
        )
    )
    for path in res.removed:
        print(f"  {path.relative_to(args.dir) if path.is_relative_to(args.dir) else path}")
    print(_("  every N.root.json is kept: clients that trust an old root walk the chain"))
    return 0


def run_bundle(args: argparse.Namespace) -> int:
    kit = write_bundle(
        Publisher(args.dir), args.out, args.url, args.mirror, lock=not args.no_lock, install_dir=args.install_dir
    )
    print(_("wrote the install kit to {out}/: {files}").format(out=kit.out, files=", ".join(p.name for p in kit.files)))
    print(_("install on each machine:  {command}").format(command=plain(kit.install)))
    return 0
