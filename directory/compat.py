"""What a client of an older schema can read.

The schema moved from vsd.services/1 to /2 (citations, assumed languages, international phone forms, the
short-number table, researched-empty cells). A /1 client refuses unknown fields, so a feed publishes two
targets: the full /2 file, and `to_v1` of it for clients that only know /1. A sourced short number that the
/1 client's phone metadata does not know cannot be a /1 channel: it is written into the notes instead, so
the old client still shows it.
"""

from __future__ import annotations

import copy
from typing import Any

from . import phones

V1 = "vsd.services/1"
V2 = "vsd.services/2"
V2_SERVICE_FIELDS = ("languages_assumed", "citations")
V2_CHANNEL_FIELDS = ("international", "domestic_only")
NOTES_MAX = 2000


def to_v1(envelope: dict[str, Any]) -> dict[str, Any]:
    """A /1 envelope with what a /1 client can read of a /2 one."""
    out = {k: copy.deepcopy(v) for k, v in envelope.items() if k not in ("short_numbers", "coverage")}
    out["schema"] = V1
    # /1 requires last_verified: a record whose source gave no date cannot be shown to a /1 client without
    # inventing one, so it is left out of the /1 file (the /2 file has it).
    out["services"] = [_service_v1(s) for s in envelope.get("services") or [] if s.get("last_verified")]
    return out


def _service_v1(service: dict[str, Any]) -> dict[str, Any]:
    rec = {k: copy.deepcopy(v) for k, v in service.items() if k not in V2_SERVICE_FIELDS}
    kept, spoken = [], []
    home = (rec.get("countries") or [""])[0]
    for ch in rec.get("channels") or []:
        ch = {k: v for k, v in ch.items() if k not in V2_CHANNEL_FIELDS}
        region = ch.get("country") or home
        if ch.get("kind") in ("phone", "sms") and not phones.known_to_metadata(str(ch.get("value")), region):
            label = f" ({ch['label']})" if ch.get("label") else ""
            spoken.append(f"{ch['value']}{label}")
            continue
        kept.append(ch)
    rec["channels"] = kept
    if spoken:
        also = "Also call " + ", ".join(spoken) + " (short numbers: dial within the country)."
        notes = f"{rec['notes']} {also}" if rec.get("notes") else also
        rec["notes"] = notes if len(notes) <= NOTES_MAX else notes[: NOTES_MAX - 1] + "…"
    return rec
