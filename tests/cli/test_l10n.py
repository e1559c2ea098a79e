"""The language vsd speaks: chosen from --lang, the config file, the locale, else English; catalogs compiled
on first use into the cache; the pseudo-locale; a referral card in the victim's language (`--lang uk`).

The Ukrainian card test writes a small catalog of its own, so it holds whatever the real catalogs say;
`test_l10n_catalogs.py` checks the real ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from babel.dates import format_date

from directory import i18n
from directory.i18n import choose_language, pseudo, set_language
from directory.store import Store
from tests.factories import sample_envelope
from tui.cli import main

UK_PO = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\n"
"Language: uk\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "Hours"
msgstr "Години"

msgid "free"
msgstr "безкоштовно"

msgid "anonymous"
msgstr "анонімно"

msgid "dial within {country} only"
msgstr "дзвонити лише в межах країни {country}"

msgid "REFERRAL: {name}"
msgstr "НАПРАВЛЕННЯ: {name}"

msgid "In English"
msgstr "Англійською"

msgid "Prepared {date} from the vsd directory (ref. {ref})."
msgstr "Складено {date} за довідником vsd (номер {ref})."

msgid "Child helpline"
msgstr "Дитяча лінія довіри"
"""


@pytest.fixture
def catalogs(tmp_path, monkeypatch) -> Iterator[Path]:
    """A locale folder with a Ukrainian catalog, a cache of its own, and English again afterwards."""
    folder = tmp_path / "locale"
    (folder / "uk" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "uk" / "LC_MESSAGES" / "vsd.po").write_text(UK_PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "locale_dir", lambda: folder)
    monkeypatch.setenv("VSD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(i18n, "_loaded", {})
    try:
        yield folder
    finally:
        set_language(None)


@pytest.fixture
def store(tmp_path) -> Path:
    data = tmp_path / "data"
    Store(data).replace_directory({**sample_envelope(), "version": 10_000})  # above the bundled copy
    return data


def test_the_language_comes_from_lang_then_config_then_the_locale_then_english(catalogs):
    env = {"LC_ALL": "", "LC_MESSAGES": "uk_UA.UTF-8", "LANG": "de_DE.UTF-8"}
    assert choose_language("x-pseudo", "uk", env) == "x-pseudo"
    assert choose_language(None, "uk", {}) == "uk"
    assert choose_language(None, None, env) == "uk"  # LC_MESSAGES before LANG; LC_ALL empty counts as unset
    assert choose_language(None, None, {"LC_ALL": "uk_UA@euro", "LANG": "de"}) == "uk"
    assert choose_language(None, None, {"LANG": "uk-UA"}) == "uk"
    # The terminal's locale is no request to vsd: a language without a catalog, or "C", means English.
    assert choose_language(None, None, {"LANG": "de_DE.UTF-8"}) == "en"
    assert choose_language(None, None, {"LC_ALL": "C", "LANG": "uk_UA.UTF-8"}) == "en"
    assert choose_language(None, None, {}) == "en"


def test_an_unknown_lang_is_refused_with_the_languages_there_are(catalogs, capsys):
    assert main(["--lang", "xx", "info"]) == 2
    assert "no translation for language 'xx' (available: en, uk)" in capsys.readouterr().err


def test_a_catalog_is_compiled_once_into_the_cache_and_again_when_it_changes(catalogs, tmp_path):
    assert set_language("uk_UA") == "uk"  # a regional locale falls back to its language's catalog
    assert i18n._("Hours") == "Години"
    built = list((tmp_path / "cache" / "locale").glob("uk-*.mo"))
    assert len(built) == 1
    mtime = built[0].stat().st_mtime_ns
    i18n._loaded.clear()
    set_language("uk")
    assert built[0].stat().st_mtime_ns == mtime  # read from the cache, not built again
    po = catalogs / "uk" / "LC_MESSAGES" / "vsd.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Години", "Години роботи"), encoding="utf-8")
    i18n._loaded.clear()
    set_language("uk")
    assert i18n._("Hours") == "Години роботи"
    assert len(list((tmp_path / "cache" / "locale").glob("uk-*.mo"))) == 2


def test_a_damaged_cached_catalog_is_built_again(catalogs, tmp_path):
    set_language("uk")
    (mo,) = (tmp_path / "cache" / "locale").glob("uk-*.mo")
    mo.write_bytes(b"not a catalog")
    i18n._loaded.clear()
    set_language("uk")
    assert i18n._("Hours") == "Години"


def test_the_pseudo_locale_keeps_placeholders_and_markup():
    text = pseudo("Open {count} of %(total)s [b]now[/b]")
    assert text.startswith("[!! ") and text.endswith(" !!]")
    assert "{count}" in text and "%(total)s" in text and "[b]" in text and "[/b]" in text
    assert "Open" not in text and "now" not in text
    assert text.format(count=3).count("3") == 1


def test_config_language_is_used_and_lang_wins(tmp_path, monkeypatch, store, capsys):
    config = tmp_path / "config.toml"
    config.write_text('language = "x-pseudo"\n', encoding="utf-8")
    monkeypatch.setenv("VSD_CONFIG", str(config))
    try:
        assert main(["--data-dir", str(store), "info"]) == 0
        assert "[!! ḓīřḗƈŧǿřẏ ṽḗřşīǿƞ !!]" in capsys.readouterr().out
        assert main(["--data-dir", str(store), "--lang", "en", "info"]) == 0
        assert "directory version" in capsys.readouterr().out
    finally:
        set_language(None)


def test_a_card_in_ukrainian_for_a_polish_service(catalogs, store, capsys):
    assert main(["--data-dir", str(store), "card", "pl-116111-telefon-zaufania", "--lang", "uk"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "НАПРАВЛЕННЯ: 116 111 Telefon Zaufania dla Dzieci i Młodzieży"  # its own name stays
    assert any(line.startswith("Англійською:") for line in lines)  # the English name beside it
    assert "Дитяча лінія довіри" in out  # the kind of help, from the catalog
    assert "Польща" in out  # the country from CLDR, in Ukrainian
    assert "безкоштовно, анонімно" in out
    assert "Години:" in out
    prepared = next(line for line in lines if line.startswith("Складено "))
    today = datetime.now().astimezone().date()
    assert format_date(today, "medium", locale="uk") in prepared  # the date as Ukrainian writes it (CLDR)
    assert today.isoformat() not in prepared
    # English again without --lang: the card is unchanged.
    assert main(["--data-dir", str(store), "card", "pl-116111-telefon-zaufania"]) == 0
    assert capsys.readouterr().out.startswith("REFERRAL: 116 111 Telefon Zaufania")


def test_a_country_card_in_ukrainian(catalogs, store, capsys):
    assert main(["--data-dir", str(store), "country", "PL", "--lang", "uk"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Польща (PL): ")  # the country's name from CLDR
    assert "ДИТЯЧА ЛІНІЯ ДОВІРИ" in out  # the heading of a kind of help, from the catalog
    assert "116 111 Telefon Zaufania dla Dzieci i Młodzieży" in out  # the service's own name stays


def test_the_search_table_says_its_headers_in_the_language(store, capsys):
    try:
        assert main(["--data-dir", str(store), "--lang", "x-pseudo", "search", "kinder telefon"]) == 0
    finally:
        set_language(None)
    header = capsys.readouterr().out.splitlines()[1]  # under the "(read as: …)" line
    assert header.lstrip().startswith("#  [!! ") and "service" not in header and "hours" not in header
