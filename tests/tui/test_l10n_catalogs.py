"""The translation catalogs: the template holds every marked string, and each required catalog translates
all of them with the English placeholders, passes babel's checks and says whether a native speaker has
reviewed it. A catalog not written yet is skipped (by name), so this file runs before the catalogs exist."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
TEMPLATE = LOCALE / "vsd.pot"
# The languages issue 17 requires besides English; more may be added, none of these may go missing.
REQUIRED = ("de", "fr", "es", "it", "pl", "uk", "ro", "pt", "nl", "el", "tr", "ja", "ko", "th")
REVIEW_LINE = re.compile(r"^#? ?Review: (not yet reviewed by a native speaker|.+, \d{4}-\d{2}-\d{2})", re.MULTILINE)
_PERCENT = re.compile(r"%\((\w+)\)[sdirf]")


def placeholders(text: str) -> list[str]:
    """The fields a translation must keep, as written: "{count}", "{days:.1f}", "%(default)s"."""
    fields = []
    try:
        for _literal, name, spec, conversion in string.Formatter().parse(text):
            if name is not None:
                fields.append(
                    "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                )
    except ValueError:  # not a format string at all (a stray brace): then it has no fields
        pass
    return sorted(fields + [f"%({m})" for m in _PERCENT.findall(text)])


def template_ids() -> dict[str, object]:
    with TEMPLATE.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(f) if m.id}


def test_placeholders_finds_what_a_translation_must_keep():
    assert placeholders("{count} of {total:,} in %(prog)s, {theme!r}") == [
        "%(prog)",
        "{count}",
        "{theme!r}",
        "{total:,}",
    ]
    assert placeholders("100% sure {") == []


def test_the_template_holds_every_string_marked_in_the_code():
    """`make catalogs` was run after the last change of a marked string (else translators miss it)."""
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    found: set[str] = set()
    for folder in ("tui", "directory"):
        for _file, _line, message, _comments, _context in extract_from_dir(ROOT / folder, keywords=keywords):
            found.add(message if isinstance(message, str) else message[0])
    missing = sorted(found - set(template_ids()))
    assert not missing, f"run `make catalogs`: {len(missing)} strings are not in locale/vsd.pot, e.g. {missing[:3]}"


@pytest.mark.parametrize("lang", REQUIRED)
def test_a_catalog_is_complete_checked_and_keeps_the_placeholders(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "vsd.po"
    if not po.is_file():
        pytest.skip(f"no catalog for {lang} yet ({po.relative_to(ROOT)})")
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    assert REVIEW_LINE.search(catalog.header_comment), f"{lang}: the header must say who reviewed it (a Review: line)"
    problems = [f"{lang}: {m.id!r}: {'; '.join(map(str, errors))}" for m, errors in catalog.check()]
    expected = template_ids()
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    for msgid, template in expected.items():
        message = have.get(msgid)
        forms = (
            [] if message is None else ([message.string] if isinstance(message.string, str) else list(message.string))
        )
        if message is None or message.fuzzy or not forms or not all(forms):
            problems.append(f"{lang}: not translated: {msgid!r}")
            continue
        english = placeholders(msgid)
        if isinstance(template.id, tuple):
            assert placeholders(template.id[1]) == english, f"singular and plural differ: {msgid!r}"
        for form in forms:
            if placeholders(form) != english:
                problems.append(f"{lang}: {msgid!r}: placeholders {placeholders(form)} instead of {english}")
    assert not problems, f"{len(problems)} problems, e.g.:\n" + "\n".join(problems[:15])


def test_the_template_is_marked_as_not_reviewed_and_every_required_language_is_listed():
    with TEMPLATE.open("rb") as f:
        assert REVIEW_LINE.search(read_po(f).header_comment)
    assert len(REQUIRED) == 14 and "en" not in REQUIRED
