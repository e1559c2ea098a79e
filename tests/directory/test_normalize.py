"""Normalisation: NFKC, case, accents, scripts, words, digits; and user text made safe."""

from __future__ import annotations

import pytest

from directory.normalize import clean, digits, fold, fold_native, fold_words, native_words


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Bílý kruh bezpečí", "bily kruh bezpeci"),
        ("BILY  KRUH", "bily kruh"),
        ("Straße", "strasse"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),  # NFKC
        ("ﬁle", "file"),  # ligature
        ("Łódź", "lodz"),
        ("Ærø", "aero"),
        ("Україна", "ukraina"),
        ("Χαμόγελο", "chamogelo"),
        ("İhbar", "ihbar"),
        ("Kinder- und Jugendtelefon", "kinder und jugendtelefon"),
        ("d'écoute", "d ecoute"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_native_keeps_script_and_drops_accents():
    assert fold_native("Bílý Kruh") == "bily kruh"
    assert fold_native("Μπίλι") == "μπιλι"
    assert fold_native("Їжак") == "іжак"
    # Hebrew points and Arabic vowel marks are accents too
    assert fold_native("שָׁלוֹם") == "שלום"
    assert fold_native("مَرْحَبًا") == "مرحبا"


def test_vowel_signs_of_other_scripts_stay():
    # Thai and Devanagari vowel signs are combining marks but part of the letters
    assert native_words("มูลนิธิสายเด็ก") == ["มูลนิธิสายเด็ก"]
    assert native_words("हिन्दी भाषा") == ["हिन्दी", "भाषा"]
    assert fold("สายเด็ก") and fold("हिन्दी") == "hindi"


def test_words():
    assert native_words("Nummer gegen Kummer – 116 111") == ["nummer", "gegen", "kummer", "116", "111"]
    assert native_words("Национална линия, за деца!") == ["национална", "линия", "за", "деца"]
    assert fold_words("Tổng đài 111") == ["tong", "dai", "111"]


def test_digits():
    assert digits("116 111") == "116111"
    assert digits("+49 (0)800-111 0 333") == "4908001110333"
    assert digits("١٢٣") == ""  # only ASCII digits count for phone numbers


@pytest.mark.parametrize(
    "raw, safe",
    [
        ("  a \t b\n", "a b"),
        ("\u202ekinder\u202c", "kinder"),  # RTL override and pop
        ("\u200fhelp\u200e", "help"),  # RTL/LTR marks
        ("a\x00b\x1b[31mc", "a b [31mc"),  # NUL and ESC become separators, never pass through
        ("zero\u200bwidth", "zerowidth"),
        (None, ""),
        (42, "42"),
    ],
)
def test_clean(raw, safe):
    assert clean(raw) == safe


def test_clean_keeps_emoji_and_scripts():
    assert clean("🆘 Україна 子供") == "🆘 Україна 子供"
