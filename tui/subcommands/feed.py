"""`vsd feed init|publish|status|refresh|serve`: the publisher side of the signed feed.

More actions register from helper modules: `_feed_fleet` (bundle, headers, prune), `_feed_keys`
(keygen, root-sign, rotate) and `_feed_review` (propose, diff, approve)."""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import UTC, datetime
from pathlib import Path

from directory.errors import VsdError
from directory.i18n import _
from directory.safe_text import plain
from sync import review, signers
from sync.publisher import DEFAULT_EXPIRES_DAYS, TIMESTAMP_EXPIRES_DAYS, Publisher

from . import _feed_curation, _feed_fleet, _feed_keys, _feed_review
from ._format import when

ORDER = 80
DEFAULT_PORT = 8787
MAX_PORT = 65535


def _days(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number of days").format(text=text)) from None
    if not 1 <= n <= 3650:
        raise argparse.ArgumentTypeError(_("expiry must be between 1 and 3650 days"))
    return n


def _port(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a port number").format(text=text)) from None
    if not 0 <= n <= MAX_PORT:
        raise argparse.ArgumentTypeError(
            _("a port is between 0 and {max} (0 = any free one), not {n}").format(max=MAX_PORT, n=n)
        )
    return n


def add_timestamp_days(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--timestamp-days",
        type=_days,
        default=TIMESTAMP_EXPIRES_DAYS,
        metavar="N",
        help=_(
            "the timestamp expires after N days: re-sign it daily with `refresh` (default {timestamp_expires_days})"
        ).format(timestamp_expires_days=TIMESTAMP_EXPIRES_DAYS),
    )


def add_key_option(q: argparse.ArgumentParser, what: str = "targets") -> None:
    q.add_argument(
        "--key",
        action="append",
        metavar="SPEC",
        help=(
            _(
                "a {what} key: a PEM file (encrypted ones ask for the passphrase), env:VARIABLE, or an external signer's URI (hsm:, gcpkms:, awskms:, azurekms:, hv:, gnupg:); repeatable"
            ).format(what=what)
        ),
    )


def register(sub, parent) -> None:
    p = sub.add_parser(
        "feed",
        parents=[parent],
        help=_("publish the directory as a signed feed (for the feed's operator)"),
        description=(
            _(
                "Keep the feed's keys and sign directory versions. DIR/keys holds the private keys (never serve it); "
                "DIR/repo is the static tree to copy to any web server or CDN."
            )
        ),
    )
    fsub = p.add_subparsers(dest="feed_command", metavar="ACTION", required=True)

    q = fsub.add_parser("init", parents=[parent], help=_("create keys and the initial signed root.json in DIR"))
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument(
        "--encrypt",
        action="store_true",
        help=_("encrypt the root and targets keys with a passphrase (${passphrase_env} or asked)").format(
            passphrase_env=signers.PASSPHRASE_ENV
        ),
    )
    q.set_defaults(func=run_init)

    q = fsub.add_parser(
        "publish",
        parents=[parent],
        help=_("validate SERVICES.json and publish it as a new version (without it: publish the staged proposal)"),
    )
    q.add_argument("services", type=Path, nargs="?", metavar="SERVICES.json")
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument(
        "--expires-days",
        type=_days,
        default=DEFAULT_EXPIRES_DAYS,
        metavar="N",
        help=_(
            "clients refuse the feed as frozen N days after signing unless re-signed (default {default_expires_days})"
        ).format(default_expires_days=DEFAULT_EXPIRES_DAYS),
    )
    add_timestamp_days(q)
    add_key_option(q)
    q.set_defaults(func=run_publish)

    q = fsub.add_parser("status", parents=[parent], help=_("show the published version and the expiry dates"))
    q.add_argument("dir", type=Path, metavar="DIR")
    q.set_defaults(func=run_status)

    q = fsub.add_parser(
        "refresh",
        parents=[parent],
        help=_("re-sign snapshot and timestamp with new expiry dates (online keys only: run it from cron)"),
    )
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--expires-days", type=_days, default=DEFAULT_EXPIRES_DAYS, metavar="N", help=_("snapshot expiry"))
    add_timestamp_days(q)
    q.add_argument("--targets", action="store_true", help=_("re-sign the targets metadata too (needs the targets key)"))
    q.set_defaults(func=run_refresh)

    q = fsub.add_parser("serve", parents=[parent], help=_("serve DIR/repo on 127.0.0.1 (for trying a sync locally)"))
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="N",
        help=_("port (default {default_port}; 0 = any free)").format(default_port=DEFAULT_PORT),
    )
    q.set_defaults(func=run_serve)

    _feed_fleet.register(fsub, parent)
    _feed_keys.register(fsub, parent)
    _feed_review.register(fsub, parent, add_key_option, _days)
    _feed_curation.register(fsub, parent)  # check, corrections import (the curator's side)


def run_init(args) -> int:
    passphrase = signers.passphrase_for_new_key("the root and targets keys") if args.encrypt else None
    pub = Publisher.init(args.dir, passphrase=passphrase)
    fp = hashlib.sha256(pub.root_path.read_bytes()).hexdigest()
    print(_("created a signed feed in {dir}").format(dir=pub.dir))
    print(
        _("  private keys  {keys_dir}/  (keep them safe and backed up; never publish this folder)").format(
            keys_dir=pub.keys_dir
        )
    )
    print(_("  served tree   {repo}/  (copy to any web server or CDN)").format(repo=pub.repo))
    print(
        _("  trusted root  {root_path}  (sha256 {fingerprint}…; give it to clients once)").format(
            root_path=pub.root_path, fingerprint=fp[:16]
        )
    )
    print(_("next: vsd feed publish SERVICES.json {dir}").format(dir=pub.dir))
    return 0


def warn_about_keys(pub: Publisher) -> None:
    for line in pub.key_warnings():
        print(f"warning: {plain(line)}", file=sys.stderr)


def run_publish(args) -> int:
    pub = Publisher(args.dir)
    warn_about_keys(pub)
    if args.services is None:
        res = review.publish_staged(pub, timestamp_days=args.timestamp_days)
    else:
        res = pub.publish(
            args.services, expires_days=args.expires_days, timestamp_days=args.timestamp_days, key_specs=args.key
        )
    if res.new_root is not None:
        print(_("published root version {new_root}").format(new_root=res.new_root))
    if res.resigned:
        what = f"directory version {res.version}" if res.version else "nothing published yet"
        print(_("published the current release ({what}) signed by the new targets keys").format(what=what))
    else:
        prev = f"{res.previous} → " if res.previous is not None else ""
        print(
            _("published version {prev}{version} ({services} services, {length:,} bytes)").format(
                prev=prev, version=res.version, services=res.services, length=res.length
            )
        )
        print(f"  target  {res.target}")
    print(
        _("  timestamp signed until {when}; run `vsd feed refresh {dir}` from cron before then").format(
            when=when(res.expires), dir=pub.dir
        )
    )
    return 0


def run_refresh(args) -> int:
    pub = Publisher(args.dir)
    warn_about_keys(pub)
    res = pub.refresh(expires_days=args.expires_days, timestamp_days=args.timestamp_days, targets=args.targets)
    for line in res.warnings:
        print(f"warning: {line}", file=sys.stderr)
    what = "targets, snapshot and timestamp" if res.targets_resigned else "snapshot and timestamp"
    print(
        _("re-signed the current release ({what}); the timestamp is valid until {when}").format(
            what=what, when=when(res.expires)
        )
    )
    return 0


def run_status(args) -> int:
    pub = Publisher(args.dir)
    warn_about_keys(pub)
    st = pub.status()
    now = datetime.now(UTC)
    d = st.directory
    rows = [("feed", f"{st.feed_dir} (served tree: {st.feed_dir / 'repo'})")]
    if d:
        rows.append(
            (
                "directory",
                f"version {d.get('version')}, {d.get('services')} services, generated {d.get('generated_at')}",
            )
        )
        rows.append(("target", f"{d['target']} ({d['length']:,} bytes)"))
    else:
        rows.append(("directory", "nothing published yet"))
    for r in st.roles:
        left = (r.expires - now).total_seconds() / 86400
        flag = (
            "  EXPIRED: clients refuse the feed"
            if left <= 0
            else (f"  (in {left:.0f} days)" if left >= 1 else "  (today)")
        )
        keys = f", {r.threshold} of {r.keys} keys" if r.keys > 1 or r.threshold > 1 else ""
        rows.append((r.role, f"v{r.version}, expires {when(r.expires)}{flag}{keys}"))
    rows.append(("keys", f"{', '.join(st.keys) or 'none found'} in {st.feed_dir / 'keys'} (not served)"))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 1 if st.expires <= now else 0


def run_serve(args) -> int:
    from sync.serve import make_server

    pub = Publisher(args.dir)
    try:
        server = make_server(pub.repo, args.port)
    except FileNotFoundError as e:
        raise VsdError(_("{error}; run `vsd feed init {dir}` first").format(error=e, dir=args.dir)) from None
    except (OSError, OverflowError, ValueError) as e:
        raise VsdError(
            _("cannot listen on 127.0.0.1:{port} ({error}); pick another --port").format(
                port=args.port, error=getattr(e, "strerror", None) or e
            )
        ) from None
    print(
        _("serving {repo} at {url}/ (127.0.0.1 only; ctrl+c to stop)").format(repo=pub.repo, url=server.url), flush=True
    )
    print(
        _("sync from it:  vsd sync --feed {url} --root {root_path}").format(url=server.url, root_path=pub.root_path),
        flush=True,
    )
    server.serve_until_interrupted()
    return 0
