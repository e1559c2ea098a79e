"""`vsd search [QUERY...]`: search the directory from the command line.

    vsd search kinder telefon deutschland
    vsd search childline --country "Royaume-Uni" --json
    vsd search --country PL --type "child helpline" --open-now

Filter values go through the resolvers (`--country Allemagne` is DE); an
unknown value exits 2 with a suggestion. No result is not an error: exit 0
with an empty JSON array or a line saying so.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from datetime import UTC
from typing import Any

from directory import countries, languages, support_types
from directory import presentation as present
from directory.answer import filter_words
from directory.errors import VsdError
from directory.i18n import N_, _
from directory.safe_text import plain, scrub_tree

from ._args import data_dir

ORDER = 5
CHANNELS = ("phone", "sms", "chat", "email", "web", "report", "app")


class UnknownFilterError(VsdError):
    """A filter value none of the vocabularies knows (a usage error)."""

    exit_code = 2


def register(sub, parent) -> None:
    p = sub.add_parser(
        "search",
        parents=[parent],
        help=_("search services by name, country, language and support type"),
        description=(
            _(
                "Search the directory. Words of the query that name a country, a language or a "
                'support type are used as filters ("ukrainian child helpline poland"); the rest '
                "is matched against names, typos and other scripts forgiven."
            )
        ),
    )
    p.add_argument("query", nargs="*", help=_("free text, e.g. kinder telefon deutschland"))
    p.add_argument("--country", "-c", metavar="C", help=_("country code or name in any language (DE, Allemagne)"))
    p.add_argument("--language", "-l", metavar="L", help=_("language code or name (uk, Ukrainian, українська)"))
    p.add_argument(
        "--type",
        "-t",
        dest="support_type",
        metavar="T",
        help=_('support type code or name (child_helpline, "child helpline", Kindertelefon)'),
    )
    p.add_argument("--channel", choices=CHANNELS, help=_("only services reachable this way"))
    p.add_argument(
        "--open-now",
        action="store_true",
        help=_(
            "services open now (their own time zone) or always available (report forms, apps, e-mail); "
            "those that publish no hours follow, labelled"
        ),
    )
    p.add_argument(
        "--known-hours", action="store_true", help=_("with --open-now: leave out services that publish no hours")
    )
    p.add_argument("--limit", "-n", type=int, default=20, metavar="N", help=_("at most N results (default 20)"))
    p.add_argument("--json", action="store_true", help=_("print a JSON array of hits (full records plus score)"))
    p.add_argument("--file", metavar="PATH", help=_("search this services file instead of the local store"))
    p.set_defaults(func=run)


def _resolve(
    kind: str,
    value: str | None,
    resolve: Callable[[str], str | None],
    suggest: Callable[[str], list[str]],
    name: Callable[[str], str],
) -> str | None:
    if value is None:
        return None
    shown = plain(value)[:80]
    code = resolve(value) if shown else None
    if code:
        return code
    ideas = suggest(value) if shown else []
    hint = f"; did you mean {', '.join(f'{name(c)} ({c})' for c in ideas)}?" if ideas else ""
    raise UnknownFilterError(f'unknown {kind} "{shown}"{hint}')


def run(args) -> int:
    from directory import Directory

    country = _resolve(
        "country", args.country, countries.resolve_country, countries.suggest_country, present.country_name
    )
    language = _resolve(
        "language", args.language, languages.resolve_language, languages.suggest_language, present.language_name
    )
    stype = _resolve(
        "support type",
        args.support_type,
        support_types.resolve_support_type,
        support_types.suggest_support_type,
        present.support_label,
    )
    if args.limit < 1:
        raise UnknownFilterError(_("--limit must be 1 or more, not {limit}").format(limit=args.limit))
    if args.file:
        directory = _file_directory(args.file)
    else:
        directory = Directory.open(data_dir(args))
    for notice in directory.notices:
        print(_("note: {text}").format(text=notice), file=sys.stderr)
    text = " ".join(args.query)
    answer = directory.find(
        text,
        country=country,
        language=language,
        support_type=stype,
        open_now="known" if (args.open_now and args.known_hours) else args.open_now,
        channel=args.channel,
        limit=args.limit,
    )
    try:
        if args.json:
            # Scrubbed like every text that leaves vsd: no escape sequence, C0/C1 control or bidi override.
            json.dump(scrub_tree(answer.to_json()), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return 0
        _print_answer(answer, text, country, language, stype, args)
        sys.stdout.flush()
    except BrokenPipeError:  # `vsd search ... | head`: the reader has all it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _file_directory(path: str):
    """A services file to search: records that are not valid are left out with a note."""
    from directory import Directory
    from directory.loading import read_services_file

    env, notices = read_services_file(path)
    return Directory(env, notices=[plain(n) for n in notices])


def _print_answer(answer, text: str, country, language, stype, args) -> None:
    if answer.implied:
        chips = ", ".join(filter_words(k, v, with_code=True) for k, v in answer.implied.items())
        text_part = "; " + _("text: {text}").format(text=plain(answer.text)) if answer.text else ""
        print(_("(read as: {chips}{text})").format(chips=chips, text=text_part))
    if answer.message and (answer.filters or answer.groups):
        print(plain(answer.message))
    elif not answer.hits:
        print(_("no services found{describe}").format(describe=_describe(text, country, language, stype, args)))
    if answer.hits:
        _table(answer.hits)
    for group in answer.groups:
        print(
            _("\n{label} (outside your filters):").format(label=plain(group.label))
            if group.key.startswith("without")
            else f"\n{plain(group.label)}:"
        )
        _table(group.hits)


def _describe(text: str, country, language, stype, args) -> str:
    parts = []
    if text.strip():
        parts.append(_('for "{text}"').format(text=plain(text)[:80]))
    if country:
        parts.append(_("in {country}").format(country=present.country_name(country)))
    if language:
        parts.append(_("in {language}").format(language=present.language_name(language)))
    if stype:
        parts.append(_("of type {support_type}").format(support_type=present.support_label(stype).lower()))
    if args.channel:
        parts.append(_("by {channel}").format(channel=args.channel))
    if args.open_now:
        parts.append(_("open now"))
    return (" " + " ".join(parts)) if parts else ""


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _phone(service: dict[str, Any]) -> str:
    for ch in service.get("channels") or []:
        if isinstance(ch, dict) and ch.get("kind") == "phone" and isinstance(ch.get("value"), str):
            return plain(ch["value"])
    for ch in service.get("channels") or []:
        if isinstance(ch, dict) and isinstance(ch.get("value"), str):
            return plain(ch["value"])
    return ""


COLUMNS = ("#", N_("service"), N_("where"), N_("type"), N_("contact"), N_("hours (local)"))  # headers: _() when shown
# The widest each column but the service's may be; the service name takes what is left.
CAPS = {"#": 4, "where": 12, "type": 24, "contact": 18, "hours (local)": 20}


def _row_cells(n: int, h) -> tuple[str, ...]:
    s = h.service
    name = plain(s.get("name"))
    en = plain(s.get("name_en"))
    if en and en.casefold() != name.casefold():
        name = f"{name} — {en}"
    if s.get("origin"):  # a local import, not the signed central directory
        name = _("(imported) {name}").format(name=name)
    if h.labels:
        name = f"{name} [{', '.join(h.labels)}]"
    where = ",".join(plain(c) for c in (s.get("countries") or [])[:3])
    if len(s.get("countries") or []) > 3:
        where += ",…"
    types = ", ".join(plain(present.support_label(t)).lower() for t in (s.get("support_types") or [])[:2])
    from datetime import datetime

    from directory.presentation import service_status

    status = service_status(s, datetime.now(UTC))
    return (str(n), name, where, types, _phone(s), status.badge)


def _table(hits) -> None:
    """A table measured in terminal cells (Rich), so Thai, CJK and combining marks line up."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = max(60, min(shutil.get_terminal_size((120, 24)).columns, 160))
    rows = [_row_cells(n, h) for n, h in enumerate(hits, 1)]
    # Below 100 columns the kind of help gives way to the name (the filter line above says it).
    shown = [k for k, col in enumerate(COLUMNS) if width >= 100 or col != "type"]
    caps = CAPS if width >= 100 else {**CAPS, "where": 6, "contact": 16, "hours (local)": 17}
    heads = tuple(c if c == "#" else _(c) for c in COLUMNS)
    widths = {
        k: min(caps[COLUMNS[k]], max(cell_len(r[k]) for r in [heads, *rows])) for k in shown if COLUMNS[k] != "service"
    }
    widths[1] = max(20, width - sum(widths.values()) - 2 * (len(shown) - 1))
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="")
    for k in shown:
        justify = "right" if k == 0 else "left"
        table.add_column(heads[k], no_wrap=True, overflow="ellipsis", width=widths[k], justify=justify)
    for cells in rows:
        table.add_row(*(Text(cells[k]) for k in shown))
    console = Console(width=width, markup=False, highlight=False, emoji=False, soft_wrap=False, record=True)
    with console.capture() as out:
        console.print(table)
    print("\n".join(line.rstrip() for line in out.get().splitlines()))
    origins = sorted({plain(h.service["origin"]) for h in hits if h.service.get("origin")})
    for origin in origins:
        print(_("(imported) = from {origin}, unverified unless the source assured it").format(origin=origin))
