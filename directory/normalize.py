"""Text normalisation shared by the index, the resolvers and the query parser.

Every searchable string is folded once: Unicode NFKC, casefold, diacritics
stripped, and (for the ASCII form) other scripts transliterated with anyascii.
Both forms are kept so that "Bílý kruh", "bily kruh" and "Білий" all meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from .char_classes import CategoryFilter

# Anything longer is cut: nobody types more, and it bounds the work per query.
MAX_QUERY_CHARS = 500

_SPACES = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")

# Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar, Chinese, Japanese), and Hangul,
# whose compounds run together: their words are cut by the search and the query parser alike.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# Control characters and line/paragraph separators become spaces; format characters (incl. RTL marks),
# surrogates, private-use and unassigned code points go.
_CLEAN = CategoryFilter({"Cc": " ", "Zl": " ", "Zp": " ", "Cf": None, "Cs": None, "Co": None, "Cn": None})


def clean(text: object) -> str:
    """User text made safe: a str, control/format characters (incl. RTL marks) dropped, spaces collapsed."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if text.isascii() and text.isprintable():
        return _SPACES.sub(" ", text).strip()
    return _SPACES.sub(" ", _CLEAN(text)).strip()


# Accents people leave out: combining marks used with Latin, Greek and Cyrillic
# letters, Hebrew points and Arabic vowel marks. The vowel signs of Thai,
# Devanagari and other scripts are part of the letter and stay.
_ACCENTS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
# A word: letters and digits, plus the marks of scripts whose vowel signs are
# combining characters (Indic, Thai, Lao, Tibetan, Myanmar, Khmer, Balinese, kana voicing).
_WORD = re.compile(
    "(?:[^\\W_]|[\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\u1b00-\u1b7f\u3099\u309a\ua8e0-\ua8ff])+"
)


@lru_cache(maxsize=65536)
def fold_native(text: str) -> str:
    """NFKC + casefold + accents stripped, script kept: "Bílý Kruh" -> "bily kruh", "Μπίλι" -> "μπιλι"."""
    return fold_native_uncached(text)


def fold_native_uncached(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).casefold()
    if t.isascii():
        return t
    t = _ACCENTS.sub("", unicodedata.normalize("NFKD", t))
    return unicodedata.normalize("NFC", t)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The ASCII search form: fold_native, then transliterated; lower-case words joined by single spaces."""
    t = fold_native(text)
    if not t.isascii():
        t = anyascii(t).lower()
    return " ".join(_ASCII_WORD.findall(t))


def fold_words(text: str) -> list[str]:
    """Words of the ASCII search form."""
    return fold(text).split()


@lru_cache(maxsize=65536)
def _native_words(text: str) -> tuple[str, ...]:
    return tuple(words_uncached(text))


def words_uncached(text: str) -> list[str]:
    """native_words without the cache, for the one-off texts of an index build."""
    t = fold_native_uncached(text)
    if t.isascii():
        return _ASCII_WORD.findall(t)
    return _WORD.findall(t)


def native_words(text: str) -> list[str]:
    """Words of the script-preserving form (letters, digits and the marks that are part of letters)."""
    return list(_native_words(text))


def digits(text: str) -> str:
    """Only the ASCII digits of a text: "116 111" -> "116111", "+49 800-111 0 333" -> "498001110333"."""
    return "".join(ch for ch in text if "0" <= ch <= "9")
