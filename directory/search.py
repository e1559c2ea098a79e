"""Search index and ranking over service records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rapidfuzz import fuzz

from . import support_types
from .hours import is_open
from .normalize import clean, fold


@dataclass(frozen=True)
class Hit:
    """One search result: the service record, its score, and the fields the query matched."""

    service: dict[str, Any]
    score: float
    matched: tuple[str, ...] = ()


class SearchIndex:
    def __init__(self, services: list[dict[str, Any]]) -> None:
        self.services = services
        self.names = [fold(s.get("name", "") + " " + s.get("name_en", "")) for s in services]

    def search(self, text="", *, country=None, language=None, support_type=None, open_now=False,
               channel=None, limit=20, now: datetime | None = None) -> list[Hit]:
        q = fold(clean(text))
        hits = []
        for s, name in zip(self.services, self.names):
            if country and country not in s.get("countries", []):
                continue
            if language and language not in s.get("languages", []):
                continue
            if support_type and support_type not in s.get("support_types", []):
                continue
            if channel and not any(c.get("kind") == channel for c in s.get("channels", [])):
                continue
            if open_now and not is_open(s.get("hours"), now):
                continue
            score = fuzz.WRatio(q, name) / 100 if q else 0.0
            if q and score < 0.6:
                continue
            hits.append(Hit(s, score, ("name",) if q else ()))
        hits.sort(key=lambda h: (-h.score, min(map(support_types.rank, h.service["support_types"])), h.service["id"]))
        return hits[: max(0, limit)]
