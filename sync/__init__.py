"""Signed feed: the client that refreshes the local directory and the publisher that signs it.

Headless (no Textual). The API a front end needs:

    from sync.client import sync, SyncProgress, SyncResult
    from sync.errors import SyncError, SyncRefused, FeedOffline, SyncUsageError

    result = sync(store, feed_url=None, root_path=None, progress=callback)

`sync` blocks (run it in a worker thread); `callback(SyncProgress)` is called
from that thread with phases checking, downloading (done/total bytes),
validating, comparing, applying. It returns a `SyncResult` (`.updated`,
`.version`, `.previous`, `.diff`, `.feed_expires`, `.checked_at`, `.notices`)
or raises a `SyncError` whose `str()` is the one-line message and whose
`exit_code` is 1 (refused; `.attack` names the attack class), 2 (no feed or
root configured) or 3 (offline: the local copy is kept). After `.updated`, a
running app re-reads `Store.envelope()`: the directory file was replaced by an
atomic rename, so a reader sees the old copy or the new one, never a mix.

Modules: `client` (the sync), `fetcher` (httpx transport for python-tuf),
`publisher` (keys and signing), `diff` (what changed), `config` (feed URL and
root from env/config), `serve` (a 127.0.0.1 static server), `demo` (`make
demo-feed`), `errors`.
"""
