"""Open now and the next opening, in the service's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from directory.hours import closes_at, describe, is_open, next_opening

UTC = UTC
BERLIN = {
    "timezone": "Europe/Berlin",
    "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "opens": "14:00", "closes": "20:00"}],
}
NIGHT = {
    "timezone": "Europe/Kyiv",  # Mon-Fri 22:00 until 02:00 the next morning
    "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "22:00", "closes": "02:00"}],
}
ALWAYS = {"timezone": "Asia/Tokyo", "always_open": True}


def at(zone: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(zone))


def test_always_open():
    assert is_open(ALWAYS, datetime(2026, 1, 1, 3, 0, tzinfo=UTC))
    assert next_opening(ALWAYS) is None
    assert describe(ALWAYS) == "open 24/7"


@pytest.mark.parametrize(
    "when, expected",
    [
        (at("Europe/Berlin", 2026, 11, 25, 14, 0), True),  # Wednesday, opening minute
        (at("Europe/Berlin", 2026, 11, 25, 19, 59), True),
        (at("Europe/Berlin", 2026, 11, 25, 20, 0), False),  # closing minute is closed
        (at("Europe/Berlin", 2026, 11, 25, 13, 59), False),
        (at("Europe/Berlin", 2026, 11, 29, 15, 0), False),  # Sunday
        (datetime(2026, 11, 25, 13, 30, tzinfo=UTC), True),  # 14:30 in Berlin (UTC+1)
        (datetime(2026, 11, 25, 12, 30, tzinfo=UTC), False),  # 13:30 in Berlin
        (datetime(2026, 11, 25, 13, 30), True),  # naive means UTC
        (at("America/New_York", 2026, 11, 25, 8, 30), True),  # 14:30 in Berlin
    ],
)
def test_in_the_services_own_zone(when, expected):
    assert is_open(BERLIN, when) is expected


def test_summer_time():
    # In July Berlin is UTC+2: 12:30 UTC is 14:30 there, open; in November it is 13:30, closed.
    assert is_open(BERLIN, datetime(2026, 7, 15, 12, 30, tzinfo=UTC))
    assert not is_open(BERLIN, datetime(2026, 11, 25, 12, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    "when, expected",
    [
        (at("Europe/Kyiv", 2026, 11, 27, 23, 30), True),  # Friday night
        (at("Europe/Kyiv", 2026, 11, 28, 1, 30), True),  # Saturday 01:30, Friday's range
        (at("Europe/Kyiv", 2026, 11, 28, 2, 0), False),
        (at("Europe/Kyiv", 2026, 11, 28, 23, 0), False),  # Saturday night: no range starts
        (at("Europe/Kyiv", 2026, 11, 30, 1, 0), False),  # Monday 01:00: Sunday had no range
        (at("Europe/Kyiv", 2026, 11, 30, 22, 0), True),
    ],
)
def test_past_midnight(when, expected):
    assert is_open(NIGHT, when) is expected


def test_next_opening():
    nxt = next_opening(BERLIN, at("Europe/Berlin", 2026, 11, 25, 9, 0))
    assert nxt == at("Europe/Berlin", 2026, 11, 25, 14, 0)
    assert nxt.tzinfo == ZoneInfo("Europe/Berlin")
    # Saturday evening: next is Monday
    assert next_opening(BERLIN, at("Europe/Berlin", 2026, 11, 28, 21, 0)) == at("Europe/Berlin", 2026, 11, 30, 14, 0)
    # asked from another zone, answered in the service's
    nxt = next_opening(NIGHT, datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
    assert nxt == at("Europe/Kyiv", 2026, 11, 30, 22, 0)
    assert next_opening(BERLIN, at("Europe/Berlin", 2026, 11, 25, 15, 0)) is None  # open now


def test_closes_at_and_describe():
    assert closes_at(NIGHT, at("Europe/Kyiv", 2026, 11, 27, 23, 0)) == at("Europe/Kyiv", 2026, 11, 28, 2, 0)
    assert describe(BERLIN, at("Europe/Berlin", 2026, 11, 25, 9, 0)) == "opens 14:00 (their time)"
    assert describe(BERLIN, at("Europe/Berlin", 2026, 11, 28, 21, 0)) == "opens Mon 14:00 (their time)"
    assert describe(BERLIN, at("Europe/Berlin", 2026, 11, 25, 15, 0)) == "open now, until 20:00 (their time)"
    assert describe(BERLIN, at("Europe/Berlin", 2026, 11, 25, 15, 0), short=True) == "open until 20:00"


def test_ranges_that_meet_close_at_the_end():
    hours = {
        "timezone": "UTC",
        "weekly": [
            {"days": ["fri"], "opens": "20:00", "closes": "24:00"},
            {"days": ["sat"], "opens": "00:00", "closes": "06:00"},
        ],
    }
    now = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
    assert is_open(hours, now)
    assert closes_at(hours, now) == datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    assert is_open(hours, datetime(2026, 11, 28, 5, 59, tzinfo=UTC))


@pytest.mark.parametrize(
    "hours",
    [
        None,
        {},
        {"timezone": "Mars/Olympus"},
        {"timezone": "UTC", "weekly": "x"},
        {"timezone": "UTC", "weekly": [{"days": ["mon"], "opens": "25:00", "closes": "xx"}]},
        {"timezone": "UTC", "weekly": [{"days": "mon", "opens": "10:00", "closes": "12:00"}]},
        {"timezone": 5, "always_open": "yes"},
        {"timezone": "../../etc/passwd", "weekly": []},
    ],
)
def test_malformed_hours_are_never_open_and_never_raise(hours):
    now = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    assert is_open(hours, now) is False
    assert next_opening(hours, now) is None
    assert describe(hours, now) == ""
