"""Hosting: the cache headers `vsd feed headers` prints are the ones `vsd feed serve` sends, and
`vsd feed prune` removes old releases without breaking a client that is mid-sync."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request

import pytest

from directory.store import Store
from sync import serve
from sync.client import sync
from sync.prune import prune
from tests.sync_fixtures import BOOKMARKED, FAST, FaultyHandler, records, release
from tui.cli import main

pytestmark = pytest.mark.usefixtures("sync_env")


def header(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.headers["Cache-Control"]
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Cache-Control"]


def test_headers_printed_are_the_headers_served(feed, server, capsys):
    feed.publish(release(2, *records(BOOKMARKED)))
    assert main(["feed", "headers"]) == 0
    printed = capsys.readouterr().out
    paths = {
        "/metadata/timestamp.json": "no-cache",
        "/metadata/root.json": "no-cache",
        "/metadata/1.root.json": serve.FOREVER,
        "/metadata/2.snapshot.json": serve.FOREVER,
        "/metadata/2.targets.json": serve.FOREVER,
        feed.target_path(): serve.FOREVER,
        "/metadata/2.root.json": serve.MISSING,  # the probe for a newer root: a 404 cached a minute at most
    }
    for path, expected in paths.items():
        status, value = header(server.url + path)
        assert value == expected, path
        assert expected in printed
        assert (status == 404) == (path == "/metadata/2.root.json")
    for rule in serve.CACHE_RULES:
        line = next(line for line in printed.splitlines() if line.startswith(rule.pattern + " "))
        assert line.split()[1:] == [*rule.cache_control.split(), "#", *rule.why.split()]
    assert main(["feed", "headers", "--nginx"]) == 0
    nginx = capsys.readouterr().out
    assert nginx.count("location ~ ") == len(serve.CACHE_RULES) and " always;" not in nginx


def publish_versions(feed, *versions: int) -> None:
    for v in versions:
        feed.publish(release(v, *records(BOOKMARKED, f"de-v-{v}")))


def age(repo, hours: float = 48) -> None:
    old = time.time() - hours * 3600
    for p in repo.rglob("*"):
        if p.is_file():
            os.utime(p, (old, old))


def test_prune_keeps_the_newest_releases_and_every_root(feed, server, store, tmp_path, capsys):
    publish_versions(feed, 2, 3, 4, 5)
    assert sync(store, server.url, feed.root_path, settings=FAST).version == 5
    age(feed.repo)
    before = feed.files()
    # releases 1 (empty), 2 and 3 go: 3 snapshots, 3 targets, 2 services files
    assert main(["feed", "prune", str(feed.pub.dir), "--keep", "2", "--dry-run"]) == 0
    assert "would remove 8 files" in capsys.readouterr().out
    assert feed.files() == before

    assert main(["feed", "prune", str(feed.pub.dir), "--keep", "2"]) == 0
    assert "removed 8 files" in capsys.readouterr().out
    names = set(p.name for p in (feed.repo / "metadata").iterdir())
    assert names == {
        "1.root.json",
        "root.json",
        "timestamp.json",
        "4.snapshot.json",
        "5.snapshot.json",
        "4.targets.json",
        "5.targets.json",
    }
    assert len(list((feed.repo / "targets").iterdir())) == 2
    publish_versions(feed, 6)
    assert sync(store, settings=FAST).version == 6  # the client that was there
    assert sync(Store(tmp_path / "new-client"), server.url, feed.root_path, settings=FAST).version == 6
    with pytest.raises(SystemExit) as usage:
        main(["feed", "prune", str(feed.pub.dir), "--keep", "0"])
    assert usage.value.code == 2


def test_a_client_mid_sync_during_a_prune_is_not_broken(feed, server, store):
    publish_versions(feed, 2)
    sync(store, server.url, feed.root_path, settings=FAST)
    publish_versions(feed, 3)  # the client will read timestamp v3, which promises snapshot 3
    age(feed.repo, hours=0.5)  # half an hour old: inside the default grace of a day

    def publish_and_prune_first(h: FaultyHandler) -> None:
        publish_versions(feed, 4)
        prune(feed.pub, 1)  # the newest release only, but nothing younger than a day
        serve.FeedRequestHandler.do_GET(h)

    server.faults["/metadata/3.snapshot.json"] = publish_and_prune_first
    result = sync(store, settings=FAST)
    assert result.version == 3 and "/metadata/3.targets.json" in server.paths()
    assert feed.pub.published()["version"] == 4  # published and pruned while the client was mid-sync
    server.faults.clear()
    assert sync(store, settings=FAST).version == 4
    age(feed.repo)
    removed = prune(feed.pub, 1).removed
    assert {p.name for p in removed} >= {"3.snapshot.json", "3.targets.json", "2.snapshot.json"}
    assert sync(store, settings=FAST).status == "up to date"
