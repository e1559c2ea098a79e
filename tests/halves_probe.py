"""Reads an NDJSON file as `vsd import hsds` does, with a helper process and without, in a fresh interpreter
(tests/directory/test_hsds_halves.py): the test runner's own process may run other tests' threads, and the
import never forks a process that runs threads (directory/hsds/halves.py).

    python tests/halves_probe.py FILE [--max-record N] [--max-records N] [--helper-work fails|dies]
    python tests/halves_probe.py FILE --stored DIR     # imported into DIR/alone and DIR/helper

Prints JSON: for each way ("helper", "alone"), the outcomes or the message the file is refused with (with
--stored: the records the import stored, read back from the layer), and what the helper handed over
([services, where it stopped] for each file read in two parts).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.errors import InputError  # noqa: E402
from directory.hsds import ImportContext, halves, map_services, premapper, reading  # noqa: E402
from directory.hsds.mapping import Premap  # noqa: E402
from directory.hsds.sources import read_hsds_source  # noqa: E402

HANDED: list[tuple[int, int | None]] = []


def _spied(received: Any) -> Any:
    def spy(premap: Premap, payload: bytes, first: int) -> tuple[list[Any], int | None]:
        items, stopped = received(premap, payload, first)
        HANDED.append((len(items), stopped))
        return items, stopped

    return spy


def _fails(*args: Any) -> bytes:
    raise MemoryError


def _dies(*args: Any) -> bytes:
    os.kill(os.getpid(), 9)
    return b""


def with_helper(helper: bool) -> None:
    """Files read in two parts from now on (on a machine of one core too), or never."""
    halves.MIN_BYTES = 1 if helper else 2**62
    if helper and hasattr(os, "sched_getaffinity"):
        os.sched_getaffinity = lambda pid: {0, 1}  # type: ignore[assignment]


def outcomes(path: Path, helper: bool) -> list[str] | str:
    with_helper(helper)
    ctx = ImportContext(label="halves", source=str(path), today=date(2026, 11, 20))
    try:
        items = read_hsds_source(path, premap=premapper(ctx)).items
    except InputError as e:
        return str(e)
    said = []
    for o in map_services(iter(items), ctx).outcomes:
        said.append(json.dumps([o.where, o.status, o.hsds_id, o.problems, o.warnings, o.tallies, o.reason, o.record]))
    return said


def stored(path: Path, helper: bool, data: Path) -> list[Any]:
    """The records `vsd import hsds` stores of the file, read back from the layer."""
    from directory.layers import Layers
    from sync.hsds_import import ImportOptions, import_hsds

    with_helper(helper)
    import_hsds(str(path), data_dir=data, options=ImportOptions(label="halves", skip_invalid=True))
    layers = Layers(data)
    layer = layers.get("halves") or {}
    return [layer.get("records"), layer.get("hsds_ids"), Path(layers.path).read_text(encoding="utf-8").count("s3cret")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", type=Path)
    ap.add_argument("--max-record", type=int)
    ap.add_argument("--max-records", type=int)
    ap.add_argument("--helper-work", choices=["fails", "dies"])
    ap.add_argument("--stored", type=Path)
    args = ap.parse_args()
    if args.max_record:
        reading.MAX_RECORD_BYTES = args.max_record
    if args.max_records:
        reading.MAX_NDJSON_RECORDS = args.max_records
    if args.helper_work:
        reading._second_half = {"fails": _fails, "dies": _dies}[args.helper_work]  # type: ignore[assignment]
    Premap.received = _spied(Premap.received)  # type: ignore[method-assign]
    if args.stored:
        alone, with_helper = (stored(args.file, way, args.stored / str(way)) for way in (False, True))
    else:
        alone, with_helper = outcomes(args.file, helper=False), outcomes(args.file, helper=True)
    print(json.dumps({"alone": alone, "helper": with_helper, "handed": HANDED}))


if __name__ == "__main__":
    main()
