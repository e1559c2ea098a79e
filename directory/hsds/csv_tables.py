"""One CSV table of a data package as rows of typed values, read as its resource in datapackage.json describes it.

The resource's `encoding` (default UTF-8; a BOM is dropped), its `dialect` (delimiter, quote and
escape characters, double quotes, header or not) and its schema's field types (integer, number,
boolean: the HSDS fields vsd reads as numbers) are honoured; every way the bytes can be wrong
is one InputError naming the file and the line.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

_TRUE = {"true", "yes", "1", "y", "t"}
_FALSE = {"false", "no", "0", "n", "f"}
_BOMS = (("UTF-16", codecs.BOM_UTF16_LE), ("UTF-16", codecs.BOM_UTF16_BE))
_DELIMITER_HINTS = (";", "\t", "|")


@dataclass
class Table:
    name: str  # the HSDS table name (service, phone, ...)
    where: str  # the file, for messages
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the line each row starts on

    def missing(self, column: str) -> str:
        """The message for a column the join needs, with a hint when the delimiter looks wrong."""
        msg = f"{self.where}: no '{column}' column (columns: {', '.join(self.columns[:12]) or 'none'})"
        if len(self.columns) == 1:
            hint = next((d for d in _DELIMITER_HINTS if d in self.columns[0]), None)
            if hint:
                shown = "\\t" if hint == "\t" else hint
                msg += (
                    f"; the header looks separated by '{shown}': declare it in the resource's dialect "
                    f'in datapackage.json ("dialect": {{"delimiter": "{shown}"}})'
                )
        return msg


def decode(raw: bytes, where: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"{where}: encoding '{encoding[:40]}' in datapackage.json is not one Python knows") from None
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        for name, bom in _BOMS:
            if raw.startswith(bom):
                raise InputError(f'{where}: is {name}-encoded; save it as UTF-8 or declare "encoding": "utf-16"')
        encoding = "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            f"{where}: not {encoding.removesuffix('-sig').upper()} text (byte 0x{raw[e.start]:02x} at line {line}); "
            'save it as UTF-8, or declare its encoding for the resource in datapackage.json ("encoding": "cp1252")'
        ) from None
    if "\x00" in text:
        raise InputError(f"{where}: contains NUL bytes; this is not a CSV text file")
    return text


def _one_char(dialect: dict[str, Any], key: str, default: str | None, where: str) -> str | None:
    v = dialect.get(key, default)
    if v is None or (isinstance(v, str) and len(v) == 1):
        return v
    raise InputError(f"{where}: dialect {key} must be one character, not {str(v)[:20]!r}")


def _flag(dialect: dict[str, Any], key: str, default: bool, where: str) -> bool:
    v = dialect.get(key, default)
    if not isinstance(v, bool):
        raise InputError(f"{where}: dialect {key} must be true or false")
    return v


def csv_dialect(resource: dict[str, Any], where: str) -> tuple[dict[str, Any], bool]:
    """csv.reader keyword arguments for the resource's CSV dialect, and whether it has a header row."""
    dialect = resource.get("dialect") or {}
    if not isinstance(dialect, dict):
        raise InputError(f"{where}: the resource's dialect must be an object")
    tsv = str(resource.get("format", "")).lower() == "tsv" or str(resource.get("path", "")).lower().endswith(".tsv")
    delimiter = _one_char(dialect, "delimiter", "\t" if tsv else ",", where)
    quote = _one_char(dialect, "quoteChar", '"', where)
    escape = _one_char(dialect, "escapeChar", None, where)
    kwargs = {
        "delimiter": delimiter,
        "quotechar": quote,
        "escapechar": escape,
        "doublequote": _flag(dialect, "doubleQuote", True, where),
        "skipinitialspace": _flag(dialect, "skipInitialSpace", False, where),
        "strict": False,
    }
    return kwargs, _flag(dialect, "header", True, where)


def field_types(resource: dict[str, Any]) -> dict[str, str]:
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    out: dict[str, str] = {}
    for f in fields if isinstance(fields, list) else []:
        if isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("type"), str):
            out[f["name"]] = f["type"]
    return out


def _typed(value: str, kind: str | None) -> Any:
    """The value as its field type says (a number as a number), or the text when it is not one."""
    v = value.strip()
    try:
        if kind == "integer":
            return int(v)
        if kind == "number":
            n = float(v)
            return n if n == n and n not in (float("inf"), float("-inf")) else value
    except ValueError:
        return value
    if kind == "boolean" and v.lower() in _TRUE | _FALSE:
        return v.lower() in _TRUE
    return value


def read_table(name: str, text: str, where: str, resource: dict[str, Any]) -> Table:
    """The rows of one CSV text; an empty cell is left out of its row (HSDS: no value)."""
    kwargs, header = csv_dialect(resource, where)
    types = field_types(resource)
    reader = csv.reader(io.StringIO(text, newline=""), **kwargs)
    try:
        if header:
            first = next(reader, None)
            columns = [c.strip().lstrip("\ufeff") for c in first] if first else []
        else:
            columns = list(types)
        table = Table(name, where, columns)
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue
            obj: dict[str, Any] = {}
            for col, cell in zip(columns, row, strict=False):
                if col and cell.strip() and col not in obj:
                    obj[col] = _typed(cell, types.get(col))
            table.rows.append(obj)
            table.lines.append(start)
    except csv.Error as e:
        raise InputError(f"{where}: line {reader.line_num}: not readable as CSV ({e})") from None
    return table
