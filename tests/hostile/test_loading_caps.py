"""directory.loading refuses what would crash or exhaust a later step, with one InputError (issue 12)."""

from __future__ import annotations

import json
import os
import threading

import pytest

from directory.errors import InputError
from directory.loading import (
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    json_depth,
    parse_json_bytes,
    parse_json_text,
    read_file_bytes,
    read_json_file,
)
from directory.safe_text import scrub, scrub_tree
from directory.store import Store


@pytest.mark.parametrize(
    "text, depth",
    [
        ("1", 0),
        ('"[[[["', 0),
        ("[]", 1),
        ('{"a": [{"b": "]]]"}], "c": {}}', 3),
        ('["\\\\", ["\\\\\\"]["]]', 2),
        ("[" * 70 + "]" * 70, MAX_JSON_DEPTH + 1),  # counted up to the cap and one past
        ("[" * 10 + "]" * 2, 10),  # unbalanced: what does not close still counts
    ],
)
def test_depth_prescan(text, depth):
    assert json_depth(text) == min(depth, MAX_JSON_DEPTH + 1)
    assert json_depth(text.encode("utf-8")) == json_depth(text)


def test_nesting_at_the_cap_is_read_and_one_deeper_refused():
    assert parse_json_text("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH, "x") is not None
    for deep in ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), '{"a":' * 255 + "1" + "}" * 255, "[" * 10**6):
        with pytest.raises(InputError, match="nested more than 64 levels deep"):
            parse_json_text(deep, "x")


def test_integer_digits_are_capped_before_python_refuses_them():
    assert parse_json_text("9" * MAX_INT_DIGITS, "x") == int("9" * MAX_INT_DIGITS)
    assert parse_json_text("-" + "9" * MAX_INT_DIGITS, "x") < 0
    for n in (MAX_INT_DIGITS + 1, 4301, 100_000):
        with pytest.raises(InputError, match=f"a number has {n:,} digits"):
            parse_json_bytes(b'{"version": ' + b"7" * n + b"}", "f.json")


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", '{"a": -Infinity}', "1e999", "-1e400", "1" * 500 + ".0"])
def test_nan_infinity_and_overflowing_numbers_are_refused(text):
    with pytest.raises(InputError):
        parse_json_text(text, "x")


def test_a_refusal_is_also_a_value_error_for_code_reading_embedded_json():
    with pytest.raises(ValueError):
        parse_json_text("[" * 300, "channel hours")


@pytest.mark.parametrize(
    "text, value",
    [
        ('"\\ud800"', "\ufffd"),
        ('"\\udc00x"', "\ufffdx"),
        ('"\\ud800\\ud800"', "\ufffd\ufffd"),
        ('"\\ud83d\\ude00"', "😀"),  # a pair is one character
        ('"\\\\ud800"', "\\ud800"),  # an escaped backslash, then text
    ],
)
def test_lone_surrogates_become_the_replacement_character(text, value):
    assert parse_json_text(text, "x") == value
    json.dumps(parse_json_text(text, "x"), ensure_ascii=False).encode("utf-8")  # printable and writable


def test_size_cap(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b"[" + b"1," * 600 + b"1]")
    with pytest.raises(InputError, match="larger than"):
        read_json_file(path, max_bytes=1000)
    with pytest.raises(InputError, match="more than"):
        parse_json_bytes(b"[" + b" " * 2000 + b"]", "x", max_bytes=1000)


def test_special_files_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    # Nobody ever writes to the FIFO: a read would block for ever instead of refusing.
    with pytest.raises(InputError, match="is a FIFO"):
        read_file_bytes(fifo)
    with pytest.raises(InputError, match="is a directory"):
        read_file_bytes(tmp_path)
    if os.path.exists("/dev/zero"):
        with pytest.raises(InputError, match="is a device"):
            read_json_file("/dev/zero")
    with pytest.raises(InputError, match="no such file"):
        read_file_bytes(tmp_path / "missing.json")
    (tmp_path / "empty.json").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_file_bytes(tmp_path / "empty.json")


def test_a_fifo_with_a_writer_is_still_refused(tmp_path):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)

    def writer():
        with open(fifo, "wb") as f:  # blocks until a reader opens it; the refusal never does
            f.write(b"[]")

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    with pytest.raises(InputError, match="is a FIFO"):
        read_file_bytes(fifo)
    with open(fifo, "rb") as f:  # release the writer
        f.read()
    t.join()


def test_a_store_file_with_a_huge_integer_is_moved_aside_once(tmp_path):
    store = Store(tmp_path)
    store.envelope()
    text = store.directory_path.read_text(encoding="utf-8")
    assert '"version":' in text
    store.directory_path.write_text(text.replace('"version":', '"version":' + "9" * 5000, 1), encoding="utf-8")
    again = Store(tmp_path)
    assert again.envelope()["services"]
    assert any("unreadable" in n for n in again.notices), again.notices
    assert list(tmp_path.glob("directory.json.corrupt-*"))
    third = Store(tmp_path)  # the next run reads the re-seeded file: no crash, no second move
    third.envelope()
    assert not any("unreadable" in n for n in third.notices)
    assert len(list(tmp_path.glob("directory.json.corrupt-*"))) == 1


# -- the sanitiser of everything that leaves vsd --------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("plain text", "plain text"),
        ("a\x1b[31mred\x1b[0m", "ared"),
        ("title\x1b]0;owned\x07!", "title!"),
        ("8-bit\x9b2Jcsi", "8-bitcsi"),
        ("nel\x85c1", "nelc1"),
        ("\u202eevil\u202c", "evil"),
        ("iso\u2066late\u2069", "isolate"),
        ("tab\tand\nnewline kept", "tab\tand\nnewline kept"),
        ("cr\r\x00nul", "crnul"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("zwj 👩\u200d💻 kept", "zwj 👩\u200d💻 kept"),
    ],
)
def test_scrub(raw, clean):
    assert scrub(raw) == clean


def test_bidi_marks_are_kept_only_in_free_text_fields():
    rec = {"name": "שלום\u200f 116", "id": "x\u200fy", "channels": [{"value": "116\u200e111", "label": "ק\u200fו"}]}
    out = scrub_tree(rec)
    assert out["name"] == "שלום\u200f 116" and out["channels"][0]["label"] == "ק\u200fו"
    assert out["id"] == "xy" and out["channels"][0]["value"] == "116111"
    assert scrub_tree({"a\x85b": [1, None, True, 2.5]}) == {"ab": [1, None, True, 2.5]}
