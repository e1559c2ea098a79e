"""`vsd country CC [--format text|md]`: the country card on the command line."""

from __future__ import annotations

from datetime import datetime

import pytest

from directory import Directory
from directory.country_card import country_card
from tui.cli import main
from tui.country_card_text import card_markdown, card_text


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A store seeded from the bundled directory, shared by the tests (they only read it)."""
    folder = tmp_path_factory.mktemp("country-data")
    Directory.open(folder)
    return folder


def expected(data, fmt: str) -> str:
    card = country_card(Directory.open(data), "GH", now=datetime.now().astimezone())
    return card_markdown(card) if fmt == "md" else card_text(card)


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_prints_the_card(data, capsys, fmt):
    args = ["--data-dir", str(data), "country", "GH"] + (["--format", "md"] if fmt == "md" else [])
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out == expected(data, fmt)
    if fmt == "md":
        assert out.startswith("# Ghana (GH): key services by kind of help\n")
        assert "## Child helpline\n\n_None known (researched 2026-11-30)." in out
    else:
        assert out.startswith("Ghana (GH): key services by kind of help\n")
        headings = [line for line in out.splitlines() if line.isupper() and not line.startswith(" ")]
        assert headings[:4] == ["EMERGENCY NUMBER", "CHILD HELPLINE", "VICTIM SUPPORT (116 006)", headings[3]]
        assert headings[-1] == "SOURCES"


def test_a_name_of_several_words_in_any_language(data, capsys):
    assert main(["--data-dir", str(data), "country", "Royaume-Uni"]) == 0
    assert capsys.readouterr().out.startswith("United Kingdom (GB): ")
    assert main(["--data-dir", str(data), "country", "New", "Zealand"]) == 0
    assert capsys.readouterr().out.startswith("New Zealand (NZ): ")


def test_an_unknown_country_exits_2_with_a_suggestion(data, capsys):
    assert main(["--data-dir", str(data), "country", "Ghnaaxz"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == 'vsd: unknown country "Ghnaaxz"; did you mean Ghana (GH), Grenada (GD)?\n'


def test_an_unknown_format_is_a_usage_error(data, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--data-dir", str(data), "country", "GH", "--format", "pdf"])
    assert done.value.code == 2
