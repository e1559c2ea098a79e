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

Modules: `client` (the sync; mirrors in order), `fetcher` (httpx transport for
python-tuf), `publisher` (keys and signing), `signers` (where a key comes from:
files, encrypted files, the environment, external signers), `rotation` (root-sign,
rotate, keygen), `review` (propose, approve, publish at the targets threshold),
`diff` (what changed, in words), `config` (feed URL, mirrors and root: the
precedence rule of `directory.setting_sources`), `provisioning` (`vsd feed bundle`),
`prune`, `serve` (a 127.0.0.1 static server and the cache rules), `demo` (`make
demo-feed`), `errors`.
"""
