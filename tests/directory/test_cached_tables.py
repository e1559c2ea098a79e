"""What the search reads from the disk cache instead of CLDR and phonenumbers is what they say.

The name tables are read shard by shard (directory.table_shards), the country facts and the
calling codes from small cached files; every answer must be the one the libraries give.
"""

from __future__ import annotations

import json
import random

import phonenumbers
import pytest

from directory import countries, languages, query, support_types, table_shards, tokens
from directory.bundled import bundled_path
from directory.name_lookup import Vocabulary, cached_table


def alliance_countries() -> list[str]:
    env = json.loads(bundled_path().read_text(encoding="utf-8"))
    return sorted({c for s in env["services"] for c in s["countries"]})


TABLE = {
    "germany": {"DE": 0},
    "deutschland": {"DE": 1},
    "allemagne": {"DE": 2},
    "georgia": {"GE": 0, "US": 2},
    "ґрузія": {"GE": 2},
    "niemcy": {"DE": 2},
}


def test_a_sharded_table_holds_the_same_entries():
    calls = []
    table = table_shards.ShardedTable(table_shards.to_bytes(TABLE), lambda: calls.append(1) or TABLE)
    assert len(table) == len(TABLE)
    assert table["georgia"] == {"GE": 0, "US": 2} and table.get("atlantis") is None and "ґрузія" in table
    assert dict(table) == TABLE
    assert table.low() == {k: v for k, v in TABLE.items() if min(v.values()) <= table_shards.LOW_TIER}
    assert calls == []


def test_a_lookup_parses_only_its_shard():
    table = table_shards.ShardedTable(table_shards.to_bytes(TABLE), lambda: TABLE)
    assert table["niemcy"] == {"DE": 2}
    assert sum(p is not None for p in table._parts) == 1


def test_a_damaged_shard_is_built_again_and_the_lookup_still_answers():
    raw = table_shards.to_bytes(TABLE)
    shard = table_shards.shard_of("germany")
    lines = raw.split(b"\n")
    lines[1 + shard] = b"{" + b"x" * (len(lines[1 + shard]) - 1)  # same length: the header still fits
    calls = []
    table = table_shards.ShardedTable(b"\n".join(lines), lambda: calls.append(1) or dict(TABLE))
    assert table["germany"] == {"DE": 0} and calls == [1]
    assert dict(table) == TABLE and calls == [1]


def test_the_cache_file_is_written_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path))
    builds = []

    def build():
        builds.append(1)
        return dict(TABLE)

    first = cached_table("demo", "fp", build)
    assert first == TABLE and builds == [1]
    (path,) = tmp_path.iterdir()
    second = cached_table("demo", "fp", build)
    assert isinstance(second, table_shards.ShardedTable) and dict(second) == TABLE and builds == [1]
    path.write_bytes(b"not a table\n")
    assert dict(cached_table("demo", "fp", build)) == TABLE and builds == [1, 1]
    assert cached_table("demo", "other fingerprint", build) == TABLE and builds == [1, 1, 1]


@pytest.mark.parametrize("module", [countries, languages, support_types])
def test_the_vocabularies_answer_alike_from_shards_and_from_memory(module):
    module.vocabulary()  # built into the test cache if it was not there
    fresh = module.vocabulary.__wrapped__()  # a new reader of the cache file: nothing parsed yet
    assert isinstance(fresh.table, table_shards.ShardedTable)
    whole = Vocabulary(dict(table_shards.whole(module.vocabulary.__wrapped__().table)), kind=fresh.kind)
    rng = random.Random(13)
    keys = rng.sample(sorted(whole.table), 300)
    words = [*keys, *(k[:-1] + "x" for k in keys if len(k) > 6), "deutschlnd", "ukrainain", "polnisch", "xq"]
    for word in words:
        for tier in (0, 1, 2, 9):
            assert fresh.exact(word, max_tier=tier) == whole.exact(word, max_tier=tier), word
        assert fresh.typo(word, max_tier=1) == whole.typo(word, max_tier=1), word
        assert fresh.resolve(word) == whole.resolve(word), word
    assert fresh.suggest("atlantis") == whole.suggest("atlantis")
    assert fresh.unspaced_entries(2) == whole.unspaced_entries(2)


def test_country_facts_from_the_cache_are_cldrs():
    codes = [*alliance_countries(), "KP", "CD", "VA", "XK", "de", "??"]
    for code in codes:
        assert countries.facts(code) == countries._live_facts(code), code


def test_calling_codes_from_the_cache_are_phonenumbers():
    known, regions = tokens._calling_codes()
    assert known == frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
    for region in [*alliance_countries(), "de", "XK", "ZZ", "AC"]:
        assert regions.get(region, 0) == phonenumbers.country_code_for_region(region), region


def test_kinds_of_help_and_country_stems_from_the_cache_are_what_the_word_lists_give():
    support_types.vocabulary()
    cached = support_types.vocabulary.__wrapped__().table
    assert isinstance(cached, table_shards.ShardedTable)
    assert dict(table_shards.whole(cached)) == support_types._build_table()
    support_types.composed.cache_clear()
    assert support_types.composed() == {
        code: [frozenset(g) for g in groups] for code, groups in support_types._composed_words().items()
    }
    assert support_types.composed()["domestic_violence"]  # the word lists hold pairs: the check compares something
    codes = alliance_countries()
    query.country_stems(codes)  # written to the cache if it was not there
    assert query.country_stems(codes) == query._country_stems(codes)
    assert "PL" in query.country_stems(codes).values()


@pytest.mark.parametrize("damage", ['"\\\\x00"', '"(("', '"a-"', '"\\\\u"'])
def test_a_damaged_character_class_in_the_cache_never_lets_a_control_through(tmp_path, monkeypatch, damage):
    from directory.char_classes import CategoryFilter

    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path))
    actions = {"Cc": " ", "Cf": None, "Co": None, "Cn": None}
    assert CategoryFilter(actions)("a\u202eb\x1bc") == "ab c"  # worked out, and written to the cache
    (path,) = tmp_path.glob("char-class-*.json")
    path.write_text(damage, encoding="utf-8")  # a class that would miss RLO and ESC, or no regex at all
    assert CategoryFilter(actions)("a\u202eb\x1bc") == "ab c"
    assert CategoryFilter(actions)("plain é text") == "plain é text"


@pytest.mark.parametrize("damage", [b"not json", b'{"5": [1, 2]}', b'{"x": ["a"]}'])
def test_typo_lengths_read_back_from_the_cache_equal_fresh_ones_and_damage_is_rebuilt(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path))
    table = {"deutschland": {"DE": 0}, "polska": {"PL": 0}, "osterreich": {"AT": 1}, "ukraina": {"UA": 2}}
    plain = Vocabulary(dict(table), kind="country")
    want = plain._length_buckets(1)
    first = Vocabulary(dict(table), kind="country", cached_as=("demo", "fp"))
    assert first._length_buckets(1) == want  # built, and written
    (path,) = tmp_path.glob("demo-lengths-1-*.json")
    assert {int(n): keys for n, keys in json.loads(path.read_bytes()).items()} == want
    path.write_bytes(damage)
    again = Vocabulary(dict(table), kind="country", cached_as=("demo", "fp"))
    assert again._length_buckets(1) == want
    assert again.typo("deutschlnd", max_tier=1) == "DE"
