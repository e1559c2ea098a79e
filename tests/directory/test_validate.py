"""Each validation rule fails on a crafted bad record, with its location in the message."""

from __future__ import annotations

import json
from datetime import date

import pytest

from directory.validate import validate
from tests.factories import envelope, service
from tui.cli import main

TODAY = date(2026, 11, 28)


def problems(env) -> list[str]:
    return [str(p) for p in validate(env, today=TODAY).problems]


def test_the_base_record_is_clean():
    report = validate(envelope(), today=TODAY)
    assert report.ok, report.problems
    assert report.summary() == "1 services, 1 countries, 0 problems"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"countries": ["XX"]}, 'countries[0] "XX" is not an ISO 3166-1 alpha-2 country code'),
        ({"languages": ["de", "qq"]}, 'languages[1] "qq" is not an ISO 639 language code'),
        ({"support_types": ["hugs"]}, 'support_types[0] "hugs" is not a known support type'),
        ({"last_verified": "2027-05-01"}, 'last_verified "2027-05-01" is in the future'),
        ({"last_verified": "2026-02-30"}, 'last_verified "2026-02-30" is not an ISO date'),
        ({"min_age": 18, "max_age": 12}, "min_age 18 is greater than max_age 12"),
        (
            {"channels": [{"kind": "phone", "value": "+49 30 12"}]},
            'channels[0].value "+49 30 12" is not a valid phone number for DE',
        ),
        (
            {"channels": [{"kind": "phone", "value": "116 999"}]},
            'channels[0].value "116 999" is not a valid phone number for DE',
        ),
        (
            {"channels": [{"kind": "web", "value": "ftp://example.org/x"}]},
            'channels[0].value "ftp://example.org/x" is not an http(s) URL',
        ),
        (
            {"channels": [{"kind": "report", "value": "javascript:alert(1)"}]},
            'channels[0].value "javascript:alert(1)" is not an http(s) URL',
        ),
        (
            {"channels": [{"kind": "email", "value": "not-an-address"}]},
            'channels[0].value "not-an-address" is not an email address',
        ),
        (
            {"hours": {"timezone": "Mars/Olympus_Mons", "always_open": True}},
            'hours.timezone "Mars/Olympus_Mons" is not a known IANA time zone',
        ),
        (
            {
                "hours": {
                    "timezone": "Europe/Berlin",
                    "weekly": [{"days": ["mon"], "opens": "09:00", "closes": "09:00"}],
                }
            },
            "hours.weekly[0] opens and closes at 09:00",
        ),
        ({"source": "see https://exa mple"}, 'source "https://exa" is not a valid http(s) URL'),
        (
            {"channels": [{"kind": "phone", "value": "116 111", "country": "FR"}]},
            'channels[0].country "FR" is not one of the record\'s countries',
        ),
    ],
)
def test_rule_reports_the_bad_field(overrides, expected):
    found = problems(envelope(service(**overrides)))
    assert any(expected in p for p in found), found
    assert all(p.startswith("services[0] de-nummer-gegen-kummer-116111: ") for p in found), found


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"source": None}, '"source" is a required property'),
        ({"verification": None}, '"verification" is a required property'),  # last_verified may be unknown
        ({"verification": "maybe"}, 'verification: "maybe" is not one of'),
        ({"channels": [{"kind": "pigeon", "value": "x"}]}, 'channels[0].kind: "pigeon" is not one of'),
        ({"id": "Bad Id!"}, 'id: "Bad Id!" does not match'),
        ({"hours": {"timezone": "Europe/Berlin"}}, "hours: "),
        (
            {
                "hours": {
                    "timezone": "Europe/Berlin",
                    "weekly": [{"days": ["mon"], "opens": "25:00", "closes": "26:00"}],
                }
            },
            'hours.weekly[0].opens: "25:00" does not match',
        ),
        ({"surprise": 1}, "Additional properties are not allowed ('surprise'"),
    ],
)
def test_schema_rules_name_the_field(overrides, field):
    found = problems(envelope(service(**overrides)))
    assert any(field in p for p in found), found


def test_valid_short_numbers_and_international_numbers_pass():
    rec = service(
        channels=[
            {"kind": "phone", "value": "112"},
            {"kind": "phone", "value": "110"},
            {"kind": "phone", "value": "116 111"},
            {"kind": "phone", "value": "116 006"},
            {"kind": "phone", "value": "0800 111 0 333"},
            {"kind": "phone", "value": "+44 808 800 5000"},
        ]
    )
    assert problems(envelope(rec)) == []
    at = service(id="at-rat-auf-draht", countries=["AT"], channels=[{"kind": "phone", "value": "147"}])
    assert problems(envelope(at)) == []


def test_phone_is_checked_for_every_country_of_the_record():
    rec = service(countries=["DE", "AT"], channels=[{"kind": "phone", "value": "030 901820"}])
    found = problems(envelope(rec))
    assert found == [
        'services[0] de-nummer-gegen-kummer-116111: channels[0].value "030 901820" is not a valid phone number for AT'
    ]


def test_duplicate_ids_and_every_problem_is_listed():
    bad = service(countries=["XX"], languages=["qq"])
    found = problems(envelope(service(), service(), bad))
    assert "services[1] de-nummer-gegen-kummer-116111: duplicate id (first used by services[0])" in found
    assert len(found) >= 4  # two duplicates plus both bad codes: nothing stops at the first


def test_envelope_rules():
    env = envelope()
    env["generated_at"] = "2030-01-01T00:00:00Z"
    assert any(p.startswith("generated_at:") and "future" in p for p in problems(env))
    env = envelope()
    env["schema"] = "other/2"
    assert any("schema" in p for p in problems(env))
    assert problems([1, 2, 3])  # not an object at all


def test_cli_lists_every_problem_and_exits_1(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(envelope(service(countries=["XX"]), service(id="de-b", languages=["qq"]))))
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert 'services[0] de-nummer-gegen-kummer-116111: countries[0] "XX"' in out
    assert 'services[1] de-b: languages[0] "qq"' in out
    assert "2 services" in err and "problems" in err


def test_cli_clean_file_prints_one_summary_line(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(envelope()))
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == "1 services, 1 countries, 0 problems\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "file is empty (0 bytes)"),
        (b'{"a":\n  1,,}', "invalid JSON at line 2, column 5"),
        ('{"schema": "ü"}'.encode("utf-16"), "UTF-16-encoded; save it as UTF-8"),
        ('{"name": "Bílý kruh"}'.encode("latin-1"), "not UTF-8 text"),
        (b"\x00\x01\x02binary", "NUL bytes"),
    ],
)
def test_unreadable_files_give_one_clear_line(tmp_path, capsys, content, message):
    path = tmp_path / "s.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err, err


def test_a_directory_and_a_huge_file_are_refused(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert "is a directory" in capsys.readouterr().err
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:  # sparse: 1 GiB on paper, nothing on disk
        f.truncate(1024**3)
    assert main(["validate", str(huge)]) == 1
    err = capsys.readouterr().err
    assert "1,024 MiB, larger than" in err and err.count("\n") == 1


def test_schema_command_prints_the_shipped_schema(capsys):
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$id"].endswith("vsd.services/2")
    assert "vsd.services/1" in printed["properties"]["schema"]["enum"]  # /1 files are still read


def test_values_quoted_from_a_hostile_file_never_reach_the_terminal_as_escapes(tmp_path, capsys):
    rec = service(
        id="x-1",
        countries=["\x1b[2J"],
        channels=[{"kind": "web", "value": "\x1b]0;PWNED\x07http://x"}],
        source="see \x9b31m",
    )
    rec["\x1b]0;key\x07"] = 1
    env = envelope(rec)
    env["generated_at"] = "\x1b[31m2026"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(env))
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.count("\n") >= 4  # the problems are still reported...
    for text in (out, err):
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text  # ...as plain text
