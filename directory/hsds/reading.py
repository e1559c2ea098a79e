"""Reading HSDS documents: JSON or NDJSON bytes, and the services they hold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..loading import (
    MAX_NDJSON_FILE_BYTES,
    MAX_NDJSON_RECORDS,
    MAX_RECORD_BYTES,
    open_regular_file,
    parse_json_bytes,
    parse_json_text,
)
from ..plain_json import NOT_PLAIN, plain_value
from . import halves
from .detect import unsupported_document
from .plain_shape import Service, typed_line
from .text import json_type

_NESTED = ("phones", "schedules", "service_areas", "service_at_locations", "languages", "attributes")


def parse_hsds_bytes(raw: bytes, where: str) -> Any:
    """JSON, or NDJSON (one service per line) parsed into a list."""
    head = raw.lstrip()[:200].lower()
    if head.startswith(b"<"):
        kind = "HTML" if (b"<html" in head or b"<!doctype" in head) else "XML/HTML"
        raise InputError(f"{where}: this is {kind}, not HSDS JSON")
    try:
        return parse_json_bytes(raw, where)
    except InputError as whole:
        lines = raw.split(b"\n")
        if sum(1 for ln in lines if ln.strip()) < 2:
            raise
        items = []
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                items.append(parse_json_bytes(line, f"{where} line {n}"))
            except InputError:
                if not items:
                    raise whole from None  # not NDJSON either: report the JSON error
                raise
        return items


def parse_record_line(line: bytes, where: str) -> Any:
    """`parse_json_bytes(line, where)`: the same value, or the same error; some twice as fast."""
    value = plain_value(line)
    return parse_json_bytes(line, where) if value is NOT_PLAIN else value


def parse_object_text(text: str, where: str) -> Any:
    """`parse_json_text(text, where)` (an attribute's JSON value): the same value, or the same error."""
    value = plain_value(text.encode("utf-8", "surrogatepass"))
    return parse_json_text(text, where) if value is NOT_PLAIN else value


def read_ndjson_file(
    path: Path,
    *,
    max_record: int | None = None,
    max_bytes: int | None = None,
    premap: Callable[[Item], Any] | None = None,
) -> list[Any] | None:
    """The records of an NDJSON file, read a block of lines at a time (each line within `max_record` bytes,
    the file within `max_bytes`); None when the file is not NDJSON -- its first line is not a JSON object
    of its own followed by another line -- and is to be read whole. A line of vsd's own export is kept
    as an Item that holds a view of its bytes (`_plain_item`), any other as its value.

    `premap` (the import's mapping of a service) is given each line of vsd's own export as it is read, and
    what it makes is kept as the item's `mapped`. When it can hand work over (halves.HalfMapping) and the
    file is large, a helper process reads the second half meanwhile (halves.py)."""
    where = str(path)
    max_record = max_record or MAX_RECORD_BYTES
    with open_regular_file(path, what="an HSDS file", max_bytes=max_bytes or MAX_NDJSON_FILE_BYTES) as f:
        fd = f.fileno()
        split = None
        if isinstance(premap, halves.HalfMapping) and halves.worth_a_helper(fd):
            split = halves.split_point(fd, max_record)
        lines = _lines(f if split is None else halves.Window(fd, 0, split), max_record, where)
        try:  # a first line too long for a record, or not JSON of its own: a document to read whole
            first = next(lines, None)
            doc = parse_record_line(bytes(first[0]), f"{where} line {first[1]}") if first is not None else None
        except InputError:
            return None
        if not isinstance(doc, dict):
            return None
        items: list[Any] = [doc]
        second = next(lines, None)
        if second is None:
            return None  # one line: a JSON document like any other
        if split is None:
            _read_lines(items, chain((second,), lines), where, premap)
            return items
        assert isinstance(premap, halves.HalfMapping)
        helper = halves.Helper(partial(_second_half, fd, split, max_record, where, premap))
        try:
            _read_lines(items, chain((second,), lines), where, premap)
            premap.check(items)
            payload = helper.result()
        finally:
            helper.stop()
        read = 0  # the services of the second half the helper read
        if payload is not None:
            received, stopped = premap.received(payload, len(items))
            for item in received:
                _check_count(items, where)
                items.append(item)
            if stopped is None:
                return items
            read = stopped
        rest = _lines(halves.Window(fd, split, None), max_record, where, halves.lines_before(fd, split))
        _read_lines(items, islice(rest, read, None), where, premap)
    return items


def _read_lines(
    items: list[Any], lines: Iterable[tuple[memoryview, int]], where: str, premap: Callable[[Item], Any] | None
) -> None:
    """The lines' records added to `items` (see read_ndjson_file)."""
    for view, n in lines:
        _check_count(items, where)
        svc = typed_line(view)
        if svc is not None:
            items.append(_plain_item(f"[{len(items)}]", view, svc, premap))
            continue
        line = bytes(view)
        value = plain_value(line)  # (parse_record_line, the line's name made only when needed)
        items.append(parse_json_bytes(line, f"{where} line {n}") if value is NOT_PLAIN else value)


def _check_count(items: list[Any], where: str) -> None:
    if len(items) >= MAX_NDJSON_RECORDS:
        raise InputError(f"{where}: more than {MAX_NDJSON_RECORDS:,} records; nothing imported")


def _second_half(fd: int, split: int, max_record: int, where: str, premap: halves.HalfMapping) -> bytes:
    """The helper's work (halves.py): the services of the file from `split` on, mapped by `premap` and handed
    over; it stops at the first line that is not a plain service of vsd's own export, or that the import
    refuses, and leaves the rest to the import (which reads and says it as it would without a helper)."""
    done: list[tuple[Any, Any, Any]] = []
    try:
        for view, _n in _lines(halves.Window(fd, split, None), max_record, where):
            svc = typed_line(view)
            if svc is None:
                return premap.payload(done, len(done))
            name, sid = svc.name, svc.id  # (the Service is let go of once mapped)
            done.append((name, sid, premap(Item.of_line("", view, svc))))
    except InputError:
        return premap.payload(done, len(done))
    return premap.payload(done, None)


def _plain_item(where: str, line: memoryview, svc: Service, premap: Callable[[Item], Any] | None) -> Item:
    """The item of a line of vsd's own export, mapped by `premap` while its Service is at hand, which it then
    lets go of (see Item.plain), and of its line once mapped: a block is freed once its services are mapped,
    not kept to the end of the file (260 MiB for 100k services)."""
    item = Item.of_line(where, line, svc)
    if premap is not None:
        item.mapped = premap(item)
    if item._line is None:  # (its dict decoded: the service was read the careful way, and keeps it)
        return item
    if premap is not None:
        item._line, item._plain = None, _MAPPED
    else:
        item._plain = _UNREAD
    return item


# Lines are read a block at a time, each a view of its block: the services kept as views free their
# block together once all are mapped. (Each line a bytes object of its own, freed one by one as its service
# was mapped, left the C allocator's heap in pieces that made every later allocation slower: 0.9 s of an
# import of 100k services.)
_BLOCK_BYTES = 8 * 1024 * 1024
_BLANK_START = frozenset(b" \t\n\r\x0b\x0c")


def _lines(f: BinaryIO | halves.Window, max_record: int, where: str, n: int = 0) -> Iterator[tuple[memoryview, int]]:
    """The file's lines that are not blank (with their newline), each with its number (`n` lines before)."""
    carry = b""  # the start of a line the last block cut
    while True:
        try:
            block = f.read(_BLOCK_BYTES)
        except OSError as e:
            raise InputError(f"{where}: cannot read ({e.strerror or e})") from None
        if not block:
            break
        start = 0
        if carry:  # the line the last block cut, made whole on its own: the block is not copied after it
            cut = block.find(b"\n") + 1
            if not cut:
                carry += block
                _check_length(len(carry), max_record, where, n + 1)
                continue
            line, carry = carry + block[:cut], b""
            n += 1
            _check_length(len(line) - 1, max_record, where, n)
            if not _blank(line, 0, len(line)):
                yield memoryview(line), n
            start = cut
        whole = block.rfind(b"\n") + 1  # the lines before are whole
        view = memoryview(block)
        while start < whole:
            end = block.index(b"\n", start) + 1
            n += 1
            _check_length(end - 1 - start, max_record, where, n)
            if not _blank(block, start, end):
                yield view[start:end], n
            start = end
        carry = block[whole:]
        _check_length(len(carry), max_record, where, n + 1)
    if carry:
        n += 1
        if not carry.isspace():
            yield memoryview(carry), n


def _blank(data: bytes, start: int, end: int) -> bool:
    """Whether the line data[start:end] holds only white space (copied only when it starts with some)."""
    return data[start] in _BLANK_START and data[start:end].isspace()


def _check_length(length: int, max_record: int, where: str, n: int) -> None:
    if length > max_record:
        raise InputError(
            f"{where} line {n}: a record longer than {max_record:,} bytes, more than a service can be; nothing imported"
        )


class Item:
    """One HSDS service found in a document, with where it was and the context around it.

    A line of vsd's own NDJSON export is kept as its bytes, and read as its `plain` Service (plain.py) when
    that is first asked for: its dict, `obj`, is decoded only when it is asked for (the plain mapping seldom
    does). While `plain` is set, `obj` is replaced (which lets go of `plain` and `mapped`), never changed in
    place. `mapped`: what the import made of the service as it was read (read_ndjson_file), or None.

    (The Services of a file are not all kept from the reading that found them plain: held at once, those
    of 100k services took 650 MiB, and fresh memory costs its page faults, 0.75 s of system time. Each is
    mapped as it is read, or decoded again when it is mapped, reusing the memory of the one before.)"""

    __slots__ = ("where", "organization", "mapped", "_plain", "_obj", "_line")

    def __init__(self, where: str, obj: Any, organization: str | None = None) -> None:
        self.where, self._obj, self.organization = where, obj, organization
        self.mapped: Any = None
        self._plain: Service | None = None
        self._line: bytes | memoryview | None = None

    @classmethod
    def of_line(cls, where: str, line: bytes | memoryview, plain: Service | None = None) -> Item:
        """A line that `typed_line` reads as a Service (`plain`, or read again when asked for)."""
        item = cls(where, None)
        item._line, item._plain = line, plain if plain is not None else _UNREAD
        return item

    @classmethod
    def of_mapped(cls, where: str, mapped: Any) -> Item:
        """A line of vsd's own export mapped as it was read, elsewhere (halves.py): what was made of it."""
        item = cls(where, None)
        item._plain, item.mapped = _MAPPED, mapped
        return item

    @property
    def plain(self) -> Service | None:
        if self._plain is _MAPPED:
            raise self._let_go()
        if self._plain is _UNREAD:
            assert self._line is not None
            self._plain = typed_line(self._line)  # (the same bytes: read as they were when the line was found plain)
        return self._plain

    @property
    def is_plain(self) -> bool:
        """Whether the item is read as a plain Service (without reading it)."""
        return self._plain is not None

    @property
    def obj(self) -> Any:
        if self._plain is _MAPPED:
            raise self._let_go()
        if self._line is not None:  # (a line the Service was read from: the capped parse reads it too)
            if self._plain is _UNREAD:  # (read before the line is let go of: `plain` is asked for after)
                self._plain = typed_line(self._line)
            self._obj, self._line = parse_record_line(bytes(self._line), self.where), None
        return self._obj

    @obj.setter
    def obj(self, value: Any) -> None:
        self._obj, self._line, self._plain, self.mapped = value, None, None, None

    def _let_go(self) -> RuntimeError:
        """What asking a service mapped as it was read for its line is: a mistake of the code, said as one."""
        return RuntimeError(f"{self.where}: mapped as it was read, and its line let go of")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Item):
            return NotImplemented
        return (self.where, self.obj, self.organization) == (other.where, other.obj, other.organization)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        if self._plain is _MAPPED:
            shown = "mapped as read"
        else:
            shown = "plain=<Service>" if self._line is not None and self._plain is not None else f"obj={self.obj!r}"
        return f"Item(where={self.where!r}, {shown}, organization={self.organization!r})"


# (a line's Service not read yet: Item.plain reads it; a line mapped as it was read, and let go of: its
# `mapped` is all the item holds)
_UNREAD: Any = object()
_MAPPED: Any = object()


def extract_services(doc: Any, where: str) -> list[Item]:
    """The HSDS services in a parsed document: one service, a list, a page, an organization, a service-at-location."""
    if isinstance(doc, list):
        items = [s if type(s) is Item else Item(f"[{i}]", s) for i, s in enumerate(doc)]  # (Items: read_ndjson_file)
    elif isinstance(doc, dict):
        if str(doc.get("schema", "")).startswith("vsd.services/"):
            raise InputError(f"{where}: this is a vsd services file, not HSDS")
        named = unsupported_document(doc, where)
        if named:
            raise InputError(named)
        if isinstance(doc.get("contents"), list):
            items = [Item(f"contents[{i}]", s) for i, s in enumerate(doc["contents"])]
        elif isinstance(doc.get("content"), list) and "totalElements" in doc:  # an Open Referral UK v1 page
            items = [Item(f"content[{i}]", s) for i, s in enumerate(doc["content"])]
        elif isinstance(doc.get("services"), list) and "name" in doc and "status" not in doc:
            org = doc.get("name") if isinstance(doc.get("name"), str) else None
            items = [Item(f"services[{i}]", s, org) for i, s in enumerate(doc["services"])]
        elif isinstance(doc.get("service"), dict) and "status" not in doc:
            svc = dict(doc["service"])
            sal = {k: v for k, v in doc.items() if k != "service"}
            svc["service_at_locations"] = list(svc.get("service_at_locations") or []) + [sal]
            items = [Item("service", svc)]
        elif "id" in doc and "name" in doc:
            items = [Item("service", doc)]
        else:
            keys = ", ".join(sorted(map(str, doc))[:8]) or "none"
            raise InputError(
                f"{where}: not HSDS services: expected a service object, a list of services, a page "
                f'{{"contents": [...]}} or NDJSON; found an object with keys {keys}'
            )
    else:
        raise InputError(f"{where}: not HSDS services: the document is a JSON {json_type(doc)}")
    services = [it.obj for it in items if not it.is_plain and isinstance(it.obj, dict)]
    some_plain = any(it.is_plain for it in items)  # (a plain Service always has a status)
    if services and not some_plain and not any("status" in s for s in services):
        if all(("taxonomy" in s or "code" in s or "term_uri" in s) and "name" in s for s in services):
            raise InputError(f"{where}: this is a list of HSDS taxonomy terms, not services")
    return items


def is_listing_only(obj: dict[str, Any]) -> bool:
    """True for a service from a /services listing that lacks its nested details."""
    return not any(k in obj for k in _NESTED)
