"""The regex/translate text clean-up gives exactly what the per-character loops it replaced gave.

The old implementations are kept here, word for word, as the reference: `normalize.clean` feeds the
search index and the query parser, so its output must not move by one character.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from directory.hsds.text import strip_controls
from directory.normalize import clean
from directory.safe_text import _BIDI, _BIDI_CONTROLS, _BIDI_MARKS, _ESCAPES, _SPACES, plain, scrub


def old_clean(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if text.isascii() and text.isprintable():
        return re.sub(r"\s+", " ", text).strip()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def old_strip_controls(value: str) -> str:
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))


def old_scrub(value: str, *, keep_marks: bool = False) -> str:
    if value.isascii() and (
        value.isprintable() or not any(c not in "\t\n" and (c < " " or c == "\x7f") for c in value)
    ):
        return value
    text = _ESCAPES.sub("", value).translate(_BIDI_CONTROLS)
    if not keep_marks:
        text = text.translate(_BIDI_MARKS)
    return "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs"))


def old_plain(value: object, *, keep_newlines: bool = False) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():
        return text.strip()
    text = _ESCAPES.sub("", text).translate(_BIDI)
    out: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append("\n")
        elif ch in "\t\n\r\v\f\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) == "Cc":
            continue
        else:
            out.append(ch)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(out).split("\n")]
    return "\n".join(lines).strip()


# Characters that each clean-up treats specially, and text in other scripts around them.
_SPECIAL = (
    "\x00\x07\t\n\x0b\x0c\r\x1b\x7f\x85\x9b\x9c\x9d\xa0\xad"  # C0, C1, NBSP, soft hyphen (Cf)
    "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi, ZW*
    "\u2028\u2029\u3000\ufeff\ufffd\ue000\uf8ff\U000f0000\U0010fffd"  # separators, BOM, private use
    "\u0378\u0530\U000e0001\U000e007f\U0001d173"  # unassigned, tags, a musical format char
    "\ud800\udbff\udc00\udfff"  # lone surrogates
    "\u0301\u0308\u05b7\u064e\u0e31\u093f"  # combining marks: Latin, Hebrew, Arabic, Thai, Devanagari
)
_SCRIPTS = "aZ09 ÄéßÆ Ωλ Жы שלום مرحبا ไทย हिन्दी 東京 한국 ქართ 😀𝔸"
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None, exclude_categories=())),
    st.text(alphabet=st.sampled_from(_SPECIAL + _SCRIPTS)),
    st.lists(st.sampled_from(["\x1b[31m", "\x1b]8;;http://x\x07", "\x9b2J", "a b", " \n ", "\u200f"])).map("".join),
)
SETTINGS = settings(max_examples=400, deadline=None)


@SETTINGS
@given(TEXT)
def test_clean_is_unchanged(text: str) -> None:
    assert clean(text) == old_clean(text)


@SETTINGS
@given(TEXT)
def test_strip_controls_is_unchanged(text: str) -> None:
    assert strip_controls(text) == old_strip_controls(text)


@SETTINGS
@given(TEXT, st.booleans())
def test_scrub_is_unchanged(text: str, keep_marks: bool) -> None:
    assert scrub(text, keep_marks=keep_marks) == old_scrub(text, keep_marks=keep_marks)


@SETTINGS
@given(TEXT, st.booleans())
def test_plain_is_unchanged(text: str, keep_newlines: bool) -> None:
    assert plain(text, keep_newlines=keep_newlines) == old_plain(text, keep_newlines=keep_newlines)


def test_every_code_point_is_cleaned_as_before() -> None:
    """Every character of Unicode once, in runs (a property test may never draw the one that differs)."""
    for start in range(0, 0x110000, 0x8000):
        chunk = "".join(map(chr, range(start, start + 0x8000)))
        assert clean(chunk) == old_clean(chunk), hex(start)
        assert strip_controls(chunk) == old_strip_controls(chunk), hex(start)
