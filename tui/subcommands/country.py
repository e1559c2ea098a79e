"""`vsd country CC [--format text|md]`: a country's key services by kind of help, printable.

    vsd country GH
    vsd country Deutschland --format md > de.md

The country is a code or a name in any language; an unknown one exits 2 with a suggestion,
like the filters of `vsd search`.
"""

from __future__ import annotations

import argparse
import sys

from directory.i18n import _

from ._args import data_dir

ORDER = 6


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "country",
        parents=[parent],
        help=_("a country's key services by kind of help (a card to print or share)"),
        description=_(
            "One card per country: the emergency number, child helpline, victim support, violence "
            "against women, sexual violence, trafficking, reporting routes, missing children and online safety, "
            "each with its main services and numbers as dialled, or 'none known' with the date it was researched."
        ),
    )
    p.add_argument("country", nargs="+", help=_("country code or name in any language (GH, Ghana, Allemagne)"))
    p.add_argument("--format", "-f", choices=("text", "md"), default="text", help=_("plain text (default) or Markdown"))
    p.add_argument("--file", metavar="PATH", help=_("a services file instead of the local store"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from directory import Directory
    from directory.country_card import country_card, resolve
    from directory.safe_text import plain

    from ..country_card_text import render

    code = resolve(" ".join(args.country))  # before opening the store: a typo costs nothing
    if args.file:  # only the valid records of a file the user names (a note says how many were left out)
        from directory.loading import read_services_file

        env, notes = read_services_file(args.file)
        directory = Directory(env, notices=notes)
    else:
        directory = Directory.open(data_dir(args))
    for notice in directory.notices:
        print(_("note: {text}").format(text=plain(notice)), file=sys.stderr)
    try:
        sys.stdout.write(render(country_card(directory, code), args.format))
        sys.stdout.flush()
    except BrokenPipeError:  # `vsd country GH | head`: the reader has all it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
