"""The index kept on disk (directory.index_cache): a second start reads it back and answers exactly as
a fresh build does; any change to what it was built from, or any damage, means building again."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from directory import Directory, index_cache
from directory.bundled import bundled_path
from directory.store import Store
from tests.factories import envelope, service

QUERIES = [
    ("kummer", {}),
    ("kinder telefon deutschland", {}),
    ("ukrainian child helpline poland", {}),
    ("116 111", {}),
    ("violence femmes", {"country": "FR"}),
    ("trafficking", {"language": "en"}),
    ("", {"country": "PL"}),
    ("", {"support_type": "child_helpline"}),
    ("helpline", {"open_now": True, "now": datetime(2026, 11, 30, 3, 0, tzinfo=UTC)}),
    ("report", {"channel": "report"}),
    ("chidline", {}),  # a typo: the typo search over the words read back
    ("россия", {}),
    ("ch", {}),  # a short prefix: many completions
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VSD_CACHE_DIR", str(folder))
    return folder


def answer(d: Directory, text: str, kw: dict) -> list[tuple]:
    a = d.find(text, **kw)
    return [(key, h.service["id"], h.score, h.matched, h.labels) for key, h in a.all_hits()] + [
        a.message,
        a.filters,
        a.text,
        a.none_known,
    ]


def test_a_second_start_reads_the_index_back_and_answers_the_same(tmp_path, cache):
    data = tmp_path / "data"
    first = Directory.open(data)  # seeds the store: nothing is kept while the store is being written
    first.warm()
    assert not list(cache.glob("index-*.bin"))
    built = Directory.open(data)
    assert isinstance(built.services, list)
    want = {text: answer(built, text, kw) for text, kw in QUERIES}  # the build writes the file
    assert len(list(cache.glob("index-*.bin"))) == 1

    again = Directory.open(data)
    assert not isinstance(again.services, list), "the index was built again instead of read back"
    assert len(again) == len(built)
    assert {text: answer(again, text, kw) for text, kw in QUERIES} == want
    assert again.parse_query("kinder telefon deutschland") == built.parse_query("kinder telefon deutschland")
    assert again.facet_values() == built.facet_values()
    assert (again.version, again.generated_at) == (built.version, built.generated_at)
    assert again.short_numbers == built.short_numbers and again.coverage == built.coverage
    some = built.services[len(built) // 2]
    assert again.by_id(some["id"]) == some
    assert again.by_id("no-such-id") is None
    assert sorted(s["id"] for s in again.services) == sorted(s["id"] for s in built.services)


def test_a_sync_or_an_import_makes_the_kept_index_stale(tmp_path, cache):
    data = tmp_path / "data"
    Directory.open(data)
    Directory.open(data).warm()
    assert not isinstance(Directory.open(data).services, list)
    newer = json.loads(bundled_path().read_text(encoding="utf-8"))
    newer["version"] += 1
    newer["services"].append(service(id="zz-new", name="Brandneue Beratungsstelle", countries=["DE"]))
    Store(data).replace_directory(newer)
    d = Directory.open(data)
    assert isinstance(d.services, list), "a replaced store must not be served from the old index"
    assert d.search("Brandneue Beratungsstelle")[0].service["id"] == "zz-new"
    d.warm()
    assert Directory.open(data).search("Brandneue Beratungsstelle")[0].service["id"] == "zz-new"

    (data / "imports.json").write_text("{}", encoding="utf-8")  # any change to the import layer
    assert isinstance(Directory.open(data).services, list)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # a write cut short
        lambda raw: b"",
        lambda raw: b"not an index at all",
        lambda raw: raw[:-200] + bytes(200),  # postings zeroed: the checksum fails
        lambda raw: raw.replace(b'"format":%d' % index_cache.FORMAT, b'"format":999', 1),
    ],
)
def test_a_damaged_index_file_is_built_again(tmp_path, cache, damage):
    data = tmp_path / "data"
    Directory.open(data)
    want = [h.service["id"] for h in Directory.open(data).search("kinder telefon")]
    [path] = cache.glob("index-*.bin")
    path.write_bytes(damage(path.read_bytes()))
    d = Directory.open(data)
    assert isinstance(d.services, list)
    assert [h.service["id"] for h in d.search("kinder telefon")] == want
    assert not isinstance(Directory.open(data).services, list), "the file was not written again"


def test_a_number_edited_in_the_kept_index_never_reaches_the_screen(tmp_path, cache):
    """The file is as editable as the import layer it was built from: numbers are checked again."""
    data = tmp_path / "data"
    Directory.open(data)
    built = Directory.open(data)
    built.warm()
    target = next(
        s for s in built.services if any(ch["kind"] == "phone" and len(ch["value"]) > 5 for ch in s["channels"])
    )
    value = next(ch["value"] for ch in target["channels"] if ch["kind"] == "phone" and len(ch["value"]) > 5)
    spoofed = value[0] + "\u202e" + value[4:]  # the same length in UTF-8: offsets still hold
    assert len(spoofed.encode()) == len(value.encode())
    [path] = cache.glob("index-*.bin")
    raw = path.read_bytes()
    size = int.from_bytes(raw[8:16], "little")
    at, length, _ = json.loads(raw[16 : 16 + size])["sections"]["records"]
    a, b = 16 + size + at, 16 + size + at + length  # only the records: the rest is checksummed
    old = json.dumps(value, ensure_ascii=False).encode()
    assert old in raw[a:b]
    path.write_bytes(raw[:a] + raw[a:b].replace(old, json.dumps(spoofed, ensure_ascii=False).encode()) + raw[b:])
    again = Directory.open(data)
    assert not isinstance(again.services, list)
    shown = again.by_id(target["id"])
    assert shown is not None
    assert all("\u202e" not in str(ch.get("value")) for ch in shown["channels"])
    assert not path.exists(), "the edited file must be built again on the next start"


def test_no_cache_folder_means_no_file_and_the_same_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("VSD_CACHE_DIR", "")
    data = tmp_path / "data"
    Directory.open(data)
    d = Directory.open(data)
    assert d.search("kummer")
    assert isinstance(Directory.open(data).services, list)


def test_the_cache_keeps_only_the_newest_few_files(tmp_path, cache):
    for n in range(index_cache.MAX_FILES + 3):
        data = tmp_path / f"data{n}"
        Store(data).replace_directory(envelope(service(id=f"s{n}", name=f"Service {n}"), version=10_000))
        Directory.open(data).warm()
    assert len(list(cache.glob("index-*.bin"))) == index_cache.MAX_FILES


def test_info_reads_the_figures_from_a_current_index_without_reading_the_store(tmp_path, cache, monkeypatch, capsys):
    from tui.cli import main

    data = tmp_path / "data"
    Directory.open(data)
    Directory.open(data).warm()  # a search or the app writes the index file
    capsys.readouterr()
    want = json.loads(bundled_path().read_text(encoding="utf-8"))

    def no_reading(self):
        raise AssertionError("the store was read")

    with monkeypatch.context() as m:
        m.setattr(Store, "envelope", no_reading)
        assert main(["--data-dir", str(data), "info"]) == 0
    out = capsys.readouterr().out
    assert f"directory version  {want['version']} " in out
    assert f"services           {len(want['services'])}" in out

    newer = dict(want, version=want["version"] + 1, services=want["services"][:3])
    Store(data).replace_directory(newer)  # the index file is stale now: the store is read
    assert main(["--data-dir", str(data), "info"]) == 0
    out = capsys.readouterr().out
    assert f"directory version  {want['version'] + 1} " in out and "services           3" in out


def test_a_checksum_left_for_later_still_catches_damage(tmp_path, cache):
    """The app opens without reading the whole file (verify_cache=False) and checks it after the first
    results: a damaged file then fails the check, is removed, and the next open builds from the store."""
    data = tmp_path / "data"
    Directory.open(data)
    want = [h.service["id"] for h in Directory.open(data).search("kinder telefon")]
    [path] = cache.glob("index-*.bin")
    raw = path.read_bytes()
    path.write_bytes(raw[:-200] + bytes(200))  # postings zeroed at the end
    quick = Directory.open(data, verify_cache=False)
    assert not isinstance(quick.services, list), "the quick open reads the file back"
    assert quick.cache_intact() is False
    assert not path.exists()
    again = Directory.open(data)
    assert isinstance(again.services, list)
    assert [h.service["id"] for h in again.search("kinder telefon")] == want
    assert Directory.open(data, verify_cache=False).cache_intact() is True


def test_keep_builds_the_index_with_the_collector_paused_and_resumes_it(tmp_path, cache, monkeypatch):
    """Every record and the index are alive until the file is written: the collector would walk them
    again and again for nothing (more than half of `keep` after an import of 100,000 services)."""
    import gc

    Store(str(tmp_path / "data")).replace_directory(envelope(service(), version=1000))  # never reseeded
    seen: list[bool] = []
    opened = Directory.open.__func__

    def open_watched(cls, *args, **kwargs):
        seen.append(gc.isenabled())
        return opened(cls, *args, **kwargs)

    monkeypatch.setattr(Directory, "open", classmethod(open_watched))
    assert gc.isenabled()
    assert index_cache.keep(str(tmp_path / "data")).exists()
    assert seen == [False] and gc.isenabled()
