"""Typed access to the fields of an untrusted HSDS object, recording every wrong type with its path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .attributes import read_vsd_fields
from .text import json_type, short, strip_controls

# FieldReader has methods named str and list: its annotations name the builtins by these aliases.
Str = str
List = list


class FieldReader:
    """Typed access to an HSDS object that records every wrong type as a problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.tallies: list[str] = []  # what the import summary counts ("support type inferred from the description")
        self.located: dict[int, list[tuple[str, dict[Str, Any], dict[Str, Any]]]] = {}  # (see `locations`)

    def problem(self, path: Str, msg: str) -> None:
        self.problems.append(strip_controls(f"{path}: {msg}"))

    def warn(self, path: Str, msg: str) -> None:
        self.warnings.append(strip_controls(f"{path}: {msg}" if path else msg))

    def tally(self, what: Str) -> None:
        if what not in self.tallies:
            self.tallies.append(what)

    def str(self, obj: dict[Str, Any], key: Str, path: Str = "", *, required: bool = False) -> Str | None:
        v = obj.get(key)
        if isinstance(v, Str) and v.isascii() and v.isprintable():  # most text: strip_controls has nothing to do
            v = v.strip()
            if not v and required:
                self.problem(path + key, "empty (required)")
            return v or None
        if v is None:
            if required:
                self.problem(path + key, "missing (required)")
            return None
        if not isinstance(v, str):
            self.problem(path + key, f"expected a string, got {json_type(v)} {short(v)}")
            return None
        v = strip_controls(v).strip()
        if not v and required:
            self.problem(path + key, "empty (required)")
        return v or None

    def num(self, obj: dict[Str, Any], key: Str, path: Str = "") -> float | None:
        v = obj.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.problem(path + key, f"expected a number, got {json_type(v)} {short(v)}")
            return None
        return v

    def list(self, obj: dict[Str, Any], key: Str, path: Str = "") -> List[tuple[Str, dict[Str, Any]]]:
        v = obj.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.problem(path + key, f"expected an array, got {json_type(v)} {short(v)}")
            return []
        out = []
        for i, item in enumerate(v):
            if isinstance(item, dict):
                out.append((f"{path}{key}[{i}].", item))
            else:
                self.problem(f"{path}{key}[{i}]", f"expected an object, got {json_type(item)} {short(item)}")
        return out

    def obj(self, obj: dict[Str, Any], key: Str, path: Str = "") -> dict[Str, Any] | None:
        v = obj.get(key)
        if v is None:
            return None
        if not isinstance(v, dict):
            self.problem(path + key, f"expected an object, got {json_type(v)} {short(v)}")
            return None
        return v


def vsd_fields(r: FieldReader, obj: dict[str, Any]) -> dict[str, list[str]]:
    """Values of vsd's own fields on an object (a vsd export): {field: [values...]}, in order."""
    return read_vsd_fields(obj, r.warn)


def locations(r: FieldReader, obj: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(path, service_at_location, location) for each of the service's locations.

    Read once per object and reader, as the first reading goes (its problems said in their place); the
    mapping asks five times. A later reading would only say the same problems again."""
    read = r.located.get(id(obj))
    if read is not None:
        yield from read
        return
    read = []
    for p, sal in r.list(obj, "service_at_locations"):
        loc = r.obj(sal, "location", p)
        read.append((p, sal, loc if loc is not None else {}))
        yield read[-1]
    r.located[id(obj)] = read
