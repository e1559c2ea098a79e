"""What a new directory version changes, record by record (matched by `id`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from directory import safe_text


@dataclass(frozen=True)
class Change:
    id: str
    name: str
    fields: tuple[str, ...] = ()  # for a changed record: the top-level fields that differ


@dataclass(frozen=True)
class Diff:
    added: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"

    def lines(self, limit: int = 10) -> list[str]:
        """Readable lines, at most `limit` per kind (the rest counted)."""
        out: list[str] = []
        for mark, label, items in (
            ("+", "added", self.added),
            ("-", "removed", self.removed),
            ("~", "changed", self.changed),
        ):
            for c in items[:limit]:
                extra = f" ({', '.join(c.fields)})" if c.fields else ""
                out.append(f"  {mark} {plain(c.id)}  {plain(c.name)}{extra}")
            if len(items) > limit:
                out.append(f"  {mark} ... and {len(items) - limit} more {label}")
        return out


def plain(text: str, limit: int = 120) -> str:
    """Feed text made safe for a terminal (escape sequences, controls, bidi marks removed), length capped."""
    text = safe_text.plain(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _by_id(services: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in services if isinstance(s, dict) and isinstance(s.get("id"), str)}


def _name(rec: dict[str, Any]) -> str:
    name = rec.get("name_en") or rec.get("name") or ""
    return name if isinstance(name, str) else ""


def diff(old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]) -> Diff:
    """Records added, removed and changed from `old` to `new`, each list in id order."""
    a, b = _by_id(old), _by_id(new)
    added = [Change(i, _name(b[i])) for i in sorted(b.keys() - a.keys())]
    removed = [Change(i, _name(a[i])) for i in sorted(a.keys() - b.keys())]
    changed = []
    for i in sorted(a.keys() & b.keys()):
        x, y = a[i], b[i]
        if x != y:
            fields = tuple(sorted(k for k in x.keys() | y.keys() if x.get(k, _MISSING) != y.get(k, _MISSING)))
            changed.append(Change(i, _name(y), fields))
    return Diff(added, removed, changed)


_MISSING = object()
