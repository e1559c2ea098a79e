"""Shared test set-up. The fixtures of the signed-feed tests (a feed on disk, a loopback server, a store)
are a plugin, so every test module gets them without importing them."""

import os
import tempfile
from pathlib import Path

# Country and language tables are built once and cached; the tests share one cache of their own.
os.environ.setdefault("VSD_CACHE_DIR", str(Path(tempfile.gettempdir()) / "vsd-test-cache"))

pytest_plugins = ["tests.sync_fixtures"]
