"""A command loads only what it needs (bench/cli_startup.py measures the time; this checks the what).

Each command runs in a fresh interpreter on a store seeded beforehand, and reports the modules it
imported: `vsd info` none of the search machinery; `vsd search` nothing of the feed client, the
HSDS mapping, the validator or Textual, nor the other commands' modules, nor CLDR (babel,
pycountry) or phonenumbers, whose data it reads from the cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui.cli import main

REPORT = (
    "import io, json, sys, contextlib; from tui.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()): code = main(sys.argv[1:])\n"
    "print(json.dumps([code, sorted(sys.modules)]))\n"
)
# Never needed to read the store and search it.
NOT_FOR_READING = ("textual", "httpx", "tuf", "securesystemslib", "sync", "jsonschema", "jsonschema_rs", "filelock")
SEARCH_MACHINERY = ("rapidfuzz", "babel", "pycountry", "phonenumbers", "directory.search", "directory.query")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("startup") / "data"
    assert main(["--data-dir", str(data), "info"]) == 0  # seeds the store (the validator, the lock)
    assert main(["--data-dir", str(data), "search", "kummer"]) == 0  # fills the cache if it is new
    return data


def modules_of(data_dir, *argv: str) -> set[str]:
    env = dict(os.environ, VSD_CONFIG=str(data_dir.parent / "none.toml"))
    done = subprocess.run(
        [sys.executable, "-c", REPORT, "--data-dir", str(data_dir), *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.splitlines()[-1])
    assert code == 0
    return set(modules)


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_info_imports_no_search_machinery(data_dir):
    modules = modules_of(data_dir, "info")
    assert loaded(modules, NOT_FOR_READING + SEARCH_MACHINERY) == []
    assert "importlib.metadata" not in modules  # --version's look-up


def test_search_imports_only_its_own_command_and_no_feed_client(data_dir):
    modules = modules_of(data_dir, "search", "kummer")
    assert loaded(modules, NOT_FOR_READING) == []
    commands = {m for m in modules if m.startswith("tui.subcommands.") and not m.split(".")[-1].startswith("_")}
    assert commands == {"tui.subcommands.search"}
    assert "directory.hsds" not in modules and "directory.validate" not in modules
    # names, facts and calling codes come from the cache, not from the libraries' data
    assert loaded(modules, ("babel", "pycountry", "phonenumbers")) == []
