"""An HSDS import through its fast paths stores what the plain code they stand in for stores.

Each fixture is imported twice into its own copy of one data dir: as vsd runs, and with every fast path of
the import put back to the code it replaces (bench/hsds.py measures the difference). The outcomes --
verdict, place, problems, warnings and record of every service -- and the bytes of imports.json (but the
two import times) must be the same: one digest each. The sources are the HSDS fixtures (examples, the DV
consortium, HSDS 1.x and Open Referral UK, the hostile HSDS corpus), and the bundled directory exported as
NDJSON twice: as vsd exports it (its own attributes read exactly) and without vsd's attributes, as any
other publisher's HSDS (each field cleaned and checked: names in many scripts, phones, hours).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from directory import layers, phones, validate
from directory.bundled import bundled_path
from directory.errors import VsdError
from directory.hsds import attributes, channels, classification, mapping, reading, text
from directory.hsds.export import ndjson_chunks
from directory.hsds.fields import FieldReader
from directory.loading import parse_json_bytes, parse_json_text, read_json_file
from directory.phone_chars import DISPLAY_CHARS
from directory.store import AtomicJSONStorage, Store
from sync.hsds_import import ImportOptions, ImportRejected, import_hsds
from tests.hsds_support import phrase_alternation

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_FILES = [
    "fixtures/hsds/examples/service_full.json",
    "fixtures/hsds/examples/service_list.json",
    "fixtures/hsds/examples/organization_full.json",
    "fixtures/hsds/examples/service_at_location_full.json",
    "fixtures/hsds/dv_consortium/services.json",
    "fixtures/hsds/dv_consortium/emergency_services.json",
    "fixtures/hsds-1x/hsda-1.2-services.json",
    "fixtures/hsds-1x/uk-v1-page.json",
    *sorted(f"hostile/corpus/{p.name}" for p in (ROOT / "hostile" / "corpus").glob("hsds-*.json")),
]
NOW = datetime(2026, 11, 20, tzinfo=UTC)
_IMPORT_TIMES = re.compile(rb'"(?:imported_at|fetched_at)":"[^"]*"')


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the bundled directory, whose short numbers an import accepts."""
    d = tmp_path_factory.mktemp("seeded")
    Store(d).envelope()
    return d


@pytest.fixture(scope="module")
def bundled_ndjson(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    records = read_json_file(bundled_path())["services"][::4]  # a quarter: countries, scripts, kinds of hours
    folder = tmp_path_factory.mktemp("ndjson")
    own, other, refused = folder / "vsd.ndjson", folder / "other.ndjson", folder / "refused.ndjson"
    own.write_text("".join(ndjson_chunks(records, now=NOW)), encoding="utf-8")
    lines = [json.dumps(_without_vsd_attributes(json.loads(ln)), ensure_ascii=False) for ln in own.open()]
    other.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [
        json.dumps(_numbers_refused(json.loads(ln)) if n % 3 == 0 else json.loads(ln))
        for n, ln in enumerate(own.open())
    ]
    refused.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return own, other, refused


def _numbers_refused(svc: dict[str, Any]) -> dict[str, Any]:
    """vsd's own export of a service whose phones its validation refuses: numbers of no country, for the
    country each phone names (the mapping leaves them to the validation)."""
    country = json.dumps({"channel_country": "DE"})
    for phone in svc.get("phones") or ():
        phone["number"] = "12"
        phone["attributes"] = [{"taxonomy_term_id": attributes.COMPACT_TERM_ID, "value": country}]
    return svc


def _without_vsd_attributes(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_vsd_attributes(v) for k, v in value.items() if k != "attributes"}
    if isinstance(value, list):
        return [_without_vsd_attributes(v) for v in value]
    return value


def _plain_paths(mp: pytest.MonkeyPatch) -> None:
    """Every fast path of the import back to the code it stands in for."""
    mp.setattr(mapping, "plain_reader", lambda ctx: None)  # every service read the careful way (plain.py)
    mp.setattr(mapping, "VALIDATION_BATCH", 1)  # each record checked as it is mapped
    mp.setattr(reading, "parse_record_line", parse_json_bytes)
    mp.setattr(reading, "typed_line", lambda line: None)  # each line of vsd's export decoded as any other
    mp.setattr(channels, "_digits", lambda v: ("+" if v.startswith("+") else "") + re.sub(r"\D", "", v))
    for module in (attributes, channels):
        mp.setattr(module, "parse_object_text", parse_json_text)
    mp.setattr(attributes, "_CACHED_CHARS", -1)  # no attribute read from the cache
    mp.setattr(validate.RecordValidator, "problems", lambda self, rec: validate.validate(self.envelope(rec)).problems)
    mp.setattr(validate, "_is_plain_source", lambda source: False)  # each address in a source split out
    mp.setattr(FieldReader, "str", _plain_str)
    init = FieldReader.__init__

    def reader_reading_locations_each_time(self: FieldReader) -> None:
        init(self)
        self.located = _Unremembered()

    mp.setattr(FieldReader, "__init__", reader_reading_locations_each_time)
    mp.setattr(text, "slug", _plain_slug)
    display_problem = phones.display_problem
    mp.setattr(phones, "display_problem", lambda v: None if all(c in DISPLAY_CHARS for c in v) else display_problem(v))
    for module in (validate, channels):
        mp.setattr(module, "is_http_url", validate._is_http_url_split)
    mp.setattr(layers, "redact_url", layers._redacted)
    mp.setattr(layers, "redact_text", lambda t: layers._URL.sub(lambda m: layers._redacted(m.group(0)), t))
    mp.setattr(layers, "LayerStorage", AtomicJSONStorage)
    mp.setattr(classification, "_phrase_matcher", _plain_phrase_matcher)


_PHRASE_MATCHER = classification._phrase_matcher


def _plain_phrase_matcher(*rules: frozenset[str]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The description's phrases found by the alternation of them all, not by their trie."""
    rx, by_phrase = _PHRASE_MATCHER(*rules)
    return (re.compile(phrase_alternation(list(by_phrase))) if rx else None), by_phrase


class _Unremembered(dict[int, Any]):
    """A memory of locations read that keeps none: each asks the object again."""

    def __setitem__(self, key: int, value: Any) -> None:
        pass


def _plain_str(self: FieldReader, obj: dict[str, Any], key: str, path: str = "", *, required: bool = False) -> Any:
    v = obj.get(key)
    if v is None or not isinstance(v, str):
        if v is None and required:
            self.problem(path + key, "missing (required)")
        elif v is not None:
            self.problem(path + key, f"expected a string, got {text.json_type(v)} {text.short(v)}")
        return None
    v = text.strip_controls(v).strip()
    if not v and required:
        self.problem(path + key, "empty (required)")
    return v or None


def _plain_slug(value: str, limit: int) -> str:
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(value).lower()).strip("-")[:limit].rstrip("-")


def _digest(source: Path, data: Path) -> tuple[str, str]:
    """(digest of the outcomes or the refusal, digest of imports.json but its two times)."""
    try:
        report = import_hsds(str(source), data_dir=data, options=ImportOptions(label="digest", skip_invalid=True))
        outcomes = report.result.outcomes
    except ImportRejected as e:  # (not with skip_invalid; kept for a refusal of every service)
        outcomes = e.report.result.outcomes
    except VsdError as e:
        return hashlib.sha256(str(e).encode()).hexdigest(), ""
    said = [[o.where, o.status, o.hsds_id, o.problems, o.warnings, o.tallies, o.reason, o.record] for o in outcomes]
    stored = data / layers.IMPORTS_FILE
    layer = _IMPORT_TIMES.sub(b"", stored.read_bytes()) if stored.exists() else b""
    return (
        hashlib.sha256(json.dumps(said, ensure_ascii=False).encode()).hexdigest(),
        hashlib.sha256(layer).hexdigest(),
    )


def _both_ways(source: Path, seeded: Path, tmp_path: Path) -> None:
    fast = _digest(source, shutil.copytree(seeded, tmp_path / "fast"))
    with pytest.MonkeyPatch.context() as mp:
        _plain_paths(mp)
        plain = _digest(source, shutil.copytree(seeded, tmp_path / "plain"))
    assert fast == plain


@pytest.mark.parametrize("name", FIXTURE_FILES)
def test_a_fixture_imports_the_same_through_the_fast_paths(name: str, seeded: Path, tmp_path: Path) -> None:
    _both_ways(ROOT / name, seeded, tmp_path)


@pytest.mark.parametrize("which", [0, 1, 2], ids=["vsd-export", "other-publisher", "numbers-refused"])
def test_the_bundled_directory_imports_the_same_through_the_fast_paths(
    which: int, bundled_ndjson: tuple[Path, Path, Path], seeded: Path, tmp_path: Path
) -> None:
    _both_ways(bundled_ndjson[which], seeded, tmp_path)
