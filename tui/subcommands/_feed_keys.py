"""`vsd feed keygen|root-sign|rotate`: keys and the offline root (registered by `feed`; not a command)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from directory.i18n import _
from sync import signers
from sync.publisher import ROLES, ROOT_EXPIRES_DAYS, Publisher
from sync.rotation import keygen, root_sign, rotate

from ._format import when


def _threshold(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
    if not 1 <= n <= 9:
        raise argparse.ArgumentTypeError(_("a threshold is between 1 and 9 signatures"))
    return n


def _root_key_option(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--root-key",
        action="append",
        metavar="SPEC",
        help=_(
            "a root key (default DIR/keys/root.pem): a PEM file, env:VARIABLE or an external signer URI; repeatable"
        ),
    )


def register(fsub: Any, parent: argparse.ArgumentParser) -> None:
    q = fsub.add_parser(
        "keygen",
        parents=[parent],
        help=_("make a key for a key holder: OUT (private, encrypted with a passphrase) and OUT.pub"),
    )
    q.add_argument("out", type=Path, metavar="OUT")
    q.set_defaults(func=run_keygen)

    q = fsub.add_parser(
        "root-sign", parents=[parent], help=_("renew the root (new version, same keys); needs the offline root key")
    )
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--expires-days", type=int, default=ROOT_EXPIRES_DAYS, metavar="N")
    _root_key_option(q)
    q.set_defaults(func=run_root_sign)

    q = fsub.add_parser(
        "rotate",
        parents=[parent],
        help=_("replace a role's keys in a new root version (clients follow through the signed chain)"),
        description=(
            _(
                "Without --public, a fresh key is made and written to DIR/keys/ROLE.pem (the old file moves to "
                "DIR/keys/retired/). With --public, the role's keys become those public keys (from `vsd feed keygen`), "
                "held by their owners; with --threshold 2, two of them must sign every targets release."
            )
        ),
    )
    q.add_argument("role", choices=ROLES, metavar="ROLE", help=_("one of {items}").format(items=", ".join(ROLES)))
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--public", action="append", type=Path, metavar="KEY.pub", help=_("a new key's public half"))
    q.add_argument("--threshold", type=_threshold, default=1, metavar="N", help=_("signatures needed (default 1)"))
    q.add_argument("--encrypt", action="store_true", help=_("encrypt a generated key with a passphrase"))
    _root_key_option(q)
    q.set_defaults(func=run_rotate)


def run_keygen(args: argparse.Namespace) -> int:
    passphrase = signers.passphrase_for_new_key(str(args.out))
    pub_path, keyid = keygen(args.out, passphrase)
    print(
        _("wrote the private key {out} (encrypted; keep it to yourself) and its public half {pub_path}").format(
            out=args.out, pub_path=pub_path
        )
    )
    print(
        _("  keyid {keyid}…: give {name} to whoever runs `vsd feed rotate` with the root key").format(
            keyid=keyid[:16], name=pub_path.name
        )
    )
    return 0


def run_root_sign(args: argparse.Namespace) -> int:
    md = root_sign(Publisher(args.dir), root_keys=args.root_key, expires_days=args.expires_days)
    print(
        _("signed root version {version}, valid until {when}").format(
            version=md.signed.version, when=when(md.signed.expires)
        )
    )
    print(_("  clients pick it up on their next sync; upload N.root.json before root.json and timestamp.json"))
    return 0


def run_rotate(args: argparse.Namespace) -> int:
    old = Publisher(args.dir).keys_dir / f"{args.role}.pem"
    was_encrypted = old.is_file() and b"ENCRYPTED" in old.read_bytes()[:100]
    encrypt = (args.encrypt or was_encrypted) and not args.public  # a new key is kept as the old one was
    passphrase = signers.passphrase_for_new_key(f"the new {args.role} key") if encrypt else None
    res = rotate(
        Publisher(args.dir),
        args.role,
        public_keys=args.public,
        threshold=args.threshold,
        root_keys=args.root_key,
        passphrase=passphrase,
    )
    held = ", ".join(k[:12] for k in res.keyids)
    print(
        _("root version {root_version}: {role} is now {threshold} of {count} key(s) ({held})").format(
            root_version=res.root_version, role=res.role, threshold=res.threshold, count=len(res.keyids), held=held
        )
    )
    if res.key_file:
        print(_("  new key {key_file}").format(key_file=res.key_file))
    if res.retired:
        print(
            _("  the old key file is now {retired} (it signs nothing clients accept any more)").format(
                retired=res.retired
            )
        )
    if res.staged:
        print(
            _(
                "  the release is re-staged for the new {role} keys: each holder runs `vsd feed approve {dir} --key THEIR-KEY`, then `vsd feed publish {dir}`"
            ).format(role=res.role, dir=args.dir)
        )
    return 0
