"""A large NDJSON file is read in two parts at once, the second by a helper process (directory/hsds/halves.py):
every outcome, message and number is the same as when one process reads it all, whatever the helper's part
holds (lines it leaves to the import, an error, a duplicate of a service before it) and if the helper fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic import generate
from directory.bundled import bundled_path
from directory.hsds import halves
from directory.hsds.export import ndjson_chunks
from directory.loading import read_json_file

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def _lines() -> list[str]:
    records = read_json_file(bundled_path())["services"] + generate(400, seed=11)["services"]
    return "".join(ndjson_chunks(records, now=NOW)).splitlines()


PROBE = Path(__file__).resolve().parent.parent / "halves_probe.py"  # (the import reads, in a fresh process)


def _both(path: Path, *options: str) -> tuple[list[str] | str, list[str] | str, list[list[Any]]]:
    """The outcomes of importing the file (or the message it is refused with) with a helper and without it,
    and what the helper handed over: read in a fresh interpreter (tests/halves_probe.py)."""
    done = subprocess.run(
        [sys.executable, str(PROBE), str(path), *options], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout)
    return got["helper"], got["alone"], got["handed"]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "export.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_helper_s_part_of_vsd_s_own_export_maps_the_same(tmp_path: Path) -> None:
    lines = _lines()
    with_helper, alone, handed = _both(_write(tmp_path, lines))
    assert with_helper == alone
    assert len(alone) == len(lines)
    ((services, stopped),) = handed  # it read every service of its part, to the end of the file
    assert stopped is None and 0.3 * len(lines) < services < 0.6 * len(lines)


def test_a_line_the_helper_leaves_is_read_by_the_import_from_there(tmp_path: Path) -> None:
    lines = _lines()
    at = len(lines) * 3 // 4
    other = json.loads(lines[at])
    other["x_custom_field"] = "kept by the careful reading"  # not a plain Service: read the other way
    inactive = {**json.loads(lines[at + 3]), "status": "inactive"}
    lines[at], lines[at + 3] = json.dumps(other), json.dumps(inactive)
    lines[at + 5] = lines[at + 6]  # an HSDS id met twice: rejected the second time, naming the first
    with_helper, alone, handed = _both(_write(tmp_path, lines[:at] + [""] + lines[at:]))
    assert with_helper == alone
    assert [json.loads(s)[1] for s in alone].count("rejected") == 1
    ((services, stopped),) = handed
    assert stopped == services and services > 0  # it stopped at the line it does not read, and handed over the rest


@pytest.mark.parametrize("where", ["helper", "import"])
def test_a_line_too_long_is_refused_with_its_number_whoever_reads_it(tmp_path: Path, where: str) -> None:
    lines = _lines()
    at = len(lines) * 9 // 10 if where == "helper" else len(lines) // 10
    lines = lines[:at] + ["", "  "] + lines[at:]
    lines[at + 2] = json.dumps({**json.loads(lines[at + 2]), "description": "x" * 200_000})
    with_helper, alone, _ = _both(_write(tmp_path, lines), "--max-record", "100000")
    assert isinstance(alone, str) and f"line {at + 3}: a record longer than" in alone
    assert with_helper == alone


def test_too_many_records_in_the_helper_s_part_are_refused_alike(tmp_path: Path) -> None:
    lines = _lines()
    with_helper, alone, _ = _both(_write(tmp_path, lines), "--max-records", str(len(lines) - 10))
    assert isinstance(alone, str) and "more than" in alone
    assert with_helper == alone


@pytest.mark.parametrize("how", ["fails", "dies"])
def test_when_the_helper_fails_or_dies_the_import_reads_its_part(tmp_path: Path, how: str) -> None:
    lines = _lines()
    with_helper, alone, handed = _both(_write(tmp_path, lines), "--helper-work", how)
    assert with_helper == alone and len(alone) == len(lines)
    assert handed == []  # nothing handed over


def test_the_layer_stores_the_same_records_from_what_the_helper_handed_over(tmp_path: Path) -> None:
    """The helper's records are stored as the bytes it handed them over in (Outcome.stored), but for one
    whose source names a password, which the layer redacts: the same layer as without a helper."""
    lines = _lines()
    at = len(lines) * 4 // 5
    svc = json.loads(lines[at])
    for a in svc["attributes"]:
        fields = json.loads(a["value"]) if '"source"' in a.get("value", "") else None
        if fields is not None:
            a["value"] = json.dumps({**fields, "source": "https://caseworker:s3cret@example.org/about"})
    lines[at] = json.dumps(svc)
    lines[at + 1] = lines[at + 2]  # a duplicate HSDS id in the helper's part: its record is not stored
    with_helper, alone, handed = _both(_write(tmp_path, lines), "--stored", str(tmp_path))
    records, hsds_ids, in_file = alone
    assert len(records) == len(lines) - 1 and in_file == 0  # (nor in the file: it is redacted as written)
    assert records[at]["source"].startswith("https://") and records[at]["source"].endswith("example.org/about")
    assert with_helper == alone
    ((services, stopped),) = handed
    assert stopped is None and services > len(lines) // 3


def test_a_file_not_of_lines_is_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "services.json"
    path.write_text(json.dumps([json.loads(line) for line in _lines()[:50]], indent=1), encoding="utf-8")
    with_helper, alone, handed = _both(path)
    assert with_helper == alone and len(alone) == 50 and handed == []


def test_the_helper_s_part_starts_at_a_line_and_is_read_by_offset(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"a\n" + b"bb\n" * 10 + b"\n" + b"c" * 7 + b"\n")
    fd = os.open(path, os.O_RDONLY)
    try:
        split = halves.split_point(fd, 100)
        assert split is not None
        data = path.read_bytes()
        assert data[split - 1 : split] == b"\n" and split >= len(data) - int(len(data) * halves.HELPER_SHARE)
        assert halves.lines_before(fd, split) == data[:split].count(b"\n")
        window = halves.Window(fd, split, None)
        assert b"".join(iter(lambda: window.read(3), b"")) == data[split:]
        head = halves.Window(fd, 0, split)
        assert b"".join(iter(lambda: head.read(5), b"")) == data[:split]
    finally:
        os.close(fd)
    path.write_bytes(b"a\n" + b"c" * 40 + b"\n")
    fd = os.open(path, os.O_RDONLY)
    try:
        assert halves.split_point(fd, 10) is None  # no newline within a line's length past the middle
        assert halves.split_point(fd, 100) is None  # the last newline ends the file: nothing after it
    finally:
        os.close(fd)


def test_no_helper_while_another_thread_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(halves, "MIN_BYTES", 1)
    path = _write(tmp_path, _lines()[:20])
    fd = os.open(path, os.O_RDONLY)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    try:
        alone = threading.active_count() == 1  # (other tests' threads may run in this process)
        assert halves.worth_a_helper(fd) == (alone and len(os.sched_getaffinity(0)) >= 2)
        other.start()
        assert not halves.worth_a_helper(fd)  # a fork would copy this thread's locks, not the thread
    finally:
        stop.set()
        if other.is_alive():
            other.join()
        os.close(fd)
