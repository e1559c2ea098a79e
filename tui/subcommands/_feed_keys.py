"""`vsd feed keygen|root-sign|rotate`: keys and the offline root (registered by `feed`; not a command)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sync import signers
from sync.publisher import ROLES, ROOT_EXPIRES_DAYS, Publisher
from sync.rotation import keygen, root_sign, rotate

from ._format import when


def _threshold(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= n <= 9:
        raise argparse.ArgumentTypeError("a threshold is between 1 and 9 signatures")
    return n


def _root_key_option(q: argparse.ArgumentParser) -> None:
    q.add_argument(
        "--root-key",
        action="append",
        metavar="SPEC",
        help="a root key (default DIR/keys/root.pem): a PEM file, env:VARIABLE or an external signer URI; repeatable",
    )


def register(fsub: Any, parent: argparse.ArgumentParser) -> None:
    q = fsub.add_parser(
        "keygen",
        parents=[parent],
        help="make a key for a key holder: OUT (private, encrypted with a passphrase) and OUT.pub",
    )
    q.add_argument("out", type=Path, metavar="OUT")
    q.set_defaults(func=run_keygen)

    q = fsub.add_parser(
        "root-sign", parents=[parent], help="renew the root (new version, same keys); needs the offline root key"
    )
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--expires-days", type=int, default=ROOT_EXPIRES_DAYS, metavar="N")
    _root_key_option(q)
    q.set_defaults(func=run_root_sign)

    q = fsub.add_parser(
        "rotate",
        parents=[parent],
        help="replace a role's keys in a new root version (clients follow through the signed chain)",
        description=(
            "Without --public, a fresh key is made and written to DIR/keys/ROLE.pem (the old file moves to "
            "DIR/keys/retired/). With --public, the role's keys become those public keys (from `vsd feed keygen`), "
            "held by their owners; with --threshold 2, two of them must sign every targets release."
        ),
    )
    q.add_argument("role", choices=ROLES, metavar="ROLE", help=f"one of {', '.join(ROLES)}")
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--public", action="append", type=Path, metavar="KEY.pub", help="a new key's public half")
    q.add_argument("--threshold", type=_threshold, default=1, metavar="N", help="signatures needed (default 1)")
    q.add_argument("--encrypt", action="store_true", help="encrypt a generated key with a passphrase")
    _root_key_option(q)
    q.set_defaults(func=run_rotate)


def run_keygen(args: argparse.Namespace) -> int:
    passphrase = signers.passphrase_for_new_key(str(args.out))
    pub_path, keyid = keygen(args.out, passphrase)
    print(f"wrote the private key {args.out} (encrypted; keep it to yourself) and its public half {pub_path}")
    print(f"  keyid {keyid[:16]}…: give {pub_path.name} to whoever runs `vsd feed rotate` with the root key")
    return 0


def run_root_sign(args: argparse.Namespace) -> int:
    md = root_sign(Publisher(args.dir), root_keys=args.root_key, expires_days=args.expires_days)
    print(f"signed root version {md.signed.version}, valid until {when(md.signed.expires)}")
    print("  clients pick it up on their next sync; upload N.root.json before root.json and timestamp.json")
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
    print(f"root version {res.root_version}: {res.role} is now {res.threshold} of {len(res.keyids)} key(s) ({held})")
    if res.key_file:
        print(f"  new key {res.key_file}")
    if res.retired:
        print(f"  the old key file is now {res.retired} (it signs nothing clients accept any more)")
    if res.staged:
        print(
            f"  the release is re-staged for the new {res.role} keys: each holder runs "
            f"`vsd feed approve {args.dir} --key THEIR-KEY`, then `vsd feed publish {args.dir}`"
        )
    return 0
