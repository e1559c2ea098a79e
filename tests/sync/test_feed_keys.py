"""Key roles as TUF intends: offline root, rotation clients follow, keys from encrypted files,
the environment or external signers. Real keys, a real loopback server, a real client."""

from __future__ import annotations

import json
import os

import pytest
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata

from sync.client import sync
from sync.errors import PublishError, SyncRefused
from sync.publisher import Publisher
from sync.rotation import rotate
from tests.sync_fixtures import BOOKMARKED, FAST, local_files, records, release
from tui.cli import main

pytestmark = pytest.mark.usefixtures("sync_env")


def cached_root(store) -> int:
    return Metadata.from_bytes((store.data_dir / "sync" / "metadata" / "root.json").read_bytes()).signed.version


def test_a_client_pinned_to_root_v1_follows_two_rotations_to_v3(feed, server, store, capsys):
    feed.publish(release(2, *records(BOOKMARKED)))
    assert sync(store, server.url, feed.root_path, settings=FAST).version == 2
    old_targets = (feed.pub.keys_dir / "targets.pem").read_bytes()
    assert main(["feed", "rotate", "timestamp", str(feed.pub.dir)]) == 0
    assert "root version 2: timestamp is now 1 of 1 key(s)" in capsys.readouterr().out
    assert main(["feed", "rotate", "targets", str(feed.pub.dir)]) == 0
    assert "root version 3: targets is now 1 of 1 key(s)" in capsys.readouterr().out
    assert (feed.pub.keys_dir / "retired" / "targets-root-v2.pem").read_bytes() == old_targets
    feed.publish(release(3, *records(BOOKMARKED, "de-a-1")))

    result = sync(store, settings=FAST)  # pinned to 1.root.json, never given another
    assert result.version == 3 and cached_root(store) == 3
    assert (store.data_dir / "sync" / "root.json").read_bytes() == feed.root_path.read_bytes()
    # the old targets key signs nothing a client accepts any more
    with pytest.raises(PublishError, match="is not a targets key of this feed"):
        feed.pub.signer(
            Metadata.from_bytes(feed.metadata("root.json")).signed,
            "targets",
            str(feed.pub.keys_dir / "retired" / "targets-root-v2.pem"),
        )


def test_a_forged_root_is_refused(feed, server, store, tmp_path):
    feed.publish(release(2, *records(BOOKMARKED)))
    sync(store, server.url, feed.root_path, settings=FAST)
    rotate(feed.pub, "snapshot")
    # a root v3 on the server, made by someone without the root key: refused, nothing changes
    md = Metadata.from_bytes(feed.metadata("root.json"))
    md.signed.version += 1
    md.signed.add_key(CryptoSigner.generate_ed25519().public_key, "targets")
    md.signatures.clear()
    md.sign(CryptoSigner.generate_ed25519())
    (feed.repo / "metadata" / "3.root.json").write_bytes(md.to_bytes())
    before = local_files(store)
    with pytest.raises(SyncRefused) as caught:
        sync(store, settings=FAST)
    assert caught.value.attack == "unknown key" and "3.root.json is signed by" in str(caught.value)
    assert local_files(store) == before and cached_root(store) == 2

    # a client handed a forged root (the feed's, re-signed by a stranger) trusts nothing the feed signs
    forged = Metadata.from_bytes(feed.root_path.read_bytes())
    stranger = CryptoSigner.generate_ed25519()
    forged.signed.revoke_key(forged.signed.roles["root"].keyids[0], "root")
    forged.signed.add_key(stranger.public_key, "root")
    forged.signatures.clear()
    forged.sign(stranger)
    (tmp_path / "forged-root.json").write_bytes(forged.to_bytes())
    other = type(store)(tmp_path / "other-client")
    (feed.repo / "metadata" / "3.root.json").unlink()
    with pytest.raises(SyncRefused) as caught:
        sync(other, server.url, tmp_path / "forged-root.json", settings=FAST)
    assert caught.value.attack == "unknown key" and "2.root.json is signed by" in str(caught.value)


def test_encrypted_offline_keys_need_their_passphrase(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VSD_KEY_PASSPHRASE", "correct horse")
    assert main(["feed", "init", str(tmp_path / "feed"), "--encrypt"]) == 0
    keys = tmp_path / "feed" / "keys"
    for role, encrypted in (("root", True), ("targets", True), ("snapshot", False), ("timestamp", False)):
        assert (b"ENCRYPTED PRIVATE KEY" in (keys / f"{role}.pem").read_bytes()) is encrypted
    src = tmp_path / "v2.json"
    src.write_text(json.dumps(release(2, *records(BOOKMARKED))))
    pub = Publisher(tmp_path / "feed")
    before = sorted(p.name for p in pub.metadata_dir.iterdir())

    monkeypatch.setenv("VSD_KEY_PASSPHRASE", "wrong")
    assert main(["feed", "publish", str(src), str(pub.dir)]) == 1
    assert f"cannot open the private key in {keys / 'targets.pem'} (wrong passphrase?)" in capsys.readouterr().err
    monkeypatch.delenv("VSD_KEY_PASSPHRASE")  # and no terminal to ask on
    assert main(["feed", "publish", str(src), str(pub.dir)]) == 1
    assert "is encrypted: set VSD_KEY_PASSPHRASE or run on a terminal" in capsys.readouterr().err
    assert sorted(p.name for p in pub.metadata_dir.iterdir()) == before

    assert main(["feed", "refresh", str(pub.dir)]) == 0  # cron: online keys only, no passphrase
    monkeypatch.setenv("VSD_KEY_PASSPHRASE", "correct horse")
    assert main(["feed", "publish", str(src), str(pub.dir)]) == 0
    assert pub.published()["version"] == 2


def test_online_keys_from_the_environment(feed, server, store, monkeypatch, capsys):
    feed.publish(release(2, *records(BOOKMARKED)))
    sync(store, server.url, feed.root_path, settings=FAST)
    for role in ("snapshot", "timestamp"):  # a cron job given its keys by a secret store, none on disk
        path = feed.pub.keys_dir / f"{role}.pem"
        monkeypatch.setenv(f"VSD_KEY_{role.upper()}", path.read_text())
        path.unlink()
    assert main(["feed", "refresh", str(feed.pub.dir)]) == 0
    assert sync(store, settings=FAST).status == "up to date"
    monkeypatch.setenv("VSD_KEY_TIMESTAMP", (feed.pub.keys_dir / "targets.pem").read_text())
    assert main(["feed", "refresh", str(feed.pub.dir)]) == 1
    assert "the key in $VSD_KEY_TIMESTAMP" in capsys.readouterr().err


def test_an_external_signer_is_dispatched_through_securesystemslib(feed, capsys):
    src = feed.src / "v2.json"
    src.write_text(json.dumps(release(2, *records(BOOKMARKED))))
    before = feed.files()
    # hsm: needs PyKCS11 and a token; what matters is a clear sentence and nothing written
    assert main(["feed", "publish", str(src), str(feed.pub.dir), "--key", "hsm:"]) == 1
    assert "cannot use the external signer hsm:" in capsys.readouterr().err
    assert feed.files() == before


def test_keygen_writes_an_encrypted_key_and_its_public_half(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VSD_KEY_PASSPHRASE", "s3cret")
    assert main(["feed", "keygen", str(tmp_path / "alice.pem")]) == 0
    assert "alice.pem.pub" in capsys.readouterr().out
    assert b"ENCRYPTED PRIVATE KEY" in (tmp_path / "alice.pem").read_bytes()
    assert oct((tmp_path / "alice.pem").stat().st_mode & 0o777) == "0o600"
    assert b"BEGIN PUBLIC KEY" in (tmp_path / "alice.pem.pub").read_bytes()
    assert main(["feed", "keygen", str(tmp_path / "alice.pem")]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err
    assert os.environ["VSD_KEY_PASSPHRASE"] == "s3cret"


def test_sync_warns_when_the_feeds_timestamp_is_older_than_the_limit(
    feed, server, store, tmp_path, monkeypatch, capsys
):
    from datetime import UTC, datetime, timedelta

    three_days_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    src = feed.src / "v2.json"
    src.write_text(json.dumps(release(2, *records(BOOKMARKED))))
    feed.pub.publish(src, timestamp_days=30, now=three_days_ago)  # still valid, but nobody re-signed it
    argv = ["--data-dir", str(store.data_dir), "sync", "--feed", server.url, "--root", str(feed.root_path)]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "warning: the feed's timestamp was signed 72 hours ago (limit 48 hours, sync.max_feed_age_hours)" in err
    from tui.sync_runner import summary

    report = summary(sync(store, settings=FAST))  # the app says it too, in its second line and in Messages
    assert "The feed was not re-signed on time; newer data may exist." in report.text
    assert report.details.startswith("warning: the feed's timestamp was signed 72 hours ago")
    cfg = tmp_path / "user.toml"
    cfg.write_text("[sync]\nmax_feed_age_hours = 100\n")
    monkeypatch.setenv("VSD_CONFIG", str(cfg))
    assert main(["--data-dir", str(store.data_dir), "sync"]) == 0
    assert "warning" not in capsys.readouterr().err
    feed.pub.refresh()  # the cron job runs again: a fresh timestamp
    cfg.unlink()  # back to the default limit
    assert main(["--data-dir", str(store.data_dir), "sync"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_rotating_the_root_key_keeps_it_encrypted_and_clients_follow(store, tmp_path, monkeypatch, capsys):
    from tests.sync_fixtures import start_server

    monkeypatch.setenv("VSD_KEY_PASSPHRASE", "pass one")
    pub = Publisher.init(tmp_path / "feed", passphrase=b"pass one")
    src = tmp_path / "v2.json"
    src.write_text(json.dumps(release(2, *records(BOOKMARKED))))
    pub.publish(src)
    srv = start_server(pub.repo)
    try:
        assert sync(store, srv.url, pub.root_path, settings=FAST).version == 2
        old_root = (pub.keys_dir / "root.pem").read_bytes()
        assert main(["feed", "rotate", "root", str(pub.dir)]) == 0
        new_root = (pub.keys_dir / "root.pem").read_bytes()
        assert new_root != old_root and b"ENCRYPTED PRIVATE KEY" in new_root  # kept as the old one was
        assert main(["feed", "root-sign", str(pub.dir)]) == 0  # signed by the new root key alone
        assert "signed root version 3" in capsys.readouterr().out
        assert sync(store, settings=FAST).status == "up to date" and cached_root(store) == 3
        md = Metadata.from_bytes((pub.metadata_dir / "2.root.json").read_bytes())
        assert len(md.signatures) == 2  # v2 is signed by the old and the new root key
    finally:
        srv.stop()
