"""What an import reads of the local data, read no more than needed: the short-number table from the search
index file's header when that is current (from the store when not: the same table either way), and the
layer's known ids from the layer as read once."""

from __future__ import annotations

import pytest

from directory.bundled import bundled_path
from directory.directory import Directory
from directory.loading import read_json_file
from directory.store import Store
from sync.hsds_import import _local_short_numbers
from tests.factories import envelope, service

TABLE = [
    {"country": "DE", "number": "116 016", "what": "women's helpline", "source": "https://example.org/de"},
    {"country": "TH", "number": "1387", "what": "child helpline", "source": "https://example.org/th"},
]


def _store(data, table):
    version = read_json_file(bundled_path())["version"] + 1  # else the bundled copy is seeded over it
    Store(data).replace_directory(
        envelope(service(), version=version) | {"schema": "vsd.services/2", "short_numbers": table}
    )


def test_the_table_comes_from_a_current_index_header_else_from_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    _store(data, TABLE)
    assert _local_short_numbers(data) == TABLE  # no index yet: the store
    assert Directory.open(data).index is not None  # built, and kept in the index file (its header: the table)
    assert list((tmp_path / "cache").glob("index-*.bin"))

    def unread(self):  # the store is not read while the header is current
        raise AssertionError("store read")

    with monkeypatch.context() as m:
        m.setattr(Store, "envelope", unread)
        assert _local_short_numbers(data) == TABLE

    _store(data, TABLE[:1])  # a sync: the header is stale, the store has the new table
    assert _local_short_numbers(data) == TABLE[:1]


@pytest.mark.parametrize("cache", ["", "missing"])
def test_without_an_index_the_store_is_read(tmp_path, monkeypatch, cache):
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path / cache) if cache else "")
    data = tmp_path / "data"
    _store(data, TABLE)
    assert _local_short_numbers(data) == TABLE


def test_the_ids_of_the_layer_read_once_are_those_known_ids_reads(tmp_path):
    """import_hsds keeps the ids of the layer it read at the start (known_ids_of) rather than reading the
    whole file again (Layers.known_ids)."""
    from directory.layers import Layers, known_ids_of

    layers = Layers(tmp_path / "data")
    assert known_ids_of(layers.get("x")) == layers.known_ids("x") == {}
    rec = service()
    layers.replace("x", source="f", kind="file", records=[rec], hsds_ids={rec["id"]: "h1"}, fetched_at="t")
    assert known_ids_of(layers.get("x")) == layers.known_ids("x") == {"h1": rec["id"]}


def test_a_stale_index_reads_the_stores_meta_not_its_records(tmp_path, monkeypatch):
    monkeypatch.setenv("VSD_CACHE_DIR", "")
    data = tmp_path / "data"
    _store(data, TABLE)

    def unread(self):
        raise AssertionError("store read whole")

    monkeypatch.setattr(Store, "envelope", unread)
    assert _local_short_numbers(data) == TABLE


def test_with_no_store_yet_the_table_is_the_one_seeding_stores(tmp_path, monkeypatch):
    """A first import into an empty data dir does not seed the store (validating and writing the bundled
    directory) for its table: it reads the bundled one, the table seeding then stores."""
    monkeypatch.setenv("VSD_CACHE_DIR", "")
    data = tmp_path / "data"
    table = _local_short_numbers(data)
    assert not (data / "directory.json").exists()
    assert table and table == read_json_file(bundled_path())["short_numbers"]
    assert table == Store(data).envelope()["short_numbers"]  # seeded now
    assert _local_short_numbers(data) == table


def test_a_store_older_than_the_bundled_copy_is_reseeded_for_its_table(tmp_path, monkeypatch):
    monkeypatch.setenv("VSD_CACHE_DIR", "")
    data = tmp_path / "data"
    Store(data).replace_directory(envelope(service(), version=1) | {"schema": "vsd.services/2", "short_numbers": TABLE})
    assert _local_short_numbers(data) == read_json_file(bundled_path())["short_numbers"] != TABLE


def test_a_first_import_seeds_the_store_when_written_and_a_refused_one_leaves_nothing(tmp_path, monkeypatch):
    """The store is seeded when the import is written (the layer beside its directory, whose search index
    is built next); an import refused into an empty data dir leaves it as it was."""
    import json

    from directory.errors import VsdError
    from sync.hsds_import import ImportOptions, import_hsds

    monkeypatch.setenv("VSD_CACHE_DIR", "")
    good, bad = tmp_path / "good.json", tmp_path / "bad.ndjson"
    good.write_text(json.dumps({"id": "s1", "name": "Helpline", "status": "active"}), encoding="utf-8")
    bad.write_text('{"id": "s1", "name": "A", "status": "active"}\n{"id": ', encoding="utf-8")
    refused = tmp_path / "refused"
    with pytest.raises(VsdError):
        import_hsds(str(bad), data_dir=refused, options=ImportOptions(label="x"))
    assert not (refused / "directory.json").exists() and not (refused / "imports.json").exists()
    data = tmp_path / "data"
    report = import_hsds(
        str(good), data_dir=data, options=ImportOptions(label="x", countries=["DE"], types=["child_helpline"])
    )
    assert report.committed and (data / "directory.json").exists()
    assert Store(data).envelope()["version"] == read_json_file(bundled_path())["version"]
