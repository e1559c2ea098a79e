"""Clients of the /1 schema keep working: a feed publishes a /1 file beside the /2 one.

"Today's client" is stood in for by what it runs: the frozen /1 JSON Schema (additional fields refused)
and phone validation by the phone metadata alone (no short-number table).
"""

from __future__ import annotations

import json

import jsonschema
import pytest

from directory.bundled import bundled_path, schema_path
from directory.compat import V1, V2, to_v1
from directory.store import Store
from directory.validate import validate
from sync import client, publisher
from sync.client import sync
from tests.sync_fixtures import FAST

SCHEMA_V1 = json.loads((schema_path().parent / "schema_v1.json").read_text(encoding="utf-8"))


def bundled() -> dict:
    return json.loads(bundled_path().read_text(encoding="utf-8"))


def test_the_bundled_directory_is_v2_and_its_v1_form_is_what_a_v1_client_accepts():
    env = bundled()
    assert env["schema"] == V2 and env["short_numbers"] and env["coverage"]
    old = to_v1(env)
    errors = list(jsonschema.Draft202012Validator(SCHEMA_V1).iter_errors(old))
    assert errors == []
    # No short-number table in a /1 file: every phone left must be one the phone metadata knows.
    assert "short_numbers" not in old
    assert validate(old).ok
    # And the numbers a /1 client cannot dial-check are not lost: they are in the notes.
    thai = next(s for s in old["services"] if s["id"].startswith("th-") and "1387" in json.dumps(s, ensure_ascii=False))
    assert "1387" in thai.get("notes", "") or any(c["value"].replace(" ", "") == "1387" for c in thai["channels"])


def test_a_v1_schema_refuses_the_v2_file_so_the_v1_target_is_needed():
    errors = list(jsonschema.Draft202012Validator(SCHEMA_V1).iter_errors(bundled()))
    assert errors, "if /1 accepted /2 files there would be no need for the second target"


@pytest.mark.usefixtures("sync_env")
def test_a_feed_serves_v2_to_new_clients_and_v1_to_old_ones(feed, server, store, tmp_path, monkeypatch):
    env = bundled()
    env["version"] = env["version"] + 1
    feed.publish(env)
    *_, targets = feed.pub.current()
    names = set(targets.signed.targets)
    assert names == {publisher.TARGET_NAME, publisher.TARGET_V2}
    assert targets.signed.targets[publisher.TARGET_NAME].custom["schema"] == V1

    # A new client takes the /2 file: the short-number table and coverage arrive.
    sync(store, feed_url=server.url, root_path=feed.root_path, settings=FAST)
    got = Store(store.data_dir).envelope()
    assert got["schema"] == V2 and got["short_numbers"] == env["short_numbers"]

    # A client that only knows the /1 target name gets a file its /1 rules accept.
    old_dir = tmp_path / "old-client"
    monkeypatch.setattr(client, "TARGET_V2", "services-v9-unknown.json")
    old_store = Store(old_dir)
    sync(old_store, feed_url=server.url, root_path=feed.root_path, settings=FAST)
    old = Store(old_dir).envelope()
    assert old["schema"] == V1 and "short_numbers" not in old
    assert not list(jsonschema.Draft202012Validator(SCHEMA_V1).iter_errors(old))
