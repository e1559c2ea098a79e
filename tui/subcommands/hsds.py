"""`vsd import hsds|list|remove` and `vsd export hsds`: Open Referral HSDS 3.0 in and out.

Imported services live in a local layer beside the central directory (see
`directory.layers`); a sync never touches them. An import or a removal ends by building and saving
the search index of the changed data, so the next search reads it back.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

from directory import support_types
from directory.atomic import write_bytes_atomic
from directory.errors import InputError, VsdError
from directory.hsds import AREAS, normalize_language, resolve_country
from directory.hsds.api_tree import DEFAULT_PER_PAGE as API_TREE_PER_PAGE
from directory.hsds.api_tree import api_tree_files
from directory.hsds.datapackage import data_package_files
from directory.hsds.export import iter_services, json_array_chunks, ndjson_chunks
from directory.i18n import _, ngettext
from directory.layers import Layers
from directory.paths import HSDS_TOKEN_ENV
from directory.safe_text import plain, scrub_tree
from directory.store import Store
from sync.hsds_client import DEFAULT_MAX_BYTES
from sync.hsds_import import (
    DEFAULT_DEADLINE,
    DEFAULT_MAX_PAGES,
    DEFAULT_PER_PAGE,
    ImportOptions,
    ImportRejected,
    import_hsds,
)

from ._args import data_dir

ORDER = 50
FORMATS = ("json", "ndjson", "api-tree", "datapackage")
FOLDER_FORMATS = ("api-tree", "datapackage")
# Progress lines start once an import has taken this long (a quick import stays quiet).
PROGRESS_AFTER_S = 1.0
SHOW_WARNINGS = 20


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number").format(text=text)) from None
    if n < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return n


def _positive_float(text: str) -> float:
    try:
        n = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a number").format(text=text)) from None
    if not n > 0:
        raise argparse.ArgumentTypeError(_("must be more than 0"))
    return n


def register(sub, parent) -> None:
    imp = sub.add_parser(
        "import",
        parents=[parent],
        help=_("import services from an HSDS API or file into a local layer; list or remove imports"),
        description=_(
            "Manage services imported from other directories (Open Referral HSDS 3.0). "
            "They are kept beside the central directory, searchable, and marked with their origin."
        ),
    )
    isub = imp.add_subparsers(dest="import_command", metavar="ACTION", required=True)

    h = isub.add_parser(
        "hsds",
        parents=[parent],
        help=_("import from an HSDS API base URL or an HSDS file"),
        description=_(
            "Import the services of an HSDS 3.0 API (its base URL; /services is paged, or read as "
            "NDJSON when the API offers it) or file (one service, a list, a page, an organization, or NDJSON). "
            "Re-importing a label replaces exactly that label's services; re-importing the same API asks only "
            "for what changed since the last import (modified_after) unless --full. All or nothing: if any "
            "service is rejected, nothing is stored unless --skip-invalid."
        ),
    )
    h.add_argument(
        "source",
        metavar="SOURCE",
        help=_(
            "HSDS API base URL (http/https), file (HSDS 3.0 or 1.x/2.0 JSON), or tabular data package "
            "(a folder or .zip with datapackage.json and CSV tables); user:password or token parameters in the URL "
            "are used for this import only and never stored"
        ),
    )
    h.add_argument(
        "--name", metavar="LABEL", help=_("label of the import (default: the API's host or the file's name)")
    )
    h.add_argument(
        "--full", action="store_true", help=_("re-read everything, not only what changed since the last import")
    )
    h.add_argument(
        "--type",
        dest="types",
        action="append",
        default=[],
        metavar="CODE",
        help=_("support type for services no taxonomy term maps (repeatable): {items}").format(
            items=", ".join(support_types.LABELS)
        ),
    )
    h.add_argument(
        "--country",
        dest="countries",
        action="append",
        default=[],
        metavar="CC",
        help=_("country of services (added to those their areas/addresses name; repeatable)"),
    )
    h.add_argument(
        "--timezone",
        metavar="TZ",
        help=_(
            "IANA time zone for schedules that give none and whose location, address or country says none "
            "(without one, such hours are left out, never read as UTC)"
        ),
    )
    h.add_argument("--area", choices=AREAS, help=_("area for services whose data does not say (default: regional)"))
    h.add_argument(
        "--mapping",
        dest="mapping_files",
        action="append",
        default=[],
        metavar="FILE",
        help=_("extra taxonomy mapping table (same shape as directory/hsds/hsds_taxonomy.json; repeatable)"),
    )
    h.add_argument("--skip-invalid", action="store_true", help=_("store the valid services even if some are rejected"))
    h.add_argument("--dry-run", action="store_true", help=_("read and map everything, report, store nothing"))
    h.add_argument(
        "--per-page",
        type=_positive_int,
        default=DEFAULT_PER_PAGE,
        metavar="N",
        help=_("services per API page (default {default_per_page})").format(default_per_page=DEFAULT_PER_PAGE),
    )
    h.add_argument(
        "--max-pages",
        type=_positive_int,
        default=DEFAULT_MAX_PAGES,
        metavar="N",
        help=_(
            "give up after this many pages (default {default_max_pages}), or as many as the API's total_items "
            "needs when it gives one"
        ).format(default_max_pages=DEFAULT_MAX_PAGES),
    )
    h.add_argument(
        "--deadline",
        type=_positive_float,
        default=DEFAULT_DEADLINE,
        metavar="SECONDS",
        help=_("give up after this long in all (default {default_deadline:g})").format(
            default_deadline=DEFAULT_DEADLINE
        ),
    )
    h.add_argument(
        "--max-mb",
        type=_positive_int,
        default=DEFAULT_MAX_BYTES // 2**20,
        metavar="MB",
        help=_("give up when the API's answers (decompressed) pass this many MiB in all (default {mib})").format(
            mib=DEFAULT_MAX_BYTES // 2**20
        ),
    )
    h.add_argument(
        "--header",
        dest="headers",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help=_(
            "HTTP header for the API's own host, e.g. an API key (repeatable; never stored). Other people on this computer can see command lines: ${hsds_token_env} (sent as a bearer token) or a ~/.netrc entry for the host are private"
        ).format(hsds_token_env=HSDS_TOKEN_ENV),
    )
    h.add_argument(
        "--follow-redirects",
        action="store_true",
        help=_("follow a redirect to another host (refused by default); the import is recorded as from the final host"),
    )
    h.add_argument(
        "--taxonomy-term",
        metavar="ID",
        help=_("from an API: only services with this taxonomy term (the API's taxonomy_term_id filter)"),
    )
    h.add_argument("--search", metavar="TEXT", help=_("from an API: only services its own search finds for TEXT"))
    h.add_argument("-v", "--verbose", action="store_true", help=_("show every warning"))
    h.set_defaults(func=run_import)

    ls = isub.add_parser("list", parents=[parent], help=_("list the imported sources"))
    ls.add_argument("--json", action="store_true", help=_("as JSON"))
    ls.set_defaults(func=run_list)

    rm = isub.add_parser("remove", parents=[parent], help=_("remove one imported source and its services"))
    rm.add_argument("label", metavar="LABEL")
    rm.set_defaults(func=run_remove)

    exp = sub.add_parser(
        "export",
        parents=[parent],
        help=_("export the directory (or a selection) in another format"),
        description=_("Export the directory in another format."),
    )
    esub = exp.add_subparsers(dest="export_command", metavar="FORMAT", required=True)
    e = esub.add_parser(
        "hsds",
        parents=[parent],
        help=_("as Open Referral HSDS 3.0 service objects"),
        description=_(
            "Write the central directory (or a filtered selection; imported services with "
            "--imports) as HSDS 3.0 service objects with organization, phones, languages, schedules and "
            "service areas: a JSON array (default), NDJSON, a static HSDS API to serve from any web host "
            "(--format api-tree, see docs/hsds-export.md), or HSDS 3.0 tabular (--format datapackage). "
            "What HSDS has no place for travels in one compact attribute of vsd's own taxonomy per object, "
            "so `vsd import hsds` reads it all back. Imported services keep their ids at the source; a local "
            "file path is never written. Files are readable by others (0644 under the usual umask)."
        ),
    )
    e.add_argument(
        "out",
        metavar="OUT",
        help=_("output file, or - for standard output; a new or empty folder for api-tree and datapackage"),
    )
    e.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help=_(
            "json: one JSON array (default); ndjson: one service per line; api-tree: a static HSDS API "
            "(index.json, services/, taxonomy_terms/...); datapackage: datapackage.json and CSV tables"
        ),
    )
    e.add_argument(
        "--per-page",
        type=_positive_int,
        default=API_TREE_PER_PAGE,
        metavar="N",
        help=_("api-tree: services per page file (default {api_tree_per_page})").format(
            api_tree_per_page=API_TREE_PER_PAGE
        ),
    )
    e.add_argument(
        "--force", action="store_true", help=_("replace OUT if it is an existing file, or a folder vsd exported")
    )
    e.add_argument(
        "--country", dest="countries", action="append", default=[], metavar="CC", help=_("only these countries")
    )
    e.add_argument(
        "--type", dest="types", action="append", default=[], metavar="CODE", help=_("only these support types")
    )
    e.add_argument(
        "--language",
        dest="languages",
        action="append",
        default=[],
        metavar="LANG",
        help=_("only services in these languages"),
    )
    e.add_argument("--id", dest="ids", action="append", default=[], metavar="ID", help=_("only these records"))
    e.add_argument(
        "--imports",
        choices=("exclude", "include", "only"),
        default="exclude",
        help=_("imported services: leave out (default), add, or export only them"),
    )
    e.add_argument(
        "--label",
        dest="labels",
        action="append",
        default=[],
        metavar="LABEL",
        help=_("with --imports: only these import labels"),
    )
    e.add_argument("--ndjson", action="store_true", help=_("the same as --format ndjson"))
    e.set_defaults(func=run_export)


# -- import ------------------------------------------------------------------


class _Progress:
    """Progress lines on stderr, once the import has taken more than a moment."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.start = time.monotonic()

    def __call__(self, message: str) -> None:
        if time.monotonic() - self.start >= PROGRESS_AFTER_S:
            print(_("vsd import: {message}").format(message=message), file=self.stream, flush=True)


def _print_warnings(warnings: list[str], verbose: bool) -> None:
    shown = warnings if verbose else warnings[:SHOW_WARNINGS]
    for w in shown:
        print(f"warning: {w}", file=sys.stderr)
    if len(warnings) > len(shown):
        print(
            _("... and {count} more warnings (--verbose shows all)").format(count=len(warnings) - len(shown)),
            file=sys.stderr,
        )


def run_import(args) -> int:
    opts = ImportOptions(
        label=args.name,
        full=args.full,
        types=args.types,
        countries=args.countries,
        timezone=args.timezone,
        area=args.area,
        mapping_files=args.mapping_files,
        skip_invalid=args.skip_invalid,
        dry_run=args.dry_run,
        per_page=args.per_page,
        max_pages=args.max_pages,
        deadline=args.deadline,
        max_bytes=args.max_mb * 2**20,
        follow_redirects=args.follow_redirects,
        headers=args.headers,
        filters={k: v for k, v in (("taxonomy_term_id", args.taxonomy_term), ("search", args.search)) if v},
    )
    progress = _Progress(sys.stderr)
    try:
        report = import_hsds(args.source, data_dir=data_dir(args), options=opts, progress=progress)
    except ImportRejected as e:
        for o in e.report.result.rejected:
            for p in o.problems:
                print(f"{o.where}: {p}", file=sys.stderr)
        raise
    for notice in report.notices:
        print(f"note: {plain(notice)}", file=sys.stderr)
    _print_warnings(report.result.warnings, args.verbose)
    for o in report.result.rejected:
        for p in o.problems:
            print(f"rejected: {o.where}: {p}", file=sys.stderr)
    how = {
        "ndjson": "as NDJSON",
        "pages": f"in {report.pages} page{'s' if report.pages != 1 else ''}",
        "file": "from the file",
        "package": "from the data package",
    }.get(report.transfer, "")
    since = f", changed since {report.modified_after}" if report.modified_after else ""
    print(
        _("{source}: read {count} services {how}{since}").format(
            source=report.source, count=len(report.result.outcomes), how=how, since=since
        )
    )
    if report.detected:
        print(f"detected: {plain('; '.join(report.detected))}")
    if report.format:
        print(f"format: {plain(report.format)}")
    print((_("dry run: ") if args.dry_run else "") + report.summary())
    for line in report.result.summary_notes():
        print(f"  {line}")
    committed = report.committed
    # The records mapped are let go of before the index is built, which reads them back from the data dir:
    # held, they doubled the peak memory of an import (3.5 GB at 200,000 services).
    del report
    if committed:
        progress("building the search index")  # as the import's own progress lines
        _keep_index(args)
    return 0


def _keep_index(args) -> None:
    """The search index of the changed data, built and saved now: the next search reads it back
    instead of building it. Never fails the import, which is done: a problem is one line."""
    from directory.index_cache import NotKept, keep

    try:
        keep(data_dir(args))
    except NotKept as e:
        print(f"note: {e.note()}", file=sys.stderr)


def run_list(args) -> int:
    layers = Layers(data_dir(args))
    docs = layers.layers()
    for notice in layers.notices:
        print(f"note: {plain(notice)}", file=sys.stderr)
    if args.json:
        rows = [
            {k: d.get(k) for k in ("label", "source", "kind", "imported_at", "fetched_at", "mode", "counts")}
            | {"services": len(d.get("records", []))}
            for d in docs
        ]
        print(json.dumps(scrub_tree(rows), ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print(_("no imported services (vsd import hsds SOURCE adds some)"))
        return 0
    rows = [("LABEL", "SERVICES", "IMPORTED", "SOURCE")]
    rows += [
        tuple(
            plain(str(v))
            for v in (d.get("label", "?"), len(d.get("records") or []), d.get("imported_at", "?"), d.get("source", "?"))
        )
        for d in docs
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(3)) + "  " + r[3])
    return 0


def run_remove(args) -> int:
    removed = Layers(data_dir(args)).remove(args.label)
    if removed is None:
        raise VsdError(_("no import labelled '{label}' (see `vsd import list`)").format(label=args.label))
    print(
        _("removed '{label}': {count} services from {source}").format(
            label=args.label, count=len(removed.get("records", [])), source=removed.get("source")
        )
    )
    _keep_index(args)
    return 0


# -- export ------------------------------------------------------------------


def _selection(args) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The records to export, and the HSDS id at the source of each imported one (vsd id -> id)."""
    countries, languages = [], []
    for c in args.countries:
        code = resolve_country(c)
        if not code:
            raise InputError(_("--country {country}: not an ISO 3166 country code or name").format(country=c))
        countries.append(code)
    for lang in args.languages:
        code = normalize_language(lang, lang)
        if not code:
            raise InputError(_("--language {lang}: not an ISO 639 language code or name").format(lang=lang))
        languages.append(code)
    bad = [t for t in args.types if t not in support_types.CODES]
    if bad:
        raise InputError(
            _("--type {types}: not a support type; known: {known}").format(
                types=", ".join(bad), known=", ".join(support_types.LABELS)
            )
        )
    if args.labels and args.imports == "exclude":
        raise InputError(_("--label selects imported services: add --imports include or --imports only"))

    records: list[dict[str, Any]] = []
    upstream: dict[str, str] = {}
    store = Store(data_dir(args))
    envelope = store.envelope()  # its sourced short numbers check the phones of imported records too
    if args.imports != "only":
        records += envelope["services"]
        for notice in store.notices:
            print(f"note: {notice}", file=sys.stderr)
    if args.imports != "exclude":
        layers = Layers(data_dir(args))
        known = {d["label"] for d in layers.layers()}
        missing = [lb for lb in args.labels if lb not in known]
        if missing:
            raise InputError(_("no import labelled {labels} (see `vsd import list`)").format(labels=", ".join(missing)))
        taken = {r["id"] for r in records}
        for doc in layers.layers():
            if args.labels and doc["label"] not in args.labels:
                continue
            ids = doc.get("hsds_ids")
            if isinstance(ids, dict):
                upstream.update({k: v for k, v in ids.items() if isinstance(v, str) and k not in taken})
            records += [
                r
                for r in doc.get("records") or []
                if isinstance(r, dict) and isinstance(r.get("id"), str) and r["id"] not in taken
            ]
    out = []
    records = _valid_only(records, envelope.get("short_numbers") or [])
    for r in records:
        if countries and not set(countries) & set(r.get("countries", [])):
            continue
        if args.types and not set(args.types) & set(r.get("support_types", [])):
            continue
        if languages and not set(languages) & set(r.get("languages", [])):
            continue
        if args.ids and r["id"] not in args.ids:
            continue
        out.append(r)
    return out, upstream


def _check_output(out: str, force: bool):
    """The path to write: a new file, or an existing regular file with --force; never a device, FIFO,
    socket, directory or symlink (writing there would replace or feed something that is not ours)."""
    from directory.outputs import OutputRefused, output_target

    try:
        return output_target(out, replace=force)[0]
    except OutputRefused as e:
        hint = "; pass --force to replace it" if str(e).endswith(": exists") else " (or - for stdout)"
        raise InputError(f"{e}{hint}") from None


def _valid_only(records: list[dict[str, Any]], short_numbers: list[Any]) -> list[dict[str, Any]]:
    """The records that validate: a damaged store or import file must not export half-broken records."""
    from directory.loading import valid_services
    from directory.validate import SCHEMA_ID

    env = {"schema": SCHEMA_ID, "version": 1, "generated_at": "2000-01-01T00:00:00Z", "services": records}
    if short_numbers:
        env["short_numbers"] = short_numbers
    kept, left_out = valid_services(env)
    if left_out:
        n = left_out
        print(
            ngettext(
                "note: {count} service left out as not valid", "note: {count} services left out as not valid", n
            ).format(count=n),
            file=sys.stderr,
        )
    return kept["services"]


def _check_folder(out: str, force: bool):
    """The folder to write an api-tree or datapackage into: new, empty, or (with --force) an earlier export."""
    from directory.outputs import OutputRefused, output_folder

    if out == "-":
        raise InputError(_("an api-tree or datapackage is a folder: give its path, not -"))
    try:
        return output_folder(out, replace=force, is_ours=_is_earlier_export)
    except OutputRefused as e:
        hint = "; pass --force to replace that earlier export" if str(e).endswith(": exists") else ""
        raise InputError(f"{e}{hint}") from None


def _is_earlier_export(folder) -> bool:
    """A folder `vsd export hsds` wrote: its index.json or datapackage.json says so."""
    from directory.hsds.api_tree import api_details
    from directory.hsds.datapackage import PACKAGE_NAME
    from directory.loading import read_json_file

    for name, key, ours in (
        ("index.json", "description", api_details()["description"]),
        ("datapackage.json", "name", PACKAGE_NAME),
    ):
        try:
            doc = read_json_file(folder / name)
        except (OSError, VsdError, ValueError):
            continue
        if isinstance(doc, dict) and doc.get(key) == ours:
            return True
    return False


def run_export(args) -> int:
    from directory.outputs import public_mode, write_tree

    if args.ndjson and args.format not in ("json", "ndjson"):
        raise InputError(
            _("--ndjson is --format ndjson: it cannot go with --format {format}").format(format=args.format)
        )
    fmt = "ndjson" if args.ndjson else args.format
    if fmt in FOLDER_FORMATS:
        folder, target = _check_folder(args.out, args.force), None
    else:
        folder, target = None, None if args.out == "-" else _check_output(args.out, args.force)
    records, upstream = _selection(args)
    if not records:
        raise VsdError(_("no services match the filters; nothing written"))
    where = "" if args.out == "-" else f" to {plain(args.out)}"
    now = datetime.now(UTC)
    if folder is not None:
        # scrubbed: no control or bidi override; made and written a service at a time
        services = iter_services(records, now=now, upstream=upstream)
        if fmt == "api-tree":
            files = api_tree_files(services, len(records), per_page=args.per_page)
        else:
            files = data_package_files(services)
        try:
            write_tree(folder, files)
        except OSError as e:
            raise VsdError(
                _("{path}: could not write the export ({error}); nothing changed").format(
                    path=plain(args.out), error=e.strerror or e
                )
            ) from None
        written = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
        print(
            _("exported {count} services as HSDS {fmt} ({count2} files, {size:,} bytes){where}").format(
                count=len(records), fmt=fmt, count2=len(written), size=sum(written), where=where
            ),
            file=sys.stderr,
        )
        return 0
    # Written as it is made, one service at a time: memory does not grow with the directory.
    chunks = (ndjson_chunks if fmt == "ndjson" else json_array_chunks)(records, now=now, upstream=upstream)
    if target is None:
        try:
            for chunk in chunks:
                sys.stdout.write(chunk)
            sys.stdout.flush()
        except BrokenPipeError:  # `vsd export hsds - | head`: the reader has all it wanted
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    else:
        write_bytes_atomic(target, (c.encode("utf-8") for c in chunks), mode=public_mode())
    print(
        ngettext(
            "exported {count} service as HSDS {format}{where}",
            "exported {count} services as HSDS {format}{where}",
            len(records),
        ).format(count=len(records), format="NDJSON" if fmt == "ndjson" else "JSON", where=where),
        file=sys.stderr,
    )
    return 0
