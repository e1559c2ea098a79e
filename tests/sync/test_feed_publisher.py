"""The publisher (`vsd feed ...`): keys kept out of the served tree, signed metadata, refusals, status, serve."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from tuf.api.metadata import Metadata, Root

from sync.publisher import Publisher
from tests.sync_fixtures import (
    BOOKMARKED,
    records,
    release,
)
from tui.cli import main

pytestmark = pytest.mark.usefixtures("sync_env")


def write(path, env) -> str:
    path.write_text(json.dumps(env), encoding="utf-8")
    return str(path)


def test_init_keeps_private_keys_out_of_the_served_tree(tmp_path, capsys):
    d = tmp_path / "feed"
    assert main(["feed", "init", str(d)]) == 0
    out = capsys.readouterr().out
    assert "created a signed feed" in out and "1.root.json" in out
    keys = sorted(p.name for p in (d / "keys").iterdir())
    assert keys == ["root.pem", "snapshot.pem", "targets.pem", "timestamp.pem"]
    assert stat.S_IMODE((d / "keys").stat().st_mode) == 0o700
    for k in (d / "keys").iterdir():
        assert stat.S_IMODE(k.stat().st_mode) == 0o600
        assert b"PRIVATE KEY" in k.read_bytes()
    served = [p for p in (d / "repo").rglob("*") if p.is_file()]
    assert served and all(b"PRIVATE" not in p.read_bytes() for p in served)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in served)  # a web server can read them

    root = Metadata[Root].from_bytes((d / "repo" / "metadata" / "1.root.json").read_bytes())
    root.signed.verify_delegate("root", root.signed_bytes, root.signatures)  # self-signed
    assert root.signed.consistent_snapshot is True
    for role in ("root", "targets", "snapshot", "timestamp"):
        (keyid,) = root.signed.roles[role].keyids
        assert root.signed.keys[keyid].keytype == "ed25519"

    assert main(["feed", "init", str(d)]) == 1  # never overwrites keys
    assert "already holds a feed" in capsys.readouterr().err


def test_publish_signs_a_hash_prefixed_target(feed, capsys):
    src = write(feed.src / "v2.json", release(2, *records(BOOKMARKED, "de-a-1")))
    assert main(["feed", "publish", src, str(feed.pub.dir), "--expires-days", "10"]) == 0
    out = capsys.readouterr().out
    assert "published version 2 (2 services" in out
    info = feed.pub.published()
    assert info["version"] == 2 and info["services"] == 2 and info["generated_at"] == "2026-11-20T10:00:00Z"
    target = feed.repo / "targets" / info["target"]
    import hashlib

    data = target.read_bytes()
    assert info["target"] == f"{hashlib.sha256(data).hexdigest()}.services.json"
    assert json.loads(data)["services"][1]["id"] == "de-a-1"
    ts = Metadata.from_bytes(feed.metadata("timestamp.json")).signed
    assert ts.version == 2 and ts.snapshot_meta.version == 2
    assert (ts.expires - datetime.now(UTC)).days in (1, 2)  # the timestamp: re-signed daily from cron
    targets = Metadata.from_bytes(feed.metadata("2.targets.json")).signed
    assert (targets.expires - datetime.now(UTC)).days in (9, 10)


def test_publisher_refuses_invalid_data(feed, capsys):
    before = feed.files()
    bad = release(
        2, *records("de-bad", channels=[{"kind": "phone", "value": "+49 30 1"}]), *records("de-x", countries=["XX"])
    )
    assert main(["feed", "publish", write(feed.src / "bad.json", bad), str(feed.pub.dir)]) == 1
    err = capsys.readouterr().err
    assert "invalid data, not published (2 services, 2 countries, 2 problems)" in err
    assert 'services[0] de-bad: channels[0].value "+49 30 1" is not a valid phone number for DE' in err
    assert 'services[1] de-x: countries[0] "XX" is not an ISO 3166-1 alpha-2 country code' in err
    (feed.src / "broken.json").write_text('{"schema": "vsd.services/1", "version": 2,')
    assert main(["feed", "publish", str(feed.src / "broken.json"), str(feed.pub.dir)]) == 1
    assert "invalid JSON at line 1" in capsys.readouterr().err
    assert feed.files() == before


def test_publisher_refuses_an_old_version(feed, capsys):
    feed.publish(release(3, *records(BOOKMARKED)))
    before = feed.files()
    for version in (3, 2):
        path = write(feed.src / f"old{version}.json", release(version, *records(BOOKMARKED, "de-a-1")))
        assert main(["feed", "publish", path, str(feed.pub.dir)]) == 1
        assert f"directory version {version} is not greater than the published version 3" in capsys.readouterr().err
    assert feed.files() == before


def test_publish_and_status_need_a_feed_dir(tmp_path, capsys):
    src = write(tmp_path / "s.json", release(2))
    assert main(["feed", "publish", src, str(tmp_path / "nowhere")]) == 1
    assert "is not a feed directory" in capsys.readouterr().err
    assert main(["feed", "status", str(tmp_path / "nowhere")]) == 1
    with pytest.raises(SystemExit) as usage:
        main(["feed", "publish", src, str(tmp_path), "--expires-days", "0"])
    assert usage.value.code == 2
    assert "expiry must be between 1 and 3650 days" in capsys.readouterr().err


def test_status_shows_versions_and_expiry(feed, capsys):
    assert main(["feed", "status", str(feed.pub.dir)]) == 0
    assert "nothing published yet" in capsys.readouterr().out
    feed.publish(release(4, *records(BOOKMARKED, "de-a-1")))
    assert main(["feed", "status", str(feed.pub.dir)]) == 0
    out = capsys.readouterr().out
    assert "directory  version 4, 2 services, generated 2026-11-20T10:00:00Z" in out
    for line in (
        "root       v1, expires",
        "targets    v2, expires",
        "snapshot   v2, expires",
        "timestamp  v2, expires",
    ):
        assert line in out
    assert "(in 30 days)" in out and "(in 365 days)" in out
    assert "not served" in out


def test_status_flags_an_expired_feed_and_refresh_fixes_it(feed, capsys):
    feed.publish(release(2), now=datetime.now(UTC).replace(microsecond=0) - timedelta(days=31))
    assert main(["feed", "status", str(feed.pub.dir)]) == 1
    assert "EXPIRED: clients refuse the feed" in capsys.readouterr().out
    assert main(["feed", "refresh", str(feed.pub.dir), "--expires-days", "7"]) == 0  # online keys only
    out, err = capsys.readouterr()
    assert "re-signed the current release (snapshot and timestamp)" in out
    assert "warning: the targets metadata expires on" in err
    assert main(["feed", "status", str(feed.pub.dir)]) == 1  # targets still expired: it needs the targets key
    assert "targets    v2, expires" in capsys.readouterr().out
    assert main(["feed", "refresh", str(feed.pub.dir), "--expires-days", "7", "--targets"]) == 0
    assert "(targets, snapshot and timestamp)" in capsys.readouterr().out
    assert main(["feed", "status", str(feed.pub.dir)]) == 0
    out = capsys.readouterr().out
    assert "EXPIRED" not in out and "directory  version 2" in out and "timestamp  v4" in out


def test_serve_binds_loopback_with_cdn_cache_headers(feed, server):
    assert server.server_address[0] == "127.0.0.1"
    with urllib.request.urlopen(f"{server.url}/metadata/timestamp.json") as r:
        assert r.headers["Cache-Control"] == "no-cache"
    with urllib.request.urlopen(f"{server.url}/metadata/1.root.json") as r:
        assert "immutable" in r.headers["Cache-Control"]
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{server.url}/metadata/")  # no listings
    assert e.value.code == 404
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{server.url}/../keys/root.pem")
    assert e.value.code == 404


def test_vsd_feed_serve_command(feed):
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "feed", "serve", str(feed.pub.dir), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()
        assert first.startswith(f"serving {feed.repo} at http://127.0.0.1:")
        url = first.split(" at ", 1)[1].split("/ ", 1)[0]
        assert f"vsd sync --feed {url} --root {feed.root_path}" in proc.stdout.readline()
        with urllib.request.urlopen(f"{url}/metadata/1.root.json") as r:
            assert r.read() == feed.root_path.read_bytes()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_dir_without_a_feed(tmp_path, capsys):
    assert main(["feed", "serve", str(tmp_path), "--port", "0"]) == 1
    assert "vsd feed init" in capsys.readouterr().err


def test_publisher_keys_sign_only_what_root_lists(feed):
    """A key file swapped on disk is caught before anything is signed."""
    from securesystemslib.signer import CryptoSigner

    (feed.pub.keys_dir / "targets.pem").write_bytes(CryptoSigner.generate_ed25519().private_bytes)
    before = feed.files()
    from sync.errors import PublishError

    with pytest.raises(PublishError, match=r"targets\.pem \(\w+\) is not a targets key of this feed"):
        feed.publish(release(2))
    assert feed.files() == before
    assert Publisher(feed.pub.dir).published() is None


def test_demo_feed_serves_the_bundled_directory_as_the_next_version(tmp_path):
    from directory.bundled import bundled_path
    from directory.loading import read_json_file
    from directory.store import Store
    from sync.client import sync
    from sync.demo import build
    from tests.sync_fixtures import FAST, start_server

    bundled = read_json_file(bundled_path())
    pub, version, services = build(tmp_path / "demo")
    assert (version, services) == (bundled["version"] + 1, len(bundled["services"]))
    first_root = pub.root_path.read_bytes()
    pub, *_ = build(tmp_path / "demo")  # re-running starts over with fresh keys
    assert pub.root_path.read_bytes() != first_root
    (tmp_path / "precious").mkdir()
    with pytest.raises(SystemExit, match="not a demo feed"):
        build(tmp_path / "precious")

    srv = start_server(pub.repo)
    try:
        store = Store(tmp_path / "client")  # a fresh install: seeded from the bundled copy
        result = sync(store, srv.url, pub.root_path, settings=FAST)
        assert result.updated and result.version == version and result.diff.empty
        assert sync(store, settings=FAST).status == "up to date"
    finally:
        srv.stop()


def test_refresh_never_needs_the_root_key_and_root_sign_renews_it(tmp_path, capsys):
    from directory.store import Store
    from sync.client import sync
    from tests.sync_fixtures import FAST, start_server

    long_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=320)
    pub = Publisher.init(tmp_path / "feed", now=long_ago)  # root v1 expires in 45 days
    from directory.bundled import bundled_path
    from directory.loading import read_json_file

    version = read_json_file(bundled_path())["version"] + 1  # ahead of what a fresh store seeds
    src = write(tmp_path / "s.json", release(version, *records(BOOKMARKED)))
    pub.publish(src)
    srv = start_server(pub.repo)
    try:
        store = Store(tmp_path / "client")
        assert sync(store, srv.url, pub.root_path, settings=FAST).version == version
        offline = tmp_path / "offline-root.pem"
        (pub.keys_dir / "root.pem").rename(offline)  # the cron host has no root key
        assert main(["feed", "refresh", str(pub.dir)]) == 0
        err = capsys.readouterr().err
        assert "warning: the root expires on" in err and f"`vsd feed root-sign {pub.dir}`" in err
        assert not (pub.metadata_dir / "2.root.json").exists()
        assert main(["feed", "root-sign", str(pub.dir)]) == 1  # without its key: refused, nothing written
        assert "no such key file" in capsys.readouterr().err
        assert main(["feed", "root-sign", str(pub.dir), "--root-key", str(offline)]) == 0
        assert "signed root version 2" in capsys.readouterr().out
        assert sync(store, settings=FAST).status == "up to date"
        cached = Metadata.from_bytes((tmp_path / "client" / "sync" / "metadata" / "root.json").read_bytes())
        assert cached.signed.version == 2
        assert (cached.signed.expires - datetime.now(UTC)).days >= 364
        assert main(["feed", "refresh", str(pub.dir)]) == 0  # far from expiry now: no warning
        assert "root expires" not in capsys.readouterr().err
    finally:
        srv.stop()


def test_world_readable_keys_are_warned_about_on_publish_refresh_and_status(feed, capsys):
    src = write(feed.src / "v2.json", release(2, *records(BOOKMARKED, "de-a-1")))
    keys = feed.pub.keys_dir
    assert main(["feed", "status", str(feed.pub.dir)]) == 0
    assert "warning" not in capsys.readouterr().err  # 0700 / 0600 as created: nothing to say

    (keys / "targets.pem").chmod(0o644)
    keys.chmod(0o755)
    try:
        for argv in (["feed", "publish", src, str(feed.pub.dir)], ["feed", "refresh", str(feed.pub.dir)]):
            assert main(argv) == 0  # a warning, not a refusal: the publisher may be mid-release
            err = capsys.readouterr().err
            assert f"warning: {keys / 'targets.pem'} is open to other users (mode 0644)" in err
            assert f"chmod 600 {keys / 'targets.pem'}" in err and f"chmod 700 {keys}" in err
            assert "snapshot.pem" not in err  # still 0600
        main(["feed", "status", str(feed.pub.dir)])
        assert "targets.pem is open to other users" in capsys.readouterr().err
    finally:
        keys.chmod(0o700)
