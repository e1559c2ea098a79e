"""record_problems: every rule beyond the schema, its message, and their order (that of the record's fields,
then of each channel's), on one record that breaks them all -- the messages an import shows for a record."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from directory.bundled import bundled_path
from directory.loading import read_json_file
from directory.validate import record_problems, validate

TODAY = date(2026, 11, 20)

RECORD = {
    "countries": ["DE", "XX", 5],
    "languages": ["de", "qqq", None],
    "support_types": ["nope"],
    "min_age": 30,
    "max_age": 10,
    "last_verified": "2026-12-25",
    "source": "https://ok.example.org/a). and http://bad/ and https://x)",
    "hours": {"timezone": "Mars/Base", "weekly": [{"opens": "09:00", "closes": "09:00"}, 5]},
    "channels": [
        {"kind": "phone", "value": "+49 30 1234", "country": "FR"},
        {"kind": "phone", "value": "1387"},  # not known to the metadata, but listed with its source
        {"kind": "phone", "value": "123"},
        {"kind": "sms", "value": "\u0661\u0661\u0662"},
        {"kind": "web", "value": "ftp://x.org", "languages": "xz"},  # a string: each character read
        {"kind": "email", "value": "no-at", "hours": {"weekly": [{"opens": "08:00", "closes": "08:00"}]}},
        {"kind": ["phone"], "value": "x", "languages": ["en", "zz"]},
        {"kind": "phone", "value": 5},
        "not a channel",
    ],
}

EXPECTED = [
    'countries[1] "XX" is not an ISO 3166-1 alpha-2 country code',
    'languages[1] "qqq" is not an ISO 639 language code',
    'support_types[0] "nope" is not a known support type',
    "min_age 30 is greater than max_age 10",
    'last_verified "2026-12-25" is in the future',
    'source "http://bad/" is not a valid http(s) URL',
    'source "https://x)" is not a valid http(s) URL',
    'hours.timezone "Mars/Base" is not a known IANA time zone',
    "hours.weekly[0] opens and closes at 09:00; use always_open or 00:00-24:00 for a whole day",
    'channels[0].country "FR" is not one of the record\'s countries',
    'channels[2].value "123" is not a valid phone number for DE',
    'channels[3].value "\\u0661\\u0661\\u0662" holds U+0661 ARABIC-INDIC DIGIT ONE, not an ASCII digit; '
    "write the number with the digits 0-9",
    'channels[4].value "ftp://x.org" is not an http(s) URL',
    'channels[4].languages[0] "x" is not an ISO 639 language code',
    'channels[4].languages[1] "z" is not an ISO 639 language code',
    'channels[5].value "no-at" is not an email address',
    "channels[5].hours.weekly[0] opens and closes at 08:00; use always_open or 00:00-24:00 for a whole day",
    'channels[6].languages[1] "zz" is not an ISO 639 language code',
]


def test_every_rule_in_the_order_of_the_record() -> None:
    assert list(record_problems(RECORD, TODAY, frozenset({("DE", "1387")}))) == EXPECTED


def test_a_date_is_checked_as_written_each_time() -> None:
    """Dates are remembered once read: the verdict on one still depends on the day it is checked."""
    assert list(record_problems({"last_verified": "2026-02-30", "channels": 5}, TODAY)) == [
        'last_verified "2026-02-30" is not an ISO date (YYYY-MM-DD)'
    ]
    assert list(record_problems({"last_verified": "2026-11-22"}, TODAY)) == [
        'last_verified "2026-11-22" is in the future'
    ]
    assert list(record_problems({"last_verified": "2026-11-22"}, date(2026, 11, 21))) == []
    assert list(record_problems({"source": "no address", "last_verified": "2026-11-21"}, TODAY)) == []


@pytest.mark.parametrize("where", ["hours", "channel hours", "channel languages"])
@pytest.mark.parametrize("value", [5, 2.5, True])
def test_a_number_where_a_list_belongs_is_said_by_the_schema_not_a_crash(where: str, value: Any) -> None:
    rec = read_json_file(bundled_path())["services"][0]
    rec = {**rec, "channels": [dict(ch) for ch in rec["channels"]]}
    if where == "hours":
        rec["hours"] = {"timezone": "Europe/Berlin", "weekly": value}
    elif where == "channel hours":
        rec["channels"][0]["hours"] = {"timezone": "Europe/Berlin", "weekly": value}
    else:
        rec["channels"][0]["languages"] = value
    env = {**read_json_file(bundled_path()), "services": [rec]}
    problems = [str(p) for p in validate(env).problems]
    assert any("weekly" in p or "languages" in p for p in problems), problems
