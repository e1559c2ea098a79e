"""`vsd feed check` and `vsd feed corrections import`: the curator's review of a services file, and the
problems caseworkers reported, shown beside the records. (Registered by `feed`; not a command module of
its own, hence the "_".)"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from directory import presentation as present
from directory.bundled import bundled_path
from directory.curator_checks import CHECKS, DEFAULT_OLDER_THAN_MONTHS, CheckReport, Finding
from directory.errors import VsdError
from directory.i18n import _, ngettext
from directory.loading import read_json_file
from directory.records import Hours, Service
from directory.safe_text import plain
from directory.store import Store

from ._args import data_dir


def _months(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number of months").format(text=text)) from None
    if not 1 <= n <= 600:
        raise argparse.ArgumentTypeError(_("give between 1 and 600 months"))
    return n


def _positive(kind: Callable[[str], float], low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            n = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("{text!r} is not a number").format(text=text)) from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(_("give a number between {low:g} and {high:g}").format(low=low, high=high))
        return n

    return parse


def register(fsub: Any, parent: argparse.ArgumentParser) -> None:
    """Add `check` and `corrections` to `vsd feed`'s actions."""
    q = fsub.add_parser(
        "check",
        parents=[parent],
        help=_("curator checks: validation, stale records, numbers, duplicates, old coverage, links"),
        description=(
            _(
                "Review a services file before a release: what validation refuses, records not verified for "
                "--older-than months, numbers the phone metadata no longer accepts, possible duplicates, "
                '"none known" coverage researched over a year ago and, with --links, every URL. '
                "Exit 1 when there is a problem (possible duplicates that share a number are listed to "
                "review and do not fail the check)."
            )
        ),
    )
    q.add_argument("services", type=Path, nargs="?", metavar="SERVICES.json", help=_("default: the bundled file"))
    q.add_argument("--local", action="store_true", help=_("check the local copy in the data dir instead"))
    q.add_argument(
        "--older-than",
        type=_months,
        default=DEFAULT_OLDER_THAN_MONTHS,
        metavar="N",
        help=_("months after which last_verified is stale (default {default_older_than_months})").format(
            default_older_than_months=DEFAULT_OLDER_THAN_MONTHS
        ),
    )
    q.add_argument("--links", action="store_true", help=_("also check every URL over the network (slow, polite)"))
    q.add_argument(
        "--concurrency", type=_positive(int, 1, 64), default=8, metavar="N", help=_("links in flight (default 8)")
    )
    q.add_argument(
        "--per-host-interval",
        type=_positive(float, 0, 60),
        default=1.0,
        metavar="S",
        help=_("seconds between two requests to one host (default 1)"),
    )
    q.add_argument(
        "--timeout",
        type=_positive(float, 0.001, 300),
        default=15.0,
        metavar="S",
        help=_("seconds to connect, and to wait for an answer (default 15)"),
    )
    out = q.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help=_("as JSON (same as --format json)"))
    out.add_argument("--format", choices=("text", "json", "md"), default="text", help=_("md: a review page"))
    q.set_defaults(func=run_check)

    c = fsub.add_parser("corrections", parents=[parent], help=_("read the problems caseworkers reported"))
    csub = c.add_subparsers(dest="corrections_action", metavar="ACTION", required=True)
    q = csub.add_parser(
        "import",
        parents=[parent],
        help=_("show a `vsd corrections export` file beside the records it is about"),
        description=_("Show each reported problem beside the record's current values. Nothing is changed."),
    )
    q.add_argument("file", type=Path, metavar="FILE")
    q.add_argument("--services", type=Path, metavar="SERVICES.json", help=_("records to compare (default: bundled)"))
    q.add_argument("--local", action="store_true", help=_("compare with the local copy in the data dir"))
    q.add_argument("--json", action="store_true", help=_("as JSON"))
    q.set_defaults(func=run_corrections_import)


def _envelope(args: argparse.Namespace, path: Path | None) -> tuple[Any, str]:
    if args.local and path is not None:
        raise VsdError(_("give a services file or --local, not both"))
    if args.local:
        store = Store(data_dir(args))
        env = store.envelope()
        for notice in store.notices:
            print(f"note: {plain(notice)}", file=sys.stderr)
        return env, str(store.directory_path)
    path = path or bundled_path()
    return read_json_file(path), str(path)


# -- check -------------------------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    from directory.curator_checks import link_findings, links_in, run_checks

    env, source = _envelope(args, args.services)
    today = datetime.now(UTC).date()
    report = run_checks(env, today=today, older_than_months=args.older_than)
    if args.links:
        from sync.link_check import LinkSettings, check_links

        uses = links_in(env)
        print(_("checking {count} links…").format(count=len(uses)), file=sys.stderr, flush=True)
        settings = LinkSettings(
            concurrency=args.concurrency,
            per_host_interval=args.per_host_interval,
            connect_timeout=args.timeout,
            read_timeout=args.timeout,
        )
        report.findings += link_findings(check_links(uses, settings), uses)
        report.checks.append("links")
    fmt = "json" if args.json else args.format
    print({"json": _as_json, "md": _as_markdown, "text": _as_text}[fmt](report, source, args.older_than))
    return 0 if report.ok else 1


def _as_json(report: CheckReport, source: str, months: int) -> str:
    return json.dumps(
        {
            "file": source,
            "checked_on": report.today.isoformat(),
            "services": report.services,
            "older_than_months": months,
            "checks": report.checks,
            "problems": report.counts(),
            "ok": report.ok,
            "findings": [f.to_json() for f in report.findings],
        },
        ensure_ascii=False,
        indent=2,
    )


def _heading(check: str, found: list[Finding], months: int) -> str:
    title = CHECKS[check].replace("recently", f"for {months} months")
    problems = sum(1 for f in found if f.problem)
    notes = len(found) - problems
    extra = f", {notes} to review" if notes else ""
    return f"{title}: {problems} problem{'s' if problems != 1 else ''}{extra}"


def _as_text(report: CheckReport, source: str, months: int) -> str:
    lines = [f"{plain(source)}: {report.services} services, checked {report.today.isoformat()}"]
    for check, found in report.by_check().items():
        lines.append("")
        lines.append(_heading(check, found, months))
        for f in found:
            mark = "  " if f.problem else "  (review) "
            lines.append(mark + plain(f"{f.where}: {f.message}"))
    total = len(report.problems)
    lines += ["", "clean" if report.ok else f"{total} problem{'s' if total != 1 else ''}"]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Data text in Markdown: no markup of its own (a name with * or [ ] must not format the page)."""
    out = plain(text)
    for ch in "\\`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def _as_markdown(report: CheckReport, source: str, months: int) -> str:
    lines = [
        f"# Curator review: {_md(Path(source).name)}",
        "",
        f"{report.services} services, checked on {report.today.isoformat()}. "
        + ("Nothing to fix." if report.ok else f"**{len(report.problems)} problems.**"),
        "",
        "| check | problems |",
        "| --- | --- |",
        *[f"| {_md(CHECKS[c])} | {n} |" for c, n in report.counts().items()],
    ]
    for check, found in report.by_check().items():
        lines += ["", f"## {_md(_heading(check, found, months))}", ""]
        if not found:
            lines.append("Nothing found.")
        for f in found:
            box = "- [ ] " if f.problem else "- [ ] (review) "
            lines.append(f"{box}`{plain(f.where).replace('`', chr(39))}`: {_md(f.message)}")
    return "\n".join(lines) + "\n"


# -- corrections import ------------------------------------------------------------------------------


def _current(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """The values a correction is judged against, as the curator reads them."""
    if record is None:
        return None
    chans = [c for c in record.get("channels") or [] if isinstance(c, dict)]
    hours = record.get("hours")
    return {
        "name": present.name(cast(Service, record)),
        "phones": [plain(c.get("value")) for c in chans if c.get("kind") in ("phone", "sms")],
        "web": [plain(c.get("value")) for c in chans if c.get("kind") in ("web", "chat", "report")],
        "hours": [plain(line) for line in present.hours_lines(cast(Hours, hours), with_zone=True)]
        if isinstance(hours, dict)
        else [],
        "last_verified": plain(record.get("last_verified")),
    }


def run_corrections_import(args: argparse.Namespace) -> int:
    from directory.corrections import kinds, read_export

    sent = read_export(args.file)  # refuses anything that is not a corrections file, before the directory loads
    env, source = _envelope(args, args.services)
    services = env.get("services") if isinstance(env, dict) else None
    by_id = {s.get("id"): s for s in services or [] if isinstance(s, dict)}
    labels = kinds()
    items = []
    for c in sent["corrections"]:
        kind = labels[c["kind"]].curator if c["kind"] in labels else f"unknown kind {c['kind']!r}"
        items.append(
            {
                "correction": {k: plain(v) if isinstance(v, str) else v for k, v in c.items()},
                "kind_text": plain(kind),
                "record": _current(by_id.get(c["service_id"])),
            }
        )
    if args.json:
        print(
            json.dumps({"file": str(args.file), "services_file": source, "items": items}, ensure_ascii=False, indent=2)
        )
        return 0
    print(
        plain(
            ngettext(
                "{count} correction in {file}, compared with {source}",
                "{count} corrections in {file}, compared with {source}",
                len(items),
            ).format(count=len(items), file=args.file, source=source)
        )
    )
    for n, item in enumerate(items, 1):
        _print_item(n, item)
    return 0


def _print_item(n: int, item: dict[str, Any]) -> None:
    c, rec = item["correction"], item["record"]
    print()
    print(f"{n}. {c['service_id']}: {item['kind_text']}")
    if c.get("text"):
        print(f"   reported:  {c['text']}")
    version = f", directory version {c['directory_version']}" if "directory_version" in c else ""
    print(f"   filed:     {c['filed_at']}{version}")
    if rec is None:
        print(_("   record:    no record with this id here (removed or renamed?)"))
        return
    print(f"   record:    {rec['name']}")
    print(f"   phones:    {', '.join(rec['phones']) or '(none)'}")
    if rec["web"]:
        print(f"   web:       {', '.join(rec['web'])}")
    hours = rec["hours"] or ["(not published)"]
    print(f"   hours:     {hours[0]}")
    for line in hours[1:]:
        print(f"              {line}")
    print(f"   verified:  {rec['last_verified'] or '(never)'}")
