"""Every way a feed can be wrong: the sync refuses (or reports offline) and the local copy is untouched.

Each test runs against a real HTTP server on 127.0.0.1. In every one, the local
directory file, its version and the bookmarks/notes file are compared byte for
byte before and after.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from tuf.api.metadata import Metadata, MetaFile

from directory.store import Store
from sync.client import sync
from sync.errors import FeedOffline, SyncRefused
from sync.fetcher import FetchSettings
from sync.publisher import TIMESTAMP_EXPIRES_DAYS, Publisher
from tests.sync_fixtures import (
    BOOKMARKED,
    FAST,
    HTML_PAGE,
    body,
    closed_port,
    drip,
    endless,
    html_page,
    local_files,
    once,
    records,
    release,
    reset_after,
    status,
)

pytestmark = pytest.mark.usefixtures("sync_env")

V2 = release(2, *records(BOOKMARKED, "de-a-1", "de-b-2"))
V3 = release(3, *records(BOOKMARKED, "de-a-1", "de-c-3"))


@pytest.fixture
def synced(feed, server, store):
    """The client synced to version 2; the feed has since published version 3."""
    feed.publish(V2)
    assert sync(store, server.url, feed.root_path, settings=FAST).version == 2
    feed.publish(V3)
    server.requests.clear()
    return store


def refused(store: Store, attack: str, settings: FetchSettings = FAST, **kwargs) -> SyncRefused:
    before = local_files(store)
    with pytest.raises(SyncRefused) as caught:
        sync(store, settings=settings, **kwargs)
    err = caught.value
    assert err.exit_code == 1
    assert err.attack == attack, str(err)
    assert str(err).startswith(f"{attack}: ")
    assert "refused, keeping your copy (version" in str(err)
    assert local_files(store) == before
    return err


def offline(store: Store, settings: FetchSettings = FAST, **kwargs) -> FeedOffline:
    before = local_files(store)
    with pytest.raises(FeedOffline) as caught:
        sync(store, settings=settings, **kwargs)
    err = caught.value
    assert err.exit_code == 3
    assert str(err).startswith("offline: keeping your copy from 2026-11-20 (")
    assert local_files(store) == before
    return err


def recovers(store: Store, server, version: int = 3) -> None:
    """Once the feed serves the truth again, the same data dir syncs normally."""
    server.faults.clear()
    result = sync(store, settings=FAST)
    assert result.version == version
    assert Store(store.data_dir).bookmarks() == [BOOKMARKED]


def sign(feed, md: Metadata, role: str) -> bytes:
    root = Metadata.from_bytes(feed.metadata("root.json")).signed
    md.sign(feed.pub._signers(root)[role])
    return md.to_bytes()


# -- tampering ----------------------------------------------------------------------------
def test_tampered_target_bytes(feed, server, synced):
    target = feed.repo / feed.target_path().lstrip("/")
    data = bytearray(target.read_bytes())
    data[data.index(b"de-c-3")] = ord("x")  # same length, different bytes
    target.write_bytes(bytes(data))
    err = refused(synced, "tampered target")
    assert "does not match the length and hash its signed metadata lists" in str(err)


@pytest.mark.parametrize("name", ["timestamp.json", "3.targets.json", "3.snapshot.json"])
def test_metadata_edited_without_resigning(feed, server, synced, name):
    path = feed.repo / "metadata" / name
    doc = json.loads(path.read_bytes())
    doc["signed"]["expires"] = "2099-01-01T00:00:00Z"  # the signatures stay as they were
    path.write_text(json.dumps(doc))
    err = refused(synced, "tampered metadata")
    assert name in str(err)
    feed.pub.refresh(targets=True)  # the publisher re-signs: clients accept again
    recovers(synced, server)


def test_timestamp_signed_by_an_unknown_key(feed, server, synced):
    from securesystemslib.signer import CryptoSigner

    md = Metadata.from_bytes(feed.metadata("timestamp.json"))
    md.signed.version += 1
    md.sign(CryptoSigner.generate_ed25519())  # a key the client's root does not list
    (feed.repo / "metadata" / "timestamp.json").write_bytes(md.to_bytes())
    err = refused(synced, "unknown key")
    assert "timestamp.json is signed by" in str(err)
    assert "does not list for timestamp" in str(err)


def test_a_whole_feed_signed_by_other_keys(tmp_path, server, synced):
    """An impostor feed at the same URL: valid TUF, but none of its keys are the pinned ones."""
    impostor = Publisher.init(tmp_path / "impostor")
    src = tmp_path / "impostor.json"
    src.write_text(json.dumps(release(9, *records("de-evil-9"))))
    impostor.publish(src)
    files = {
        p: (impostor.repo / "metadata" / p).read_bytes()
        for p in ("timestamp.json", "2.snapshot.json", "2.targets.json")
    }
    for name, data in files.items():
        server.faults[f"/metadata/{name}"] = body(data)
    refused(synced, "unknown key")


# -- rollback ------------------------------------------------------------------------------
def test_rollback_old_timestamp_replayed(feed, server, synced):
    old_timestamp = feed.metadata("timestamp.json")  # published v3, not yet synced
    assert sync(synced, settings=FAST).version == 3
    feed.publish(release(4, *records(BOOKMARKED)))
    assert sync(synced, settings=FAST).version == 4
    server.faults["/metadata/timestamp.json"] = body(old_timestamp)
    err = refused(synced, "rollback")
    assert "older metadata than you already trust" in str(err)


def test_rollback_new_timestamp_pointing_at_an_old_snapshot(feed, server, synced):
    """Even a validly signed timestamp may not take the snapshot version backwards."""
    assert sync(synced, settings=FAST).version == 3
    md = Metadata.from_bytes(feed.metadata("timestamp.json"))
    old_snapshot = feed.metadata("2.snapshot.json")
    md.signed.version += 1
    md.signed.snapshot_meta = MetaFile.from_data(2, old_snapshot, ["sha256"])
    server.faults["/metadata/timestamp.json"] = body(sign(feed, md, "timestamp"))
    err = refused(synced, "rollback")
    assert "snapshot version must be >= 3" in str(err)


def test_rollback_new_snapshot_listing_old_targets(feed, server, synced):
    assert sync(synced, settings=FAST).version == 3
    snap = Metadata.from_bytes(feed.metadata("3.snapshot.json"))
    snap.signed.version = 4
    snap.signed.meta["targets.json"] = MetaFile.from_data(2, feed.metadata("2.targets.json"), ["sha256"])
    snap_raw = sign(feed, snap, "snapshot")
    ts = Metadata.from_bytes(feed.metadata("timestamp.json"))
    ts.signed.version += 1
    ts.signed.snapshot_meta = MetaFile.from_data(4, snap_raw, ["sha256"])
    server.faults["/metadata/4.snapshot.json"] = body(snap_raw)
    server.faults["/metadata/timestamp.json"] = body(sign(feed, ts, "timestamp"))
    err = refused(synced, "rollback")
    assert "targets.json" in str(err)


def test_rollback_of_the_directory_version(feed, server, synced):
    """A correctly signed feed that offers an older directory than the local one."""
    newer = release(5, *records(BOOKMARKED, "de-z-5"))
    synced.replace_directory(newer, source="test")
    err = refused(synced, "rollback")
    assert str(err).startswith("rollback: feed offers version 3, you have 5")


# -- freeze --------------------------------------------------------------------------------
def test_freeze_expired_timestamp_names_the_date(feed, server, synced):
    signed_at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=40)
    feed.publish(release(4, *records(BOOKMARKED)), expires_days=30, now=signed_at)
    expired = signed_at + timedelta(days=TIMESTAMP_EXPIRES_DAYS)  # the timestamp expires first
    err = refused(synced, "freeze")
    assert f"expired on {expired:%Y-%m-%d %H:%M} UTC" in str(err)
    assert "timestamp" in str(err)


# -- mix-and-match --------------------------------------------------------------------------
def test_mix_and_match_targets_from_another_release(feed, server, synced):
    """Timestamp and snapshot of release 3, targets metadata of release 2 under release 3's name."""
    server.faults["/metadata/3.targets.json"] = body(feed.metadata("2.targets.json"))
    err = refused(synced, "mix-and-match")
    assert "3.targets.json holds targets version 2 from another release" in str(err)


def test_mix_and_match_snapshot_from_another_release(feed, server, synced):
    server.faults["/metadata/3.snapshot.json"] = body(feed.metadata("2.snapshot.json"))
    refused(synced, "mix-and-match")


# -- endless data ---------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["target", "timestamp"])
def test_endless_data_is_cut_at_the_limit(feed, server, synced, where):
    path = feed.target_path() if where == "target" else "/metadata/timestamp.json"
    server.faults[path] = endless()  # 4 GiB, generated lazily, no Content-Length
    started = time.monotonic()
    err = refused(synced, "endless data")
    assert time.monotonic() - started < 5
    limit = feed.pub.published()["length"] if where == "target" else 16384
    assert f"more than the {limit:,} bytes allowed" in str(err)
    assert server.sent < 16 * 2**20  # the client hung up long before the 4 GiB
    recovers(synced, server)


def test_announced_multi_gigabyte_length_is_refused_before_reading(feed, server, synced):
    server.faults[feed.target_path()] = endless(content_length=5 * 2**30)
    err = refused(synced, "endless data")
    assert "announces 5,368,709,120 bytes" in str(err)


# -- servers that misbehave -----------------------------------------------------------------
def test_html_page_instead_of_metadata(feed, server, synced):
    """A captive portal answers 200 with its login page."""
    server.faults["/metadata/timestamp.json"] = html_page(200)
    err = refused(synced, "not signed metadata")
    assert '"<!DOCTYPE html>' in str(err)
    assert "captive portal" in str(err)


def test_html_page_instead_of_the_target(feed, server, synced):
    server.faults[feed.target_path()] = body(HTML_PAGE)
    refused(synced, "tampered target")


def test_html_error_page(feed, server, synced):
    server.faults["/metadata/timestamp.json"] = html_page(503)
    err = offline(synced)
    assert "HTTP 503" in str(err)


def test_404(feed, server, synced):
    server.faults["/metadata/timestamp.json"] = status(404)
    err = offline(synced)
    assert "HTTP 404" in str(err) and "timestamp.json" in str(err)
    assert server.paths().count("/metadata/timestamp.json") == 1  # a 4xx is not retried


def test_500_is_retried_then_reported(feed, server, synced):
    path = feed.target_path()
    server.faults[path] = status(500)
    err = offline(synced)
    assert "HTTP 500" in str(err)
    assert server.paths().count(path) == 1 + FAST.retries


def test_500_once_then_success(feed, server, synced):
    server.faults["/metadata/timestamp.json"] = once(status(500))
    assert sync(synced, settings=FAST).version == 3


def test_connection_reset_mid_download(feed, server, synced):
    path = feed.target_path()
    server.faults[path] = reset_after(100)
    err = offline(synced)
    assert "connection to 127.0.0.1" in str(err) and "lost during" in str(err)
    assert server.paths().count(path) == 1 + FAST.retries


def test_connection_reset_once_is_retried(feed, server, synced):
    server.faults[feed.target_path()] = once(reset_after(100))
    result = sync(synced, settings=FAST)
    assert result.version == 3


def test_slow_drip_past_the_deadline(feed, server, synced):
    server.faults[feed.target_path()] = drip(1.0)
    settings = FetchSettings(connect_timeout=2, read_timeout=5, deadline=2.0, retries=2, backoff=0.01)
    started = time.monotonic()
    err = offline(synced, settings)
    elapsed = time.monotonic() - started
    assert "slow retrieval" in str(err) and "deadline" in str(err)
    assert 2.0 <= elapsed < 5.0


def test_slow_drip_deadline_from_the_environment(feed, server, synced, monkeypatch):
    monkeypatch.setenv("VSD_SYNC_DEADLINE", "1.5")
    server.faults["/metadata/timestamp.json"] = drip(1.0)
    started = time.monotonic()
    err = offline(synced, settings=None)
    assert "slow retrieval" in str(err)
    assert time.monotonic() - started < 4.5


def test_feed_unreachable(synced):
    err = offline(synced, feed_url=f"http://127.0.0.1:{closed_port()}")
    assert "cannot connect to 127.0.0.1" in str(err) and "connection refused" in str(err)


# -- data that fails validation ---------------------------------------------------------------
def test_signed_target_with_invalid_records_is_not_applied(feed, server, synced):
    bad = release(
        4,
        *records(BOOKMARKED, "de-fine-4"),
        *records("de-bad-phone", channels=[{"kind": "phone", "value": "+49 30 1"}]),
        *records("xx-bad-country", countries=["XX"]),
    )
    feed.publish_unchecked(bad)
    err = refused(synced, "invalid data")
    text = str(err)
    assert "version 4 has 2 problems" in text and "nothing applied" in text
    assert 'services[2] de-bad-phone: channels[0].value "+49 30 1" is not a valid phone number for DE' in text
    assert 'services[3] xx-bad-country: countries[0] "XX" is not an ISO 3166-1 alpha-2 country code' in text
    assert len(err.problems) == 2


def test_signed_target_that_is_not_json(feed, server, synced):
    feed.pub._publish_bytes({"version": 4, "services": []}, b"\x00\x01 not json", expires_days=30)
    err = refused(synced, "invalid data")
    assert "the feed's services.json" in str(err)


def test_signed_metadata_and_file_disagree_on_the_version(feed, server, synced):
    env = release(4, *records(BOOKMARKED))
    feed.pub._publish_bytes(env, json.dumps(release(6, *records(BOOKMARKED))).encode(), expires_days=30)
    err = refused(synced, "inconsistent feed")
    assert "announces version 4 but the file holds version 6" in str(err)
