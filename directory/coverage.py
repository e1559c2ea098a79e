"""Coverage: for each country and each core kind of help, how many services the directory holds,
or that the cell was researched and found empty, or that nobody has researched it yet.

A curator reads the holes at a glance (`vsd coverage`); the search says "none known" in words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

# The kinds of help every country's listing should answer for.
CORE_KINDS = (
    "emergency",
    "child_helpline",
    "csam_reporting",
    "victim_support",
    "missing_children",
    "domestic_violence",
    "sexual_violence",
    "trafficking",
    "police_cyber",
    "online_safety",
)
NOT_RESEARCHED = "not researched"
NONE_KNOWN = "none known"


@dataclass(frozen=True)
class Cell:
    country: str
    kind: str
    services: int
    none_known: dict[str, Any] | None = None  # the research record, when the cell is known to be empty

    @property
    def state(self) -> str:
        if self.services:
            return "services"
        return NONE_KNOWN if self.none_known else NOT_RESEARCHED


def matrix(services: list[dict[str, Any]], coverage: list[dict[str, Any]]) -> list[Cell]:
    """One cell per country (every country of a national or regional service, or of a coverage
    record) and core kind; international services do not fill a country's cell."""
    counts: Counter[tuple[str, str]] = Counter()
    countries: set[str] = set()
    for s in services:
        if s.get("area") == "international" or s.get("origin"):
            continue
        for c in s.get("countries") or ():
            countries.add(c)
            for t in set(s.get("support_types") or ()):
                counts[(c, t)] += 1
    empty = {(e.get("country"), e.get("kind")): e for e in coverage}
    countries.update(str(c) for c, _ in empty)
    return [
        Cell(c, k, counts[(c, k)], empty.get((c, k)) if not counts[(c, k)] else None)
        for c in sorted(countries)
        for k in CORE_KINDS
    ]


def summary(cells: list[Cell]) -> dict[str, int]:
    states = Counter(c.state for c in cells)
    return {
        "cells": len(cells),
        "with_services": states["services"],
        "none_known": states[NONE_KNOWN],
        "not_researched": states[NOT_RESEARCHED],
    }


def hours_share(services: list[dict[str, Any]]) -> tuple[int, int]:
    """(with structured hours, all) phone, SMS and chat channels, emergency numbers aside."""
    chans = [
        (s, c)
        for s in services
        if "emergency" not in (s.get("support_types") or ())
        for c in s.get("channels") or ()
        if c.get("kind") in ("phone", "sms", "chat")
    ]
    return sum(1 for s, c in chans if c.get("hours") or s.get("hours")), len(chans)
