"""Validation of a services envelope: the JSON Schema plus the rules a schema cannot say.

Every problem is collected (never just the first) with its location, so a
curator can fix a whole file in one pass.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import jsonschema_rs
import pycountry

from . import phones, support_types
from .bundled import schema_path
from .safe_text import plain

SCHEMA_ID = "vsd.services/2"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL_KINDS = {"web", "chat", "report", "app"}
_PHONE_KINDS = {"phone", "sms"}
# A clock a little ahead of the curator's is not an error.
FUTURE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a place a person can find."""

    where: str  # "services[17] de-weisser-ring" or "version"
    message: str  # "channels[0].value \"+49 30 1234\" is not a valid phone number for DE"

    def __post_init__(self) -> None:
        # Messages quote values from the file; a hostile file must not reach
        # the terminal as escape codes, and a 1 MB value need not be echoed.
        object.__setattr__(self, "where", _shown(self.where, 160))
        object.__setattr__(self, "message", _shown(self.message, 400))

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _shown(text: str, limit: int) -> str:
    text = plain(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Report:
    services: int
    countries: int
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        n = len(self.problems)
        return f"{self.services} services, {self.countries} countries, {n} problem{'' if n == 1 else 's'}"


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> jsonschema_rs.Validator:
    # jsonschema-rs (Rust) rather than the pure-Python jsonschema: 100k
    # records validate in ~0.3 s instead of ~50 s, and a sync validates all.
    return jsonschema_rs.validator_for(schema())


# What a record's verdict depends on besides the record: this code, the schema, the vocabularies and
# the libraries that read phone numbers, countries, languages and time zones.
_RULE_MODULES = ("validate.py", "phones.py", "phone_chars.py", "support_types.py", "safe_text.py")
_RULE_LIBRARIES = ("jsonschema-rs", "phonenumbers", "pycountry", "tzdata")


@cache
def rules_stamp() -> str:
    """A fingerprint of the rules a record is validated by. A store written from records validated
    under the same stamp need not validate them again (a sync re-checks only the records that changed);
    an upgrade that changes a rule changes the stamp, and every record is checked once more."""
    h = hashlib.sha256(schema_path().read_bytes())
    here = Path(__file__).resolve().parent
    for name in _RULE_MODULES:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    for lib in _RULE_LIBRARIES:
        try:
            version = metadata.version(lib)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{lib} {version}\0".encode())
    return h.hexdigest()[:32]


def validate(envelope: Any, *, today: date | None = None) -> Report:
    """Check a parsed services file; returns a report listing every problem."""
    today = today or datetime.now(UTC).date()
    problems = list(_schema_problems(envelope))
    services = envelope.get("services") if isinstance(envelope, dict) else None
    if not isinstance(services, list):
        return Report(0, 0, problems)
    problems += _envelope_rules(envelope, today)
    seen: dict[str, int] = {}
    countries: set[str] = set()
    short = phones.short_table(
        envelope.get("short_numbers") if isinstance(envelope.get("short_numbers"), list) else None
    )
    for i, rec in enumerate(services):
        if not isinstance(rec, dict):
            continue
        where = _where(i, rec)
        rid = rec.get("id")
        if isinstance(rid, str):
            if rid in seen:
                problems.append(Problem(where, f"duplicate id (first used by services[{seen[rid]}])"))
            else:
                seen[rid] = i
        countries.update(c for c in _items(rec.get("countries")) if isinstance(c, str))
        problems += [Problem(where, m) for m in record_problems(rec, today, short)]
    return Report(len(services), len(countries), problems)


# The envelope around a single record that `RecordValidator` checks (and `validate` would be given).
ONE_RECORD_HEADER = {"schema": SCHEMA_ID, "version": 1, "generated_at": "2000-01-01T00:00:00Z"}


def has_record_shape(rec: Any) -> bool:
    """Whether `rec` is a record the schema accepts (the fields' kinds and shapes; not the rules beyond)."""
    return _validator().is_valid({**ONE_RECORD_HEADER, "services": [rec]})


# Records checked by one call of the schema: enough that the call costs little a record, few enough that a
# record is still in the CPU's cache when the rules beyond the schema read it. (At 100k services of an
# import, 1.74 s -> 1.57 s CPU; the whole batch of 1000 in one call was no faster than one record a call.)
SCHEMA_CHUNK = 64


class RecordValidator:
    """`validate` of one record at a time, in an envelope with the entries of a short-number table for its
    countries (those its phones are checked against), for the many records of an import.

    The same verdicts and messages as `validate`, with the work shared by every record done once: the
    schema's verdict on the table (the envelope's properties are checked each on its own, so a record and
    a part of a valid table are valid together when each is on its own), the table as pairs (the table's
    other entries are for countries none of the record's phones is checked for), the envelope's own rules.
    A record the schema refuses, or any record when the table or the envelope has a problem, goes through
    `validate` itself, for its messages."""

    def __init__(self, short_numbers: list[dict[str, Any]], today: date) -> None:
        self.table, self.today = short_numbers, today
        self._short = phones.short_table(short_numbers)
        whole = {**ONE_RECORD_HEADER, "services": [], "short_numbers": short_numbers}
        self._shared_ok = _validator().is_valid(whole) and not list(_envelope_rules(whole, today))

    def envelope(self, rec: dict[str, Any]) -> dict[str, Any]:
        """What `validate` is given for `rec`."""
        return {**ONE_RECORD_HEADER, "services": [rec], "short_numbers": self.short_numbers_for(rec)}

    def short_numbers_for(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        """The table's entries for the record's countries and its channels'."""
        wanted = {c for c in _items(rec.get("countries")) if isinstance(c, str)}
        wanted.update(
            ch["country"]
            for ch in _items(rec.get("channels"))
            if isinstance(ch, dict) and isinstance(ch.get("country"), str)
        )
        return [e for e in self.table if e.get("country") in wanted]

    def problems(self, rec: dict[str, Any]) -> list[Problem]:
        if self._shared_ok and _validator().is_valid({**ONE_RECORD_HEADER, "services": [rec]}):
            return self._rules(rec)
        return validate(self.envelope(rec), today=self.today).problems

    def problems_of_batch(self, recs: list[dict[str, Any]]) -> list[list[Problem]]:
        """`problems` of each record, the schema asked once for every `SCHEMA_CHUNK` of them."""
        return [found for i in range(0, len(recs), SCHEMA_CHUNK) for found in self._chunk(recs[i : i + SCHEMA_CHUNK])]

    def _chunk(self, recs: list[dict[str, Any]]) -> list[list[Problem]]:
        """`problems` of each record, the schema asked once for them all: it checks each service on its own
        (`services` is an array of services and nothing more), so the chunk is valid when each record is.
        Only a chunk it refuses is checked a record at a time, for which records and with what messages."""
        if len(recs) > 1 and self._shared_ok:
            try:
                valid = _validator().is_valid({**ONE_RECORD_HEADER, "services": recs})
            except ValueError:  # (a record it cannot read, which `problems` is then given alone)
                valid = False
            if valid:
                return [self._rules(rec) for rec in recs]
        return [self.problems(rec) for rec in recs]

    def _rules(self, rec: dict[str, Any]) -> list[Problem]:
        """The problems of a record the schema accepts, in an envelope without any: `record_problems`'."""
        found = record_problems(rec, self.today, self._short)
        return [Problem(_where(0, rec), m) for m in found] if found else []


def _where(i: int, rec: Any) -> str:
    rid = rec.get("id") if isinstance(rec, dict) else None
    return f"services[{i}] {rid}" if isinstance(rid, str) else f"services[{i}]"


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _schema_problems(envelope: Any) -> Iterator[Problem]:
    for err in sorted(_validator().iter_errors(envelope), key=lambda e: list(map(str, e.instance_path))):
        path = list(err.instance_path)
        msg = err.message if len(err.message) <= 200 else err.message[:197] + "..."
        if len(path) >= 2 and path[0] == "services" and isinstance(path[1], int):
            services = envelope["services"]
            where = _where(path[1], services[path[1]])
            field = _path(path[2:])
            yield Problem(where, f"{field}: {msg}" if field else msg)
        else:
            yield Problem(_path(path), msg)


def _envelope_rules(env: dict[str, Any], today: date) -> Iterator[Problem]:
    gen = env.get("generated_at")
    if isinstance(gen, str):
        try:
            ts = datetime.fromisoformat(gen.replace("Z", "+00:00"))
        except ValueError:
            yield Problem("generated_at", f'"{gen}" is not an ISO 8601 date-time')
        else:
            if ts.date() > today + FUTURE_SLACK:
                yield Problem("generated_at", f'"{gen}" is in the future')


def _items(value: Any) -> list[Any]:
    """A list field's items; anything else (the schema reports it) has none to check here."""
    return value if isinstance(value, list) else []


def record_problems(rec: dict[str, Any], today: date, short: phones.ShortTable = phones.EMPTY) -> list[str]:
    """The rules beyond the schema for one service record (messages without location), in the order
    of the record's fields.

    `short`: the file's sourced short numbers, accepted where the phone metadata does not know them.
    (Checked once for every record an import makes: the helpers add to one list rather than each
    yielding its own, and a check that cannot find a problem in a value is not called for it.)"""
    out: list[str] = []
    countries = [c for c in _items(rec.get("countries")) if isinstance(c, str)]
    for j, c in enumerate(countries):
        if not _is_country(c):
            out.append(f'countries[{j}] "{c}" is not an ISO 3166-1 alpha-2 country code')
    _language_problems(out, _items(rec.get("languages")), "languages")
    for j, code in enumerate(_items(rec.get("support_types"))):
        if isinstance(code, str) and code not in support_types.CODES:
            out.append(f'support_types[{j}] "{code}" is not a known support type')
    lo, hi = rec.get("min_age"), rec.get("max_age")
    if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
        out.append(f"min_age {lo} is greater than max_age {hi}")
    verified = rec.get("last_verified")
    if isinstance(verified, str):
        _date_problems(out, verified, "last_verified", today)
    source = rec.get("source")
    if isinstance(source, str) and "://" in source and not _is_plain_source(source):
        _source_problems(out, source)
    hours = rec.get("hours")
    if isinstance(hours, dict):
        _hours_problems(out, hours, "hours")
    for j, ch in enumerate(_items(rec.get("channels"))):
        if isinstance(ch, dict):
            _channel_problems(out, ch, j, countries, short)
    return out


def _language_problems(out: list[str], languages: Iterable[Any], field: str) -> None:
    for k, lang in enumerate(languages):
        if isinstance(lang, str) and not is_language(lang):
            out.append(f'{field}[{k}] "{lang}" is not an ISO 639 language code')


def _date_problems(out: list[str], value: str, field: str, today: date) -> None:
    d = _iso_date(value)
    if d is None:
        out.append(f'{field} "{value}" is not an ISO date (YYYY-MM-DD)')
    elif d > today + FUTURE_SLACK:
        out.append(f'{field} "{value}" is in the future')


@lru_cache(maxsize=4096)
def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# A source of plain http(s) URLs, " ; " between them (as the bundled data writes several): in each, a host of
# letters, digits and dashes with dots between, then nothing or a path, query or fragment of printable ASCII
# that does not end in a character `_source_problems` strips. It finds each URL as it is written, and
# `is_http_url` accepts it (`_PLAIN_HTTP_URL`, a dotted host). One way only to match a text: linear time.
_PLAIN_URL = r"https?://[A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+(?:[/?#](?:[!-~]*[!-(*+\-/-:<-~])?)?"
_PLAIN_SOURCE = re.compile(rf"{_PLAIN_URL}(?: ; {_PLAIN_URL})*")


def _is_plain_source(source: str) -> bool:
    """A source in which `_source_problems` finds no problem, read by one match."""
    return _PLAIN_SOURCE.fullmatch(source) is not None


def _source_problems(out: list[str], source: str) -> None:
    for part in _URL_IN_TEXT.findall(source):
        if not is_http_url(part.rstrip(").,;")):
            out.append(f'source "{part}" is not a valid http(s) URL')


_URL_IN_TEXT = re.compile(r"https?://\S+")


def _hours_problems(out: list[str], hours: dict[str, Any], field: str) -> None:
    tz = hours.get("timezone")
    if isinstance(tz, str) and not is_timezone(tz):
        out.append(f'{field}.timezone "{tz}" is not a known IANA time zone')
    for k, span in enumerate(_items(hours.get("weekly"))):  # (any other value: the schema says it)
        if isinstance(span, dict) and span.get("opens") == span.get("closes"):
            out.append(
                f"{field}.weekly[{k}] opens and closes at {span.get('opens')}; "
                "use always_open or 00:00-24:00 for a whole day"
            )


def _channel_problems(
    out: list[str], ch: dict[str, Any], j: int, countries: list[str], short: phones.ShortTable = phones.EMPTY
) -> None:
    """The problems of the record's channel `j` (its messages say where: "channels[j].value ...")."""
    kind, value = ch.get("kind"), ch.get("value")
    if not isinstance(value, str):
        return
    if not isinstance(kind, str):
        kind = None  # the schema reports it; a list would not even be hashable below
    only = ch.get("country")
    if isinstance(only, str) and countries and only not in countries:
        out.append(f'channels[{j}].country "{only}" is not one of the record\'s countries')
    if kind in _PHONE_KINDS:
        # Shown as stored: a value that would display as another number is refused before it is dialled
        # (phonenumbers reads digits of any script and drops letters, so it would accept one).
        unsafe = phones.display_problem(value)
        if unsafe:
            out.append(f"channels[{j}].value {phones.shown(value)} {unsafe}")
        regions: list[str] = []  # no metadata check of a value refused above: one problem, not two
        if not unsafe:
            regions = [only] if isinstance(only, str) else [c for c in countries if _is_country(c)]
        for region in regions:
            if not is_phone_valid(value, region) and (region, phones.digits(value)) not in short:
                out.append(f'channels[{j}].value "{value}" is not a valid phone number for {region}')
    elif kind in _URL_KINDS:
        if not is_http_url(value):
            out.append(f'channels[{j}].value "{value}" is not an http(s) URL')
    elif kind == "email" and not is_email(value):
        out.append(f'channels[{j}].value "{value}" is not an email address')
    languages = ch.get("languages")
    if languages and not isinstance(languages, (int, float)):  # (a number: the schema says it)
        _language_problems(out, languages, f"channels[{j}].languages")
    hours = ch.get("hours")
    if isinstance(hours, dict):
        _hours_problems(out, hours, f"channels[{j}].hours")


@cache
def is_phone_valid(value: str, region: str) -> bool:
    """A number callable in `region` by the phone metadata alone (see `phones` for sourced short numbers)."""
    return phones.known_to_metadata(value, region)


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


# A plain http(s) URL with an ASCII host name: for these, urlsplit's answer is known without calling it
# (netloc is the host, no user, port or brackets; the scheme is as written). A third of a full
# validation went to urlsplit; anything else still goes through it.
_PLAIN_HTTP_URL = re.compile(r"https?://([A-Za-z0-9.-]+)(?:[/?#]\S*)?")


def is_http_url(value: str) -> bool:
    plain_url = _PLAIN_HTTP_URL.fullmatch(value)
    if plain_url is not None:
        return "." in plain_url.group(1)
    return _is_http_url_split(value)


def _is_http_url_split(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not re.search(r"\s", value)


@cache
def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


@cache
def is_language(code: str) -> bool:
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code) is not None
    return pycountry.languages.get(alpha_3=code) is not None


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_timezone(name: str) -> bool:
    if name in _zones():
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
