"""A phone number is displayed as it is dialled: values that would read as another number are refused.

`phonenumbers` reads digits of any script and drops letters, so on its own it accepts `0800 111 0 ੪੪੪`
(Gurmukhi digits that look like 8 and 4) and `هاتف 0800 111 0 333` (which a bidi-aware terminal shows as
`333 0 111 0800`). The value is shown as stored, so validation, HSDS imports and the feed refuse any phone or
sms value holding more than ASCII digits, spaces and + - ( ) . / # *.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory import phones
from directory.bundled import bundled_path
from directory.hsds import ImportContext, Item, map_services
from directory.validate import validate
from sync.client import sync
from sync.errors import SyncRefused
from tests.factories import envelope, service
from tests.hsds_support import hsds_service
from tests.sync_fixtures import BOOKMARKED, FAST, local_files, records, release

TODAY = date(2026, 11, 28)
GOOD = "0800 111 0 333"  # a valid German freephone number

# (value, what the message names). Each displays differently from what it dials, or hides characters.
SPOOFS = [
    pytest.param("٠٨٠٠ ١١١ ٠ ٣٣٣", "U+0660 ARABIC-INDIC DIGIT ZERO, not an ASCII digit", id="arabic-indic"),
    pytest.param("۰۸۰۰ ۱۱۱ ۰ ۳۳۳", "U+06F0 EXTENDED ARABIC-INDIC DIGIT ZERO, not an ASCII digit", id="ext-arabic"),
    pytest.param("०८०० १११ ० ३३३", "U+0966 DEVANAGARI DIGIT ZERO, not an ASCII digit", id="devanagari"),
    pytest.param("0800 111 0 ੪੪੪", "U+0A6A GURMUKHI DIGIT FOUR, not an ASCII digit", id="gurmukhi"),
    pytest.param("０８００ １１１ ０ ３３３", "U+FF10 FULLWIDTH DIGIT ZERO, not an ASCII digit", id="fullwidth"),
    pytest.param("0800 111 0 ۴۴۴", "U+06F4 EXTENDED ARABIC-INDIC DIGIT FOUR", id="mixed-digits"),
    pytest.param("\u202e0800 111 0 333", "U+202E RIGHT-TO-LEFT OVERRIDE, a bidi control", id="rlo"),
    pytest.param("\u20660800 111\u2069 0 333", "U+2066 LEFT-TO-RIGHT ISOLATE, a bidi control", id="lri-pdi"),
    pytest.param("0800 111 0 333\u2069", "U+2069 POP DIRECTIONAL ISOLATE, a bidi control", id="pdi"),
    pytest.param("0800\u200d111 0 333", "U+200D ZERO WIDTH JOINER, an invisible format character", id="zwj"),
    pytest.param("0800\u00a0111 0 333", "U+00A0 NO-BREAK SPACE, not a plain space; use a plain space", id="nbsp"),
    pytest.param("0800\u202f111 0 333", "U+202F NARROW NO-BREAK SPACE, not a plain space; use a plain", id="nnbsp"),
    pytest.param("0800\u2007111 0 333", "U+2007 FIGURE SPACE, not a plain space; use a plain space", id="figure-sp"),
    pytest.param("هاتف 0800 111 0 333", "U+0647 ARABIC LETTER HEH, a letter; put words in the channel label", id="ar"),
    pytest.param("Hotline 0800 111 0 333", "U+0048 LATIN CAPITAL LETTER H, a letter; put words", id="lead-word"),
    pytest.param("0800 111 0 333 kostenlos", "U+006B LATIN SMALL LETTER K, a letter", id="trailing-word"),
]


def problems(value: str, kind: str = "phone") -> list[str]:
    env = envelope(service(channels=[{"kind": kind, "value": value, "label": "Beratung"}]))
    return [str(p) for p in validate(env, today=TODAY).problems]


# -- the rule itself ---------------------------------------------------------------------------
def test_the_headline_spoofs_pass_the_phone_metadata_alone():
    """Why the rule exists: each of these is a valid German number to phonenumbers."""
    for value in ("0800 111 0 ੪੪੪", "هاتف 0800 111 0 333", "\u202e0800 111 0 333", "０８００ １１１ ０ ３３３"):
        assert phones.known_to_metadata(value, "DE"), value


@pytest.mark.parametrize(("value", "named"), SPOOFS)
def test_display_problem_names_the_character(value, named):
    problem = phones.display_problem(value)
    assert problem is not None and named in problem
    assert phones.display_form(value) is None


@pytest.mark.parametrize(
    "control",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
    + ["\u061c"],
)
def test_every_bidi_control_is_refused(control):
    problem = phones.display_problem(f"0800 111{control} 0 333")
    assert problem is not None and f"U+{ord(control):04X}" in problem and "a bidi control" in problem


@pytest.mark.parametrize("fmt", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_every_format_character_is_refused(fmt):
    problem = phones.display_problem(f"0800{fmt} 111 0 333")
    assert problem is not None and f"U+{ord(fmt):04X}" in problem and "an invisible format character" in problem


def test_each_kind_of_offence_is_named_once():
    problem = phones.display_problem("\u202eهاتف ٠٨٠٠\u202c\u200d")
    assert problem == (
        "holds U+202E RIGHT-TO-LEFT OVERRIDE, a bidi control, which can make a number display in another order; "
        "holds U+0647 ARABIC LETTER HEH, a letter; put words in the channel label and only the number in the value; "
        "holds U+0660 ARABIC-INDIC DIGIT ZERO, not an ASCII digit; write the number with the digits 0-9; "
        "holds U+200D ZERO WIDTH JOINER, an invisible format character"
    )


@pytest.mark.parametrize(
    "value", [GOOD, "+49 800 111 0 333", "116 111", "(030) 40-50-40.50", "*100#", "+1 (800) 799-7233", "0800/1110333"]
)
def test_ascii_digits_spaces_and_separators_are_shown_as_stored(value):
    assert phones.display_problem(value) is None
    assert phones.display_form(value) == value
    assert phones.display_form(f"  {value.replace(' ', '   ')} ") == value  # trimmed, runs of spaces made one


# -- validation of a services file (what `vsd validate`, the feed publisher and the sync use) ----------
@pytest.mark.parametrize(("value", "named"), SPOOFS)
@pytest.mark.parametrize("kind", ["phone", "sms"])
def test_validate_refuses_a_spoofed_number_with_one_plain_ascii_problem(value, named, kind):
    found = problems(value, kind)
    assert len(found) == 1, found  # the display problem alone, not also "not a valid phone number"
    msg = found[0]
    assert msg.startswith("services[0] de-nummer-gegen-kummer-116111: channels[0].value ")
    assert named in msg
    assert json.dumps(value, ensure_ascii=True) in msg  # the value shown with \uXXXX escapes, searchable
    assert msg.isascii() or msg.endswith("…"), msg  # no character of the value reaches the terminal as itself


def test_validate_still_checks_the_rest_of_a_refused_channel():
    ch = {"kind": "phone", "value": "0800 111 0 ੪੪੪", "languages": ["qq"], "country": "FR"}
    found = [str(p) for p in validate(envelope(service(channels=[ch])), today=TODAY).problems]
    assert any("GURMUKHI DIGIT FOUR" in p for p in found)
    assert any('channels[0].languages[0] "qq"' in p for p in found)
    assert any('channels[0].country "FR" is not one of the record\'s countries' in p for p in found)
    assert len(found) == 3, found


def test_a_clean_number_with_its_words_in_the_label_is_valid():
    assert problems(GOOD) == []


def test_a_channel_kind_that_is_not_a_string_is_a_problem_not_a_crash():
    found = [str(p) for p in validate(envelope(service(channels=[{"kind": ["phone"], "value": GOOD}]))).problems]
    assert found and all("Traceback" not in p for p in found)


def test_the_bundled_directory_validates_with_no_problem():
    env = json.loads(bundled_path().read_text(encoding="utf-8"))
    report = validate(env)
    assert report.problems == []
    numbers = [c["value"] for s in env["services"] for c in s["channels"] if c["kind"] in ("phone", "sms")]
    assert len(numbers) > 100 and all(phones.display_form(v) == v for v in numbers)


# -- HSDS imports ------------------------------------------------------------------------------
def _import(*numbers: str):
    ctx = ImportContext(label="test", source="/data/test.json", today=TODAY)
    items = [
        Item("service", hsds_service(n, phones=[{"id": f"p{n}", "number": number, "description": "Beratung"}]))
        for n, number in enumerate(numbers, start=1)
    ]
    return map_services(items, ctx).outcomes


@pytest.mark.parametrize(("value", "named"), [p for p in SPOOFS if p.id not in ("nbsp", "nnbsp", "figure-sp")])
def test_hsds_import_leaves_out_a_spoofed_number_with_a_warning_naming_the_field(value, named):
    (out,) = _import(value)
    assert out.status == "imported", out.problems  # the service comes in, with its web and email channels
    assert [c["kind"] for c in out.record["channels"]] == ["web", "email"]
    warning = next(w for w in out.warnings if w.startswith("phones[0].number: "))
    assert named in warning and warning.endswith("; not imported")
    assert warning.isascii()
    text = json.dumps(out.record, ensure_ascii=False)
    assert not any(ch in text for ch in value if not ch.isascii())  # nothing of the number in the record


def test_hsds_import_does_not_strip_hidden_characters_into_a_different_number():
    """Dropping the bidi controls and joiners would import a number the source never showed; it is left out."""
    (out,) = _import("\u202e333 0 111 0080\u202c")
    assert [c["kind"] for c in out.record["channels"]] == ["web", "email"]
    assert any("U+202E RIGHT-TO-LEFT OVERRIDE" in w for w in out.warnings)


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\t"])
def test_hsds_import_reads_other_spaces_as_plain_ones(space):
    """A no-break space changes neither what is shown nor what is dialled: the import stores a plain space."""
    (out,) = _import(f"0800{space}111{space}0{space}333")
    assert out.status == "imported", out.problems
    assert out.record["channels"][0] == {
        "kind": "phone",
        "value": GOOD,
        "label": "Beratung",
        "international": "+498001110333",
    }
    env = envelope(out.record)
    env["schema"] = "vsd.services/2"
    assert validate(env, today=TODAY).ok


def test_hsds_import_keeps_the_clean_numbers_of_a_mixed_batch():
    outs = _import(GOOD, "0800 111 0 ੪੪੪", "+49 30 40504050")
    phones_found = [[c["value"] for c in o.record["channels"] if c["kind"] == "phone"] for o in outs]
    assert phones_found == [[GOOD], [], ["+49 30 40504050"]]


# -- the feed ------------------------------------------------------------------------------------
@pytest.mark.usefixtures("sync_env")
def test_a_signed_feed_with_a_spoofed_number_is_refused_and_the_local_copy_kept(feed, server, store):
    bad = release(2, *records(BOOKMARKED), *records("de-spoof", channels=[{"kind": "phone", "value": "هاتف " + GOOD}]))
    feed.publish_unchecked(bad)  # signed by a compromised or careless publisher
    before = local_files(store)
    with pytest.raises(SyncRefused) as caught:
        sync(store, server.url, feed.root_path, settings=FAST)
    err = caught.value
    assert err.attack == "invalid data" and err.exit_code == 1
    assert "services[1] de-spoof: channels[0].value" in str(err) and "U+0647 ARABIC LETTER HEH" in str(err)
    assert local_files(store) == before
