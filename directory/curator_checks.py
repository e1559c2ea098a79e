"""Curator checks of a services file (`vsd feed check`): what a reviewer should look at before the
next release, beyond what stops a publish.

- validation: every problem `directory.validate` finds (a publish refuses these);
- stale: records whose `last_verified` is older than N months;
- numbers: phone and sms values the phone metadata and the file's short-number table no longer accept
  (a newer `phonenumbers` release can retire a range that validated when the record was written);
- duplicates: two records of one country that share a number and an organisation or a name, or whose
  names are all but the same (rapidfuzz, on the folded names);
- coverage: "none known" cells whose research is more than a year old.

No network here: link checking lives in `sync.link_check` and adds its findings to the same report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from rapidfuzz import fuzz, process

from . import coverage, phones
from .normalize import fold
from .safe_text import plain
from .validate import is_phone_valid, validate

# The order sections are shown in, with a heading for each.
CHECKS = {
    "validation": "Validation (a publish refuses these)",
    "stale": "Not verified recently",
    "numbers": "Numbers the phone metadata no longer accepts",
    "duplicates": "Possible duplicates",
    "coverage": '"None known" cells researched long ago',
    "links": "Links",
}
DEFAULT_OLDER_THAN_MONTHS = 12
COVERAGE_MAX_AGE_MONTHS = 12
# Tuned on the bundled directory (420 services): names alone flag only near-identical records (a record
# entered twice, with a typo); a shared number needs the same organisation or clearly related names.
# Names such as "National hotline for people affected by violence" and "National domestic violence
# helpline" score ~91 and are different lines, hence 95.
NAME_ALONE_MIN = 95
NAME_WITH_NUMBER_MIN = 80
ORGANISATION_MIN = 90
# Folded names shorter than this ("sos", an alias that is only a number) say nothing about identity.
MIN_NAME_CHARS = 4
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Finding:
    """One thing for a curator to look at. `problem` False: reported, but not a reason to fail."""

    check: str  # a key of CHECKS
    where: str  # "services[17] de-weisser-ring", "coverage AL/victim_support", a URL
    message: str
    service_ids: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    problem: bool = True

    def __post_init__(self) -> None:
        # Both quote the file (ids, names, URLs): no escape code or bidi control reaches any output.
        object.__setattr__(self, "where", plain(self.where))
        object.__setattr__(self, "message", plain(self.message))

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["service_ids"] = list(self.service_ids)
        return out


@dataclass
class CheckReport:
    services: int
    today: date
    findings: list[Finding]
    checks: list[str]  # the checks that ran (links only when asked)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.problem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_check(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {c: [] for c in self.checks}
        for f in self.findings:
            out.setdefault(f.check, []).append(f)
        return out

    def counts(self) -> dict[str, int]:
        return {c: sum(1 for f in fs if f.problem) for c, fs in self.by_check().items()}


def run_checks(envelope: Any, *, today: date, older_than_months: int = DEFAULT_OLDER_THAN_MONTHS) -> CheckReport:
    """Every check that needs no network, on a parsed services file."""
    report = validate(envelope, today=today)
    services = _services(envelope)
    findings: list[Finding] = []
    numbers = list(unaccepted_numbers(envelope))
    number_keys = {(f.where, f.message) for f in numbers}
    # A number the metadata refuses is also a validation problem: it is listed once, under numbers.
    findings += [
        Finding("validation", p.where, p.message) for p in report.problems if (p.where, p.message) not in number_keys
    ]
    findings += stale_records(services, today, older_than_months)
    findings += numbers
    findings += near_duplicates(services)
    coverage_rows = envelope.get("coverage") if isinstance(envelope, dict) else None
    findings += old_none_known(services, coverage_rows if isinstance(coverage_rows, list) else [], today)
    return CheckReport(len(services), today, findings, [c for c in CHECKS if c != "links"])


def _services(envelope: Any) -> list[dict[str, Any]]:
    rows = envelope.get("services") if isinstance(envelope, dict) else None
    return [s for s in rows if isinstance(s, dict)] if isinstance(rows, list) else []


def _where(i: int, rec: dict[str, Any]) -> str:
    """As `directory.validate` names a record, so that the two reports agree."""
    rid = rec.get("id")
    return f"services[{i}] {rid}" if isinstance(rid, str) else f"services[{i}]"


def _sid(rec: dict[str, Any]) -> tuple[str, ...]:
    rid = rec.get("id")
    return (rid,) if isinstance(rid, str) else ()


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def stale_records(services: list[dict[str, Any]], today: date, months: int) -> list[Finding]:
    cutoff = today - relativedelta(months=months)
    out = []
    for i, rec in enumerate(services):
        seen = _date(rec.get("last_verified"))
        if seen is None or seen < cutoff:
            when = f"last verified {seen.isoformat()}" if seen else "never verified (no valid last_verified)"
            out.append(
                Finding(
                    "stale",
                    _where(i, rec),
                    f"{when}, more than {months} months ago",
                    _sid(rec),
                    {"last_verified": seen.isoformat() if seen else None},
                )
            )
    return out


def _channels(rec: dict[str, Any]) -> list[dict[str, Any]]:
    chans = rec.get("channels")
    return [c for c in chans if isinstance(c, dict)] if isinstance(chans, list) else []


def _countries(rec: dict[str, Any]) -> list[str]:
    cs = rec.get("countries")
    return [c for c in cs if isinstance(c, str)] if isinstance(cs, list) else []


def unaccepted_numbers(envelope: Any) -> Iterator[Finding]:
    """Phone and sms values that neither the phone metadata nor the file's short-number table accept
    for a country they are listed for (values that would not even display as a number are validation's)."""
    table = envelope.get("short_numbers") if isinstance(envelope, dict) else None
    short = phones.short_table(table if isinstance(table, list) else None)
    for i, rec in enumerate(_services(envelope)):
        countries = _countries(rec)
        for j, ch in enumerate(_channels(rec)):
            value = ch.get("value")
            if ch.get("kind") not in ("phone", "sms") or not isinstance(value, str):
                continue
            if phones.display_problem(value):
                continue
            only = ch.get("country")
            for region in [only] if isinstance(only, str) else countries:
                if is_phone_valid(value, region) or (region, phones.digits(value)) in short:
                    continue
                yield Finding(
                    "numbers",
                    _where(i, rec),
                    f'channels[{j}].value "{value}" is not a valid phone number for {region}',
                    _sid(rec),
                    {"value": value, "country": region, "phonenumbers": _phonenumbers_version()},
                )


def _phonenumbers_version() -> str:
    import phonenumbers

    return str(getattr(phonenumbers, "__version__", "unknown"))


# -- near-duplicates --------------------------------------------------------------------------------


def _name_forms(rec: dict[str, Any]) -> list[str]:
    """Folded names without their digits: "ALO 116 111 – …" and "ALO 116 000 – …" differ by their number,
    which the shared-number rule weighs; names made only of a number drop out."""
    raw = [rec.get("name"), rec.get("name_en"), *(rec.get("aliases") or [])]
    forms = {" ".join(_DIGITS.sub(" ", fold(n)).split()) for n in raw if isinstance(n, str)}
    return sorted(f for f in forms if len(f) >= MIN_NAME_CHARS)


def _name_score(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    return float(process.cdist(a, b, scorer=fuzz.token_sort_ratio).max())


def _same_organisation(a: dict[str, Any], b: dict[str, Any]) -> bool:
    oa, ob = a.get("organization"), b.get("organization")
    if not isinstance(oa, str) or not isinstance(ob, str) or not oa.strip() or not ob.strip():
        return False
    # token_set: "Child Focus" and "Child Focus (Fondation pour Enfants Disparus…)" are one organisation.
    return fuzz.token_set_ratio(fold(oa), fold(ob)) >= ORGANISATION_MIN


def _numbers(rec: dict[str, Any]) -> dict[str, str]:
    """The record's phone and sms numbers: dialled digits -> the value as written."""
    out: dict[str, str] = {}
    for c in _channels(rec):
        value = c.get("value")
        if c.get("kind") in ("phone", "sms") and isinstance(value, str) and phones.digits(value):
            out.setdefault(phones.digits(value), value)
    return out


def near_duplicates(services: list[dict[str, Any]]) -> list[Finding]:
    """Pairs of records of one country that may be one service listed twice."""
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(services):
        for c in set(_countries(rec)):
            by_country[c].append(i)
    names = [_name_forms(rec) for rec in services]
    nums = [_numbers(rec) for rec in services]
    found: dict[tuple[int, int], Finding] = {}
    for country, members in sorted(by_country.items()):
        for pair, why, score, problem in _pairs_in(members, names, nums, services):
            if pair not in found or (problem and not found[pair].problem):
                found[pair] = _duplicate(services, pair, why, score, country, problem)
    return [found[p] for p in sorted(found)]


def _pairs_in(
    members: list[int], names: list[list[str]], nums: list[dict[str, str]], services: list[dict[str, Any]]
) -> Iterator[tuple[tuple[int, int], str, float, bool]]:
    """(pair, why, name score, whether it is a problem). Names all but identical: a problem (one record
    entered twice). A shared number with the same organisation or related names: to review, not a
    failure, since one organisation often runs one line for two kinds of help (ACCCE and missing persons)."""
    # Shared numbers first: an index by number, so only records that share one are compared.
    holders: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for n in nums[i]:
            holders[n].append(i)
    pairs: set[tuple[int, int]] = set()
    for ids in holders.values():
        pairs.update((a, b) for k, a in enumerate(ids) for b in ids[k + 1 :])
    for a, b in sorted(pairs):
        score = _name_score(names[a], names[b])
        shared = ", ".join(nums[a][d] for d in sorted(nums[a].keys() & nums[b].keys()))
        if _same_organisation(services[a], services[b]):
            yield (a, b), f"share {shared} and the organisation", score, False
        elif score >= NAME_WITH_NUMBER_MIN:
            yield (a, b), f"share {shared}; names {score:.0f}% alike", score, False
    # Then names alone, all against all in the country (rapidfuzz's cdist, in C).
    flat = [(i, n) for i in members for n in names[i]]
    if len(flat) < 2:
        return
    scores = process.cdist(
        [n for _, n in flat], [n for _, n in flat], scorer=fuzz.token_sort_ratio, score_cutoff=NAME_ALONE_MIN
    )
    for x, y in zip(*scores.nonzero(), strict=True):
        a, b = flat[int(x)][0], flat[int(y)][0]
        if a < b:
            yield (a, b), f"names {float(scores[x, y]):.0f}% alike", float(scores[x, y]), True


def _duplicate(
    services: list[dict[str, Any]], pair: tuple[int, int], why: str, score: float, country: str, problem: bool
) -> Finding:
    a, b = services[pair[0]], services[pair[1]]
    ids = _sid(a) + _sid(b)
    return Finding(
        "duplicates",
        f"{_where(pair[0], a)} ~ {_where(pair[1], b)}",
        f"{country}: {plain(str(a.get('name', '')))} / {plain(str(b.get('name', '')))}: {why}",
        ids,
        {"country": country, "name_score": round(score), "why": why},
        problem=problem,
    )


# -- coverage --------------------------------------------------------------------------------------


def old_none_known(services: list[dict[str, Any]], rows: list[Any], today: date) -> list[Finding]:
    """ "None known" cells (researched and found empty, still without a service) researched more than
    a year ago, or with no readable research date."""
    cutoff = today - relativedelta(months=COVERAGE_MAX_AGE_MONTHS)
    # Only well-formed fields reach the matrix (validation reports the rest): a hostile file must not crash it.
    records = [
        r for r in rows if isinstance(r, dict) and isinstance(r.get("country"), str) and isinstance(r.get("kind"), str)
    ]
    shaped = [
        {
            "countries": _countries(s),
            "support_types": [t for t in s.get("support_types") or () if isinstance(t, str)]
            if isinstance(s.get("support_types"), list)
            else [],
            "area": s.get("area"),
            "origin": s.get("origin"),
        }
        for s in services
    ]
    out = []
    for cell in coverage.matrix(shaped, records):
        if cell.state != coverage.NONE_KNOWN or cell.none_known is None:
            continue
        researched = _date(cell.none_known.get("researched"))
        if researched is not None and researched >= cutoff:
            continue
        when = f"researched {researched.isoformat()}" if researched else "no valid research date"
        out.append(
            Finding(
                "coverage",
                f"coverage {cell.country}/{cell.kind}",
                f"none known, {when}: research it again",
                (),
                {"country": cell.country, "kind": cell.kind, "researched": researched and researched.isoformat()},
            )
        )
    return out


# -- links (the HTTP side is sync.link_check) -------------------------------------------------------

_URL_IN_TEXT = re.compile(r"https?://\S+")
_URL_KINDS = ("web", "chat", "report", "app")


@dataclass
class LinkUse:
    """Where a URL appears: places ("services[3] x channels[1]") and the services that carry it."""

    places: list[str] = field(default_factory=list)
    service_ids: list[str] = field(default_factory=list)


def links_in(envelope: Any) -> dict[str, LinkUse]:
    """Every http(s) URL of a services file, in file order, with where it is used: channel values,
    citations, `source` texts, coverage research and the short-number table's sources."""
    uses: dict[str, LinkUse] = {}

    def add(url: Any, place: str, sid: str | None = None) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return
        use = uses.setdefault(url, LinkUse())
        use.places.append(place)
        if sid and sid not in use.service_ids:
            use.service_ids.append(sid)

    for i, rec in enumerate(_services(envelope)):
        where, sid = _where(i, rec), (_sid(rec) or (None,))[0]
        for j, ch in enumerate(_channels(rec)):
            if ch.get("kind") in _URL_KINDS:
                add(ch.get("value"), f"{where} channels[{j}]", sid)
        cites = rec.get("citations")
        for j, cite in enumerate(cites if isinstance(cites, list) else []):
            if isinstance(cite, dict):
                add(cite.get("url"), f"{where} citations[{j}]", sid)
        if isinstance(rec.get("source"), str):
            for part in _URL_IN_TEXT.findall(rec["source"]):
                add(part.rstrip(").,;"), f"{where} source", sid)
    env = envelope if isinstance(envelope, dict) else {}
    for key, urls_field in (("coverage", "consulted"), ("short_numbers", "source")):
        rows = env.get(key)
        for j, row in enumerate(rows if isinstance(rows, list) else []):
            if not isinstance(row, dict):
                continue
            value = row.get(urls_field)
            for url in value if isinstance(value, list) else [value]:
                add(url, f"{key}[{j}] {plain(str(row.get('country', '')))}")
    return uses


def link_findings(results: list[Any], uses: dict[str, LinkUse]) -> list[Finding]:
    """Findings for checked links (`sync.link_check.LinkResult`s): every link that is not plainly fine,
    and temporary redirects as notes."""
    out = []
    for r in results:
        if r.status == "ok":
            continue
        use = uses.get(r.url, LinkUse())
        shown = use.places[:3] + ([f"and {len(use.places) - 3} more"] if len(use.places) > 3 else [])
        out.append(
            Finding(
                "links",
                r.url,
                f"{r.status}: {r.detail} (in {'; '.join(shown)})",
                tuple(use.service_ids),
                {"status": r.status, "code": r.code, "final_url": r.final_url, "places": use.places},
                problem=r.problem,
            )
        )
    return out
