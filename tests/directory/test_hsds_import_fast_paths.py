"""The faster ways an HSDS import reads and checks services give the verdicts and messages of the slow ways.

Each fast path (bench/hsds.py measures them) is run here beside the code it stands in for, on inputs
chosen to reach every branch where the two could part: refusals, caps, hostile text, cached values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.errors import InputError
from directory.hsds import attributes, places, schedules
from directory.hsds.reading import parse_object_text, parse_record_line
from directory.loading import parse_json_bytes, parse_json_text
from directory.validate import RecordValidator, validate
from tests.factories import service
from tests.hsds_support import phrase_alternation

TODAY = date(2026, 11, 20)

# -- parse_record_line == parse_json_bytes ------------------------------------------------------------

LINES = [
    b'{"id": "1", "name": "A", "n": 12, "f": 0.1, "neg": -0, "e": 1E+2, "x": -0.0}\n',
    b'{"a": 1, "a": 2}',  # the last of a duplicate key
    b'{"a": 2.2250738585072011e-308, "b": 1.7976931348623157e308, "c": 5e-324}',
    b'{"a": ' + b"9" * 40 + b"}",  # the longest integer allowed
    b'{"a": ' + b"9" * 41 + b"}",  # one digit too many
    b'{"a": -' + b"1" * 41 + b"}",
    b'{"a": 0.' + b"1" * 420 + b"}",  # a float written with too many characters
    b'{"a": "' + b"1" * 60 + b'", "b": 1}',  # a long run of digits in a string: still the same value
    b'{"a": 1e999}',  # overflows to infinity
    b'{"a": -1e400}',
    b'{"a": NaN}',
    b'{"a": Infinity}',
    b'{"a": "\\ud800"}',  # a lone surrogate escape: U+FFFD
    b'{"a": "\\udc00x"}',
    b'{"a": "\\ud83d\\ude00"}',  # a pair: the character
    b'{"a": "\\\\ud800"}',  # an escaped backslash, then text
    b'{"a": "\\u00e9\\n\\t\\"\\/"}',
    b'{"a": "\xff"}',  # not UTF-8
    b'{"a": "\xed\xa0\x80"}',  # a surrogate encoded in UTF-8
    b'{"a": "\xc0\xaf"}',  # an overlong encoding
    b'{"a": "x\x01y"}',  # a raw control character in a string
    b'{"a": "x\ty"}',
    b'{"a": "x\x7fy\xe2\x80\xa8"}',
    b'{"a": "x\x00y"}',
    b'{"a": 1}\x00',
    b'{"a": [1,]}',
    b'{"a": 1,}',
    b'{"a": 01}',
    b'{"a": .5}',
    b'{"a": +1}',
    b"{a: 1}",
    b'{"a": 1} x',
    b'{"a": 1}\x0c',
    b'{"a": 1}\r\n',
    b'{"a": "\\x41"}',
    b'{"a": true, "b": false, "c": null, "d": [], "e": {}}',
    b"{" + b'"a":[' * 63 + b"]" * 63 + b"}",  # 64 deep: allowed
    b"{" + b'"a":[' * 64 + b"]" * 64 + b"}",  # 65 deep: refused
    b'{"a":' * 64 + b"1" + b"}" * 64,  # 64 deep in objects alone: allowed
    b'{"a":' * 65 + b"1" + b"}" * 65,  # 65 deep in objects: refused
    b'{"a":{"b":[' * 21 + b"1" + b"]}}" * 21 + b"}",  # 64 deep, objects and arrays: allowed
    b'{"a":{"b":[' * 21 + b"{}" + b"]}}" * 21 + b"}",  # 65 deep: refused
    b'{"a": "' + b"[" * 100 + b'"}',  # brackets in a string are not nesting
    b'\xef\xbb\xbf{"a": 1}',  # a UTF-8 BOM
    b'\xff\xfe{\x00"\x00',  # UTF-16
    b' {"a": 1}',
    b"[1, 2]",
    b'"text"',
]


def _outcome(fn: Any, line: bytes) -> tuple[str, Any]:
    try:
        return "value", fn(line, "f line 3")
    except InputError as e:
        return "refused", str(e)


def _typed(v: Any) -> Any:
    """A parsed value with each number's type: 1 and 1.0 (and True) compare equal, but are not the same JSON."""
    if isinstance(v, dict):
        return {k: _typed(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_typed(x) for x in v]
    return (type(v).__name__, repr(v))


@pytest.mark.parametrize("line", LINES)
def test_a_record_line_parses_as_parse_json_bytes_does(line: bytes) -> None:
    fast, slow = _outcome(parse_record_line, line), _outcome(parse_json_bytes, line)
    assert fast[0] == slow[0]
    assert (_typed(fast[1]) if fast[0] == "value" else fast[1]) == (_typed(slow[1]) if slow[0] == "value" else slow[1])


@pytest.mark.parametrize("line", LINES)
def test_an_attribute_value_parses_as_parse_json_text_does(line: bytes) -> None:
    text = line.decode("utf-8", "surrogateescape")  # undecodable bytes as lone surrogates, as text may hold
    fast, slow = _outcome(parse_object_text, text), _outcome(parse_json_text, text)
    assert fast[0] == slow[0]
    assert (_typed(fast[1]) if fast[0] == "value" else fast[1]) == (_typed(slow[1]) if slow[0] == "value" else slow[1])


def test_the_caps_still_refuse_on_the_fast_path() -> None:
    for line in (b'{"a": ' + b"9" * 41 + b"}", b'{"a": 1e999}', b"{" + b'"a":[' * 64 + b"]" * 64 + b"}"):
        with pytest.raises(InputError):
            parse_record_line(line, "f")
    assert parse_record_line(b'{"a": "\\ud800"}', "f") == {"a": "\ufffd"}


# -- RecordValidator == validate of the one-record envelope ------------------------------------------

SHORT = [
    {"country": "DE", "number": "116 016", "what": "women's helpline", "source": "https://example.org/de"},
    {"country": "TH", "number": "1387", "what": "child helpline", "source": "https://example.org/th"},
    {"country": "AT", "number": "147", "what": "Rat auf Draht", "source": "https://example.org/at"},
]


def _records() -> list[dict[str, Any]]:
    phone = {"kind": "phone", "label": "x"}
    return [
        service(),
        service(channels=[{**phone, "value": "116 016"}]),  # in the table for DE
        service(channels=[{**phone, "value": "1387"}]),  # in the table, but for TH only
        service(countries=["DE", "TH"], channels=[{**phone, "value": "1387", "country": "TH"}]),
        service(channels=[{**phone, "value": "1387", "country": "TH"}]),  # a channel country not the record's
        service(channels=[{**phone, "value": "147", "country": "AT"}]),
        service(channels=[{**phone, "value": "+49 30 1234"}]),  # not a valid number
        service(channels=[{**phone, "value": "\u0661\u0661\u0666"}]),  # digits of another script
        service(channels=[{**phone, "value": "116\u202e111"}]),  # a bidi override
        service(channels=[{"kind": "web", "value": "ftp://x.example.org"}]),
        service(channels=[{"kind": "email", "value": "not an address"}]),
        service(countries=["XX"], languages=["zz"], support_types=["nothing"]),
        service(min_age=30, max_age=10, last_verified="2099-01-01"),
        service(hours={"timezone": "Mars/Olympus", "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "09:00"}]}),
        service(source="see https://[::1 and http://ok.example.org"),
        service(name=None),  # the schema refuses it: validate's own messages
        service(channels="none", countries=[1]),
        service(channels=[3, {"kind": "phone", "value": 116}, {**phone, "value": "116 016", "country": ["DE"]}]),
        service(id="a b\x1b[31m", support_types=[]),
        service(verification="\x1b]0;x\x07", languages=["de", 3]),
    ]


@pytest.mark.parametrize("table", [[], SHORT, [*SHORT, {"country": "DE", "number": "1"}]])
def test_record_validator_says_what_validate_says(table: list[dict[str, Any]]) -> None:
    check = RecordValidator(table, TODAY)
    for rec in _records():
        slow = validate(check.envelope(rec), today=TODAY).problems
        assert check.problems(rec) == slow, rec


def test_record_validator_checks_phones_against_the_table() -> None:
    """The table matters: the equivalence above is not two empty lists."""
    rec = service(channels=[{"kind": "phone", "value": "116 016"}])
    assert RecordValidator(SHORT, TODAY).problems(rec) == []
    assert RecordValidator([], TODAY).problems(rec) != []
    broken = [*SHORT, {"country": "DE", "number": "1"}]  # a table entry the schema refuses: said for DE records
    assert any("short_numbers" in str(p) for p in RecordValidator(broken, TODAY).problems(rec))


def test_record_validator_shares_the_table_only_per_record() -> None:
    check = RecordValidator(SHORT, TODAY)
    rec = service(countries=["DE"], channels=[{"kind": "phone", "value": "1387", "country": "TH"}])
    assert [e["country"] for e in check.short_numbers_for(rec)] == ["DE", "TH"]


# -- the caches are the functions they cache, and what they hand out can be changed ------------------


def test_decoded_attributes_are_the_same_every_time_and_unshared() -> None:
    warned: list[tuple[str, str]] = []
    obj = {"attributes": [{"taxonomy_term_id": attributes.COMPACT_TERM_ID, "value": '{"timezone":"Europe/Dublin"}'}]}
    first = attributes.read_vsd_fields(obj, lambda p, m: warned.append((p, m)))
    first["timezone"].append("changed")
    again = attributes.read_vsd_fields(obj, lambda p, m: warned.append((p, m)))
    assert again == {"timezone": ["Europe/Dublin"]}
    long = "x" * 300
    obj = {"attributes": [{"taxonomy_term_id": attributes.COMPACT_TERM_ID, "value": f'{{"notes":"{long}"}}'}]}
    assert attributes.read_vsd_fields(obj, lambda p, m: warned.append((p, m))) == {"notes": [long]}
    assert warned == []
    bad = {"attributes": [{"taxonomy_term_id": attributes.COMPACT_TERM_ID, "value": "[1]"}]}
    for _ in range(2):  # a cached refusal is still said each time
        assert attributes.read_vsd_fields(bad, lambda p, m: warned.append((p, m))) == {}
    assert warned == [("attributes", "the vsd attribute is not a JSON object; ignored")] * 2


def test_cached_days_and_zones_are_fresh_lists() -> None:
    from directory.hsds.fields import FieldReader

    r = FieldReader()
    days = schedules._days(r, "s.", {"byday": "MO,TU,MO"})
    assert days == ["mon", "tue"]
    assert days is not None
    days.append("sun")
    assert schedules._days(r, "s.", {"byday": "MO,TU,MO"}) == ["mon", "tue"]
    assert schedules._days(r, "s.", {"byday": "MO,XX"}) is None
    assert schedules._days(r, "s.", {"byday": "MO,XX"}) is None
    assert r.warnings == ['s.byday: "MO,XX" is not a list of weekdays (MO..SU); not imported'] * 2
    zones = places.country_zones(["DE"])
    zones.append("Mars/Olympus")
    assert places.country_zones(["DE"]) == ["Europe/Berlin", "Europe/Busingen"]


def test_anyascii_leaves_ascii_as_it_is_so_slug_need_not_call_it() -> None:
    from anyascii import anyascii

    from directory.hsds.text import slug

    every = "".join(map(chr, range(128)))
    assert anyascii(every) == every
    assert all(anyascii(c) == c for c in every)
    assert slug("Help Centre – Ireland (24/7)", 60) == "help-centre-ireland-24-7"
    assert slug("Білий круг", 60) == "biliy-krug"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org/about",
        "http://[::1",
        "http://[::1]:8080/x",
        "http://exa mple.org/\t\n",
        "HTTP://x.org/a;b#frag",
        "//x.example.org",
        "\x00http://x.org",
        "https://x.org:99999/",
        "",
    ],
)
def test_a_url_without_at_or_query_is_left_as_the_full_redaction_leaves_it(url: str) -> None:
    from directory.layers import _redacted, redact_url

    assert redact_url(url) == _redacted(url) == url
    assert _redacted("https://u:p@x.org/?token=1&a=2") == "https://x.org/?a=2"  # it is the full redaction


@pytest.mark.parametrize(
    "text",
    [
        "HSDS import 'x': /data/export.ndjson (service id 1)",
        "HSDS import 'x': https://api.example.org/hsds (service id 1)",
        "see https://u:p@x.org/a and http://y.org/?token=1&a=2",
        "mail help@x.org, https://x.org/about",  # an @ outside the address
        "https://x.org/about? and more",
        "from https://x.org/hsds?api_key=1&page=2",
        "HTTPS://U:P@X.ORG/",
        "ftp://u:p@x.org/ https://x.org/",
        "://@?",
        "",
    ],
)
def test_text_is_redacted_as_each_address_in_it_is(text: str) -> None:
    """The shortcut for text without "@" and "?" gives what redacting each address in it gives."""
    from directory.layers import _URL, _redacted, redact_text

    assert redact_text(text) == _URL.sub(lambda m: _redacted(m.group(0)), text)
    assert redact_text("a https://u:p@x.org/ b") == "a https://x.org/ b"


@pytest.mark.parametrize(
    "value", ["  Help  ", "", "   ", "\t\n", "a\x1b[31mb", "\u202eevil", "é ", "\x00", "\x7f", 5, None]
)
@pytest.mark.parametrize("required", [False, True])
def test_field_reader_str_reads_plain_ascii_as_it_reads_any_text(value: Any, required: bool) -> None:
    """The ASCII shortcut gives what strip_controls, then strip, gives every text."""
    from directory.hsds.fields import FieldReader
    from directory.hsds.text import strip_controls

    r = FieldReader()
    got = r.str({"k": value}, "k", "p.", required=required)
    if isinstance(value, str):
        want = strip_controls(value).strip() or None
        assert got == want
        assert r.problems == (["p.k: empty (required)"] if required and want is None else [])
    else:
        assert got is None
        assert bool(r.problems) == (required or value is not None)


# -- transliteration at C speed, the phone display check, the layer written by msgspec ----------------

# Characters of the scripts services are named in, and what anyascii makes of nothing: unassigned code
# points, a lone surrogate, private use, an astral character, combining marks, ASCII among them.
SCRIPT_TEXTS = [
    "Білий круг",
    "Λευκός Κύκλος",
    "Weißer Ring – Zürich",
    "ქალთა ცენტრი",
    "مركز المساعدة",
    "מרכז סיוע",
    "東京都 相談センター",
    "서울 상담 센터",
    "ศูนย์ช่วยเหลือ",
    "सहायता केंद्र",
    "\u0378\u0379\ud800\ue000\U0001f600\U00020000e\u0301",
    "".join(map(chr, range(0x80, 0x800))),
    "".join(map(chr, range(0x80))) + " -- Hilfe-Telefon: 116 111 (ZÜRICH) __ok__ ",
]


@pytest.mark.parametrize("text", SCRIPT_TEXTS)
def test_slug_transliterates_as_anyascii_does(text: str) -> None:
    from anyascii import anyascii

    from directory.hsds.text import _TRANSLITERATED, slug

    assert text.translate(_TRANSLITERATED) == anyascii(text)
    assert text.translate(_TRANSLITERATED) == anyascii(text)  # filled the first time, read the second
    # (a slug: each run of characters but a-z and 0-9 one "-", none at either end)
    want = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")[:60].rstrip("-")
    assert slug(text, 60) == want


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list(" -_aZ09éÉßİ\u00a0\u3000\u1680\u0301Жж東ქ😀\t.")), max_size=40),
    st.integers(1, 70),
)
def test_slug_word_by_word_is_the_slug_of_the_whole_text(text: str, limit: int) -> None:
    from anyascii import anyascii

    from directory.hsds.text import slug

    want = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")[:limit].rstrip("-")
    assert slug(text, limit) == want


@pytest.mark.parametrize(
    "value",
    ["", "116 111", "+49 (30) 123-45.67/8#*", "116\u00a0111", "١١٦", "116 111 ext", "\u202e116", "1\x00", "+", " "],
)
def test_the_phone_display_check_reads_every_character(value: str) -> None:
    """The check at C speed (strip) answers as the check of each character against DISPLAY_CHARS."""
    from directory import phones
    from directory.phone_chars import DISPLAY_CHARS

    plain = all(ch in DISPLAY_CHARS for ch in value)
    assert (phones.display_problem(value) is None) == plain


def test_the_layer_file_is_what_json_dumps_writes(tmp_path: Any) -> None:
    """msgspec writes imports.json byte for byte as the store's json.dumps would: text of every kind,
    numbers, nesting, and the other labels' documents read back and written again."""
    import json

    from directory.layers import IMPORTS_FILE, Layers

    text = "".join(map(chr, range(1, 0x250))) + '\u2028\u2029\ufeff\u202e\U0001f600 "quoted" \\ / </script>'
    records = [
        service(id="x-1", name=text, countries=["DE"], min_age=0, max_age=2**40),
        service(id="x-2", name="Білий круг", countries=["UA"], description="\n\t" + text),
    ]
    layers = Layers(tmp_path)
    for label in ("first", "second"):
        layers.replace(
            label, source="f", kind="file", records=records, hsds_ids={"x-1": "1", "x-2": "2"}, fetched_at="t"
        )
    raw = (tmp_path / IMPORTS_FILE).read_bytes()
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert [d["records"] for d in Layers(tmp_path).layers()] == [records, records]


# -- the description read by one trie of phrases, as by the alternation of them all -------------------


def _vocabulary() -> list[str]:
    from directory.hsds.classification import _phrase_matcher
    from directory.hsds.taxonomy import TaxonomyMapping

    rules = TaxonomyMapping.load([]).description
    _rx, by_phrase = _phrase_matcher(frozenset(rules.never), frozenset(rules.single_words), frozenset(rules.skip))
    return list(by_phrase)


def _texts(phrases: list[str]) -> list[str]:
    """Each phrase alone, as a plural, inside a word, run into the next, amid text of another script; pairs
    of phrases where one begins another; and the bundled directory's descriptions, folded as they are read."""
    from directory.bundled import bundled_path
    from directory.hsds.text import clean_text
    from directory.loading import read_json_file
    from directory.normalize import fold_native_uncached

    out = []
    for i, p in enumerate(phrases):
        q = phrases[(i * 7 + 3) % len(phrases)]
        out += [f"x{p} {p}ss {p}x {p}{q}", f"中{p}文 a {p}. {q}s, {p[:-1]}"]
    for p in phrases:
        out += [q + " " + p for q in phrases if p != q and p.startswith(q[: max(1, len(q) - 1)])][:3]
    for rec in read_json_file(bundled_path())["services"][::10]:
        for field in ("description", "name"):
            if isinstance(rec.get(field), str):
                out.append(" ".join(fold_native_uncached(clean_text(rec[field])).split()))
    return out


def test_the_phrase_trie_finds_what_the_alternation_of_every_phrase_finds() -> None:
    import re

    from directory.hsds.classification import phrase_pattern

    phrases = _vocabulary()
    assert len(phrases) > 100
    trie, plain = re.compile(phrase_pattern(phrases)), re.compile(phrase_alternation(phrases))
    texts = _texts(phrases)
    found = 0
    for text in texts:
        got = [(m.start(), m.group(0)) for m in trie.finditer(text)]
        assert got == [(m.start(), m.group(0)) for m in plain.finditer(text)], text
        found += len(got)
    assert found > len(phrases)  # the texts hold the phrases: the two agree on matches, not only on none


@pytest.mark.parametrize(
    "phrases",
    [
        ["ab", "abc", "abcs", "abd"],
        ["b", "ab", "abs"],
        ["家庭暴力", "家庭", "violence domestique", "violence"],
        ["a.b", "a+b"],
    ],
)
def test_the_phrase_trie_prefers_the_longest_phrase_as_the_alternation_does(phrases: list[str]) -> None:
    import re

    from directory.hsds.classification import phrase_pattern

    texts = ["abcs abc abd ab abs ab. xab abcss", "家庭暴力家庭 violence domestiques violences", "a.b a+b a.bs axb"]
    for text in texts:
        assert [m.group(0) for m in re.finditer(phrase_pattern(phrases), text)] == [
            m.group(0) for m in re.finditer(phrase_alternation(phrases), text)
        ]


def test_locations_read_once_say_their_problems_where_the_first_reading_met_them() -> None:
    """The first reading of the locations goes one at a time, as each was read before they were kept: a
    problem of the first location's address is said before one of the second location."""
    from directory.hsds import ImportContext, Item, TaxonomyMapping, map_service
    from tests.hsds_support import hsds_service

    sals = [{"location": {"addresses": "Hauptstraße 1"}}, {"location": 5}]
    ctx = ImportContext(label="t", source="/data/t.json", mapping=TaxonomyMapping.load([]))
    out = map_service(Item("[0]", hsds_service(1, service_at_locations=sals)), ctx)
    assert out.status == "rejected"
    assert [p.split(":")[0] for p in out.problems] == [
        "service_at_locations[0].location.addresses",
        "service_at_locations[1].location",
    ]


# -- legacy detection: what makes a service pre-3.0 ---------------------------------------------------


@pytest.mark.parametrize(
    ("obj", "legacy"),
    [
        ({"id": "1", "name": "A", "languages": [{"name": "English", "code": "en"}]}, False),
        ({"id": "1", "languages": [{"language": "English"}]}, True),  # a 1.x language row
        ({"id": "1", "languages": [{"language": "en", "name": "English"}, "en", 5]}, False),
        ({"id": "1", "languages": {"language": "en"}}, False),  # not a list: nothing to look at
        ({"id": "1", "regular_schedules": []}, True),
        ({"id": "1", "fees": [{"fee": "none"}]}, True),
        ({"id": "1", "fees": "none"}, False),
        ({"id": "1", "service_at_locations": [{"location": {"physical_addresses": []}}]}, True),
        (
            {"id": "1", "service_at_locations": [{"location": {"addresses": []}}, {"location": {"service_area": 1}}]},
            True,
        ),
        ({"id": "1", "service_at_locations": [{"location": {"addresses": []}}, "x", {"location": "y"}, {}]}, False),
        ({"id": "1", "service_at_locations": {"location": {"physical_addresses": []}}}, False),
        ([{"regular_schedules": []}], False),
        ("text", False),
    ],
)
def test_a_service_is_legacy_for_a_pre_3_0_key_of_its_own_or_of_a_location(obj: Any, legacy: bool) -> None:
    from directory.hsds.legacy import flavour, is_legacy

    assert is_legacy(obj) is legacy
    assert flavour([{"id": "0"}, obj]) == ("HSDS 1.x/2.0 JSON" if legacy else None)
