"""Fleet provisioning: the install kit, the system config, one precedence rule with locks, mirrors.

Real keys, real loopback servers, real config files: the system config folder is a temp dir
($VSD_SYSTEM_CONFIG_DIR), installed from what `vsd feed bundle` wrote.
"""

from __future__ import annotations

import os
import shutil
import tomllib

import pytest

from directory.store import Store
from sync.client import sync
from sync.errors import FeedOffline
from tests.sync_fixtures import BOOKMARKED, FAST, closed_port, records, release, start_server
from tui.cli import main

pytestmark = pytest.mark.usefixtures("sync_env")

V2 = release(2, *records(BOOKMARKED, "de-a-1"))


def install_kit(tmp_path, feed, url: str, *extra: str) -> os.PathLike:
    """`vsd feed bundle` and the kit's files copied into the (temp) system config folder."""
    kit = tmp_path / "kit"
    assert main(["feed", "bundle", str(kit), str(feed.pub.dir), "--url", url, *extra]) == 0
    system = os.environ["VSD_SYSTEM_CONFIG_DIR"]
    for name in ("root.json", "config.toml"):
        shutil.copy(kit / name, system)
    return kit


def info_rows(out: str) -> dict[str, str]:
    """`vsd info`'s rows: label, two or more spaces, value."""
    import re

    return dict(m.groups() for line in out.splitlines() if (m := re.match(r"^(\S.*?)\s{2,}(\S.*)$", line)))


def client(tmp_path, name: str) -> Store:
    return Store(tmp_path / name)  # the `store` fixture pins the bundled copy to version 1


def test_bundle_writes_a_kit_that_provisions_two_clients(feed, server, store, tmp_path, capsys):
    feed.publish(V2)
    kit = install_kit(tmp_path, feed, server.url + "/", "--mirror", "http://127.0.0.1:9/vsd")
    out = capsys.readouterr().out
    assert "install on each machine:  sudo install -D -m 0644 -t /etc/xdg/vsd root.json config.toml" in out
    assert (kit / "root.json").read_bytes() == feed.metadata("root.json")
    cfg = tomllib.loads((kit / "config.toml").read_text())["sync"]
    assert cfg == {
        "feed_url": server.url,
        "mirrors": ["http://127.0.0.1:9/vsd"],
        "root": "root.json",
        "lock": ["feed_url", "mirrors", "root"],
    }
    assert (kit / "INSTALL.txt").read_text().count("\n") == 1

    for name in ("alice", "bob"):  # no --feed, no --root, no environment: the system config alone
        assert main(["--data-dir", str(tmp_path / name), "sync"]) == 0
        assert "updated: version 1 → 2" in capsys.readouterr().out
        assert client(tmp_path, name).envelope()["services"] == V2["services"]


def test_bundle_refuses_a_bad_url_and_a_dir_without_a_feed(feed, tmp_path, capsys):
    assert main(["feed", "bundle", str(tmp_path / "kit"), str(feed.pub.dir), "--url", "ftp://x"]) == 2
    assert "must start with http:// or https://" in capsys.readouterr().err
    assert main(["feed", "bundle", str(tmp_path / "kit"), str(tmp_path), "--url", "https://x.org"]) == 1
    assert "is not a feed directory" in capsys.readouterr().err
    assert not (tmp_path / "kit").exists()


def test_precedence_command_line_env_user_system_remembered(feed, server, store, tmp_path, monkeypatch, capsys):
    """Each layer is shown winning over the next one by pointing it at a dead address."""
    feed.publish(V2)
    dead = f"http://127.0.0.1:{closed_port()}"
    install_kit(tmp_path, feed, dead, "--no-lock")
    user = tmp_path / "user.toml"
    monkeypatch.setenv("VSD_CONFIG", str(user))

    # system config (dead) beats the remembered (live) address: an organisation can move its host
    assert sync(store, server.url, feed.root_path, settings=FAST).updated
    with pytest.raises(FeedOffline):
        sync(store, settings=FAST)
    # user config beats system config
    user.write_text(f'[sync]\nfeed_url = "{server.url}"\n')
    assert sync(store, settings=FAST).status == "up to date"
    # environment beats user config
    monkeypatch.setenv("VSD_FEED_URL", dead)
    with pytest.raises(FeedOffline):
        sync(store, settings=FAST)
    # command line beats environment
    assert sync(store, server.url, settings=FAST).status == "up to date"

    assert main(["--data-dir", str(store.data_dir), "info"]) == 0
    rows = info_rows(capsys.readouterr().out)
    assert rows["feed"] == f"{dead}  [environment (VSD_FEED_URL)]"
    system = os.environ["VSD_SYSTEM_CONFIG_DIR"]
    assert rows["trusted root"] == f"{system}/root.json  [system config ({system}/config.toml)]"
    assert rows["feed age warning"] == "after 48 hours  [default]"


def test_a_locked_system_value_wins_over_every_other_source(feed, server, store, tmp_path, monkeypatch, capsys):
    feed.publish(V2)
    install_kit(tmp_path, feed, server.url)  # locked by default
    dead = f"http://127.0.0.1:{closed_port()}"
    (tmp_path / "user.toml").write_text(f'[sync]\nfeed_url = "{dead}"\n')
    monkeypatch.setenv("VSD_CONFIG", str(tmp_path / "user.toml"))
    monkeypatch.setenv("VSD_FEED_URL", dead + "/env")
    assert main(["--data-dir", str(store.data_dir), "sync", "--feed", dead + "/cli"]) == 0
    err = capsys.readouterr().err
    assert "note: ignoring the feed url from the command line, environment (VSD_FEED_URL), user config (" in err
    assert "locks it" in err
    assert store.read_state("sync")["last_sync"]["feed"] == server.url
    assert main(["--data-dir", str(store.data_dir), "info"]) == 0
    system = os.environ["VSD_SYSTEM_CONFIG_DIR"]
    assert info_rows(capsys.readouterr().out)["feed"] == f"{server.url}  [system config ({system}/config.toml), locked]"


def test_a_broken_system_config_refuses_the_sync_with_its_sentence(store, tmp_path, capsys):
    (tmp_path / "system-config").mkdir(exist_ok=True)
    path = os.path.join(os.environ["VSD_SYSTEM_CONFIG_DIR"], "config.toml")
    with open(path, "w") as f:
        f.write('[sync]\nlock = "everything"\n')
    before = store.directory_path.read_bytes()
    assert main(["--data-dir", str(store.data_dir), "sync"]) == 2
    assert f"{path}: sync.lock must be true or a list of feed_url, mirrors, root" in capsys.readouterr().err
    assert store.directory_path.read_bytes() == before


def test_mirrors_are_tried_in_order_when_the_feed_does_not_answer(feed, store, tmp_path, capsys):
    feed.publish(V2)
    dead = f"http://127.0.0.1:{closed_port()}"
    mirror = start_server(feed.repo)
    try:
        assert (
            main(
                [
                    "--data-dir",
                    str(store.data_dir),
                    "sync",
                    "--feed",
                    dead,
                    "--root",
                    str(feed.root_path),
                    "--mirror",
                    mirror.url,
                ]
            )
            == 0
        )
        out, err = capsys.readouterr()
        assert "updated: version 1 → 2" in out
        assert f"synced from the mirror {mirror.url}: {dead} (cannot connect" in err
        assert store.read_state("sync")["mirrors"] == [mirror.url]
        assert store.read_state("sync")["feed"] == dead
        # remembered: the next plain sync goes the same way
        feed.publish(release(3, *records(BOOKMARKED)))
        assert sync(store, settings=FAST).version == 3
    finally:
        mirror.stop()
    # every address down: offline, naming each, and the local copy kept
    before = store.directory_path.read_bytes()
    with pytest.raises(FeedOffline) as caught:
        sync(store, settings=FAST)
    assert str(caught.value).startswith("offline: keeping your copy from 2026-11-20 (no address answered — ")
    assert f"{dead}: cannot connect" in str(caught.value) and f"{mirror.url}: cannot connect" in str(caught.value)
    assert store.directory_path.read_bytes() == before


def test_a_mirror_never_takes_a_client_back_in_time(feed, store, tmp_path):
    """The verified cache is shared across addresses: a mirror serving an older release is refused."""
    feed.publish(V2)
    stale = tmp_path / "stale-mirror"
    shutil.copytree(feed.repo, stale)
    feed.publish(release(3, *records(BOOKMARKED)))
    live, old = start_server(feed.repo), start_server(stale)
    try:
        assert sync(store, live.url, feed.root_path, settings=FAST).version == 3
        live.stop()
        from sync.errors import SyncRefused

        with pytest.raises(SyncRefused) as caught:
            sync(store, mirrors=[old.url], settings=FAST)
        assert caught.value.attack == "rollback"
    finally:
        old.stop()
