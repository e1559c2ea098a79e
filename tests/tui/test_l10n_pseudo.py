"""The pseudo-locale proves every word the app says goes through the catalog: on the main screen, the help,
the detail pane and a referral card, once the pseudo-locale's `[!! … !!]` strings and the directory's own
data (names, numbers, addresses; country and language names from CLDR) are taken away, no English word
is left. A string someone forgets to mark shows up here by name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from directory import presentation as present
from directory.i18n import PSEUDO, set_language
from tests.factories import sample_envelope
from tests.screen_text import screen_text
from tests.snapshot_app import FIXED_NOW, make_app, settle, type_and_settle
from tui.referral import referral_markdown, referral_text
from tui.widgets.detail import DetailView

_PSEUDO = re.compile(r"\[!! [^\[\]]*?(?:\[(?!!! )[^\[\]]*\][^\[\]]*?)* !!\]")  # innermost first, markup inside
# What may stay English: key names as Textual shows them, and the binding ids the help lists for the config file.
KEYS = {
    "esc",
    "ctrl",
    "enter",
    "tab",
    "space",
    "del",
    "delete",
    "backspace",
    "shift",
    "alt",
    "home",
    "end",
    "pgup",
    "pgdn",
}


@pytest.fixture
def pseudo() -> Iterator[None]:
    set_language(PSEUDO)
    try:
        yield
    finally:
        set_language(None)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def data_words() -> set[str]:
    """Every word the directory's data can put on screen: its text, and the English CLDR names of its
    countries and languages (the pseudo-locale names them in English)."""
    words: set[str] = set()
    services = sample_envelope()["services"]
    texts = list(_strings(services))
    for s in services:
        texts += [present.country_name(c) for c in s.get("countries", [])]
        texts += [present.language_name(c) for c in s.get("languages", [])]
        for chan in s.get("channels", []):
            texts += [present.country_name(chan["country"])] if chan.get("country") else []
            texts += [present.language_name(c) for c in chan.get("languages", [])]
    for text in texts:
        words.update(w.casefold() for w in re.findall(r"[A-Za-z]{3,}", text))
    return words


def english_left(lines: list[str], *, allowed: set[str] = frozenset()) -> list[str]:
    """The English words of `lines` outside pseudo strings, data and key names."""
    text = "\n".join(lines)
    while (stripped := _PSEUDO.sub(" ", text)) != text:
        text = stripped
    text = re.sub(r"\[[a-z_]+\]", " ", text)  # the help's binding ids: "[quick_exit]" is config syntax
    known = data_words() | KEYS | allowed
    left = set()
    for word, cut in re.findall(r"([A-Za-z]{3,})(…?)", text):
        folded = word.casefold()
        if folded not in known and not (cut and any(k.startswith(folded) for k in known)):  # clipped: "Dzi…"
            left.add(word)
    return sorted(left)


def test_the_check_finds_an_unmarked_word():
    # The check itself: an English word outside "[!! … !!]" is caught, a pseudo or data word is not.
    assert english_left(["[!! Ŝḗȧřƈħ !!] Results", "Nummer gegen Kummer [!! [!! ȧ !!] ƀ !!]"]) == ["Results"]


async def test_main_screen_detail_and_help_have_no_english_left(tmp_path, pseudo):
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert english_left(screen_text(app)) == []  # main screen with its first results and detail
        await type_and_settle(pilot, "kinder telefon")
        await pilot.press("enter")  # the detail pane full width
        await pilot.pause()
        assert app.screen.has_class("-detail-open")
        assert english_left(screen_text(app)) == []
        await pilot.press("escape", "f1")
        await pilot.pause()
        shown = screen_text(app)
        assert "[!!" in shown[1]  # the help is open, in the pseudo-locale
        assert english_left(shown) == []
        whole = app.screen.query_one(DetailView).plain_text.splitlines()  # all of it, not only the first page
        config_path = set(re.findall(r"[a-z]{3,}", str(app.config.path)))  # the path of the config file
        assert english_left(whole, allowed=config_path) == []


@pytest.mark.parametrize("render", [referral_text, referral_markdown])
def test_referral_card_has_no_english_left(render, pseudo):
    for service in sample_envelope()["services"]:
        card = render(service, now=FIXED_NOW).splitlines()
        assert english_left(card) == [], service["id"]
