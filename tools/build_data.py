"""Build the bundled directory `data/services.json` from the reference facts file.

    .venv/bin/python tools/build_data.py [--facts PATH] [--out PATH]

Input: `../shared/reference/services-facts.json` (one fact per service, free-text phone and
hours). Output: a `vsd.services/1` envelope, byte-identical for the same input.

What can be read generically is parsed here (simple phone lists such as
"112; police 129", "24/7"-style hours, simple weekly times, the words free /
anonymous / confidential, chat and report URLs and e-mail addresses in notes). Every
judgement call about one fact lives in the curation tables in `tools/curation/`,
keyed by (country, fact name). The script refuses to run when a curated phone
number, URL or e-mail address is not written in the fact, when a fact's phone
text cannot be split without a curated entry, or when a curated entry matches no
fact: nothing in the output can be made up here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
REPO = TOOLS.parent
sys.path[:0] = [str(REPO), str(TOOLS)]

from anyascii import anyascii  # noqa: E402

from curation import CURATION  # noqa: E402
from curation.hours import parse_hours  # noqa: E402
from curation.places import COUNTRY_NAMES, TIMEZONES, ZONE_NOTES  # noqa: E402
from directory import support_types  # noqa: E402
from directory.validate import is_phone_valid, validate  # noqa: E402

DEFAULT_FACTS = REPO.parent / "shared" / "reference" / "services-facts.json"
DEFAULT_OUT = REPO / "data" / "services.json"
# Fixed so that the same facts always give the same bytes.
GENERATED_AT = "2026-11-28T00:00:00Z"
# The reference README says the facts were read in November 2026 without a day;
# the 1st of the month is the conservative (oldest possible) date.
LAST_VERIFIED = "2026-11-01"

KIND_TO_TYPE = {
    "child_helpline": "child_helpline",
    "csam_hotline": "csam_reporting",
    "victim_support": "victim_support",
    "missing_children": "missing_children",
    "emergency": "emergency",
    "police_cyber": "police_cyber",
}
# Default description when a curated entry gives none ({c}: English country name).
KIND_DESC = {
    "child_helpline": "Child helpline in {c}.",
    "csam_hotline": "Hotline in {c} for reporting child sexual abuse material found online.",
    "victim_support": "Support line for victims of crime in {c}.",
    "missing_children": "Hotline in {c} for reporting a missing child.",
    "emergency": "Emergency telephone numbers in {c}.",
    "police_cyber": "Police route in {c} for reporting cybercrime.",
}
# Words in a fact's notes that cast doubt on the service itself -> unverified.
DOUBT = (
    "not confirmed",
    "lost funding",
    "funding withdrawn",
    "termination of its",
    "may have changed",
    "may be outdated",
    "may now be",
    "unclear",
    "verify",
    "historical",
    "truncated",
)
DROPPED = "{what} is not recognised by the phonenumbers library; listed here only."
HOURS_AS_PUBLISHED = "Hours (as published): {h}"

# Emergency numbers (112, 911, 000, 999, police, fire, ambulance, rescue at sea...)
# are by definition answered around the clock, so channels with these labels get
# always_open even when the fact gives no hours. Other lines listed with them
# (non-emergency police, Crime Stoppers, advice lines...) get no hours.
EMERGENCY_LABELS = {
    "Emergency (all services)",
    "Police",
    "Fire",
    "Ambulance",
    "Fire & ambulance",
    "Ambulance & fire",
    "Fire/ambulance",
    "Emergency at sea",
    "Sea rescue",
    "Coast guard",
    "Medical emergency (SAMU)",
    "Emergency from mobiles",
    "Redirects to 111 from mobiles",
    "Redirects to police 192",
    "Text-to-911 (in many areas)",
}
NUM = r"\+?\d[\d \-]*\d|\d"


class CurationError(Exception):
    pass


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")


def strip_parens(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def _squash(text: str) -> str:
    return re.sub(r"[\s\-]", "", text or "")


def split_phone(text: str, kind: str) -> list[tuple[str, str | None, str]]:
    """Generic split of a simple phone text: "112; police 129", "147 (free)", "SMS 1280"."""
    out = []
    for part in (p.strip() for p in text.split(";")):
        m = re.fullmatch(rf"(?P<num>{NUM})(?:\s*\((?P<q>free|toll-free)\))?", part)
        if m:
            label = "Emergency (all services)" if kind == "emergency" else None
            out.append((m["num"], label, "phone"))
            continue
        m = re.fullmatch(rf"(?P<label>[A-Za-z][A-Za-z &/\-]*?)\s+(?P<num>{NUM})", part)
        if m:
            label = m["label"]
            is_sms = label.lower() == "sms"
            out.append((m["num"], None if is_sms else label[0].upper() + label[1:], "sms" if is_sms else "phone"))
            continue
        raise CurationError(f"cannot split phone text {text!r}; add a curated 'phones' entry")
    return out


def note_channels(fact: dict, cur: dict) -> list[dict]:
    """Chat / report URLs and e-mail addresses written in the fact's notes."""
    notes = fact.get("notes") or ""
    overrides = cur.get("note_urls", {})
    out = []
    for m in re.finditer(r"https?://[^\s;,)]+", notes):
        url = m.group(0).rstrip(".")
        if url in overrides:
            if overrides[url] is None:
                continue
            kind, label = overrides[url]
        else:
            before = notes[max(0, m.start() - 40) : m.start()].lower()
            before = re.split(r"[;.]\s", before)[-1]
            if re.search(r"c\.\s?20\d\d|per |redirect", before):
                continue  # an old or cited address, not a way to reach the service
            if "chat" in before or "chat" in url:
                kind, label = "chat", None
            elif re.search(r"report|signal|segnal", before + url):
                kind, label = "report", None
            else:
                continue
        out.append({"kind": kind, "value": url, **({"label": label} if label else {})})
    for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", notes):
        label = cur.get("email_label")
        out.append({"kind": "email", "value": m.group(0), **({"label": label} if label else {})})
    return out


def check_written(fact: dict, channels: list[dict]) -> None:
    """Refuse any phone, URL or e-mail address that is not written in the fact."""
    text = " ".join(str(fact.get(k) or "") for k in ("phone", "website", "notes", "hours"))
    for ch in channels:
        v = ch["value"]
        ok = _squash(v) in _squash(text) if ch["kind"] in ("phone", "sms") else v in text
        if not ok:
            raise CurationError(f"{fact['country']} {fact['name']!r}: {v!r} is not written in the fact")


def phone_channels(fact: dict, cur: dict) -> list[dict]:
    if "phones" in cur:
        rows = [(p[0], p[1], p[2] if len(p) > 2 else "phone") for p in cur["phones"]]
    elif fact.get("phone"):
        rows = split_phone(fact["phone"], fact["kind"])
    else:
        rows = []
    return [{"kind": k, "value": v, **({"label": lab} if lab else {})} for v, lab, k in rows]


def flags_from_text(*texts: str | None) -> dict[str, bool]:
    text = " ".join(t for t in texts if t).lower()
    flags = {}
    if re.search(r"\bfree\b", text):
        flags["free"] = True
    if "anonymous" in text:
        flags["anonymous"] = True
    if "confidential" in text:
        flags["confidential"] = True
    if "no trace on bill" in text:
        flags["not_on_phone_bill"] = True
    return flags


def is_doubtful(fact: dict) -> bool:
    notes = (fact.get("notes") or "").lower()
    return fact["confidence"] == "recalled" or any(w in notes for w in DOUBT)


def _time_in_text(hhmm: str, text: str) -> bool:
    """Is a curated opening time written in the fact's hours text (24 h or am/pm form)?"""
    h, m = int(hhmm[:2]), hhmm[3:]
    forms = {f"{h:02d}:{m}", f"{h}:{m}"}
    if m == "00":
        forms |= {f"{h:02d}", str(h), f"{(h - 1) % 12 + 1}{'am' if h < 12 or h == 24 else 'pm'}"}
    return any(re.search(rf"(?<![\d:]){re.escape(f)}(?![\d])", text) for f in forms)


def build_hours(fact: dict, cur: dict, channels: list[dict], had_phone: bool) -> tuple[dict | None, str | None]:
    """Structured hours for the record (or None) and the text to keep in notes instead."""
    text, cc = fact.get("hours"), fact["country"]
    tz = TIMEZONES[cc]
    curated = cur.get("hours")
    if curated is False or (curated is None and not text):
        return None, (HOURS_AS_PUBLISHED.format(h=text) if text else None)
    if curated is not None:
        for span in curated.get("weekly", []):
            for t in (span["opens"], span["closes"] if span["closes"] != "24:00" else "24"):
                if t != "24" and not _time_in_text(t, text):
                    raise CurationError(f"{cc} {fact['name']!r}: time {t} not in hours text {text!r}")
        parsed = dict(curated)
    else:
        parsed = parse_hours(text)
        if parsed is None:
            return None, HOURS_AS_PUBLISHED.format(h=text)
    if had_phone and not any(c["kind"] in ("phone", "sms") for c in channels):
        return None, HOURS_AS_PUBLISHED.format(h=text)  # the hours were those of a dropped number
    return _with_zone(tz, cc, parsed), None


def _with_zone(tz: str, cc: str, parsed: dict) -> dict:
    hours = {"timezone": tz, **{k: v for k, v in parsed.items() if k != "note"}}
    note = " ".join(n for n in (parsed.get("note"), ZONE_NOTES.get(cc)) if n)
    if note:
        hours["note"] = note
    return hours


def emergency_hours(cc: str, channels: list[dict]) -> dict | None:
    phones = [c for c in channels if c["kind"] in ("phone", "sms")]
    urgent = [c for c in phones if c.get("label") in EMERGENCY_LABELS]
    always = {"always_open": True, "note": "Emergency numbers answer around the clock (not stated in the source)."}
    if phones and len(urgent) == len(phones):
        return _with_zone(TIMEZONES[cc], cc, always)
    for c in urgent:
        c["hours"] = _with_zone(TIMEZONES[cc], cc, always)
    return None


def build_record(fact: dict, cur: dict) -> tuple[dict, list[str]]:
    cc, kind = fact["country"], fact["kind"]
    name = cur.get("name") or fact["name_local"] or strip_parens(fact["name"])
    name_en = cur.get("name_en", strip_parens(fact["name"]))
    slug = cur.get("slug") or slugify(strip_parens(fact["name_local"] or fact["name"]))
    channels = phone_channels(fact, cur)
    for k, v, *label in cur.get("extra", []):
        channels.append({"kind": k, "value": v, **({"label": label[0]} if label else {})})
    if fact.get("website"):
        web = {"kind": cur.get("web_kind", "web"), "value": fact["website"]}
        if cur.get("web_label"):
            web["label"] = cur["web_label"]
        channels.append(web)
    channels += note_channels(fact, cur)
    check_written(fact, channels)

    dropped, kept = [], []
    for ch in channels:
        if ch["kind"] in ("phone", "sms") and not is_phone_valid(ch["value"], cc):
            label = ch.get("label") or ("SMS" if ch["kind"] == "sms" else None)
            what = f"{label} {ch['value']}" if label and ch["value"] not in label else f"Phone {ch['value']}"
            dropped.append(DROPPED.format(what=what))
        else:
            kept.append(ch)
    had_phone = any(c["kind"] in ("phone", "sms") for c in channels)
    hours, hours_text = build_hours(fact, cur, kept, had_phone)
    if hours is None and hours_text is None and kind == "emergency":
        hours = emergency_hours(cc, kept)

    flags = flags_from_text(fact.get("hours"))
    if re.search(r"\((toll-)?free\)", fact.get("phone") or ""):
        flags["free"] = True
    flags.update(cur.get("flags", {}))
    notes = cur.get("notes", fact.get("notes"))
    notes = " ".join(n if n[-1] in ".!?" else n + "." for n in (notes, hours_text, *dropped) if n)
    verification = cur.get("verification") or ("unverified" if is_doubtful(fact) else "verified")
    if dropped:
        verification = "unverified"

    rec: dict = {"id": f"{cc.lower()}-{slug}", "name": name}
    if name_en and name_en != name:
        rec["name_en"] = name_en
    for key in ("aliases", "organization"):
        if cur.get(key):
            rec[key] = cur[key]
    rec["support_types"] = [KIND_TO_TYPE[kind], *cur.get("types", [])]
    for key in ("audiences", "min_age", "max_age"):
        if key in cur:
            rec[key] = cur[key]
    rec["countries"] = [cc]
    rec["area"] = cur.get("area", "national")
    if cur.get("region"):
        rec["region"] = cur["region"]
    if fact.get("languages"):
        rec["languages"] = list(fact["languages"])
    if cur.get("languages_note"):
        rec["languages_note"] = cur["languages_note"]
    rec["channels"] = kept
    if hours:
        rec["hours"] = hours
    for flag in ("free", "anonymous", "confidential", "not_on_phone_bill"):
        if flags.get(flag) is not None:
            rec[flag] = flags[flag]
    rec["description"] = cur.get("desc") or KIND_DESC[kind].format(c=COUNTRY_NAMES[cc])
    if notes:
        rec["notes"] = notes
    rec["source"] = fact["source"]
    rec["last_verified"] = LAST_VERIFIED
    rec["verification"] = verification
    return rec, dropped


def build(facts: list[dict]) -> tuple[dict, list[str]]:
    keys = {(f["country"], f["name"]) for f in facts}
    stale = sorted(k for k in CURATION if k not in keys)
    if stale:
        raise CurationError(f"curated entries that match no fact: {stale}")
    records, dropped, seen = [], [], {}
    for fact in facts:
        rec, lost = build_record(fact, CURATION.get((fact["country"], fact["name"]), {}))
        if rec["id"] in seen:
            raise CurationError(f"duplicate id {rec['id']} ({seen[rec['id']]!r} and {fact['name']!r})")
        seen[rec["id"]] = fact["name"]
        records.append(rec)
        dropped += [f"{rec['id']}: {d}" for d in lost]
    records.sort(key=lambda r: (r["countries"][0], support_types.rank(r["support_types"][0]), r["id"]))
    env = {"schema": "vsd.services/1", "version": 1, "generated_at": GENERATED_AT, "services": records}
    return env, dropped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--facts", type=Path, default=DEFAULT_FACTS, help="reference facts JSON")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write services.json")
    ap.add_argument("--quiet", action="store_true", help="print only problems")
    args = ap.parse_args(argv)
    facts = json.loads(args.facts.read_text(encoding="utf-8"))
    try:
        env, dropped = build(facts)
    except CurationError as exc:
        print(f"curation error: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(env, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    report = validate(env)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not args.quiet:
        for line in dropped:
            print(f"dropped {line}")
        print(f"{len(facts)} facts -> {args.out}; {len(dropped)} numbers dropped; {report.summary()}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
