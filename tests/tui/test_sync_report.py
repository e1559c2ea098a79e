"""What the app says after ctrl+s: the facts `vsd sync` prints, in one or two short lines, with the
changes service by service in the message log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from directory import Directory, index_file
from sync.client import SyncResult
from sync.diff import Change, Diff
from sync.errors import SyncRefused
from tests.snapshot_app import make_app, settle
from tests.sync_fixtures import BOOKMARKED, records, release
from tui.app import VsdApp
from tui.config import Config
from tui.sync_runner import failure, summary

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def result(status: str, diff: Diff | None = None, *, expires_in_days: float = 30) -> SyncResult:
    return SyncResult(
        status=status,
        feed_url="http://127.0.0.1:1",
        version=8 if status == "updated" else 7,
        previous=7,
        generated_at="2026-11-28T09:00:00Z",
        services=120,
        checked_at=NOW,
        feed_expires=NOW + timedelta(days=expires_in_days),
        diff=diff,
    )


def changes(added: int, changed: int, removed: int) -> Diff:
    def some(n: int, kind: str) -> list[Change]:
        return [Change(f"de-{kind}-{i}", f"Service {i}") for i in range(n)]

    return Diff(some(added, "a"), some(removed, "r"), some(changed, "c"))


def test_an_update_says_the_versions_and_what_changed():
    report = summary(result("updated", changes(3, 2, 1)), NOW)
    assert report.text == (
        "Directory updated to version 8 (was 7): 3 services added, 2 changed, 1 removed.\n"
        "120 services, generated 2026-11-28."
    )
    assert "  + de-a-0  Service 0" in report.details.splitlines()  # the log keeps `vsd sync`'s lines


def test_counts_name_only_what_happened():
    assert summary(result("updated", changes(0, 1, 0)), NOW).text.startswith(
        "Directory updated to version 8 (was 7): 1 service changed.\n"
    )
    assert summary(result("updated", changes(0, 0, 2)), NOW).text.startswith(
        "Directory updated to version 8 (was 7): 2 services removed."
    )
    assert summary(result("updated", Diff()), NOW).text.startswith(
        "Directory updated to version 8 (was 7): no service changed."
    )


def test_up_to_date_and_a_feed_about_to_expire():
    assert summary(result("up to date"), NOW).text == "Already up to date (version 7)."
    near = summary(result("up to date", expires_in_days=2.5), NOW).text
    assert near == (
        "Already up to date (version 7).\nThe feed expires in 2.5 days; then syncs are refused until it is re-signed."
    )


def test_a_refusal_says_the_attack_and_what_was_kept():
    e = SyncRefused("rollback", "the feed offers version 6, older than yours", keeping="keeping your copy (version 7)")
    assert (
        failure(e).text
        == "Sync refused (rollback): the feed offers version 6, older than yours; keeping your copy (version 7)."
    )
    many = failure(SyncRefused("invalid data", "2 services are invalid", problems=["de-x: no name", "de-y: bad phone"]))
    assert (
        many.text == "Sync refused (invalid data): 2 services are invalid."
        and many.details == "de-x: no name\nde-y: bad phone"
    )


async def test_ctrl_s_against_a_real_feed_says_what_changed_once(sync_env, feed, server, store, monkeypatch):
    store.replace_directory(release(1, *records(BOOKMARKED, "de-old-2")), source="test")
    newer = release(2, *records(BOOKMARKED, description="New text."), *records("de-new-3"))
    feed.publish(newer)
    monkeypatch.setenv("VSD_FEED_URL", server.url)
    monkeypatch.setenv("VSD_FEED_ROOT", str(feed.root_path))
    app = VsdApp(config=Config(cursor_blink=False), data_dir=store.data_dir, watch_store=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.directory.version == 2
        said = [n.message for n in app._notifications if "version 2" in n.message]
        assert said == [
            "Directory updated to version 2 (was 1): 1 service added, 1 changed, 1 removed.\n"
            f"2 services, generated {newer['generated_at'][:10]}."
        ]  # once: reopening the directory after the sync does not say it again
        log = next(text for _s, text in app.message_log if text.startswith("Directory updated to version 2"))
        assert "+ de-new-3 Service de-new-3" in log and "- de-old-2 Service de-old-2" in log  # `vsd sync`'s lines
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._notifications and "Already up to date (version 2)." in [n.message for n in app._notifications]
    # The directory reopened after the sync built and saved its search index: the next launch reads it back.
    key = index_file.fingerprint(store.data_dir)
    assert key is not None and index_file.load_meta(store.data_dir, key) is not None
    reopened = Directory.open(store.data_dir)
    assert reopened.index_read_back and reopened.version == 2
    assert sorted(s["id"] for s in reopened.services) == sorted([BOOKMARKED, "de-new-3"])


async def test_a_refused_sync_says_why_in_one_line(tmp_path):
    def refused(data_dir, progress=None):
        raise SyncRefused("freeze", "the feed's timestamp expired on 2026-11-01", keeping="keeping your copy")

    app = make_app(tmp_path, sync=refused)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == ["Sync refused (freeze): the feed's timestamp expired on 2026-11-01; keeping your copy."]
