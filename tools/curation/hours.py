"""Generic reading of a fact's free-text hours ("24/7, free", "Mon–Fri 09:00–13:00 & 15:00–18:00; Sat 10:00–13:00").

`parse_hours(text)` returns the hours object without its time zone (always_open
or weekly, plus a note for the rest of the text), or None when the text cannot
be read safely; then the generator keeps it in the record's notes instead.
Texts that need a human decision are curated per fact in the country tables.
"""

from __future__ import annotations

import re

ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS = {
    "daily": ALL_DAYS,
    "every day": ALL_DAYS,
    "7 days a week": ALL_DAYS,
    "mon-fri": ALL_DAYS[:5],
    "working days": ALL_DAYS[:5],
    "mon-sat": ALL_DAYS[:6],
    "mon-sun": ALL_DAYS,
    "sat-sun": ALL_DAYS[5:],
    "sat": ["sat"],
    "sun": ["sun"],
}
# Said of the service, not of its hours: taken out before reading the times
# (the generator reads them as flags).
FLAG_WORDS = r",\s*(?:free from [A-Z]\w+|toll-free|free|anonymous|confidential|multilingual|no trace on bill)\b"
ALWAYS = re.compile(
    r"(?:24/7(?:/365)?|24 hours(?:, 365 days)?|24h|non-stop|24-hour call centre)"
    r"(?:\s*\((?P<paren>[^)]*)\))?",
    re.I,
)
TIME = r"(\d{1,2})(?::(\d\d))?\s*(am|pm)?"
SPAN = re.compile(rf"{TIME}\s*[–-]\s*{TIME}", re.I)
GROUP = re.compile(
    r"(?P<days>" + "|".join(k.replace("-", "[–-]") for k in DAYS) + r")[,:]?\s+"
    rf"(?P<times>{SPAN.pattern}(?:\s*&\s*{SPAN.pattern})*)"
    r"(?:\s*\((?P<paren>[^)]*)\))?",
    re.I,
)
OTHER_CHANNEL = re.compile(r"(?:chat|e-?mail|sms|video|webchat)\b", re.I)


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _paren_note(paren: str | None) -> str | None:
    if not paren:
        return None
    if re.fullmatch(r"(19|20)\d\d", paren):
        return f"As published in {paren}."
    return _sentence(paren)


def _clock(h: str, m: str | None, ampm: str | None) -> str:
    hour = int(h)
    if ampm:
        hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
    if hour > 24 or (hour == 24 and m not in (None, "00")):
        raise ValueError(h)
    return f"{hour:02d}:{m or '00'}"


def _spans(times: str) -> list[tuple[str, str]]:
    return [(_clock(*m.groups()[:3]), _clock(*m.groups()[3:])) for m in SPAN.finditer(times)]


def parse_hours(text: str) -> dict | None:
    segments = [s.strip() for s in re.sub(FLAG_WORDS, "", text).split(";")]
    notes: list[str] = []
    m = ALWAYS.fullmatch(segments[0])
    if m:
        if m["paren"]:
            notes.append(_sentence(m["paren"]))
        for seg in segments[1:]:
            if not OTHER_CHANNEL.match(seg):
                return None
            notes.append(_sentence(seg))
        return {"always_open": True, **({"note": " ".join(notes)} if notes else {})}
    weekly = []
    for seg in segments:
        pos, found = 0, False
        while pos < len(seg):
            g = GROUP.match(seg, pos)
            if not g:
                break
            found = True
            key = re.sub(r"[–-]", "-", g["days"].lower())
            if key == "working days":
                notes.append("Working days (Monday to Friday, except public holidays).")
            for opens, closes in _spans(g["times"]):
                if opens == closes:
                    return None
                weekly.append({"days": list(DAYS[key]), "opens": opens, "closes": closes})
            if note := _paren_note(g["paren"]):
                notes.append(note)
            pos = g.end()
            sep = re.match(r"\s*,\s*", seg[pos:])
            pos += sep.end() if sep else 0
        if pos < len(seg):
            if found or not weekly or not OTHER_CHANNEL.match(seg):
                return None
            notes.append(_sentence(seg))
    if not weekly:
        return None
    return {"weekly": weekly, **({"note": " ".join(notes)} if notes else {})}
