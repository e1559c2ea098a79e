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

# Anything longer is cut: nobody types more, and it bounds the work per query.
MAX_QUERY_CHARS = 500

_SPACES = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def clean(text: object) -> str:
    """User text made safe: a str, control/format characters (incl. RTL marks) dropped, spaces collapsed."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if text.isascii() and text.isprintable():
        return _SPACES.sub(" ", text).strip()
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip()


def _is_accented_script(cp: int) -> bool:
    """Latin, Greek and Cyrillic: scripts whose combining marks are accents that people often omit."""
    return cp < 0x0530 or 0x1E00 <= cp < 0x2000


@lru_cache(maxsize=65536)
def fold_native(text: str) -> str:
    """NFKC + casefold + accents stripped, script kept: "Bílý Kruh" -> "bily kruh", "Μπίλι" -> "μπιλι".

    Only accents on Latin, Greek and Cyrillic letters go; the vowel signs of
    Thai, Devanagari and other scripts are part of the letter and stay.
    """
    t = unicodedata.normalize("NFKC", text).casefold()
    if t.isascii():
        return t
    out: list[str] = []
    base = 0
    for ch in unicodedata.normalize("NFKD", t):
        if unicodedata.combining(ch):
            if _is_accented_script(base):
                continue
        else:
            base = ord(ch)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


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
    t = fold_native(text)
    if t.isascii():
        return tuple(_ASCII_WORD.findall(t))
    chars = [ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in t]
    return tuple("".join(chars).split())


def native_words(text: str) -> list[str]:
    """Words of the script-preserving form (letters, marks and digits; everything else separates)."""
    return list(_native_words(text))


def digits(text: str) -> str:
    """Only the ASCII digits of a text: "116 111" -> "116111", "+49 800-111 0 333" -> "498001110333"."""
    return "".join(ch for ch in text if "0" <= ch <= "9")
