"""The bundled directory `data/services.json`: valid, complete enough, traceable, reproducible."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from directory.bundled import bundled_path
from directory.validate import is_phone_valid, validate

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO.parent / "shared" / "reference" / "services-facts.json"
GENERATOR = REPO / "tools" / "build_data.py"
# The 48 countries of the Global Alliance against Child Sexual Abuse Online.
ALLIANCE = set(
    "AL AT AU BE BG CH CY CZ DE DK EE ES FI FR GB GE GH GR HR HU IE IT JP KH KR LT LU LV MD ME MT NG "
    "NL NO NZ PH PL PT RO RS SE SI SK TH TR UA US VN".split()
)
needs_facts = pytest.mark.skipif(not FACTS.is_file(), reason=f"reference facts not present at {FACTS}")


@pytest.fixture(scope="module")
def envelope() -> dict:
    return json.loads(bundled_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(envelope) -> list[dict]:
    return envelope["services"]


def _squash(text: str) -> str:
    return re.sub(r"[\s\-]", "", text or "")


def test_validates_with_no_problems(envelope):
    report = validate(envelope)
    assert report.problems == []
    assert report.services >= 240
    assert report.countries == 48


def test_covers_exactly_the_alliance_countries(services):
    assert {c for s in services for c in s["countries"]} == ALLIANCE


@pytest.mark.parametrize("support_type", ["emergency", "child_helpline"])
def test_every_country_has_an_emergency_and_a_child_helpline_record(services, support_type):
    have = {c for s in services if support_type in s["support_types"] for c in s["countries"]}
    assert sorted(ALLIANCE - have) == []


def test_every_record_has_source_and_last_verified(services):
    for s in services:
        assert s["source"].strip(), s["id"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["last_verified"]), s["id"]


def test_no_phone_number_is_rejected(services):
    rejected = [
        (s["id"], ch["value"], c)
        for s in services
        for ch in s["channels"]
        if ch["kind"] in ("phone", "sms")
        for c in ([ch["country"]] if "country" in ch else s["countries"])
        if not is_phone_valid(ch["value"], c)
    ]
    assert rejected == []


def test_ids_are_unique_and_prefixed_with_the_country(services):
    ids = [s["id"] for s in services]
    assert len(ids) == len(set(ids))
    for s in services:
        assert s["id"].startswith(s["countries"][0].lower() + "-"), s["id"]


def test_envelope_is_fixed_for_reproducible_output(envelope):
    assert envelope["schema"] == "vsd.services/1"
    assert envelope["generated_at"] == "2026-11-28T00:00:00Z"


def test_records_with_a_dropped_number_are_unverified(services):
    for s in services:
        if "not recognised by the phonenumbers library; listed here only" in s.get("notes", ""):
            assert s["verification"] == "unverified", s["id"]


def test_records_without_structured_hours_keep_the_published_text(services):
    # Any record whose channels carry no hours either had no hours in its fact
    # or keeps them as text; structured hours always name a known zone.
    for s in services:
        for hours in [s.get("hours"), *(c.get("hours") for c in s["channels"])]:
            if hours:
                assert hours["timezone"], s["id"]
                assert hours.get("always_open") or hours.get("weekly"), s["id"]


@needs_facts
def test_every_number_address_and_source_is_written_in_the_facts(services):
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    text = defaultdict(str)
    sources = defaultdict(set)
    for f in facts:
        text[f["country"]] += " " + " ".join(str(f.get(k) or "") for k in ("phone", "website", "notes"))
        sources[f["country"]].add(f["source"])
    for s in services:
        cc = s["countries"][0]
        assert s["source"] in sources[cc], s["id"]
        for ch in s["channels"]:
            if ch["kind"] in ("phone", "sms"):
                assert _squash(ch["value"]) in _squash(text[cc]), (s["id"], ch["value"])
            else:
                assert ch["value"] in text[cc], (s["id"], ch["value"])


@needs_facts
def test_unverified_where_the_fact_was_recalled(services):
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    recalled = {(f["country"], f["source"]) for f in facts if f["confidence"] == "recalled"}
    for s in services:
        if (s["countries"][0], s["source"]) in recalled:
            assert s["verification"] == "unverified", s["id"]


@needs_facts
def test_generator_reproduces_the_bundled_file_byte_for_byte(tmp_path):
    out = tmp_path / "services.json"
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--facts", str(FACTS), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert out.read_bytes() == (REPO / "data" / "services.json").read_bytes()
