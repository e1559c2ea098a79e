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

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
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
        if cat in ("Cc", "Zl", "Zp") or ch in "\t\n\r":
            out.append(" ")
        elif cat in ("Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip()


@lru_cache(maxsize=65536)
def fold_native(text: str) -> str:
    """NFKC + casefold + diacritics stripped, script kept: "Bílý Kruh" -> "bily kruh", "Білий" -> "білии"."""
    t = unicodedata.normalize("NFKC", text).casefold()
    if t.isascii():
        return t
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", t)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The ASCII search form: fold_native, then transliterated, lower-case words joined by single spaces."""
    t = fold_native(text)
    if not t.isascii():
        t = anyascii(t).lower()
    return " ".join(_ASCII_WORD.findall(t))


def fold_words(text: str) -> list[str]:
    """Words of the ASCII search form."""
    return fold(text).split()


def native_words(text: str) -> list[str]:
    """Words of the script-preserving form (letters and digits only)."""
    return _WORD.findall(fold_native(text))


def digits(text: str) -> str:
    """Only the digits of a text: "116 111" -> "116111", "+49 800-111 0 333" -> "498001110333"."""
    return "".join(ch for ch in text if ch.isdigit() and ch.isascii())
