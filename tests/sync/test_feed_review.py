"""Two-person review: propose, diff, approve, publish — and one person alone cannot publish at threshold 2."""

from __future__ import annotations

import json

import pytest

from sync import review
from sync.client import sync
from sync.publisher import Publisher
from sync.rotation import keygen, rotate
from tests.sync_fixtures import BOOKMARKED, FAST, records, release
from tui.cli import main

pytestmark = pytest.mark.usefixtures("sync_env")

PASS = "two people"


@pytest.fixture
def holders(feed, tmp_path, monkeypatch):
    """Targets held by Alice and Bob at threshold 2 (the rotation itself approved by both)."""
    monkeypatch.setenv("VSD_KEY_PASSPHRASE", PASS)
    keys = {}
    for name in ("alice", "bob"):
        keygen(tmp_path / f"{name}.pem", PASS.encode())
        keys[name] = str(tmp_path / f"{name}.pem")
    res = rotate(feed.pub, "targets", public_keys=[tmp_path / "alice.pem.pub", tmp_path / "bob.pem.pub"], threshold=2)
    assert res.staged and res.key_file is None
    review.approve(feed.pub, [keys["alice"]])
    review.approve(feed.pub, [keys["bob"]])
    review.publish_staged(feed.pub)
    return keys


def write(feed, env) -> str:
    path = feed.src / f"v{env['version']}.json"
    path.write_text(json.dumps(env), encoding="utf-8")
    return str(path)


def test_a_single_signer_cannot_publish_at_threshold_2(feed, server, store, holders, capsys):
    d = str(feed.pub.dir)
    src = write(feed, release(2, *records(BOOKMARKED, "de-a-1")))
    before = feed.files()
    assert main(["feed", "publish", src, d]) == 1  # the old keys/targets.pem was retired by the rotation
    assert f"{feed.pub.keys_dir / 'targets.pem'}: no such key file" in capsys.readouterr().err
    assert main(["feed", "publish", src, d, "--key", holders["alice"]]) == 1
    assert "targets needs 2 signatures from different keys, it has 1" in capsys.readouterr().err
    assert main(["feed", "publish", src, d, "--key", holders["alice"], "--key", holders["alice"]]) == 1
    assert "it has 1" in capsys.readouterr().err  # the same key twice is one signature

    assert main(["feed", "propose", src, d, "--key", holders["alice"]]) == 0
    assert "1 of 2 targets signatures (needs 1 more)" in capsys.readouterr().out
    assert main(["feed", "rotate", "snapshot", d]) == 1  # a pending proposal is never dropped by a rotation
    assert "holds a proposal: publish it" in capsys.readouterr().err
    assert main(["feed", "approve", d, "--key", holders["alice"]]) == 1
    assert "has already signed this proposal" in capsys.readouterr().err
    assert main(["feed", "publish", d]) == 1
    assert "the proposal has 1; another key holder must run `vsd feed approve" in capsys.readouterr().err
    assert feed.files() == before and feed.pub.published() is None

    assert main(["feed", "approve", d, "--key", holders["bob"]]) == 0
    assert "2 of 2 targets signatures (ready to publish)" in capsys.readouterr().out
    assert main(["feed", "publish", d]) == 0
    assert "published version 2" in capsys.readouterr().out
    assert not (feed.pub.dir / "staged").exists()
    assert sync(store, server.url, feed.root_path, settings=FAST).version == 2  # the client follows root v2


def test_a_proposal_the_feed_moved_past_is_not_published(feed, tmp_path, capsys):
    d = str(feed.pub.dir)
    assert main(["feed", "propose", write(feed, release(2, *records(BOOKMARKED))), d]) == 0
    assert "1 of 1 targets signatures (ready to publish)" in capsys.readouterr().out
    assert main(["feed", "propose", write(feed, release(3, *records(BOOKMARKED))), d]) == 1
    assert "already holds a proposal" in capsys.readouterr().err
    feed.publish(release(4, *records(BOOKMARKED)))  # someone published meanwhile
    assert main(["feed", "publish", d]) == 1
    assert "the feed changed since this proposal was made" in capsys.readouterr().err
    assert feed.pub.published()["version"] == 4
    (feed.pub.dir / "staged" / "targets.json").write_text("{")
    assert main(["feed", "approve", d]) == 1
    assert "is damaged" in capsys.readouterr().err


OLD = release(
    2,
    *records(BOOKMARKED),
    *records("de-a-1", description="Open weekdays."),
    *records("de-b-2"),
)


def changed_records():
    a = records("de-a-1", description="Open every day.")[0]
    a["channels"][0]["value"] = "116 006"  # a real German short number (victims' helpline), was 116 111
    return [*records(BOOKMARKED, languages=["de", "en"]), a, *records("de-c-3")]


def test_diff_lists_number_changes_first_in_words(feed, capsys):
    old = write(feed, OLD)
    new = write(feed, release(3, *changed_records()))
    assert main(["feed", "diff", old, new]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "1 added, 1 removed, 2 changed; 1 phone number or address change in existing services (marked !)"
    assert out[2] == "~ de-a-1  Service de-a-1  (changed)"  # the service whose number changed comes first
    assert out[3] == "  ! phone changed: 116 111 → 116 006"
    assert out[4] == "    description changed: Open weekdays. → Open every day."
    assert f"~ {BOOKMARKED}  Service {BOOKMARKED}  (changed)" in out
    assert "    languages added: en" in out
    assert "+ de-c-3  Service de-c-3  (added)" in out and "- de-b-2  Service de-b-2  (removed)" in out

    assert main(["feed", "diff", old, new, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"] == {"added": 1, "removed": 1, "changed": 2, "contact_changes": 1}
    first = doc["services"][0]
    assert first["id"] == "de-a-1" and first["contact_changed"] is True
    assert first["changes"][0]["field"] == "phone" and first["changes"][0]["contact"] is True


def test_diff_of_a_feed_folder_shows_published_against_staged(feed, capsys):
    feed.publish(OLD)
    assert main(["feed", "diff", str(feed.pub.dir)]) == 0  # nothing staged: published against itself
    assert "0 added, 0 removed, 0 changed" in capsys.readouterr().out
    hostile = records("de-a-1", description="Call now\x1b[2J\x1b]8;;http://evil\x07")
    assert main(["feed", "propose", write(feed, release(3, *records(BOOKMARKED), *hostile)), str(feed.pub.dir)]) == 0
    capsys.readouterr()
    assert main(["feed", "diff", str(feed.pub.dir)]) == 0
    out = capsys.readouterr().out
    assert f"{feed.pub.dir} (published) v2 → {feed.pub.dir} (staged) v3" in out
    assert "description changed: Open weekdays. → Call now" in out and "\x1b" not in out
    assert main(["feed", "diff", str(feed.pub.dir), "--json"]) == 0
    out = capsys.readouterr().out
    assert "Call now" in out and "\\u001b" not in out and "\x1b" not in out and "http://evil" not in out
    empty = Publisher.init(feed.src / "empty")
    assert main(["feed", "diff", str(empty.dir)]) == 1
    assert "has nothing published yet" in capsys.readouterr().err


def test_an_edit_at_the_end_of_a_long_text_is_shown_not_cut_off():
    from sync.diff import record_changes

    long = "National helpline for victims of crime and violence: support, information on rights and procedures. " * 2
    (change,) = record_changes({"description": long}, {"description": long + "Closed on Sundays."})
    assert (
        change.words() == "description changed: … rights and procedures. → … rights and procedures. Closed on Sundays."
    )
