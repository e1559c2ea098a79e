"""Open Referral HSDS 3.0 <-> vsd records: a pure mapping, no files, no network.

Import (`map_services`): HSDS service objects (as parsed by `extract_services`
from a file or an API page) become `vsd.services/1` records, each with an
outcome -- imported, skipped (inactive/defunct) or rejected (with every
problem, naming the record and the field) -- and warnings for what could not
be carried over. Export (`to_hsds`): a vsd record becomes an HSDS 3.0 service
object (organization, phones, languages, schedules, service areas) that is
valid against the HSDS JSON Schema.

What HSDS cannot say natively (English name, every alias, audiences, the
anonymous/confidential/not-on-phone-bill flags, area, notes, an IANA time zone,
each channel's kind and position) is exported as HSDS attributes of vsd's own
taxonomies, the extension mechanism HSDS provides; an import that finds them
takes them as exact, so export -> import keeps every field vsd models.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pycountry
from anyascii import anyascii

from . import support_types
from .errors import InputError
from .loading import parse_json_bytes
from .validate import _EMAIL, is_http_url, is_language, is_phone_valid, is_timezone, validate

HSDS_VERSION = "3.0"
SHIPPED_MAPPING = "hsds_taxonomy.json"
USER_MAPPING = "hsds_taxonomy.json"  # same name, in the data dir

# Stable UUIDs for exported objects: uuid5(VSD_NS, "<kind>:<vsd id>...").
VSD_NS = uuid.UUID("6f0b6a52-6d1f-5b7e-9a57-1c2f7d5e3a10")
VSD_TAXONOMY_BASE = "https://vsd.invalid/taxonomy/"
VSD_TAXONOMIES = {
    "support_type": ("vsd support types", "Kinds of help, the controlled vocabulary of vsd.services/1."),
    "audience": ("vsd audiences", "Who a service is for, per vsd.services/1."),
    "field": ("vsd fields", "Fields of a vsd.services/1 record that HSDS 3.0 has no place for."),
}
AUDIENCES = ("children", "young_people", "adults", "parents", "professionals", "everyone")
AREAS = ("national", "regional", "international")
SKIP_STATUSES = {"inactive", "defunct"}
STATUSES = {"active", "inactive", "defunct", "temporarily closed"}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NESTED = ("phones", "schedules", "service_areas", "service_at_locations", "languages", "attributes")
LABEL_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
ISO_COUNTRY_URI = "https://www.iso.org/obp/ui/#iso:code:3166:"
_ISO_URI_RE = re.compile(r"iso:code:3166:([A-Za-z]{2})\b")
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_FUTURE_SLACK = timedelta(days=1)


# ---------------------------------------------------------------------------
# small helpers


def _json_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


_TAG = re.compile(r"<[^>]{0,500}>")
_WS = re.compile(r"[ \t\r\f\v]+")


def clean_text(value: str, limit: int | None = None, *, keep_newlines: bool = False) -> str:
    """Plain text from free text that may hold HTML: tags dropped, entities decoded, space collapsed."""
    text = html.unescape(_TAG.sub(" ", value))
    text = strip_controls(text)
    if keep_newlines:
        lines = [_WS.sub(" ", ln).strip() for ln in text.split("\n")]
        text = "\n".join(ln for ln in lines if ln)
    else:
        text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def strip_controls(value: str) -> str:
    """Untrusted text without control or format characters (escape sequences, bidi overrides); keeps \n and \t."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))


def _text(value: str, limit: int, *, exact: bool, keep_newlines: bool = False) -> str:
    """Text from vsd's own export is taken as it is (it is plain text already); other text is cleaned."""
    return value[:limit] if exact else clean_text(value, limit, keep_newlines=keep_newlines)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching names."""
    nfkd = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in nfkd if not unicodedata.combining(c)).casefold().split())


def slug(text: str, limit: int) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    return s[:limit].rstrip("-")


def derive_label(source: str) -> str:
    """A default layer label from an import source: the host of a URL, the stem of a file."""
    if re.match(r"^https?://", source, re.I):
        host = urlsplit(source).hostname or "hsds"
        base = host
    else:
        base = Path(source).stem or "hsds"
    return slug(base, 40) or "hsds"


def check_label(label: str) -> str:
    if not LABEL_RE.match(label):
        raise InputError(
            f'import name "{label}" is not valid: use 1-40 lowercase letters, digits and dashes, '
            "starting with a letter or digit"
        )
    return label


def record_id(label: str, name: str, hsds_id: str) -> str:
    digest = hashlib.sha256(hsds_id.encode("utf-8")).hexdigest()[:8]
    middle = slug(name, 60)
    return f"{label}-{middle}-{digest}" if middle else f"{label}-{digest}"


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(VSD_NS, ":".join(parts)))


# ---------------------------------------------------------------------------
# vocabularies: languages, countries, time zones


@cache
def normalize_language(code: str | None = None, name: str | None = None) -> str | None:
    """ISO 639-1 where it exists, else 639-3, from a 639-1/2/3 code (or a tag like en-GB) or a name."""
    if code:
        c = code.strip().lower().replace("_", "-").split("-")[0]
        lang = None
        if len(c) == 2:
            lang = pycountry.languages.get(alpha_2=c)
        elif len(c) == 3:
            lang = pycountry.languages.get(alpha_3=c) or pycountry.languages.get(bibliographic=c)
        if lang is not None:
            return getattr(lang, "alpha_2", None) or lang.alpha_3
    if name:
        try:
            lang = pycountry.languages.lookup(name.strip())
        except LookupError:
            return None
        return getattr(lang, "alpha_2", None) or lang.alpha_3
    return None


def language_name(code: str) -> str:
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return lang.name if lang is not None else code


@cache
def resolve_country(text: str) -> str | None:
    """ISO 3166-1 alpha-2 for a code (alpha-2/3) or an English name; None when it names no country."""
    t = text.strip()
    if not t or len(t) > 80:
        return None
    try:
        c = pycountry.countries.lookup(t)
    except LookupError:
        return None
    return c.alpha_2


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or (c.name if c else code)


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    try:
        text = (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - tzdata is a dependency
        return {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3 and is_timezone(parts[2]):
            out.setdefault(parts[0], []).append(parts[2])
    return {k: tuple(v) for k, v in out.items()}


def country_zones(countries: Iterable[str]) -> list[str]:
    zones: list[str] = []
    for c in countries:
        zones += [z for z in _zones_by_country().get(c, ()) if z not in zones]
    return zones


def _offsets(zone: str, year: int) -> set[float]:
    tz = ZoneInfo(zone)
    out = set()
    for month in (1, 7):
        off = datetime(year, month, 15, 12, tzinfo=tz).utcoffset()
        if off is not None:
            out.add(off.total_seconds() / 3600)
    return out


def zone_for_offset(offset: float, countries: Iterable[str], year: int) -> str | None:
    """An IANA zone for a UTC offset: one of the countries' zones that uses it, else Etc/GMT±N."""
    for zone in country_zones(countries):
        if offset in _offsets(zone, year):
            return zone
    if offset == 0:
        return "Etc/UTC"
    if float(offset).is_integer() and -12 <= offset <= 14:
        # POSIX sign convention: Etc/GMT-3 is three hours ahead of UTC.
        return f"Etc/GMT{-int(offset):+d}"
    return None


def local_zone(countries: Iterable[str], year: int) -> str | None:
    """The countries' zone when all their zones keep the same time (Germany: Europe/Berlin); else None."""
    zones = country_zones(countries)
    if not zones:
        return None
    clocks = {tuple(sorted(_offsets(z, year))) for z in zones}
    return zones[0] if len(clocks) == 1 else None


def current_offset_hours(zone: str, now: datetime) -> float | int:
    off = now.astimezone(ZoneInfo(zone)).utcoffset()
    hours = (off.total_seconds() if off else 0) / 3600
    return int(hours) if float(hours).is_integer() else hours


# ---------------------------------------------------------------------------
# the taxonomy mapping table


def _shipped_mapping_path() -> Path:
    return Path(str(resources.files("directory"))) / SHIPPED_MAPPING


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
    def load(cls, extra: Iterable[str | Path] = ()) -> "TaxonomyMapping":
        """The shipped table, extended by each extra file in order (later entries win)."""
        from .loading import read_json_file

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

        def types(key: str, value: Any) -> list[str]:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"{where}: {key}: expected a list of support type codes")
            bad = [v for v in value if v not in support_types.CODES]
            if bad:
                raise InputError(
                    f"{where}: {key}: unknown support type(s) {', '.join(bad)}; "
                    f"known: {', '.join(support_types.LABELS)}"
                )
            return list(value)

        for section, target, norm in (
            ("codes", self.codes, str.strip),
            ("term_uris", self.term_uris, str.strip),
            ("names", self.names, fold),
        ):
            entries = table.get(section, {})
            if not isinstance(entries, dict):
                raise InputError(f"{where}: {section}: expected an object")
            for k, v in entries.items():
                target[norm(k)] = types(f"{section}.{k}", v)
        patterns = table.get("patterns", [])
        if not isinstance(patterns, list):
            raise InputError(f"{where}: patterns: expected a list")
        block: list[tuple[re.Pattern[str], list[str]]] = []
        for i, entry in enumerate(patterns):
            if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
                raise InputError(f"{where}: patterns[{i}]: expected {{\"pattern\": ..., \"support_types\": [...]}}")
            try:
                rx = re.compile(entry["pattern"], re.IGNORECASE)
            except re.error as e:
                raise InputError(f"{where}: patterns[{i}]: bad regular expression: {e}") from None
            block.append((rx, types(f"patterns[{i}].support_types", entry.get("support_types"))))
        self.patterns = block + self.patterns  # a later table's patterns come first
        auds = table.get("audiences", {})
        if not isinstance(auds, dict):
            raise InputError(f"{where}: audiences: expected an object")
        for k, v in auds.items():
            if v not in AUDIENCES:
                raise InputError(f"{where}: audiences.{k}: \"{v}\" is not one of {', '.join(AUDIENCES)}")
            self.audiences[fold(k)] = v

    def term(self, term: dict[str, Any]) -> tuple[list[str], list[str]]:
        """Support types and audiences for one HSDS taxonomy term."""
        code = term.get("code") if isinstance(term.get("code"), str) else ""
        name = term.get("name") if isinstance(term.get("name"), str) else ""
        taxonomy = term.get("taxonomy") if isinstance(term.get("taxonomy"), str) else ""
        uri = term.get("term_uri") if isinstance(term.get("term_uri"), str) else ""
        own = _vsd_taxonomy(term)
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
        if not found and uri.strip() in self.term_uris:
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


def _vsd_taxonomy(term: dict[str, Any]) -> str | None:
    """Which of vsd's own taxonomies a term belongs to, if any."""
    uri = term.get("term_uri")
    if isinstance(uri, str) and uri.startswith(VSD_TAXONOMY_BASE):
        kind = uri[len(VSD_TAXONOMY_BASE):].split("/")[0]
        if kind in VSD_TAXONOMIES:
            return kind
    tax = term.get("taxonomy")
    for kind, (name, _) in VSD_TAXONOMIES.items():
        if tax == name:
            return kind
    return None


# ---------------------------------------------------------------------------
# reading HSDS documents


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


@dataclass
class Item:
    """One HSDS service found in a document, with where it was and the context around it."""

    where: str
    obj: Any
    organization: str | None = None


def extract_services(doc: Any, where: str) -> list[Item]:
    """The HSDS services in a parsed document: one service, a list, a page, an organization, a service-at-location."""
    if isinstance(doc, list):
        items = [Item(f"[{i}]", s) for i, s in enumerate(doc)]
    elif isinstance(doc, dict):
        if doc.get("schema") == "vsd.services/1":
            raise InputError(f"{where}: this is a vsd services file (vsd.services/1), not HSDS")
        if isinstance(doc.get("contents"), list):
            items = [Item(f"contents[{i}]", s) for i, s in enumerate(doc["contents"])]
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
                f"{{\"contents\": [...]}} or NDJSON; found an object with keys {keys}"
            )
    else:
        raise InputError(f"{where}: not HSDS services: the document is a JSON {_json_type(doc)}")
    services = [it.obj for it in items if isinstance(it.obj, dict)]
    if services and not any("status" in s for s in services):
        if all(("taxonomy" in s or "code" in s or "term_uri" in s) and "name" in s for s in services):
            raise InputError(f"{where}: this is a list of HSDS taxonomy terms, not services")
    return items


def is_listing_only(obj: dict[str, Any]) -> bool:
    """True for a service from a /services listing that lacks its nested details."""
    return not any(k in obj for k in _NESTED)


# ---------------------------------------------------------------------------
# HSDS -> vsd


@dataclass
class ImportContext:
    label: str
    source: str  # the API base URL or the file path
    kind: str = "file"  # "api" | "file"
    today: date = field(default_factory=lambda: datetime.now(timezone.utc).date())
    mapping: TaxonomyMapping = field(default_factory=TaxonomyMapping.load)
    default_types: list[str] = field(default_factory=list)
    default_countries: list[str] = field(default_factory=list)
    default_timezone: str | None = None
    default_area: str | None = None

    def locator(self, hsds_id: str) -> str:
        """Where one service was read: its API URL, or the file."""
        if self.kind == "api":
            return f"{self.source.rstrip('/')}/services/{hsds_id}"
        return self.source

    def origin(self, hsds_id: str) -> str:
        if self.kind == "api":
            text = f"HSDS import '{self.label}': {self.locator(hsds_id)}"
        else:
            text = f"HSDS import '{self.label}': {self.source} (service id {hsds_id})"
        return text[:2000]


@dataclass
class Outcome:
    where: str
    status: str  # "imported" | "skipped" | "rejected"
    hsds_id: str | None = None
    record: dict[str, Any] | None = None
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class MappedImport:
    outcomes: list[Outcome]

    def _with(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def imported(self) -> list[Outcome]:
        return self._with("imported")

    @property
    def skipped(self) -> list[Outcome]:
        return self._with("skipped")

    @property
    def rejected(self) -> list[Outcome]:
        return self._with("rejected")

    @property
    def records(self) -> list[dict[str, Any]]:
        return [o.record for o in self.imported if o.record is not None]

    @property
    def hsds_ids(self) -> dict[str, str]:
        """vsd id -> HSDS id of every imported record."""
        return {o.record["id"]: o.hsds_id for o in self.imported if o.record and o.hsds_id}

    @property
    def warnings(self) -> list[str]:
        return [f"{o.where}: {w}" for o in self.outcomes for w in o.warnings]


class _Reader:
    """Typed access to an HSDS object that records every wrong type as a problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def problem(self, path: str, msg: str) -> None:
        self.problems.append(strip_controls(f"{path}: {msg}"))

    def warn(self, path: str, msg: str) -> None:
        self.warnings.append(strip_controls(f"{path}: {msg}" if path else msg))

    def str(self, obj: dict[str, Any], key: str, path: str = "", *, required: bool = False) -> str | None:
        v = obj.get(key)
        if v is None:
            if required:
                self.problem(path + key, "missing (required)")
            return None
        if not isinstance(v, str):
            self.problem(path + key, f"expected a string, got {_json_type(v)} {_short(v)}")
            return None
        v = strip_controls(v).strip()
        if not v and required:
            self.problem(path + key, "empty (required)")
        return v or None

    def num(self, obj: dict[str, Any], key: str, path: str = "") -> float | None:
        v = obj.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.problem(path + key, f"expected a number, got {_json_type(v)} {_short(v)}")
            return None
        return v

    def list(self, obj: dict[str, Any], key: str, path: str = "") -> list[tuple[str, dict[str, Any]]]:
        v = obj.get(key)
        if v is None:
            return []
        if not isinstance(v, list):
            self.problem(path + key, f"expected an array, got {_json_type(v)} {_short(v)}")
            return []
        out = []
        for i, item in enumerate(v):
            if isinstance(item, dict):
                out.append((f"{path}{key}[{i}].", item))
            else:
                self.problem(f"{path}{key}[{i}]", f"expected an object, got {_json_type(item)} {_short(item)}")
        return out

    def obj(self, obj: dict[str, Any], key: str, path: str = "") -> dict[str, Any] | None:
        v = obj.get(key)
        if v is None:
            return None
        if not isinstance(v, dict):
            self.problem(path + key, f"expected an object, got {_json_type(v)} {_short(v)}")
            return None
        return v


def _short(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(item: Item) -> str:
    obj = item.obj if isinstance(item.obj, dict) else {}
    name = obj.get("name") if isinstance(obj.get("name"), str) else None
    sid = obj.get("id") if isinstance(obj.get("id"), (str, int)) else None
    sid = strip_controls(str(sid))[:80] if sid is not None else None
    out = item.where
    if name:
        out += f' "{clean_text(name, 60)}"'
    if sid is not None:
        out += f" (id {sid})"
    return out


def map_services(
    items: Iterable[Item], ctx: ImportContext, *, existing_ids: dict[str, str] | None = None
) -> MappedImport:
    """Map every HSDS service; ids stay stable for HSDS ids seen before (`existing_ids`: HSDS id -> vsd id)."""
    existing_ids = existing_ids or {}
    outcomes: list[Outcome] = []
    seen_hsds: dict[str, str] = {}
    used_ids: set[str] = set()
    for item in items:
        out = map_service(item, ctx, vsd_id=None)
        if out.hsds_id is not None and out.status != "rejected":
            if out.hsds_id in seen_hsds:
                out = Outcome(out.where, "rejected", out.hsds_id,
                              problems=[f"id: duplicate HSDS id (also {seen_hsds[out.hsds_id]})"])
            else:
                seen_hsds[out.hsds_id] = out.where
        if out.status == "imported" and out.record is not None:
            stable = existing_ids.get(out.hsds_id or "")
            rid = stable or out.record["id"]
            n = 2
            while rid in used_ids:
                rid = f"{out.record['id'][:112]}-{n}"
                n += 1
            out.record["id"] = rid
            used_ids.add(rid)
        outcomes.append(out)
    return MappedImport(outcomes)


def map_service(item: Item, ctx: ImportContext, *, vsd_id: str | None = None) -> Outcome:
    """One HSDS service -> an outcome holding the vsd record (or why it was skipped or rejected)."""
    where = _describe(item)
    obj = item.obj
    if not isinstance(obj, dict):
        return Outcome(where, "rejected", problems=[f"expected a service object, got {_json_type(obj)}"])
    r = _Reader()
    hsds_id = r.str(obj, "id", required=True)
    name = r.str(obj, "name", required=True)
    status = r.str(obj, "status", required=True)
    if status is not None and status.lower() not in STATUSES:
        r.problem("status", f'"{status}" is not one of {", ".join(sorted(STATUSES))}')
    if r.problems:
        return Outcome(where, "rejected", hsds_id, problems=r.problems)
    assert hsds_id and name and status
    if status.lower() in SKIP_STATUSES:
        return Outcome(where, "skipped", hsds_id, reason=f"status {status.lower()}")

    vsd = _vsd_fields(r, obj)
    vsd_mode = bool(vsd)
    rec: dict[str, Any] = {"id": vsd_id or record_id(ctx.label, name, hsds_id)}
    rec["name"] = _text(name, 300, exact=vsd_mode)
    if "name_en" in vsd:
        rec["name_en"] = _text(vsd["name_en"][0], 300, exact=True)

    alt = r.str(obj, "alternate_name")
    aliases = vsd.get("alias", []) if vsd_mode else ([alt] if alt else [])
    aliases = [a for a in dict.fromkeys(_text(a, 200, exact=vsd_mode) for a in aliases) if a and a != rec["name"]]
    if aliases:
        rec["aliases"] = aliases

    org_name = item.organization
    org = r.obj(obj, "organization")
    if org is not None:
        org_name = r.str(org, "name", "organization.") or org_name
    if org_name:
        rec["organization"] = _text(org_name, 300, exact=vsd_mode)

    # classification
    types, audiences, unmapped = _classify(r, obj, ctx)
    if not types and not vsd_mode:
        types = ctx.mapping.from_text(" ".join(filter(None, [name, alt])))
        if types:
            r.warn("support_types", f"taken from the service's name ({', '.join(types)}): no taxonomy term mapped")
    if not types and ctx.default_types:
        types = list(ctx.default_types)
    if not types:
        hint = f"its taxonomy terms ({', '.join(unmapped[:5])}) are not in the mapping table" if unmapped \
            else "it has no taxonomy terms"
        r.problem("support_types", f"no support type: {hint} and its name suggests none; "
                                   "add the terms to hsds_taxonomy.json or pass --type CODE")
    rec["support_types"] = types
    if "audience" in vsd:
        audiences = [a for a in vsd["audience"] if a in AUDIENCES]
    if audiences:
        rec["audiences"] = list(dict.fromkeys(audiences))
    _ages(r, obj, rec)

    # where
    area_notes: list[str] = []
    countries, area, region = _where_served(r, obj, ctx, vsd, area_notes)
    if not countries:
        r.problem("countries", "no country: no service area or address names one; pass --country CC")
    rec["countries"] = countries
    rec["area"] = area
    if region:
        rec["region"] = region

    # languages
    langs, notes = _languages(r, obj, "", warn=True, exact=vsd_mode)
    if not langs:
        for p, sal in r.list(obj, "service_at_locations"):
            loc = r.obj(sal, "location", p)
            if loc is not None and loc.get("location_type") != "virtual":
                more, _ = _languages(r, loc, p + "location.", warn=False)
                langs += [lang for lang in more if lang not in langs]
    if langs:
        rec["languages"] = langs
    interp = r.str(obj, "interpretation_services")
    lang_note = "; ".join(filter(None, [interp] if vsd_mode else [interp, *notes]))
    if lang_note:
        rec["languages_note"] = _text(lang_note, 500, exact=vsd_mode)

    # channels and hours
    rec["channels"] = _channels(r, obj, ctx, countries, vsd_mode)
    hours, hours_notes = _hours(r, _service_schedules(r, obj), "", ctx, countries, vsd_mode)
    if hours:
        rec["hours"] = hours

    free = _free(r, obj)
    if free is not None:
        rec["free"] = free
    for flag in ("anonymous", "confidential", "not_on_phone_bill"):
        if flag in vsd:
            rec[flag] = vsd[flag][0].strip().lower() == "true"
    desc = r.str(obj, "description")
    if desc:
        rec["description"] = _text(desc, 2000, exact=vsd_mode)

    if vsd_mode:
        note = vsd["notes"][0] if "notes" in vsd else None
    else:
        parts = []
        if status.lower() == "temporarily closed":
            parts.append("Temporarily closed (status at the source).")
        for key, label in (("alert", "Alert"), ("eligibility_description", "Eligibility"),
                           ("application_process", "How to access"), ("fees_description", "Fees")):
            text = r.str(obj, key)
            if text:
                parts.append(f"{label}: {clean_text(text)}")
        parts += area_notes + hours_notes
        note = "\n".join(parts) if parts else None
    if note:
        rec["notes"] = _text(note, 2000, exact=vsd_mode, keep_newlines=True)

    rec["source"] = _text(vsd["source"][0], 2000, exact=True) if "source" in vsd else ctx.locator(hsds_id)
    rec.update(_verification(r, obj, ctx))
    rec["origin"] = ctx.origin(hsds_id)

    if not r.problems:
        report = validate(
            {"schema": "vsd.services/1", "version": 1, "generated_at": "2000-01-01T00:00:00Z", "services": [rec]},
            today=ctx.today,
        )
        prefix = re.compile(r"^services\[0\](?: \S+)?: ")
        r.problems += [prefix.sub("", str(p)) for p in report.problems]
    warnings = list(dict.fromkeys(r.warnings))
    if r.problems:
        return Outcome(where, "rejected", hsds_id, problems=list(dict.fromkeys(r.problems)), warnings=warnings)
    return Outcome(where, "imported", hsds_id, record=rec, warnings=warnings)


def _vsd_fields(r: _Reader, obj: dict[str, Any]) -> dict[str, list[str]]:
    """Values of vsd 'field' attributes on an object: {field: [values...]}, in order."""
    out: dict[str, list[str]] = {}
    v = obj.get("attributes")
    if not isinstance(v, list):
        return out
    for a in v:
        term = a.get("taxonomy_term") if isinstance(a, dict) else None
        if isinstance(term, dict) and _vsd_taxonomy(term) == "field" and isinstance(term.get("code"), str):
            value = a.get("value")
            if isinstance(value, str):
                out.setdefault(term["code"], []).append(strip_controls(value))
    return out


def _classify(r: _Reader, obj: dict[str, Any], ctx: ImportContext) -> tuple[list[str], list[str], list[str]]:
    types: list[str] = []
    audiences: list[str] = []
    unmapped: list[str] = []
    for p, attr in r.list(obj, "attributes"):
        term = r.obj(attr, "taxonomy_term", p)
        if term is None:
            continue
        if _vsd_taxonomy(term) == "field":
            continue
        t, a = ctx.mapping.term(term)
        types += [x for x in t if x not in types]
        audiences += [x for x in a if x not in audiences]
        if not t and not a:
            label = term.get("name") or term.get("code") or term.get("id")
            if isinstance(label, str):
                unmapped.append(f'"{clean_text(label, 60)}"')
    if unmapped:
        r.warn("attributes", f"taxonomy terms not in the mapping table: {', '.join(unmapped[:10])}")
    return types, audiences, unmapped


def _ages(r: _Reader, obj: dict[str, Any], rec: dict[str, Any]) -> None:
    lo, hi = r.num(obj, "minimum_age"), r.num(obj, "maximum_age")
    if lo is not None and not 0 <= lo <= 120:
        r.warn("minimum_age", f"{lo} is not an age; not imported")
        lo = None
    if hi is not None and not 0 <= hi <= 120:
        if hi > 120:
            r.warn("maximum_age", f"{hi} read as no upper age limit")
        else:
            r.warn("maximum_age", f"{hi} is not an age; not imported")
        hi = None
    if lo is not None and hi is not None and lo > hi:
        r.warn("minimum_age", f"{lo} is above maximum_age {hi}; neither imported")
        return
    if lo is not None:
        rec["min_age"] = int(lo)
    if hi is not None:
        rec["max_age"] = int(hi)


def _locations(r: _Reader, obj: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(path, service_at_location, location) for each of the service's locations."""
    for p, sal in r.list(obj, "service_at_locations"):
        loc = r.obj(sal, "location", p)
        yield p, sal, loc if loc is not None else {}


_PLACE_NAME_MAX = 80  # a longer service-area "name" is a sentence, not a place


def _where_served(
    r: _Reader, obj: dict[str, Any], ctx: ImportContext, vsd: dict[str, list[str]], notes: list[str]
) -> tuple[list[str], str, str | None]:
    countries: list[str] = []
    others: list[str] = []

    def add(code: str | None) -> None:
        if code and code not in countries:
            countries.append(code)

    areas = r.list(obj, "service_areas")
    for p, sa in areas:
        uri, name = r.str(sa, "uri", p), r.str(sa, "name", p)
        m = _ISO_URI_RE.search(uri or "")
        code = resolve_country(m.group(1)) if m else (resolve_country(name) if name else None)
        if code:
            add(code)
        elif name and len(clean_text(name)) <= _PLACE_NAME_MAX:
            others.append(clean_text(name))
        elif name:
            notes.append(f"Service area: {clean_text(name)}")
    places: list[str] = []
    for p, _sal, loc in _locations(r, obj):
        for q, addr in r.list(loc, "addresses", p + "location."):
            raw = r.str(addr, "country", q)
            if raw:
                code = resolve_country(raw)
                if code:
                    add(code)
                else:
                    r.warn(q + "country", f'"{raw}" is not a country code or name')
            city = r.str(addr, "city", q)
            state = r.str(addr, "state_province", q)
            place = ", ".join(clean_text(x) for x in (city, state) if x)
            if place and place not in places:
                places.append(place)
    for c in ctx.default_countries:
        add(c)
    if "area" in vsd and vsd["area"][0] in AREAS:
        area = vsd["area"][0]
        region = _text(vsd["region"][0], 200, exact=True) if "region" in vsd else None
        return countries, area, region
    if vsd:
        return countries, ctx.default_area or "regional", None
    if others:
        return countries, "regional", clean_text("; ".join(others), 200)
    if areas and countries and not notes:
        return countries, ("national" if len(countries) == 1 else "international"), None
    if places:
        return countries, "regional", clean_text("; ".join(places), 200)
    return countries, ctx.default_area or "regional", None


def _languages(
    r: _Reader, obj: dict[str, Any], path: str, *, warn: bool, exact: bool = False
) -> tuple[list[str], list[str]]:
    codes: list[str] = []
    notes: list[str] = []
    for p, lang in r.list(obj, "languages", path):
        code, name = r.str(lang, "code", p), r.str(lang, "name", p)
        norm = code if exact and code and is_language(code) else normalize_language(code, name)
        if norm is None or not is_language(norm):
            if warn:
                r.warn(p.rstrip("."), f'language {code or name or "?"} is not an ISO 639 code or name; not imported')
            continue
        if norm not in codes:
            codes.append(norm)
        note = r.str(lang, "note", p)
        if note:
            notes.append(f"{language_name(norm)}: {clean_text(note)}")
    return codes, notes


_PHONE_KINDS = {"voice": "phone", "cell": "phone", "mobile": "phone", "landline": "phone", "textphone": "phone",
                "text": "sms", "sms": "sms"}
_DROP_PHONE_TYPES = {"fax", "pager", "video"}


def _clean_number(raw: str) -> str:
    s = raw.strip().strip("\"'").strip()
    if s.lower().startswith("tel:"):
        s = s[4:]
    return " ".join(s.split())


def _digits(value: str) -> str:
    return ("+" if value.startswith("+") else "") + re.sub(r"\D", "", value)


def _channels(
    r: _Reader, obj: dict[str, Any], ctx: ImportContext, countries: list[str], vsd_mode: bool
) -> list[dict[str, Any]]:
    found: list[tuple[float, dict[str, Any]]] = []  # (position, channel)
    seen: set[tuple[str, str]] = set()
    order = 0

    def add(ch: dict[str, Any], pos: float | None = None) -> None:
        nonlocal order
        is_phone = ch["kind"] in ("phone", "sms")
        key = (ch["kind"], _digits(ch["value"]) if is_phone else ch["value"].lower().rstrip("/"))
        if key in seen:
            return
        seen.add(key)
        order += 1
        found.append((pos if pos is not None else 1000 + order, ch))

    phone_sources = [("", obj)]
    if not vsd_mode:
        for p, sal, loc in _locations(r, obj):
            phone_sources.append((p, sal))
            if loc.get("location_type") != "virtual":
                phone_sources.append((p + "location.", loc))
    for path, holder in phone_sources:
        for p, phone in r.list(holder, "phones", path):
            ch, pos = _phone(r, phone, p, ctx, countries)
            if ch:
                add(ch, pos)
    if not vsd_mode:
        url = r.str(obj, "url")
        if url:
            if is_http_url(url):
                add({"kind": "web", "value": url})
            else:
                r.warn("url", f'"{clean_text(url, 80)}" is not an http(s) URL; not imported')
        email = r.str(obj, "email")
        if email:
            if _EMAIL.match(email):
                add({"kind": "email", "value": email})
            else:
                r.warn("email", f'"{clean_text(email, 80)}" is not an email address; not imported')
    for p, _sal, loc in _locations(r, obj):
        if loc.get("location_type") != "virtual":
            continue
        ch, pos = _virtual(r, loc, p + "location.", ctx, countries)
        if ch:
            add(ch, pos)
    if not found and not vsd_mode:
        org = obj.get("organization")
        if isinstance(org, dict):
            for p, phone in r.list(org, "phones", "organization."):
                ch, pos = _phone(r, phone, p, ctx, countries)
                if ch:
                    add(ch, pos)
    found.sort(key=lambda x: x[0])
    return [ch for _, ch in found]


def _position(vsd: dict[str, list[str]]) -> float | None:
    try:
        return float(vsd["channel_position"][0])
    except (KeyError, ValueError):
        return None


def _phone(
    r: _Reader, phone: dict[str, Any], p: str, ctx: ImportContext, countries: list[str]
) -> tuple[dict[str, Any] | None, float | None]:
    raw = r.str(phone, "number", p, required=False)
    ptype = (r.str(phone, "type", p) or "voice").lower()
    if raw is None:
        r.warn(p + "number", "missing; phone not imported")
        return None, None
    if ptype in _DROP_PHONE_TYPES:
        r.warn(p + "type", f"{ptype} number {_clean_number(raw)} not imported (no such channel in vsd)")
        return None, None
    vsd = _vsd_fields(r, phone)
    kind = vsd.get("channel_kind", [None])[0] or _PHONE_KINDS.get(ptype)
    if kind not in ("phone", "sms"):
        r.warn(p + "type", f'"{ptype}" is not a phone type vsd knows; imported as a voice line')
        kind = "phone"
    value = _clean_number(raw)
    ch: dict[str, Any] = {"kind": kind, "value": value}
    only = vsd.get("channel_country", [None])[0]
    if only:
        ch["country"] = only
    else:
        ok = [c for c in countries if is_phone_valid(value, c)]
        if countries and not ok:
            r.warn(p + "number", f'"{value}" is not a valid phone number for {", ".join(countries)}; not imported')
            return None, None
        if len(ok) < len(countries):
            ch["country"] = ok[0]
    desc = r.str(phone, "description", p)
    label = _text(desc, 200, exact=bool(vsd)) if desc else ""
    if ptype == "textphone" and "channel_kind" not in vsd:
        label = f"Textphone{': ' + label if label else ''}"
    ext = phone.get("extension")
    suffix = ""
    if isinstance(ext, (int, float, str)) and not isinstance(ext, bool) and str(ext).strip():
        e = str(int(ext)) if isinstance(ext, float) and ext.is_integer() else clean_text(str(ext), 20)
        suffix = f" (ext. {e})" if label else f"ext. {e}"
    if label or suffix:
        ch["label"] = _text(label, 200 - len(suffix), exact=bool(vsd)) + suffix
    langs, _ = _languages(r, phone, p, warn=True, exact=bool(vsd))
    if langs:
        ch["languages"] = langs
    if "channel_hours" in vsd:
        hours = _json_hours(r, vsd["channel_hours"][0], p + "attributes")
        if hours:
            ch["hours"] = hours
    return ch, _position(vsd)


def _virtual(
    r: _Reader, loc: dict[str, Any], p: str, ctx: ImportContext, countries: list[str]
) -> tuple[dict[str, Any] | None, float | None]:
    url = r.str(loc, "url", p)
    if not url:
        return None, None
    vsd = _vsd_fields(r, loc)
    if url.lower().startswith("mailto:"):
        value, kind = url[7:], "email"
        if not _EMAIL.match(value):
            r.warn(p + "url", f'"{clean_text(url, 80)}" is not an email address; not imported')
            return None, None
    else:
        value, kind = url, vsd.get("channel_kind", ["web"])[0]
        if kind not in ("web", "chat", "report", "app"):
            kind = "web"
        if not is_http_url(value):
            r.warn(p + "url", f'"{clean_text(url, 80)}" is not an http(s) URL; not imported')
            return None, None
    ch: dict[str, Any] = {"kind": kind, "value": value}
    name = vsd["channel_label"][0] if "channel_label" in vsd else r.str(loc, "name", p)
    if name:
        ch["label"] = _text(name, 200, exact=bool(vsd))
    langs, _ = _languages(r, loc, p, warn=True, exact=bool(vsd))
    if langs:
        ch["languages"] = langs
    hours, _ = _hours(r, r.list(loc, "schedules", p), p, ctx, countries, bool(vsd))
    if hours:
        ch["hours"] = hours
    return ch, _position(vsd)


def _json_hours(r: _Reader, text: str, p: str) -> dict[str, Any] | None:
    try:
        hours = json.loads(text)
    except ValueError:
        hours = None
    if not isinstance(hours, dict):
        r.warn(p, "channel hours attribute is not a JSON object; ignored")
        return None
    return hours


def _service_schedules(r: _Reader, obj: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    own = r.list(obj, "schedules")
    if own:
        return own
    per_location = []
    for p, sal, loc in _locations(r, obj):
        if loc.get("location_type") == "virtual":
            continue
        scheds = r.list(sal, "schedules", p) or r.list(loc, "schedules", p + "location.")
        if scheds:
            per_location.append(scheds)
    if len(per_location) > 1:
        r.warn("schedules", "the service has different hours at different locations; hours not imported")
        return []
    return per_location[0] if per_location else []


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?$", re.IGNORECASE)


def _parse_time(value: str) -> tuple[str, float | None] | None:
    m = _TIME.match(value.strip())
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if not (0 <= h <= 24 and 0 <= mi <= 59) or (h == 24 and mi):
        return None
    off = None
    z = m.group(4)
    if z:
        if z.upper() == "Z":
            off = 0.0
        else:
            sign = -1 if z[0] == "-" else 1
            digits = z[1:].replace(":", "")
            hh = int(digits[:-2] or 0) if len(digits) > 2 else int(digits)
            mm = int(digits[-2:]) if len(digits) > 2 else 0
            off = sign * (hh + mm / 60)
    return f"{h:02d}:{mi:02d}", off


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    m = _DATE_PREFIX.match(value.strip())
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        return None


def _hours(
    r: _Reader,
    schedules: list[tuple[str, dict[str, Any]]],
    base: str,
    ctx: ImportContext,
    countries: list[str],
    vsd_mode: bool,
) -> tuple[dict[str, Any] | None, list[str]]:
    """Weekly schedules -> vsd hours; also notes that did not fit (text for the record's notes)."""
    spans: list[tuple[list[str], str, str]] = []
    zone: str | None = None
    notes: list[str] = []
    caveats: list[str] = []
    always = False
    for p, s in schedules:
        desc = r.str(s, "description", p)
        if desc:
            notes.append(_text(desc, 500, exact=vsd_mode))
        vsd = _vsd_fields(r, s)
        valid_to = _parse_date(s.get("valid_to")) or _parse_date(s.get("until"))
        valid_from = _parse_date(s.get("valid_from"))
        if valid_to and valid_to < ctx.today:
            r.warn(p.rstrip("."), f"valid until {valid_to}; expired, not imported")
            continue
        if valid_from and valid_from > ctx.today:
            r.warn(p.rstrip("."), f"valid from {valid_from}; not in effect yet, not imported")
            continue
        freq = (r.str(s, "freq", p) or "").upper()
        byday = r.str(s, "byday", p)
        if freq and freq != "WEEKLY":
            r.warn(p + "freq", f"{freq} schedules cannot be shown as weekly hours; not imported")
            continue
        if not byday:
            start = _parse_date(s.get("dtstart"))
            if start is None:
                if s.get("opens_at") or s.get("closes_at"):
                    r.warn(p + "byday", "no days given; not imported")
                continue
            byday = RRULE_DAYS[start.weekday()]
        days = []
        bad = False
        for part in byday.split(","):
            d = part.strip().upper()
            if d not in RRULE_DAYS:
                r.warn(p + "byday", f'"{byday}" is not a list of weekdays (MO..SU); not imported')
                bad = True
                break
            if DAYS[RRULE_DAYS.index(d)] not in days:
                days.append(DAYS[RRULE_DAYS.index(d)])
        if bad:
            continue
        o_raw, c_raw = r.str(s, "opens_at", p), r.str(s, "closes_at", p)
        if not o_raw or not c_raw:
            r.warn(p.rstrip("."), "no opens_at/closes_at; not imported")
            continue
        o, c = _parse_time(o_raw), _parse_time(c_raw)
        if o is None or c is None:
            r.warn(p.rstrip("."), f'times "{o_raw}"-"{c_raw}" are not HH:MM; not imported')
            continue
        opens, closes = o[0], c[0]
        if closes in ("23:59",):
            closes = "24:00"
        if opens == "24:00":
            r.warn(p + "opens_at", "24:00 is not an opening time; not imported")
            continue
        if opens == closes:
            if opens != "00:00":
                r.warn(p.rstrip("."), f"opens and closes at {opens}; not imported")
                continue
            closes = "24:00"
        # time zone: vsd's IANA zone, else the time's offset or the schedule's UTC offset
        tz = vsd.get("timezone", [None])[0]
        if not (tz and is_timezone(tz)):
            tz = None
            offset = o[1] if o[1] is not None else None
            raw_tz = s.get("timezone")
            if offset is None and raw_tz is not None:
                if isinstance(raw_tz, (int, float)) and not isinstance(raw_tz, bool):
                    offset = float(raw_tz)
                elif isinstance(raw_tz, str) and is_timezone(raw_tz.strip()):
                    tz = raw_tz.strip()
                else:
                    r.warn(p + "timezone", f"{_short(raw_tz)} is not a UTC offset; ignored")
            if tz is None and offset is not None:
                tz = zone_for_offset(offset, countries, ctx.today.year)
                if tz is None:
                    r.warn(p + "timezone", f"no time zone with UTC offset {offset:g} for "
                                           f"{', '.join(countries) or 'the service'}; not imported")
                    continue
            if tz is None:
                tz = ctx.default_timezone
            if tz is None:
                tz = local_zone(countries, ctx.today.year)
                if tz is not None:
                    r.warn(p + "timezone", f"none given; read as local time in {tz}")
                else:
                    tz = "Etc/UTC"
                    r.warn(p + "timezone", "none given; read as UTC, as HSDS says (pass --timezone to change)")
        if zone is None:
            zone = tz
        elif tz != zone:
            r.warn(p + "timezone", f"{tz} differs from the service's other schedules ({zone}); not imported")
            continue
        if "always_open" in vsd:
            always = True
        restrictions = []
        interval = s.get("interval")
        if isinstance(interval, (int, float)) and not isinstance(interval, bool) and interval > 1:
            restrictions.append(f"every {interval:g} weeks")
        for key, label in (("byweekno", "weeks"), ("bymonthday", "days of the month"), ("byyearday", "days of the year")):
            v = s.get(key)
            if isinstance(v, (str, int)) and str(v).strip():
                restrictions.append(f"{label} {v}")
        if isinstance(s.get("count"), (int, float)) and not isinstance(s.get("count"), bool):
            restrictions.append(f"{s['count']:g} occurrences only")
        if restrictions:
            what = "; ".join(restrictions)
            r.warn(p.rstrip("."), f"restricted to {what}, which vsd cannot show; imported as every week")
            caveats.append(f"The source schedule is restricted ({what}); check before relying on it.")
        spans.append((days, opens, closes))
    if not spans:
        return None, ([f"Hours: {n}" for n in notes] if not vsd_mode else [])
    note = " ".join(dict.fromkeys(notes + caveats))
    hours: dict[str, Any] = {"timezone": zone}
    whole_week = {d for days, o, c in spans if o == "00:00" and c == "24:00" for d in days} == set(DAYS)
    if always or (not vsd_mode and whole_week):
        hours["always_open"] = True
    elif vsd_mode:
        hours["weekly"] = [{"days": days, "opens": o, "closes": c} for days, o, c in spans]
    else:
        merged: dict[tuple[str, str], list[str]] = {}
        for days, o, c in spans:
            merged.setdefault((o, c), [])
            merged[(o, c)] += [d for d in days if d not in merged[(o, c)]]
        hours["weekly"] = [
            {"days": sorted(days, key=DAYS.index), "opens": o, "closes": c} for (o, c), days in merged.items()
        ]
    if note:
        hours["note"] = _text(note, 500, exact=vsd_mode)
    return hours, []


_FREE = re.compile(
    r"\bfree of charge\b|\bfree\b|\bno (charge|cost|fee)s?\b|\bat no cost\b|\bwithout charge\b|\bgratis\b"
    r"|\bkostenlos\b|\bgratuit\b|\bgratuito\b|\bbezpłatn",
    re.IGNORECASE,
)
_COST = re.compile(
    r"[£$€¥]\s*\d|\d+([.,]\d+)?\s*(usd|eur|gbp|chf)\b|\b(pay|paid|payment|charges?|charged|fees?|costs?|"
    r"price|rate)\b",
    re.IGNORECASE,
)


def _free(r: _Reader, obj: dict[str, Any]) -> bool | None:
    amounts = []
    for p, opt in r.list(obj, "cost_options"):
        amount = r.num(opt, "amount", p)
        if amount is not None:
            amounts.append(amount)
    if amounts:
        return all(a == 0 for a in amounts)
    text = " ".join(filter(None, [r.str(obj, "fees_description"), r.str(obj, "fees")]))
    if not text:
        return None
    says_free = bool(_FREE.search(text))
    rest = _FREE.sub(" ", text)
    says_cost = bool(_COST.search(rest))
    if says_free and not says_cost:
        return True
    if says_cost and not says_free:
        return False
    return None


def _verification(r: _Reader, obj: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    limit = ctx.today + _FUTURE_SLACK
    raw = obj.get("assured_date")
    if raw is not None:
        d = _parse_date(raw)
        if d is None:
            r.warn("assured_date", f"{_short(raw)} is not a date; ignored")
        elif d > limit:
            r.warn("assured_date", f"{d} is in the future; ignored")
        else:
            return {"last_verified": d.isoformat(), "verification": "verified"}
    raw = obj.get("last_modified")
    d = _parse_date(raw) if raw is not None else None
    if d is not None and d <= limit:
        return {"last_verified": d.isoformat(), "verification": "unverified"}
    return {"last_verified": ctx.today.isoformat(), "verification": "unverified"}


# ---------------------------------------------------------------------------
# vsd -> HSDS


def _term(kind: str, code: str, name: str, description: str) -> dict[str, Any]:
    tax_name, tax_desc = VSD_TAXONOMIES[kind]
    return {
        "id": _uuid("term", kind, code),
        "code": code,
        "name": name,
        "description": description,
        "taxonomy": tax_name,
        "taxonomy_detail": {
            "id": _uuid("taxonomy", kind),
            "name": tax_name,
            "description": tax_desc,
            "uri": f"{VSD_TAXONOMY_BASE}{kind}",
            "version": "1",
        },
        "language": "en",
        "term_uri": f"{VSD_TAXONOMY_BASE}{kind}/{code}",
    }


_FIELD_DESCRIPTIONS = {
    "vsd_record": "The id of the record in vsd.",
    "name_en": "The service's name in English.",
    "alias": "Another name the service is known by.",
    "area": "How far the service reaches: national, regional or international.",
    "region": "The region a regional service covers.",
    "anonymous": "Whether the service can be used anonymously (true/false).",
    "confidential": "Whether the service is confidential (true/false).",
    "not_on_phone_bill": "Whether calls stay off the phone bill (true/false).",
    "notes": "Notes for caseworkers.",
    "source": "Where the facts were read: the authoritative listing.",
    "timezone": "The IANA time zone of a schedule.",
    "always_open": "The service is open at all times.",
    "channel_kind": "How to reach the service through this contact: phone, sms, chat, email, web, report or app.",
    "channel_position": "The position of this contact among the service's contacts.",
    "channel_country": "The one country in which this phone number works.",
    "channel_hours": "When this contact is available (vsd hours, JSON).",
    "channel_label": "The contact's label in vsd (empty: none; the location name is a default).",
}


def _attr(owner: str, kind: str, code: str, *, value: str | None = None, link_type: str = "vsd_field",
          name: str | None = None, description: str | None = None, n: int = 0) -> dict[str, Any]:
    a: dict[str, Any] = {
        "id": _uuid("attribute", owner, kind, code, str(n)),
        "link_type": link_type,
        "taxonomy_term": _term(kind, code, name or code, description or _FIELD_DESCRIPTIONS.get(code, code)),
    }
    if value is not None:
        a["value"] = value
    return a


def _field_attrs(owner: str, fields: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    return [_attr(owner, "field", code, value=value, n=i) for i, (code, value) in enumerate(fields)]


def _hsds_time(hhmm: str) -> str:
    return "23:59" if hhmm == "24:00" else hhmm


def hours_to_schedules(hours: dict[str, Any], owner: str, now: datetime) -> list[dict[str, Any]]:
    zone = hours["timezone"]
    offset = current_offset_hours(zone, now)
    if hours.get("always_open"):
        spans = [(list(DAYS), "00:00", "24:00")]
    else:
        spans = [(w["days"], w["opens"], w["closes"]) for w in hours.get("weekly", [])]
    out = []
    for i, (days, opens, closes) in enumerate(spans):
        s: dict[str, Any] = {
            "id": _uuid("schedule", owner, str(i)),
            "timezone": offset,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(RRULE_DAYS[DAYS.index(d)] for d in days),
            "opens_at": _hsds_time(opens),
            "closes_at": _hsds_time(closes),
        }
        if i == 0 and hours.get("note"):
            s["description"] = hours["note"]
        fields = [("timezone", zone)]
        if hours.get("always_open"):
            fields.append(("always_open", "true"))
        s["attributes"] = _field_attrs(f"{owner}/schedule/{i}", fields)
        out.append(s)
    return out


def _language_objs(codes: Iterable[str], owner: str) -> list[dict[str, Any]]:
    return [
        {"id": _uuid("language", owner, code), "name": language_name(code), "code": code} for code in codes
    ]


_KIND_NAMES = {"web": "Website", "chat": "Chat", "report": "Report online", "app": "App", "email": "Email"}


def to_hsds(rec: dict[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
    """One vsd record as an HSDS 3.0 service object (valid against schema/service.json)."""
    now = now or datetime.now(timezone.utc)
    rid = rec["id"]
    sid = _uuid("service", rid)
    svc: dict[str, Any] = {"id": sid, "name": rec["name"]}
    if rec.get("aliases"):
        svc["alternate_name"] = rec["aliases"][0]
    elif rec.get("name_en"):
        svc["alternate_name"] = rec["name_en"]
    if rec.get("description"):
        svc["description"] = rec["description"]
    channels = rec.get("channels", [])
    web = next((c["value"] for c in channels if c["kind"] == "web"), None)
    email = next((c["value"] for c in channels if c["kind"] == "email"), None)
    if web:
        svc["url"] = web
    if email:
        svc["email"] = email
    svc["status"] = "active"
    if rec.get("languages_note"):
        svc["interpretation_services"] = rec["languages_note"]
    if "free" in rec:
        svc["fees_description"] = "Free of charge." if rec["free"] else "Charges may apply."
    if "min_age" in rec:
        svc["minimum_age"] = rec["min_age"]
    if "max_age" in rec:
        svc["maximum_age"] = rec["max_age"]
    if rec.get("verification") == "verified":
        svc["assured_date"] = rec["last_verified"]
    svc["last_modified"] = f"{rec['last_verified']}T00:00:00Z"

    phones, virtual = [], []
    for i, ch in enumerate(channels):
        owner = f"{rid}/channel/{i}"
        fields = [("channel_kind", ch["kind"]), ("channel_position", str(i))]
        if ch["kind"] in ("phone", "sms"):
            phone: dict[str, Any] = {
                "id": _uuid("phone", owner),
                "number": ch["value"],
                "type": "voice" if ch["kind"] == "phone" else "text",
            }
            if ch.get("label"):
                phone["description"] = ch["label"]
            if ch.get("languages"):
                phone["languages"] = _language_objs(ch["languages"], owner)
            if ch.get("country"):
                fields.append(("channel_country", ch["country"]))
            if ch.get("hours"):
                fields.append(("channel_hours", json.dumps(ch["hours"], ensure_ascii=False, sort_keys=True)))
            phone["attributes"] = _field_attrs(owner, fields)
            phones.append(phone)
        else:
            url = f"mailto:{ch['value']}" if ch["kind"] == "email" else ch["value"]
            loc: dict[str, Any] = {
                "id": _uuid("location", owner),
                "location_type": "virtual",
                "url": url,
                "name": ch.get("label") or _KIND_NAMES.get(ch["kind"], ch["kind"]),
            }
            if ch.get("languages"):
                loc["languages"] = _language_objs(ch["languages"], owner)
            if ch.get("hours"):
                loc["schedules"] = hours_to_schedules(ch["hours"], owner, now)
            if ch.get("label") is None:
                fields.append(("channel_label", ""))  # the name above is a default, not a label
            loc["attributes"] = _field_attrs(owner, fields)
            virtual.append({"id": _uuid("service_at_location", owner), "location": loc})
    if phones:
        svc["phones"] = phones
    if rec.get("hours"):
        svc["schedules"] = hours_to_schedules(rec["hours"], rid, now)
    svc["service_areas"] = _service_areas(rec)
    if virtual:
        svc["service_at_locations"] = virtual
    if rec.get("languages"):
        svc["languages"] = _language_objs(rec["languages"], rid)
    if rec.get("organization"):
        svc["organization"] = {
            "id": _uuid("organization", rec["organization"]),
            "name": rec["organization"],
            "description": "Provider of services listed in the vsd directory of victim-assistance and "
            "child-protection services.",
        }

    attrs = [
        _attr(rid, "support_type", code, link_type="service_type", name=support_types.label(code),
              description=support_types.label(code))
        for code in rec["support_types"]
    ]
    attrs += [
        _attr(rid, "audience", a, link_type="eligibility", name=a.replace("_", " ").capitalize(),
              description=f"For {a.replace('_', ' ')}.")
        for a in rec.get("audiences", [])
    ]
    fields = [("vsd_record", rid), ("source", rec["source"]), ("area", rec["area"])]
    fields += [("name_en", rec["name_en"])] if rec.get("name_en") else []
    fields += [("alias", a) for a in rec.get("aliases", [])]
    fields += [("region", rec["region"])] if rec.get("region") else []
    fields += [(f, "true" if rec[f] else "false") for f in ("anonymous", "confidential", "not_on_phone_bill") if f in rec]
    fields += [("notes", rec["notes"])] if rec.get("notes") else []
    svc["attributes"] = attrs + _field_attrs(rid, fields)
    return svc


def _service_areas(rec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in rec["countries"]:
        name = country_name(c)
        if rec["area"] == "regional" and rec.get("region"):
            desc = f"{rec['region']} ({name})"
        elif rec["area"] == "regional":
            desc = f"Part of {name}"
        elif rec["area"] == "international":
            desc = f"{name} (an international service)"
        else:
            desc = f"All of {name}"
        out.append({"id": _uuid("service_area", rec["id"], c), "name": name, "description": desc,
                    "uri": f"{ISO_COUNTRY_URI}{c}"})
    return out


def export_services(records: Iterable[dict[str, Any]], *, now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or datetime.now(timezone.utc)
    return [to_hsds(rec, now=now) for rec in records]
