"""A +number is read once whichever region it is checked for, with the verdicts of reading it for each."""

from __future__ import annotations

import phonenumbers
import pytest

from directory import phones

VALUES = [
    "+49 30 12345678",
    "+49 30 1234",
    "+43 1 5320000",
    "+1 800 799 7233",
    "+44 808 2000 247",
    "+",
    "++49 30 12345678",
    "+ 49 30 12345678",
    "+49",
    "030 12345678",
    "116 016",
    "112",
    "1387",
    "0800 111 0 111",
    "12",
    "",
]
REGIONS = ["DE", "AT", "US", "GB", "TH", "ZZ"]


def _known_as_read_for_the_region(value: str, region: str) -> bool:
    """known_to_metadata, each number read for the region it is checked for."""
    try:
        num = phonenumbers.parse(value, None if value.startswith("+") else region)
    except phonenumbers.NumberParseException:
        return False
    if value.startswith("+"):
        return phonenumbers.is_valid_number(num)
    return phonenumbers.is_valid_number_for_region(num, region) or phonenumbers.is_valid_short_number_for_region(
        num, region
    )


@pytest.mark.parametrize("value", VALUES)
def test_the_verdicts_are_those_of_reading_the_number_for_each_region(value: str) -> None:
    for region in REGIONS:
        assert phones.known_to_metadata(value, region) is _known_as_read_for_the_region(value, region)


def test_a_plus_number_is_read_once_for_all_regions() -> None:
    value = "+49 30 98765432"
    before = phones._parse_in.cache_info().misses
    verdicts = {phones.known_to_metadata(value, r) for r in REGIONS}
    forms = {phones.international_form(value, r) for r in REGIONS}
    assert phones._parse_in.cache_info().misses == before + 1
    assert verdicts == {True} and forms == {"+493098765432"}
    before = phones._parse_in.cache_info().misses
    assert {phones.known_to_metadata("030 98765432", r) for r in ("DE", "AT")} == {True, False}
    assert phones._parse_in.cache_info().misses == before + 2  # a national number: once per region
