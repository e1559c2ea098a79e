"""The `vsd` command line: sub-commands come from `tui.subcommands`, no sub-command opens the TUI."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

from directory.i18n import _

from . import subcommands


def _parent() -> argparse.ArgumentParser:
    """Options every command takes."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=_("where the local store lives (default: $VSD_DATA_DIR or the user data dir)"),
    )
    p.add_argument(
        "--lang",
        default=argparse.SUPPRESS,
        metavar="LANG",
        help=_(
            "the language vsd speaks, e.g. de, uk, ja (default: language in the config file, "
            "else $LC_ALL, $LC_MESSAGES or $LANG, else English)"
        ),
    )
    return p


def _set_language(argv: list[str]) -> str | None:
    """Choose the UI language before any text is made (help texts are made with the parser);
    returns a one-line problem when --lang names a language vsd has no catalog for."""
    from directory.i18n import choose_language, set_language

    cli = getattr(_parent().parse_known_args(argv)[0], "lang", None)
    config = None
    if not cli:
        from directory.settings import load_settings

        config = load_settings().ui.language
    try:
        set_language(choose_language(cli, config))
    except ValueError as e:
        set_language(None)
        if cli:
            return str(e)
    return None


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("vsd")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return _("unknown (not installed)")


class _VersionAction(argparse.Action):
    """`--version`, looked up only when asked: importlib.metadata costs every command ~40 ms of start-up."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kw: object) -> None:
        super().__init__(
            option_strings,
            dest=dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help=_("show program's version number and exit"),
        )

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: object, values: object, option: object = None
    ) -> None:
        print(f"vsd {_version()}")
        parser.exit()


def command_modules() -> list[str]:
    """Names of the modules in `tui.subcommands` that hold commands (not the "_" helpers)."""
    return [m.name for m in pkgutil.iter_modules(subcommands.__path__) if not m.name.startswith("_")]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, just that module's commands (see `parser_for`)."""
    from .subcommands._epilog import epilog

    parent = _parent()
    parser = argparse.ArgumentParser(
        prog="vsd",
        description=_("Offline directory of victim assistance and protection services."),
        epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[parent],
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [only] if only else command_modules()
    modules = [importlib.import_module(f"{subcommands.__name__}.{name}") for name in names]
    for mod in sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__)):
        mod.register(sub, parent)
    return parser


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """A parser's sub-commands by name (none for a parser without them)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """The parser for this command line. A command whose module has its name (search, info, sync, ...)
    imports that module only: every other command's imports (the feed client, tuf, httpx, the HSDS
    mapping) would cost `vsd search` and `vsd info` most of their start-up. Anything else (`import`,
    `--help`, a typo) gets the whole parser, and so the same help and errors as ever."""
    rest = _parent().parse_known_args(argv)[1]
    name = rest[0] if rest and not rest[0].startswith("-") else None
    if name and name in command_modules():
        parser = build_parser(only=name)
        if name in subparsers(parser):
            return parser
    return build_parser()


def _tui_args(argv: list[str]) -> argparse.Namespace | None:
    """The options when `argv` names no sub-command (and no --help): then the app opens
    without importing every command module and the domain core first (start-up time)."""
    args, rest = _parent().parse_known_args(argv)
    return None if rest else args


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    problem = _set_language(argv)
    if problem:
        print(f"vsd: {problem}", file=sys.stderr)
        return 2
    tui_args = _tui_args(argv)
    if tui_args is not None:
        from .launch import launch_tui

        try:
            return launch_tui(tui_args)
        except KeyboardInterrupt:
            return 130
    from directory.errors import DISK_FULL_EXIT, VsdError, is_disk_full
    from directory.safe_text import plain

    args = parser_for(argv).parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            from .launch import launch_tui

            return launch_tui(args)
        return int(func(args) or 0)
    except VsdError as e:
        # Messages may quote feed or file content: never let it drive the terminal.
        print(f"vsd: {plain(str(e), keep_newlines=True)}", file=sys.stderr)
        return e.exit_code
    except OSError as e:  # an unusable --data-dir, an output path that cannot be written...
        where = _("cannot use {path}: ").format(path=plain(str(e.filename))) if e.filename else ""
        if is_disk_full(e):
            print(
                _(
                    "vsd: {where}the disk is full ({error}); what was there is unchanged. Free some space and run the command again."
                ).format(where=where, error=e.strerror or e),
                file=sys.stderr,
            )
            return DISK_FULL_EXIT
        print(f"vsd: {where}{e.strerror or plain(str(e))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("vsd: interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
