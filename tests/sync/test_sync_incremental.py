"""A sync in proportion to the change (sync.incremental), on a real feed on 127.0.0.1: records that
are byte-for-byte the stored ones are not validated again; new and changed ones are, and a bad one is
refused with the same message as before and the local files left byte-for-byte as they were."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from directory import validate as validate_module
from directory.store import VALIDATED_WITH, Store
from sync.client import sync
from sync.errors import SyncRefused
from tests.sync_fixtures import BOOKMARKED, FAST, local_files, records, release

pytestmark = pytest.mark.usefixtures("sync_env")

IDS = [BOOKMARKED, *(f"de-service-{k}" for k in range(11))]


@pytest.fixture
def checked(monkeypatch) -> Iterator[list[str]]:
    """The ids of the records the validator's per-record rules were run on, in order."""
    seen: list[str] = []
    real = validate_module.record_problems

    def spy(rec: dict[str, Any], *args: Any, **kwargs: Any) -> Iterator[str]:
        seen.append(rec.get("id", "?"))
        return real(rec, *args, **kwargs)

    monkeypatch.setattr(validate_module, "record_problems", spy)
    yield seen


@pytest.fixture
def synced(feed, server, store) -> Store:
    """A store synced to version 2 of the feed: twelve records, all new, so parsed and validated whole;
    the feed writes its JSON with spaces (json.dumps' default), and the store keeps each record's text
    as the feed wrote it, so that the next sync can match the unchanged ones."""
    feed.publish(release(2, *records(*IDS)))
    assert sync(store, server.url, feed.root_path, settings=FAST).updated
    return store


def run(store: Store, server) -> Any:
    return sync(store, server.url, settings=FAST)


def test_only_new_and_changed_records_are_validated(feed, server, synced, checked):
    new = records(*IDS[:-1], "de-added")  # the last one removed, one added
    new[3]["description"] = "Open on public holidays too."  # one changed
    feed.publish(release(3, *new))
    checked.clear()  # publishing validated the whole file in this process
    result = run(synced, server)
    assert result.updated and result.version == 3 and result.services == len(IDS)
    assert sorted(checked) == sorted([IDS[3], "de-added"])
    assert result.diff.summary() == "1 added, 1 removed, 1 changed"
    assert [c.id for c in result.diff.changed] == [IDS[3]] and result.diff.changed[0].fields == ("description",)
    assert [c.id for c in result.diff.removed] == [IDS[-1]] and [c.id for c in result.diff.added] == ["de-added"]
    now = Store(synced.data_dir)
    assert now.envelope()["services"] == new  # the records written as they came read back the same
    assert now.meta()[VALIDATED_WITH] == validate_module.rules_stamp()
    assert now.bookmarks() == [BOOKMARKED] and now.note(BOOKMARKED) == "ask for Ms K."


def test_a_bad_change_is_refused_as_before_and_nothing_changes(feed, server, synced, checked):
    new = records(*IDS)
    new[5]["channels"] = [{"kind": "phone", "value": "+49 30 1"}]
    feed.publish_unchecked(release(3, *new))
    before = local_files(synced)
    with pytest.raises(SyncRefused) as caught:
        run(synced, server)
    err = caught.value
    assert err.attack == "invalid data" and "version 3 has 1 problem" in str(err)
    assert err.problems == [f'services[5] {IDS[5]}: channels[0].value "+49 30 1" is not a valid phone number for DE']
    assert local_files(synced) == before
    assert IDS[5] in checked  # the changed record was validated


@pytest.mark.parametrize("twice", [False, True])
def test_an_id_used_twice_across_changed_and_kept_records_is_refused(feed, server, synced, twice):
    new = records(*IDS)
    if twice:  # the same stored record twice: both copies match it
        new.append(dict(new[0]))
    else:  # a changed record takes the id of one that stays as it was
        new[4] = records(IDS[7], description="Another text.")[0]
    feed.publish_unchecked(release(3, *new))
    before = local_files(synced)
    with pytest.raises(SyncRefused) as caught:
        run(synced, server)
    assert any("duplicate id" in p for p in caught.value.problems)
    assert local_files(synced) == before


def test_a_store_validated_by_other_rules_is_checked_whole(feed, server, synced, checked, monkeypatch):
    monkeypatch.setattr("sync.incremental.rules_stamp", lambda: "rules of another vsd version")
    new = records(*IDS)
    new[0]["description"] = "Changed."
    feed.publish(release(3, *new))
    checked.clear()
    assert run(synced, server).updated
    assert sorted(checked) == sorted(IDS)


def test_a_changed_short_number_table_checks_every_record(feed, server, synced, checked):
    env = release(3, *records(*IDS))
    env["schema"] = "vsd.services/2"
    env["short_numbers"] = [
        {"country": "DE", "number": "116 117", "what": "Test entry", "source": "https://example.org/short"}
    ]
    feed.publish(env)
    checked.clear()
    assert run(synced, server).updated
    assert sorted(checked) == sorted(IDS)


def test_a_lone_surrogate_in_a_changed_record_reads_as_before(feed, server, synced, checked):
    """The changed record goes through the same strict parse as a whole file: a lone surrogate escape
    becomes U+FFFD; the store keeps the feed's text, which reads back the same."""
    new = records(*IDS)
    new[2]["description"] = "Broken \ud800 text."
    feed.publish(release(3, *new))
    checked.clear()
    assert run(synced, server).updated
    assert checked == [IDS[2]]
    stored = {s["id"]: s for s in Store(synced.data_dir).envelope()["services"]}
    assert stored[IDS[2]]["description"] == "Broken \ufffd text."
