"""The index file updated after a sync (directory.index_update) is byte for byte the file a full build
of the new data writes; whenever it cannot be updated, it is built in full, and the data stands."""

from __future__ import annotations

import copy
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest

from directory import Directory, index_cache, index_file, index_update
from directory.bundled import bundled_path
from directory.layers import Layers
from directory.store import Store
from tests.factories import service

# Records of the bundled directory (every country, script and kind of help it has) and a few more.
BUNDLED = json.loads(bundled_path().read_text(encoding="utf-8"))
SOME = BUNDLED["services"][::4]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VSD_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path, cache):
    return tmp_path / "data"


def envelope(services: list[dict[str, Any]], version: int) -> dict[str, Any]:
    # Above the bundled copy's version: the store is never reseeded from it.
    return {**{k: v for k, v in BUNDLED.items() if k != "services"}, "version": version, "services": services}


def full_build(data_dir: Path) -> bytes:
    """The file a full build of the data dir writes (it stays in place, current, for what follows)."""
    path = index_file.cache_file(data_dir)
    assert path is not None
    path.unlink(missing_ok=True)
    assert index_cache.keep(data_dir) == path
    return path.read_bytes()


def updated(data_dir: Path, services: list[dict[str, Any]], version: int) -> bytes:
    """Replace the store's records as a sync does, and update the index file from the old one."""
    b = index_update.before(data_dir)
    assert b is not None, "no index file of the data before the change"
    try:
        Store(data_dir).replace_directory(envelope(services, version))
        path = index_update.update(b)  # Unsuitable would fail the test: no fall back here
    finally:
        b.close()
    return path.read_bytes()


# -- changes made at random ----------------------------------------------------------------------
NEW_WORDS = ["zebrafinch", "quokka", "Ωmega", "Łódź", "ひまわり", "Kinder", "aaa", "zzz"]


def _rename(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    rec = rng.choice(recs)  # a new name: it moves in the listing, words come and go
    rec["name"] = f"{rng.choice(NEW_WORDS)} {rng.choice(NEW_WORDS)} {rng.randrange(1000)}"


def _support_type(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    rng.choice(recs)["support_types"] = [rng.choice(["emergency", "child_helpline", "domestic_violence", "other"])]


def _country(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    rng.choice(recs)["countries"] = [rng.choice(["DE", "PL", "IS", "MT", "NZ"])]  # some codes new to the data


def _languages(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    rec = rng.choice(recs)
    if rng.random() < 0.5:
        rec["languages"] = [rng.choice(["xh", "de", "uk", "mt"])]
    else:
        rec.pop("languages", None)  # the assumed languages of its countries


def _remove(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    if len(recs) > 10:
        recs.pop(rng.randrange(len(recs)))


def _add(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    n = rng.randrange(10**6)
    recs.insert(
        rng.randrange(len(recs) + 1),
        service(id=f"new-{n}", name=f"{rng.choice(NEW_WORDS)} helpline {n}", countries=[rng.choice(["DE", "NZ"])]),
    )


def _description(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    rng.choice(recs)["description"] = f"Counselling by {rng.choice(NEW_WORDS)} and chat."


def _hours_and_channels(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    rec = rng.choice(recs)
    if "hours" in rec:
        del rec["hours"]
    rec["channels"] = [{"kind": rng.choice(["phone", "report", "web"]), "value": "116 111"}]


def _reordered(rng: random.Random, recs: list[dict[str, Any]]) -> None:
    i = rng.randrange(len(recs))  # the same record, its keys in another order: other bytes
    recs[i] = dict(reversed(list(recs[i].items())))


CHANGES = [_rename, _support_type, _country, _languages, _remove, _add, _description, _hours_and_channels, _reordered]


def test_random_changes_give_the_file_a_full_build_gives(data_dir):
    rng = random.Random(16)
    recs = copy.deepcopy(SOME[::2]) + [service(id="de-only-xh", languages=["xh"], name="Qwertyuiop Beratung")]
    Store(data_dir).replace_directory(envelope(recs, 1000))
    full_build(data_dir)
    for version in range(1001, 1009):
        for change in rng.sample(CHANGES, rng.randint(1, 4)):
            change(rng, recs)
        got = updated(data_dir, recs, version)
        assert got == full_build(data_dir), f"version {version}"


def test_a_language_a_country_and_a_word_that_come_and_go(data_dir):
    recs = copy.deepcopy(SOME)
    Store(data_dir).replace_directory(envelope(recs, 1000))
    full_build(data_dir)
    only = service(id="za-only", name="Qwertyuiop Trust", countries=["ZA"], languages=["xh"], support_types=["other"])
    assert updated(data_dir, [*recs, only], 1001) == full_build(data_dir)  # new to the data: all three
    assert updated(data_dir, recs, 1002) == full_build(data_dir)  # the only record with them gone


def test_the_update_is_what_the_next_start_reads(data_dir, monkeypatch):
    # The cache the search tests share: its country and language tables are built once.
    monkeypatch.setenv("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))
    recs = copy.deepcopy(SOME)
    Store(data_dir).replace_directory(envelope(recs, 1000))
    full_build(data_dir)
    recs[0]["name"] = "Quokka Hilfetelefon"
    recs.append(service(id="new-1", name="Zebrafinch Beratung"))
    del recs[1]
    updated(data_dir, recs, 1001)
    d = Directory.open(data_dir)
    assert d.index_read_back
    assert d.search("quokka")[0].service["id"] == recs[0]["id"]
    assert d.search("zebrafinch")[0].service["id"] == "new-1"
    assert d.by_id(SOME[1]["id"]) is None


def test_the_comparison_can_fail(data_dir, monkeypatch):
    """A renumbering left out (the old numbers kept) gives another file: the comparison above sees it."""
    recs = copy.deepcopy(SOME)
    Store(data_dir).replace_directory(envelope(recs, 1000))
    full_build(data_dir)
    recs.insert(0, service(id="aaa-first", name="Aaa first", support_types=["emergency"]))

    def unchanged(self, old, fresh=()):
        return sorted([*old, *fresh])

    monkeypatch.setattr(index_update._Merge, "_old_new", unchanged)
    assert updated(data_dir, recs, 1001) != full_build(data_dir)


# -- when it cannot: built in full ---------------------------------------------------------------
def _after_sync(data_dir: Path, b: index_update.Before | None) -> bytes:
    path = index_update.after_sync(b, data_dir)
    assert path == index_file.cache_file(data_dir)
    return path.read_bytes()


@pytest.fixture
def synced(data_dir):
    """An index file of the data, and a change to it made as a sync makes it; gives the change."""
    recs = copy.deepcopy(SOME)
    Store(data_dir).replace_directory(envelope(recs, 1000))
    full_build(data_dir)

    def change(b: index_update.Before | None, services: list[dict[str, Any]] | None = None) -> None:
        new = copy.deepcopy(services if services is not None else recs)
        new[0]["name"] = "Quokka Hilfetelefon"
        Store(data_dir).replace_directory(envelope(new, 1001))

    return change


def test_no_index_file_before_builds_in_full(data_dir, synced):
    path = index_file.cache_file(data_dir)
    path.unlink()
    b = index_update.before(data_dir)
    assert b is None
    synced(b)
    got = _after_sync(data_dir, b)
    assert got == full_build(data_dir)


def test_a_damaged_old_file_builds_in_full(data_dir, synced):
    path = index_file.cache_file(data_dir)
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0xFF  # in the last section: the checksum fails
    path.write_bytes(bytes(raw))
    b = index_update.before(data_dir)
    assert b is not None
    synced(b)
    with pytest.raises(index_cache.CacheDamaged):
        index_update.update(b)
    got = _after_sync(data_dir, index_update.before(data_dir))
    assert got == full_build(data_dir)


def test_a_digit_changed_in_the_old_files_records_is_never_copied_on(data_dir, synced):
    """Damage inside a record that still parses (a phone digit): the update must not carry it into
    the new file; the file is built in full from the store instead."""
    path = index_file.cache_file(data_dir)
    raw = bytearray(path.read_bytes())
    at = raw.find(b'"value":"') + len(b'"value":"')
    while not chr(raw[at]).isdigit():
        at += 1
    raw[at] = ord("7") if raw[at] != ord("7") else ord("3")
    path.write_bytes(bytes(raw))
    b = index_update.before(data_dir)
    assert b is not None
    synced(b)
    with pytest.raises(index_update.Unsuitable, match="records"):
        index_update.update(b)
    got = _after_sync(data_dir, index_update.before(data_dir))
    assert got == full_build(data_dir)


def test_an_old_file_of_other_data_builds_in_full(data_dir, synced):
    Store(data_dir).replace_directory(envelope(copy.deepcopy(SOME[:5]), 999))  # a change the file never saw
    b = index_update.before(data_dir)
    assert b is not None  # the store and the index file, opened: the key is checked when it is read
    synced(b)
    with pytest.raises(index_cache.CacheDamaged, match="another version"):
        index_update.update(b)
    got = _after_sync(data_dir, index_update.before(data_dir))
    assert got == full_build(data_dir)


def test_too_large_a_change_builds_in_full(data_dir, synced):
    b = index_update.before(data_dir)
    assert b is not None
    synced(b, [{**s, "description": "All changed."} for s in SOME])
    with pytest.raises(index_update.Unsuitable, match="too many"):
        index_update.update(b)
    got = _after_sync(data_dir, index_update.before(data_dir))
    assert got == full_build(data_dir)


def test_imported_services_build_in_full(data_dir, synced):
    Layers(data_dir).replace(
        "berlin", source="test", kind="hsds", records=[service(id="imported-1")], hsds_ids={}, fetched_at="now"
    )
    full_build(data_dir)
    b = index_update.before(data_dir)
    assert b is not None
    synced(b)
    with pytest.raises(index_update.Unsuitable, match="imported"):
        index_update.update(b)
    b.close()
    assert _after_sync(data_dir, index_update.before(data_dir)) == full_build(data_dir)


def test_an_unwritable_cache_says_so_and_the_data_stands(data_dir, synced, monkeypatch, tmp_path):
    b = index_update.before(data_dir)
    assert b is not None
    synced(b)
    (tmp_path / "blocked").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path / "blocked"))
    with pytest.raises(index_cache.NotKept, match="blocked"):
        index_update.after_sync(b, data_dir)
    assert Store(data_dir).envelope()["version"] == 1001
