"""Lines of vsd's own NDJSON export are decoded straight into plain Services (plain_shape.typed_line), read a
block at a time (reading._lines): both must read exactly what the capped parse of each line reads.

- A line decodes into a Service only when the capped parse gives that service (the same value), and its
  dict, decoded on demand, is the capped parse's value; a line the caps refuse is never a Service.
- Read in blocks of any size, a file gives the lines, line numbers, blank lines and refusals that reading
  it a line at a time gives.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import generate
from directory.errors import InputError
from directory.hsds import reading
from directory.hsds.export import ndjson_chunks
from directory.hsds.plain_shape import Service, typed_line
from directory.hsds.reading import Item, extract_services, read_ndjson_file
from directory.loading import parse_json_bytes

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def _export_lines(n: int = 30) -> list[bytes]:
    text = "".join(ndjson_chunks(generate(n, seed=3)["services"], now=NOW))
    return [line.encode("utf-8") for line in text.splitlines()]


def _with(line: bytes, **fields: Any) -> bytes:
    svc = json.loads(line)
    svc.update(fields)
    return json.dumps(svc, ensure_ascii=False).encode("utf-8")


def _zone(line: bytes, offset: bytes) -> bytes:
    """The line with its first schedule's time zone written as `offset`."""
    head, tail = line.split(b'"timezone": ', 1)
    return head + b'"timezone": ' + offset + tail[tail.index(b",") :]


def _replace(line: bytes, old: bytes, new: bytes) -> bytes:
    assert old in line
    return line.replace(old, new, 1)


def test_every_line_of_vsd_s_export_decodes_into_a_service_equal_to_its_capped_parse() -> None:
    for line in _export_lines():
        svc = typed_line(line)
        assert svc is not None
        assert svc == msgspec.convert(parse_json_bytes(line, "f"), Service)
        assert Item.of_line("[1]", line, svc).obj == parse_json_bytes(line, "f")


def _odd_lines() -> list[bytes]:
    line = _export_lines(1)[0]
    name = json.loads(line)["name"].encode("utf-8")
    return [
        _with(line, minimum_age=int("9" * 41)),  # more digits than the caps allow
        _with(line, minimum_age=int("9" * 20)),  # within them, beyond what a Service reads
        _with(line, minimum_age=5),
        _with(line, minimum_age=5.5),
        _replace(line, b'"minimum_age"' if b'"minimum_age"' in line else b'"name"', b'"name"'),  # a key twice
        _zone(line, b"1." + b"0" * 420 + b"1"),  # a number of more than 400 characters
        _zone(line, b"-3.5"),
        _zone(line, b"0." + b"5" * 60),
        _replace(line, name, b"\\ud800 lone"),  # a lone surrogate: U+FFFD to the capped parse
        _replace(line, name, b"\\ud83d\\ude00 paired"),
        _replace(line, name, b"\\u0000 nul"),
        _replace(line, name, b"\xff not utf-8"),
        _replace(line, b'"id": ', b'"id": ' + b"[" * 70 + b"]" * 70 + b', "x": '),  # too deep
        _replace(line, b'"status": "active"', b'"status": "active", "unknown": 1'),
        line.rstrip() + b"  \r\n",
        _replace(line, name, b"raw\ttab"),  # a control character in a string: not JSON
        _replace(line, name, b"del\x7f, \xe2\x80\xa8 and \xef\xbb\xbf"),
        b"\xef\xbb\xbf" + line,  # a byte order mark, which the capped parse reads past
    ]


@pytest.mark.parametrize("n", range(18))
def test_an_odd_line_is_a_service_only_when_the_capped_parse_reads_the_same(n: int) -> None:
    line = _odd_lines()[n]
    try:
        value: Any = parse_json_bytes(line, "f")
    except InputError:
        value = None
    svc = typed_line(line)
    if svc is None:
        return
    assert value is not None, "a line the caps refuse decoded into a Service"
    assert svc == msgspec.convert(value, Service)
    assert Item.of_line("[1]", line, svc).obj == value


def test_some_odd_lines_are_services_and_some_are_not() -> None:
    """The test above tries both sides: the caps refuse some lines a Service would read."""
    typed = [typed_line(line) is not None for line in _odd_lines()]
    assert any(typed) and not all(typed)


# -- reading a file a block at a time ------------------------------------------------------------------


def _by_lines(path: Path, max_record: int) -> list[Any] | str:
    """What reading the file a line at a time gives: each non-blank line's value, or the refusal."""
    out: list[Any] = []
    with path.open("rb") as f:
        for n, line in enumerate(iter(lambda: f.readline(max_record + 1), b""), start=1):
            if len(line) > max_record and not line.endswith(b"\n"):
                return f"line {n}: too long"
            if not line.isspace():
                try:
                    out.append(parse_json_bytes(line, f"line {n}"))
                except InputError:
                    return f"line {n}: not JSON"
    return out


def _by_blocks(path: Path, max_record: int) -> list[Any] | str:
    try:
        read = read_ndjson_file(path, max_record=max_record)
    except InputError as e:
        kind = "too long" if "longer than" in str(e) else "not JSON"
        return f"{str(e).split(' line ')[1].split(':')[0].join(['line ', ''])}: {kind}"
    assert read is not None
    return [it.obj for it in extract_services(read, str(path))]


@pytest.mark.parametrize("block", [7, 64, 1000, 4096, 1 << 20])
def test_a_file_read_in_blocks_reads_as_one_read_a_line_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(reading, "_BLOCK_BYTES", block)
    lines = _export_lines(12)
    files = {
        "plain": b"\n".join(lines) + b"\n",
        "no last newline": b"\n".join(lines),
        "blank lines": b"\n \n".join(lines[:4]) + b"\n\t\r\n\x0b\x0c\n" + b"\n".join(lines[4:]) + b"\n  ",
        "crlf": b"\r\n".join(lines) + b"\r\n",
        "a bad line": b"\n".join([*lines[:5], b'{"id": ', *lines[5:]]),
        "an object per line": b"\n".join([lines[0], b'{"id": "x", "name": "y"}', b"{}", lines[1]]),
    }
    for name, data in files.items():
        path = tmp_path / f"{name}.ndjson"
        path.write_bytes(data)
        assert _by_blocks(path, 1 << 20) == _by_lines(path, 1 << 20), name


@pytest.mark.parametrize("block", [5, 100, 1 << 20])
def test_a_line_longer_than_a_record_is_refused_with_its_number_whatever_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(reading, "_BLOCK_BYTES", block)
    first, second = b'{"id": "a", "name": "b"}', b'{"id": "c", "name": "d"}'
    long = b'{"id": "e", "name": "' + b"x" * 300 + b'"}'
    for data, at in (
        (first + b"\n" + second + b"\n\n" + long + b"\n" + first, 4),
        (first + b"\n" + second + b"\n" + long, 3),
    ):
        path = tmp_path / "f.ndjson"
        path.write_bytes(data)
        assert _by_lines(path, 200) == f"line {at}: too long"
        assert _by_blocks(path, 200) == f"line {at}: too long"
    exactly = b'{"id": "e", "name": "' + b"x" * (200 - 23) + b'"}'  # 200 bytes and its newline: a record
    path.write_bytes(first + b"\n" + exactly + b"\n" + second + b"\n")
    assert len(exactly) == 200
    assert _by_blocks(path, 200) == _by_lines(path, 200) != "line 2: too long"


def _lines_one_at_a_time(f: Any, max_record: int, where: str) -> Any:
    """The reading of NDJSON lines before blocks: readline, a line at a time (what _lines must give)."""
    n = 0
    while True:
        line = f.readline(max_record + 1)
        if not line:
            return
        n += 1
        if len(line) > max_record and not line.endswith(b"\n"):
            raise InputError(
                f"{where} line {n}: a record longer than {max_record:,} bytes, more than a service can be; "
                "nothing imported"
            )
        if not line.isspace():
            yield line, n


def _all_of(lines: Any) -> list[Any]:
    out: list[Any] = []
    try:
        out += [(bytes(line), n) for line, n in lines]
    except InputError as e:
        out.append(("refused", str(e)))
    return out


_PIECES = [b"a", b"{", b"}", b"\n", b"\r", b" ", b"\t", b"\x0b", b"\x0c", b"\x1c", b"\xc2\xa0", b"\n\n", b"\r\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60), st.integers(1, 12), st.integers(1, 16))
def test_lines_read_in_blocks_are_the_lines_read_one_at_a_time(
    pieces: list[bytes], max_record: int, block: int
) -> None:
    """Any bytes, any record limit, any block size: the same lines, numbers and refusal (with its line)."""
    data = b"".join(pieces)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reading, "_BLOCK_BYTES", block)
        blocks = _all_of(reading._lines(io.BytesIO(data), max_record, "f"))
    assert blocks == _all_of(_lines_one_at_a_time(io.BytesIO(data), max_record, "f"))


def test_a_file_s_plain_lines_are_read_as_services_only_when_they_are_mapped(tmp_path: Path) -> None:
    """The reading finds which lines are plain but keeps none of their Services (100k of them held at once
    took 650 MiB): an item decodes its line when its `plain` is first asked for, into the Service that the
    line decodes into, once."""
    lines = _export_lines(12)
    path = tmp_path / "export.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = extract_services(read_ndjson_file(path), str(path))
    # (the first line, read to find the file is NDJSON, is kept as its value)
    assert [it.is_plain for it in items] == [False] + [True] * (len(lines) - 1)
    items, lines = items[1:], lines[1:]
    assert all(it._plain is reading._UNREAD for it in items)  # (nothing decoded yet)
    for item, line in zip(items, lines, strict=True):
        svc = item.plain
        assert svc is not None and svc == typed_line(line)
        assert item.plain is svc  # (decoded once)
        assert item.obj == parse_json_bytes(line, "f")
    assert all(it.is_plain and it.plain is not None for it in items)


def test_an_item_asked_for_its_dict_first_is_still_read_as_its_service(tmp_path: Path) -> None:
    """Comparing items (their dicts) before mapping them: the Service is read before the line is let go of."""
    lines = _export_lines(4)
    path = tmp_path / "export.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = extract_services(read_ndjson_file(path), str(path))[1:]
    assert items == extract_services(read_ndjson_file(path), str(path))[1:]  # (each item's dict decoded)
    for item, line in zip(items, lines[1:], strict=True):
        assert item.plain == typed_line(line)
