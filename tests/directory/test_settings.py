"""The one configuration file: read once, typed by section, every problem a sentence with its section."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory import paths
from directory.settings import DEFAULT_LIMIT, load_settings


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_every_section_is_read_into_its_place(tmp_path):
    s = load_settings(
        write(
            tmp_path,
            'theme = "ansi-dark"\nresults_limit = 12\n[filters]\ncountry = "Deutschland"\nopen_now = true\n'
            '[keys]\nbookmark = "m"\n[sync]\nfeed_url = "https://feed.example/vsd"\nroot = "root.json"\n'
            '[hsds]\nmapping = ["terms.toml", "/etc/vsd/more.toml"]\n',
        )
    )
    assert s.problems == []
    assert (s.ui.theme, s.ui.results_limit) == ("ansi-dark", 12)
    assert (s.filters.country, s.filters.open_now) == ("Deutschland", True)
    assert s.keys == {"bookmark": "m"}
    assert s.sync.feed_url == "https://feed.example/vsd" and s.sync.root == tmp_path / "root.json"
    assert s.imports.mapping_files == [str(tmp_path / "terms.toml"), "/etc/vsd/more.toml"]


def test_problems_keep_defaults_and_name_their_section(tmp_path):
    s = load_settings(write(tmp_path, "results_limit = 0\ncolour = 1\n[sync]\nfeed_url = 3\n[hsds]\nmapping = 4\n"))
    assert s.ui.results_limit == DEFAULT_LIMIT and s.sync.feed_url is None
    assert {p.section for p in s.problems} == {"ui", "sync", "hsds"}
    assert len(s.problems_in("sync")) == 1 and "sync.feed_url" in s.problems_in("sync")[0]
    assert "hsds.mapping" in s.problems_in("hsds")[0]


@pytest.mark.parametrize(
    "content, words",
    [(b"[sync\n", "not a valid TOML config file"), (b"\xff\xfe", "not UTF-8"), (b"a" * (2 << 20), "larger than")],
)
def test_an_unusable_file_is_one_problem_of_the_whole_file(tmp_path, content, words):
    p = tmp_path / "config.toml"
    p.write_bytes(content)
    s = load_settings(p)
    assert [pr.section for pr in s.problems] == ["file"] and words in s.problems[0].text
    assert s.problems_in("sync") == s.problems_in("hsds") == [s.problems[0].text]


def test_an_endless_file_is_not_read_to_its_end():
    s = load_settings(Path("/dev/zero"))
    assert "larger than" in s.problems[0].text


def test_paths_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "c.toml"))
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setenv(paths.CACHE_DIR_ENV, "")
    assert paths.config_path() == tmp_path / "c.toml"
    assert paths.data_dir() == paths.chosen_data_dir() == tmp_path / "data"
    assert paths.data_dir(tmp_path / "x") == tmp_path / "x"
    assert paths.cache_dir() is None
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    assert paths.chosen_data_dir() is None and paths.data_dir().name == "vsd"
