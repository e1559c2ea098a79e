"""`vsd feed propose|diff|approve`: two-person review of a release (registered by `feed`; not a command)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from directory import compat
from directory.errors import VsdError
from directory.i18n import _, ngettext
from directory.loading import read_json_file
from directory.safe_text import scrub_tree
from sync import review
from sync.diff import review as review_changes
from sync.diff import review_json, review_lines
from sync.errors import PublishError
from sync.publisher import DEFAULT_EXPIRES_DAYS, Publisher


def register(fsub: Any, parent: argparse.ArgumentParser, add_key_option: Any, days: Any) -> None:
    q = fsub.add_parser(
        "propose",
        parents=[parent],
        help=_("validate SERVICES.json and stage it as the next version, for a second person to approve"),
    )
    q.add_argument("services", type=Path, metavar="SERVICES.json")
    q.add_argument("dir", type=Path, metavar="DIR")
    q.add_argument("--expires-days", type=days, default=DEFAULT_EXPIRES_DAYS, metavar="N")
    q.add_argument("--replace", action="store_true", help=_("discard a proposal already staged"))
    add_key_option(q)
    q.set_defaults(func=run_propose)

    q = fsub.add_parser(
        "diff",
        parents=[parent],
        help=_("what a version changes, per service, numbers and URLs first (DIR: published → staged)"),
        description=(
            _(
                "Compare two directory versions. Each of OLD and NEW is a services file or a feed folder (as OLD: "
                "its published version; as NEW: its staged proposal, else its published version). With one feed "
                "folder: its published version against its staged proposal."
            )
        ),
    )
    q.add_argument("old", type=Path, metavar="OLD")
    q.add_argument("new", type=Path, nargs="?", metavar="NEW")
    q.add_argument("--json", action="store_true", help=_("the changes as JSON"))
    q.set_defaults(func=run_diff)

    q = fsub.add_parser(
        "approve", parents=[parent], help=_("add your targets signature to the staged proposal (see `feed diff`)")
    )
    q.add_argument("dir", type=Path, metavar="DIR")
    add_key_option(q)
    q.set_defaults(func=run_approve)


def _state(staged: review.Staged) -> str:
    s = staged.signatures
    need = "ready to publish" if s.ready else f"needs {s.threshold - s.valid} more"
    return f"{s.valid} of {s.threshold} targets signatures ({need})"


def run_propose(args: argparse.Namespace) -> int:
    pub = Publisher(args.dir)
    staged = review.propose(
        pub, args.services, key_specs=args.key, expires_days=args.expires_days, replace=args.replace
    )
    prev = f"{staged.release.previous} → " if staged.release.previous is not None else ""
    print(
        _("staged version {prev}{version} ({services} services) in {dir}/staged").format(
            prev=prev, version=staged.release.version, services=staged.release.services, dir=pub.dir
        )
    )
    print(f"  {_state(staged)}")
    print(_("  review: vsd feed diff {dir}    approve: vsd feed approve {dir} --key YOUR-KEY").format(dir=pub.dir))
    return 0


def run_approve(args: argparse.Namespace) -> int:
    pub = Publisher(args.dir)
    staged = review.approve(pub, args.key)
    what = (
        f"the re-signed release with root v{staged.new_root.signed.version}"
        if staged.release.resign and staged.new_root is not None
        else f"version {staged.release.version}"
    )
    print(f"approved {what}: {_state(staged)}")
    if staged.signatures.ready:
        print(_("  publish: vsd feed publish {dir}").format(dir=pub.dir))
    return 0


def _services(path: Path, *, as_new: bool) -> tuple[str, dict[str, Any]]:
    """A label and an envelope from a services file or a feed folder."""
    if path.is_dir():
        pub = Publisher(path)
        if as_new and (review.staged_dir(pub) / "services.json").is_file():
            return f"{path} (staged)", read_json_file(review.staged_dir(pub) / "services.json")
        env = pub.published_envelope()
        if env is None:
            raise PublishError(_("{path} has nothing published yet").format(path=path))
        return f"{path} (published)", env
    return str(path), read_json_file(path)


def _same_schema(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Compare like with like: a /2 envelope is read as /1 when the other side is /1."""
    if a.get("schema") != b.get("schema"):
        a = compat.to_v1(a) if a.get("schema") == compat.V2 else a
        b = compat.to_v1(b) if b.get("schema") == compat.V2 else b
    return a, b


def _highlight(stream: Any) -> Any:
    if stream.isatty() and not os.environ.get("NO_COLOR"):
        return lambda line: f"\x1b[1;31m{line}\x1b[0m"
    return lambda line: line


def run_diff(args: argparse.Namespace) -> int:
    if args.new is None and not args.old.is_dir():
        raise VsdError(_("{old} is not a feed folder: give OLD and NEW, or one feed folder").format(old=args.old))
    old_label, old = _services(args.old, as_new=False)
    new_label, new = _services(args.new or args.old, as_new=True)
    old, new = _same_schema(old, new)
    changes = review_changes(old.get("services") or [], new.get("services") or [])
    contact = sum(1 for s in changes for c in s.changes if c.contact and s.status == "changed")
    counts = {k: sum(1 for s in changes if s.status == k) for k in ("added", "removed", "changed")}
    if args.json:
        doc = {
            "old": {"source": old_label, "version": old.get("version")},
            "new": {"source": new_label, "version": new.get("version")},
            "summary": {**counts, "contact_changes": contact},
            "services": review_json(changes),
        }
        print(json.dumps(scrub_tree(doc), ensure_ascii=False, indent=2))  # as every JSON vsd writes
        return 0
    print(f"{old_label} v{old.get('version')} → {new_label} v{new.get('version')}")
    print(
        ngettext(
            "{added} added, {removed} removed, {changed} changed; {contact} phone number or address change in existing services (marked !)",
            "{added} added, {removed} removed, {changed} changed; {contact} phone number or address changes in existing services (marked !)",
            contact,
        ).format(added=counts["added"], removed=counts["removed"], changed=counts["changed"], contact=contact)
    )
    for line in review_lines(changes, _highlight(sys.stdout)):
        print(line)
    return 0
