"""Compile the per-country source files `data/sources/*.toml` into the bundled `data/services.json`.

    .venv/bin/python tools/build_data.py            # write data/services.json
    .venv/bin/python tools/build_data.py --check [FILE ...]   # only check source files

The format and the method are in `data/README.md`. Nothing outside `data/` is read, and the same files
always give the same bytes. Every fact must carry its citation: a channel whose value is not in the quote
of the source it names, or a kind of help no source supports, stops the build with the file and the place.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from directory import phones, support_types  # noqa: E402
from directory.validate import validate  # noqa: E402

DATA = REPO / "data"
SOURCES = DATA / "sources"
DEFAULT_OUT = DATA / "services.json"
SCHEMA = "vsd.services/2"
# The bundled snapshot's version: feeds publish above it. Raise it whenever the sources change, or a
# store seeded from an older snapshot never takes the new facts in (Store._bundled_is_newer).
VERSION = 4
PUBLISHERS = ("service", "network", "government", "aggregation", "news")
VERIFYING = {"service", "network", "government"}
CHANNEL_KINDS = ("phone", "sms", "chat", "email", "web", "report", "app")
URL_KINDS = {"web", "chat", "report", "app"}
COPIED = (
    "name",
    "name_en",
    "aliases",
    "organization",
    "support_types",
    "audiences",
    "min_age",
    "max_age",
)
FLAGS = ("free", "anonymous", "confidential", "not_on_phone_bill")
SERVICE_KEYS = {
    *COPIED,
    *FLAGS,
    "id",
    "countries",
    "area",
    "region",
    "languages",
    "languages_stated",
    "languages_note",
    "languages_source",
    "hours",
    "hours_source",
    "description",
    "notes",
    "source",
    "channel",
}
SOURCE_KEYS = {"ref", "url", "publisher", "read", "page_date", "quote", "supports"}
CHANNEL_KEYS = {"kind", "value", "label", "source", "hours", "languages", "country"}
NONE_KEYS = {"kind", "researched", "consulted", "note"}


class SourceError(Exception):
    """A source file that breaks the rules; the message names the file and the place."""


def _date(value: Any, where: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise SourceError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")


def _squash_url(url: str) -> str:
    url = re.sub(r"^https?://", "", url.strip().lower())
    return re.sub(r"^www\.", "", url).rstrip("/")


def value_in_quote(kind: str, value: str, cite: dict[str, Any]) -> bool:
    """Is the channel's value written in the citation (or, for an address, the page that was read)?"""
    quote = cite["quote"]
    if kind in ("phone", "sms"):
        want = phones.digits(value).lstrip("+")
        return bool(want) and want in re.sub(r"[^0-9#*]", "", quote)
    if kind == "email":
        return value.lower() in quote.lower()
    want = _squash_url(value)
    return want in _squash_url(quote) or want in quote.lower() or want == _squash_url(cite["url"])


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise SourceError(f"{where}: unknown field(s) {', '.join(extra)}")


def build_citations(svc: dict[str, Any], where: str, today: date) -> dict[str, dict[str, Any]]:
    cites: dict[str, dict[str, Any]] = {}
    for k, src in enumerate(svc.get("source") or []):
        at = f"{where}.source[{k}]"
        _check_keys(src, SOURCE_KEYS, at)
        for key in ("ref", "url", "publisher", "read", "quote"):
            if not src.get(key):
                raise SourceError(f"{at}: {key} is required")
        if src["publisher"] not in PUBLISHERS:
            raise SourceError(f"{at}: publisher {src['publisher']!r} is not one of {', '.join(PUBLISHERS)}")
        read = _date(src["read"], f"{at}.read")
        if date.fromisoformat(read) > today:
            raise SourceError(f"{at}: read {read} is in the future")
        cite = {"url": src["url"], "publisher": src["publisher"], "read": read}
        if src.get("page_date"):
            cite["page_date"] = str(src["page_date"])
        cite["quote"] = " ".join(str(src["quote"]).split())
        cite["supports"] = list(src.get("supports") or [])
        if src["ref"] in cites:
            raise SourceError(f"{at}: ref {src['ref']!r} is used twice")
        cites[src["ref"]] = cite
    if not cites:
        raise SourceError(f"{where}: a service needs at least one [[service.source]]")
    return cites


def build_channel(ch: dict[str, Any], at: str, cc: str, cites: dict[str, dict[str, Any]], tz: str) -> dict[str, Any]:
    _check_keys(ch, CHANNEL_KEYS, at)
    kind, value = ch.get("kind"), ch.get("value")
    if kind not in CHANNEL_KINDS or not isinstance(value, str) or not value.strip():
        raise SourceError(f"{at}: needs a kind ({', '.join(CHANNEL_KINDS)}) and a value")
    cite = cites.get(ch.get("source", ""))
    if cite is None:
        raise SourceError(f"{at}: source {ch.get('source')!r} names no [[service.source]] ref of this service")
    if not value_in_quote(kind, value, cite):
        raise SourceError(f"{at}: {value!r} is not written in the quote of source {ch['source']!r}")
    out: dict[str, Any] = {"kind": kind, "value": value.strip()}
    for key in ("label", "country", "languages"):
        if ch.get(key):
            out[key] = ch[key]
    if kind in ("phone", "sms"):
        region = ch.get("country", cc)
        intl = phones.international_form(value, region)
        if intl:
            out["international"] = intl
        else:
            out["domestic_only"] = True
    if ch.get("hours"):
        out["hours"] = build_hours(ch["hours"], tz, f"{at}.hours")
    return out


def build_hours(h: dict[str, Any], tz: str, at: str) -> dict[str, Any]:
    _check_keys(h, {"timezone", "always_open", "weekly", "note"}, at)
    out: dict[str, Any] = {"timezone": h.get("timezone", tz)}
    if h.get("always_open"):
        out["always_open"] = True
    elif h.get("weekly"):
        out["weekly"] = [{"days": list(w["days"]), "opens": w["opens"], "closes": w["closes"]} for w in h["weekly"]]
    else:
        raise SourceError(f"{at}: give always_open = true or weekly = [...]")
    if h.get("note"):
        out["note"] = h["note"]
    return out


def build_service(svc: dict[str, Any], cc: str, where: str, ctx: dict[str, Any]) -> dict[str, Any]:
    _check_keys(svc, SERVICE_KEYS, where)
    for key in ("id", "name", "support_types", "area", "description"):
        if not svc.get(key):
            raise SourceError(f"{where}: {key} is required")
    cites = build_citations(svc, where, ctx["today"])
    supported = {k for c in cites.values() for k in c["supports"]}
    for code in svc["support_types"]:
        if code not in support_types.CODES:
            raise SourceError(f"{where}: support type {code!r} is not in the vocabulary")
        if code not in supported:
            raise SourceError(f"{where}: no source's `supports` lists {code!r}")
    tz = ctx["timezones"][cc]
    rec: dict[str, Any] = {"id": svc["id"]}
    rec.update({k: svc[k] for k in COPIED if svc.get(k) not in (None, [], "")})
    rec["countries"] = list(svc.get("countries") or [cc])
    rec["area"] = svc["area"]
    if svc.get("region"):
        rec["region"] = svc["region"]
    rec["languages"] = list(svc.get("languages") or [])
    if not rec["languages"]:
        raise SourceError(
            f"{where}: languages are required (stated, or the official ones with languages_stated = false)"
        )
    if svc.get("languages_stated") is False:
        rec["languages_assumed"] = True
    elif svc.get("languages_stated") is not True:
        raise SourceError(f"{where}: say languages_stated = true or false")
    if svc.get("languages_note"):
        rec["languages_note"] = svc["languages_note"]
    _check_fact_source(svc, "languages_source", cites, where)
    _check_fact_source(svc, "hours_source", cites, where)
    rec["channels"] = [
        build_channel(ch, f"{where}.channel[{k}]", cc, cites, tz) for k, ch in enumerate(svc.get("channel") or [])
    ]
    if not rec["channels"]:
        raise SourceError(f"{where}: a service needs at least one [[service.channel]]")
    if svc.get("hours"):
        rec["hours"] = build_hours(svc["hours"], tz, f"{where}.hours")
        if "timezone" not in svc["hours"] and cc in ctx["zone_notes"]:
            rec["hours"].setdefault("note", ctx["zone_notes"][cc])
    rec.update({k: svc[k] for k in FLAGS if isinstance(svc.get(k), bool)})
    rec["description"] = " ".join(svc["description"].split())
    if svc.get("notes"):
        rec["notes"] = " ".join(svc["notes"].split())
    rec.update(verification(cites.values()))
    rec["citations"] = [{k: v for k, v in c.items() if k != "supports"} for c in cites.values()]
    for ch in rec["channels"]:
        if ch["kind"] in ("phone", "sms"):
            region = ch.get("country", cc)
            if not phones.known_to_metadata(ch["value"], region):
                ctx["short"].setdefault((region, phones.digits(ch["value"])), (ch["value"], rec, ch))
    return rec


def _check_fact_source(svc: dict[str, Any], key: str, cites: dict[str, Any], where: str) -> None:
    """`languages_source` / `hours_source` name the source whose quote states the languages or the hours."""
    ref = svc.get(key)
    if ref is not None and ref not in cites:
        raise SourceError(f"{where}: {key} {ref!r} is not the ref of one of its sources")
    if ref is not None and key == "languages_source" and svc.get("languages_stated") is not True:
        raise SourceError(f"{where}: languages_source is given, so say languages_stated = true")


def verification(cites: Any) -> dict[str, str]:
    """`verified` when a source is the service itself, an official network or a government page."""
    cites = list(cites)
    good = [c for c in cites if c["publisher"] in VERIFYING]
    best = good or cites
    return {
        "source": " ; ".join(dict.fromkeys(c["url"] for c in best)),
        "last_verified": max(c["read"] for c in best),
        "verification": "verified" if good else "unverified",
    }


def build_none_known(entry: dict[str, Any], cc: str, where: str) -> dict[str, Any]:
    _check_keys(entry, NONE_KEYS, where)
    if entry.get("kind") not in support_types.CODES:
        raise SourceError(f"{where}: kind {entry.get('kind')!r} is not in the vocabulary")
    consulted = [str(u) for u in entry.get("consulted") or []]
    if not consulted:
        raise SourceError(f"{where}: list the addresses consulted")
    out = {"country": cc, "kind": entry["kind"], "researched": _date(entry.get("researched"), f"{where}.researched")}
    out["consulted"] = consulted
    if entry.get("note"):
        out["note"] = " ".join(str(entry["note"]).split())
    return out


def read_country(path: Path, ctx: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SourceError(f"{path.name}: {e}") from None
    cc = doc.get("country")
    if cc != path.stem or cc not in ctx["timezones"]:
        raise SourceError(f"{path.name}: country = {cc!r} must be the file's name, and a country in countries.toml")
    _check_keys(doc, {"country", "service", "none_known"}, path.name)
    services = [
        build_service(s, cc, f"{path.name} service[{k}] {s.get('id', '')}".rstrip(), ctx)
        for k, s in enumerate(doc.get("service") or [])
    ]
    empty = [build_none_known(e, cc, f"{path.name} none_known[{k}]") for k, e in enumerate(doc.get("none_known") or [])]
    filled = {t for s in services for t in s["support_types"]}
    both = sorted(filled & {e["kind"] for e in empty})
    if both:
        raise SourceError(f"{path.name}: {', '.join(both)} is both served and recorded as none known")
    return services, empty


def short_numbers(ctx: dict[str, Any]) -> list[dict[str, str]]:
    out = []
    for (cc, _), (value, rec, ch) in sorted(ctx["short"].items()):
        cite = next(c for c in rec["citations"] if value_in_quote(ch["kind"], value, c))
        what = rec.get("name_en") or rec["name"]
        if ch.get("label"):
            what = f"{what}: {ch['label']}"
        out.append({"country": cc, "number": value, "what": what, "source": cite["url"]})
    return out


def build(paths: list[Path], today: date) -> dict[str, Any]:
    places = tomllib.loads((DATA / "countries.toml").read_text(encoding="utf-8"))
    ctx: dict[str, Any] = {**places, "today": today, "short": {}}
    services, coverage = [], []
    for path in paths:
        s, e = read_country(path, ctx)
        services += s
        coverage += e
    ids = [s["id"] for s in services]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SourceError(f"duplicate service ids: {', '.join(dupes)}")
    services.sort(key=lambda r: (r["countries"][0], support_types.rank(r["support_types"][0]), r["id"]))
    coverage.sort(key=lambda e: (e["country"], support_types.rank(e["kind"])))
    reads = [c["read"] for s in services for c in s["citations"]] + [e["researched"] for e in coverage]
    return {
        "schema": SCHEMA,
        "version": VERSION,
        # The newest reading: the same files always give the same bytes.
        "generated_at": (max(reads) if reads else "2026-01-01") + "T00:00:00Z",
        "services": services,
        "short_numbers": short_numbers(ctx),
        "coverage": coverage,
    }


def dumps(envelope: dict[str, Any]) -> str:
    return json.dumps(envelope, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path, help="source files (default: every data/sources/*.toml)")
    ap.add_argument("--check", action="store_true", help="check the source files only; write nothing")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write services.json")
    args = ap.parse_args(argv)
    paths = args.files or sorted(SOURCES.glob("*.toml"))
    today = date.today()
    try:
        env = build(paths, today)
    except SourceError as exc:
        print(f"source error: {exc}", file=sys.stderr)
        return 2
    report = validate(env, today=today)
    for p in report.problems:
        print(f"problem: {p}", file=sys.stderr)
    if not report.ok:
        return 1
    print(
        f"{len(env['services'])} services, {len(env['short_numbers'])} short numbers, "
        f"{len(env['coverage'])} cells known to be empty"
    )
    if not args.check:
        args.out.write_text(dumps(env), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
