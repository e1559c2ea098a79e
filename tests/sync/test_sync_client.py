"""`vsd sync` against a real feed on 127.0.0.1: first sync, no-change sync, updates, settings, root rotation."""

from __future__ import annotations

import json

import pytest
from filelock import FileLock
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata

from directory.store import Store
from sync import client
from sync.client import SyncProgress, sync
from sync.errors import SyncBusy, SyncError, SyncRefused, SyncUsageError
from tests.sync_fixtures import (
    BOOKMARKED,
    FAST,
    closed_port,
    local_files,
    records,
    release,
)
from tui.cli import main
from tui.subcommands.sync import ProgressBar

pytestmark = pytest.mark.usefixtures("sync_env")

V2 = release(2, *records(BOOKMARKED, "de-a-1", "de-b-2"))


def cli(store: Store, *args: str) -> int:
    return main(["--data-dir", str(store.data_dir), "sync", *args])


# -- the happy path ----------------------------------------------------------------------------
def test_first_sync_then_no_change_sync(feed, server, store, capsys):
    userdata = store.userdata_path.read_bytes()
    feed.publish(V2)
    assert cli(store, "--feed", server.url, "--root", str(feed.root_path)) == 0
    out, err = capsys.readouterr()
    assert "updated: version 1 → 2 (3 services, generated 2026-11-20)" in out
    assert "2 added, 0 removed, 0 changed" in out
    assert "+ de-a-1  Service de-a-1" in out and "+ de-b-2  Service de-b-2" in out
    assert "feed signed until" in out
    assert "pinned the feed's root" in err
    now = Store(store.data_dir)
    assert now.envelope()["services"] == V2["services"]
    assert now.meta()["source"] == "feed" and now.meta()["feed"] == server.url
    assert store.userdata_path.read_bytes() == userdata  # bookmarks and notes untouched
    assert now.bookmarks() == [BOOKMARKED] and now.note(BOOKMARKED) == "ask for Ms K."

    # Second run: nothing new. Feed URL and root are remembered; only two tiny requests.
    server.requests.clear()
    before = local_files(store)
    assert cli(store) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("up to date (version 2, checked 20")
    assert server.paths() == ["/metadata/2.root.json", "/metadata/timestamp.json"]
    assert local_files(store) == before

    state = store.read_state("sync")
    assert state["feed"] == server.url
    assert state["last_sync"]["feed"] == server.url and state["last_sync"]["version"] == 2
    assert (store.data_dir / "sync" / "root.json").read_bytes() == feed.root_path.read_bytes()
    assert main(["--data-dir", str(store.data_dir), "info"]) == 0
    assert f"from {server.url}" in capsys.readouterr().out


def test_no_change_sync_costs_only_tiny_metadata_requests(feed, server, store):
    feed.publish(release(2, *records(*[f"de-r-{i}" for i in range(200)])))
    first = sync(store, server.url, feed.root_path, settings=FAST)
    assert first.updated and first.requests == 5 and first.bytes > 100_000
    again = sync(store, settings=FAST)
    assert again.status == "up to date" and again.version == 2
    assert again.requests == 2 and again.bytes < 2_000


def test_update_with_added_removed_and_changed_records(feed, server, store, capsys):
    feed.publish(V2)
    sync(store, server.url, feed.root_path, settings=FAST)
    changed = records("de-a-1", description="Now open on Sundays too.")
    feed.publish(release(3, *records(BOOKMARKED), *changed, *records("de-c-3")))
    userdata = store.userdata_path.read_bytes()
    assert cli(store) == 0
    out = capsys.readouterr().out
    assert "updated: version 2 → 3 (3 services, generated 2026-11-20)" in out
    assert "1 added, 1 removed, 1 changed" in out
    assert "  + de-c-3  Service de-c-3" in out
    assert "  - de-b-2  Service de-b-2" in out
    assert "  ~ de-a-1  Service de-a-1 (description)" in out
    assert [s["id"] for s in Store(store.data_dir).envelope()["services"]] == [BOOKMARKED, "de-a-1", "de-c-3"]
    assert store.userdata_path.read_bytes() == userdata


def test_result_and_progress_for_the_tui(feed, server, store):
    feed.publish(V2)
    events: list[SyncProgress] = []
    result = sync(store, server.url, feed.root_path, settings=FAST, progress=events.append)
    assert result.updated and result.previous == 1 and result.version == 2 and result.services == 3
    assert result.diff is not None and [c.id for c in result.diff.added] == ["de-a-1", "de-b-2"]
    assert result.feed_expires is not None and result.checked_at <= result.feed_expires
    phases = [e.phase for e in events]
    assert phases[0] == "checking" and phases[-1] == "applying"
    assert phases.index("downloading") < phases.index("validating") < phases.index("applying")
    last = [e for e in events if e.phase == "downloading"][-1]
    assert last.done == last.total == feed.pub.published()["length"]


def test_progress_bar_draws_on_a_terminal_only_for_big_downloads():
    import io

    quiet = io.StringIO()
    ProgressBar(quiet)(SyncProgress("downloading", 10, 10_000_000))  # not a terminal
    assert quiet.getvalue() == ""
    out = io.StringIO()
    bar = ProgressBar(out, force=True)
    bar(SyncProgress("downloading", 0, 100))  # too small to notice
    assert out.getvalue() == ""
    for done in (0, 5_000_000, 10_000_000):
        bar(SyncProgress("downloading", done, 10_000_000))
    bar(SyncProgress("validating"))
    text = out.getvalue()
    assert "\rdownloading     9.5 / 9.5 MiB [" in text and "100%" in text
    assert text.endswith("\nvalidating ...\n")


def test_user_agent_is_honest(feed, server, store):
    feed.publish(V2)
    sync(store, server.url, feed.root_path, settings=FAST)
    agents = {r.headers.get("User-Agent") for r in server.requests}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("vsd/") and "python-tuf/" in agent and "httpx/" in agent


# -- settings -----------------------------------------------------------------------------------
def test_usage_errors_exit_2(feed, server, store, capsys, tmp_path):
    assert cli(store) == 2
    assert "no feed configured: run `vsd sync --feed URL --root ROOT.json` once" in capsys.readouterr().err
    assert cli(store, "--feed", server.url) == 2
    assert "no trusted root" in capsys.readouterr().err
    assert cli(store, "--feed", "ftp://example.org/feed", "--root", str(feed.root_path)) == 2
    assert "must start with http:// or https://" in capsys.readouterr().err
    assert cli(store, "--feed", server.url, "--root", str(feed.repo / "metadata" / "timestamp.json")) == 2
    assert "not a signed TUF root.json" in capsys.readouterr().err
    assert cli(store, "--feed", server.url, "--root", str(tmp_path / "missing.json")) == 2
    assert "cannot read the trusted root" in capsys.readouterr().err
    forged = json.loads(feed.root_path.read_bytes())
    forged["signed"]["expires"] = "2099-01-01T00:00:00Z"
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    assert cli(store, "--feed", server.url, "--root", str(tmp_path / "forged.json")) == 2
    assert "not a signed TUF root.json" in capsys.readouterr().err


def test_exit_codes_1_and_3(feed, server, store, capsys):
    feed.publish(V2)
    assert cli(store, "--feed", server.url, "--root", str(feed.root_path)) == 0
    store.replace_directory(release(5, *records(BOOKMARKED)), source="test")
    assert cli(store) == 1
    assert "vsd: rollback: feed offers version 2, you have 5 — refused" in capsys.readouterr().err
    assert cli(store, "--feed", f"http://127.0.0.1:{closed_port()}") == 3
    assert "vsd: offline: keeping your copy from 2026-11-20 (cannot connect" in capsys.readouterr().err


def test_feed_and_root_from_the_environment(feed, server, store, monkeypatch):
    feed.publish(V2)
    monkeypatch.setenv("VSD_FEED_URL", server.url + "/")
    monkeypatch.setenv("VSD_FEED_ROOT", str(feed.root_path))
    assert sync(store, settings=FAST).version == 2
    assert sync(store, settings=FAST).status == "up to date"


def test_feed_and_root_from_the_config_file(feed, server, store, tmp_path, monkeypatch):
    feed.publish(V2)
    cfg = tmp_path / "vsd.toml"
    cfg.write_text(f'[sync]\nfeed_url = "{server.url}"\nroot = "{feed.root_path}"\n')
    monkeypatch.setenv("VSD_CONFIG", str(cfg))
    assert sync(store, settings=FAST).version == 2
    cfg.write_text("[sync\n")
    with pytest.raises(SyncUsageError, match="not a valid TOML config file"):
        sync(Store(tmp_path / "other"), settings=FAST)


def test_a_second_sync_waits_for_the_first(feed, server, store, monkeypatch):
    feed.publish(V2)
    monkeypatch.setattr(client, "LOCK_TIMEOUT_S", 0.2)
    (store.data_dir / "sync").mkdir(parents=True, exist_ok=True)
    with FileLock(str(store.data_dir / "sync" / "sync.lock")):
        with pytest.raises(SyncBusy, match="another vsd sync is running"):
            sync(store, server.url, feed.root_path, settings=FAST)


def test_directory_replaced_during_the_sync_is_not_overwritten(feed, server, store):
    feed.publish(V2)
    other = release(7, *records(BOOKMARKED, "de-local-7"))

    def meanwhile(p: SyncProgress) -> None:
        if p.phase == "applying":  # another process replaces the directory just before we do
            Store(store.data_dir).replace_directory(other, source="import")

    with pytest.raises(SyncError, match="changed while this sync ran"):
        sync(store, server.url, feed.root_path, settings=FAST, progress=meanwhile)
    assert Store(store.data_dir).envelope()["version"] == 7


def test_feed_without_version_info_is_compared_after_download(feed, server, store):
    """A plain TUF feed (no custom version in targets metadata) still works: the file's version decides."""
    feed.publish(V2)
    root, _, _, targets = feed.pub.current()
    targets.signed.targets["services.json"].unrecognized_fields.pop("custom")
    feed.pub._bump_and_write(targets, feed.pub._signers(root.signed), targets.signed.expires)
    assert sync(store, server.url, feed.root_path, settings=FAST).version == 2
    assert sync(store, settings=FAST).status == "up to date"


# -- root rotation ---------------------------------------------------------------------------------
def rotate_timestamp_key(feed, *, root_signer=None) -> None:
    """Publish root v2 with a new timestamp key, then re-sign the release with it."""
    md = Metadata.from_bytes(feed.metadata("root.json"))
    root = md.signed
    root.revoke_key(root.roles["timestamp"].keyids[0], "timestamp")
    new = CryptoSigner.generate_ed25519()
    root.add_key(new.public_key, "timestamp")
    root.version += 1
    if root_signer is None:
        keyid = root.roles["root"].keyids[0]
        root_signer = CryptoSigner.from_priv_key_uri(f"file2:{feed.pub.keys_dir / 'root.pem'}", root.keys[keyid])
    md.sign(root_signer)
    raw = md.to_bytes()
    (feed.repo / "metadata" / f"{root.version}.root.json").write_bytes(raw)
    (feed.repo / "metadata" / "root.json").write_bytes(raw)
    (feed.pub.keys_dir / "timestamp.pem").write_bytes(new.private_bytes)
    feed.pub.refresh()


def test_root_rotates_only_through_a_signed_root_update(feed, server, store):
    feed.publish(V2)
    sync(store, server.url, feed.root_path, settings=FAST)
    rotate_timestamp_key(feed)
    feed.publish(release(3, *records(BOOKMARKED)))
    assert sync(store, settings=FAST).version == 3
    cached = Metadata.from_bytes((store.data_dir / "sync" / "metadata" / "root.json").read_bytes())
    assert cached.signed.version == 2
    # The pin stays the root the user gave; the chain to v2 is in python-tuf's cache.
    assert (store.data_dir / "sync" / "root.json").read_bytes() == feed.root_path.read_bytes()


def test_root_update_signed_by_a_stranger_is_refused(feed, server, store):
    feed.publish(V2)
    sync(store, server.url, feed.root_path, settings=FAST)
    rotate_timestamp_key(feed, root_signer=CryptoSigner.generate_ed25519())
    feed.publish(release(3, *records(BOOKMARKED)))
    before = local_files(store)
    with pytest.raises(SyncRefused) as caught:
        sync(store, settings=FAST)
    assert caught.value.attack == "unknown key"
    assert "2.root.json is signed by" in str(caught.value)
    assert local_files(store) == before


def test_giving_a_different_root_repins_explicitly(feed, server, store, tmp_path):
    from sync.publisher import Publisher

    feed.publish(V2)
    sync(store, server.url, feed.root_path, settings=FAST)
    other = Publisher.init(tmp_path / "other-feed")
    src = tmp_path / "o.json"
    src.write_text(json.dumps(release(3, *records(BOOKMARKED))))
    other.publish(src)
    from tests.sync_fixtures import start_server

    srv = start_server(other.repo)
    try:
        result = sync(store, srv.url, other.root_path, settings=FAST)
    finally:
        srv.stop()
    assert result.version == 3
    assert any("now trusting the root in" in n for n in result.notices)
    assert any("feed changed from" in n for n in result.notices)


def test_a_damaged_pin_is_a_usage_error_until_the_root_is_given_again(feed, server, store):
    feed.publish(V2)
    sync(store, server.url, feed.root_path, settings=FAST)
    pin = store.data_dir / "sync" / "root.json"
    pin.write_bytes(pin.read_bytes()[:100])
    before = local_files(store)
    with pytest.raises(SyncUsageError, match="pinned root .* is unusable"):
        sync(store, settings=FAST)
    assert local_files(store) == before
    assert sync(store, root_path=feed.root_path, settings=FAST).status == "up to date"
