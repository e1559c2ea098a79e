"""Writing the theme back into a config file: one line edited or added, every other line kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.settings import load_settings, save_theme, with_theme


@pytest.mark.parametrize(
    "before, after",
    [
        ("", 'theme = "nord"\n'),
        ('theme = "textual-dark"  # "textual-light"\n', 'theme = "nord"  # "textual-light"\n'),
        ("results_limit = 9", 'results_limit = 9\ntheme = "nord"\n'),
        ('# top\n[keys]\nbookmark = "m"\n', '# top\ntheme = "nord"\n[keys]\nbookmark = "m"\n'),
        ("theme = 3\r\n[sync]\r\n", 'theme = "nord"\r\n[sync]\r\n'),  # a bad value is replaced, line ends kept
        ('[keys]\ntheme = "x"\n', 'theme = "nord"\n[keys]\ntheme = "x"\n'),  # a key named theme in a table is not it
    ],
)
def test_one_line_is_edited_or_added(before, after):
    assert with_theme(before, "nord") == after


@pytest.mark.parametrize(
    "text",
    [
        "results_limit = \n",  # not TOML
        'note = """\ntheme = "a"\n"""\n',  # a line edit would change a multi-line string
    ],
)
def test_a_file_that_cannot_be_edited_safely_is_refused(text):
    with pytest.raises(ValueError):
        with_theme(text, "nord")


def test_save_theme_keeps_the_rest_readable(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('results_limit = 12\n[filters]\ncountry = "DE"\n', encoding="utf-8")
    save_theme("ansi-light", path)
    s = load_settings(path)
    assert (s.ui.theme, s.ui.results_limit, s.filters.country, s.problems) == ("ansi-light", 12, "DE", [])


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=20)


@given(names)
def test_any_theme_name_reads_back(theme):
    assert load_settings_text(with_theme('results_limit = 5\n[keys]\nhelp = "f9"\n', theme)) == theme


def load_settings_text(text: str) -> str:
    import tomllib

    return tomllib.loads(text)["theme"]
