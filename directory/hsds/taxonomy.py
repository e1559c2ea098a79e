"""Taxonomy terms -> vsd support types and audiences (the mapping table), and vsd's own taxonomies."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from .. import support_types
from ..errors import InputError
from ..loading import read_json_file
from ..normalize import fold_native

SHIPPED_MAPPING = "hsds_taxonomy.json"
VSD_TAXONOMY_BASE = "https://vsd.invalid/taxonomy/"

VSD_TAXONOMIES = {
    "support_type": ("vsd support types", "Kinds of help, the controlled vocabulary of vsd.services/1."),
    "audience": ("vsd audiences", "Who a service is for, per vsd.services/1."),
    "field": ("vsd fields", "Fields of a vsd.services/1 record that HSDS 3.0 has no place for."),
}

AUDIENCES = ("children", "young_people", "adults", "parents", "professionals", "everyone")


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching names: normalize.fold_native, spaces collapsed."""
    return " ".join(fold_native(text).split())


def _shipped_mapping_path() -> Path:
    return Path(str(resources.files("directory.hsds"))) / SHIPPED_MAPPING


class TaxonomyMapping:
    """Taxonomy terms (and, as a fallback, service names) -> vsd support types and audiences."""

    def __init__(self, tables: Iterable[tuple[str, dict[str, Any]]]) -> None:
        self.codes: dict[str, list[str]] = {}
        self.term_uris: dict[str, list[str]] = {}
        self.names: dict[str, list[str]] = {}
        self.patterns: list[tuple[re.Pattern[str], list[str]]] = []
        self.audiences: dict[str, str] = {}
        for where, table in tables:
            self._add(where, table)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> TaxonomyMapping:
        """The shipped table, extended by each extra file in order (later entries win)."""
        tables = [(str(_shipped_mapping_path()), read_json_file(_shipped_mapping_path()))]
        for p in extra:
            tables.append((str(p), read_json_file(p)))
        return cls(tables)

    def _add(self, where: str, table: Any) -> None:
        if not isinstance(table, dict):
            raise InputError(f"{where}: a taxonomy mapping must be a JSON object")
        known = {"about", "codes", "term_uris", "names", "patterns", "audiences"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}")
        self._add_lookups(where, table)
        self.patterns = _patterns(where, table.get("patterns", [])) + self.patterns  # a later table's come first
        self._add_audiences(where, table.get("audiences", {}))

    def _add_lookups(self, where: str, table: dict[str, Any]) -> None:
        for section, target, norm in (
            ("codes", self.codes, str.strip),
            ("term_uris", self.term_uris, str.strip),
            ("names", self.names, fold),
        ):
            entries = table.get(section, {})
            if not isinstance(entries, dict):
                raise InputError(f"{where}: {section}: expected an object")
            for k, v in entries.items():
                target[norm(k)] = _support_types(where, f"{section}.{k}", v)

    def _add_audiences(self, where: str, auds: Any) -> None:
        if not isinstance(auds, dict):
            raise InputError(f"{where}: audiences: expected an object")
        for k, v in auds.items():
            if v not in AUDIENCES:
                raise InputError(f'{where}: audiences.{k}: "{v}" is not one of {", ".join(AUDIENCES)}')
            self.audiences[fold(k)] = v

    def term(self, term: dict[str, Any]) -> tuple[list[str], list[str]]:
        """Support types and audiences for one HSDS taxonomy term."""
        code = term.get("code") if isinstance(term.get("code"), str) else ""
        name = term.get("name") if isinstance(term.get("name"), str) else ""
        taxonomy = term.get("taxonomy") if isinstance(term.get("taxonomy"), str) else ""
        uri = term.get("term_uri") if isinstance(term.get("term_uri"), str) else ""
        own = vsd_taxonomy(term)
        if own == "support_type":
            return ([code] if code in support_types.CODES else []), []
        if own == "audience":
            return [], ([code] if code in AUDIENCES else [])
        if own == "field":
            return [], []
        found: list[str] = []
        for key in (f"{taxonomy}:{code}" if taxonomy and code else None, code or None):
            if key and key.strip() in self.codes:
                found = self.codes[key.strip()]
                break
        if not found and uri and uri.strip() in self.term_uris:
            found = self.term_uris[uri.strip()]
        if not found and name:
            found = self.names.get(fold(name)) or self.from_text(name)
        audience = self.audiences.get(fold(name)) if name else None
        return list(found), [audience] if audience else []

    def from_text(self, text: str) -> list[str]:
        out: list[str] = []
        for rx, codes in self.patterns:
            if rx.search(text):
                out += [c for c in codes if c not in out]
        return out


def _support_types(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: {key}: expected a list of support type codes")
    bad = [v for v in value if v not in support_types.CODES]
    if bad:
        raise InputError(
            f"{where}: {key}: unknown support type(s) {', '.join(bad)}; known: {', '.join(support_types.LABELS)}"
        )
    return list(value)


def _patterns(where: str, patterns: Any) -> list[tuple[re.Pattern[str], list[str]]]:
    if not isinstance(patterns, list):
        raise InputError(f"{where}: patterns: expected a list")
    block: list[tuple[re.Pattern[str], list[str]]] = []
    for i, entry in enumerate(patterns):
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise InputError(f'{where}: patterns[{i}]: expected {{"pattern": ..., "support_types": [...]}}')
        try:
            rx = re.compile(entry["pattern"], re.IGNORECASE)
        except re.error as e:
            raise InputError(f"{where}: patterns[{i}]: bad regular expression: {e}") from None
        block.append((rx, _support_types(where, f"patterns[{i}].support_types", entry.get("support_types"))))
    return block


def vsd_taxonomy(term: dict[str, Any]) -> str | None:
    """Which of vsd's own taxonomies a term belongs to, if any."""
    uri = term.get("term_uri")
    if isinstance(uri, str) and uri.startswith(VSD_TAXONOMY_BASE):
        kind = uri[len(VSD_TAXONOMY_BASE) :].split("/")[0]
        if kind in VSD_TAXONOMIES:
            return kind
    tax = term.get("taxonomy")
    for kind, (name, _) in VSD_TAXONOMIES.items():
        if tax == name:
            return kind
    return None
