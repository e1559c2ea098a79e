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
    """Taxonomy terms (and, as a fallback, service names and descriptions) -> vsd support types and audiences."""

    def __init__(self, tables: Iterable[tuple[str, dict[str, Any]]]) -> None:
        self.codes: dict[str, list[str]] = {}
        self.term_uris: dict[str, list[str]] = {}
        self.names: dict[str, list[str]] = {}
        self.patterns: list[tuple[re.Pattern[str], list[str]]] = []
        self.audiences: dict[str, str] = {}
        self.description = DescriptionRules()
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
        known = {"about", "sources", "codes", "term_uris", "names", "patterns", "description", "audiences"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}")
        sources = table.get("sources", {})
        if not isinstance(sources, dict):
            raise InputError(f"{where}: sources: expected an object")
        self._add_lookups(where, table, set(sources))
        self.patterns = _patterns(where, table.get("patterns", [])) + self.patterns  # a later table's come first
        self.description.add(where, table.get("description", {}))
        self._add_audiences(where, table.get("audiences", {}))

    def _add_lookups(self, where: str, table: dict[str, Any], sources: set[str]) -> None:
        for section, target, norm in (
            ("codes", self.codes, str.strip),
            ("term_uris", self.term_uris, uri_key),
            ("names", self.names, fold),
        ):
            entries = table.get(section, {})
            if not isinstance(entries, dict):
                raise InputError(f"{where}: {section}: expected an object")
            for k, v in entries.items():
                target[norm(k)] = _entry(where, f"{section}.{k}", v, sources)

    def _add_audiences(self, where: str, auds: Any) -> None:
        if not isinstance(auds, dict):
            raise InputError(f"{where}: audiences: expected an object")
        for k, v in auds.items():
            if v not in AUDIENCES:
                raise InputError(f'{where}: audiences.{k}: "{v}" is not one of {", ".join(AUDIENCES)}')
            self.audiences[fold(k)] = v

    def term(self, term: dict[str, Any]) -> tuple[list[str], list[str]]:
        """Support types and audiences for one HSDS taxonomy term."""
        own = vsd_taxonomy(term)
        code = _text(term, "code")
        if own == "support_type":
            return ([code] if code in support_types.CODES else []), []
        if own == "audience":
            return [], ([code] if code in AUDIENCES else [])
        if own == "field":
            return [], []
        found = self._listed(term)
        name = _text(term, "name")
        if found is None and name:
            found = self.from_text(name)
        audience = self.audiences.get(fold(name)) if name else None
        return list(found or []), [audience] if audience else []

    def knows(self, term: dict[str, Any]) -> bool:
        """Whether the table lists the term (perhaps as naming no kind of help vsd has, like EMERGENCY SERVICES)."""
        name = _text(term, "name")
        return self._listed(term) is not None or (bool(name) and fold(name) in self.audiences)

    def _listed(self, term: dict[str, Any]) -> list[str] | None:
        """The table's entry for a term by code (or its nearest listed AIRS parent), URI or name; None if none."""
        code, taxonomy = _text(term, "code").strip(), _text(term, "taxonomy").strip()
        for key in (f"{taxonomy}:{code}" if taxonomy and code else "", *airs_lineage(code)):
            if key and key in self.codes:
                return self.codes[key]
        uri = _text(term, "term_uri")
        if uri and uri_key(uri) in self.term_uris:
            return self.term_uris[uri_key(uri)]
        name = _text(term, "name")
        return self.names.get(fold(name)) if name else None

    def from_text(self, text: str) -> list[str]:
        out: list[str] = []
        for rx, codes in self.patterns:
            if rx.search(text):
                out += [c for c in codes if c not in out]
        return out


class DescriptionRules:
    """How a description is read when no term maps: kinds never inferred, single words trusted, phrases skipped."""

    def __init__(self) -> None:
        self.never: set[str] = set()
        self.single_words: set[str] = set()
        self.skip: set[str] = set()

    def add(self, where: str, rules: Any) -> None:
        if not isinstance(rules, dict):
            raise InputError(f"{where}: description: expected an object")
        for key, target in (("never", self.never), ("single_words", self.single_words), ("skip", self.skip)):
            words = rules.get(key, [])
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise InputError(f"{where}: description.{key}: expected a list of strings")
            if key == "never":
                _support_types(where, "description.never", words)
            target.update(words if key == "never" else (fold(w) for w in words))


_AIRS_CODE = re.compile(r"^[A-Z]{1,2}(-\d{4}(\.\d{4}(-\d{3}(\.\d{2})?)?)?)?$")


def airs_lineage(code: str) -> list[str]:
    """An AIRS/211 code and its parents, nearest first ("RP-1500.1400-200.10", "RP-1500.1400-200", "RP-1500.1400",
    "RP-1500"); any other code alone. The table lists only what a code clearly means, so a listed parent stands
    for its children ("Domestic Violence Hotlines" for each of its kinds)."""
    if not _AIRS_CODE.match(code):
        return [code] if code else []
    out = [code]
    while "-" in code:
        code = code[: max(code.rfind("."), code.rfind("-"))]
        if "-" in code:
            out.append(code)
    return out


def uri_key(uri: str) -> str:
    """A term URI as compared: without http(s)://, case of the host ignored, no final slash."""
    u = re.sub(r"^https?://", "", uri.strip(), flags=re.IGNORECASE).rstrip("/")
    host, _, rest = u.partition("/")
    return f"{host.lower()}/{rest}"


def _text(term: dict[str, Any], key: str) -> str:
    v = term.get(key)
    return v if isinstance(v, str) else ""


def _entry(where: str, key: str, value: Any, sources: set[str]) -> list[str]:
    """An entry's support types: a list, or an object with support_types and where it came from."""
    if isinstance(value, dict):
        src = value.get("source")
        if src is not None and src not in sources and src != "vsd":
            raise InputError(f'{where}: {key}: source "{src}" is not one of "sources"')
        value = value.get("support_types")
    return _support_types(where, key, value)


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
