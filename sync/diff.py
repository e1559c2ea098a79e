"""What a new directory version changes, record by record (matched by `id`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
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


# -- a reviewer's diff: what changed inside each record, in words (`vsd feed diff`) -------------------
# Channel kinds whose value sends a victim somewhere: a wrong one is the change a reviewer must not miss.
NUMBER_KINDS = ("phone", "sms")
ADDRESS_KINDS = ("web", "report", "chat", "app", "email")
URL_FIELDS = ("source",)


@dataclass(frozen=True)
class FieldChange:
    field: str  # "phone", "web", "source", "description", "languages", ...
    kind: str  # "added", "removed" or "changed"
    old: str | None = None
    new: str | None = None

    @property
    def contact(self) -> bool:
        """A phone number or an address (URL, email): listed first and highlighted."""
        return self.field in NUMBER_KINDS or self.field in ADDRESS_KINDS or self.field in URL_FIELDS

    def words(self) -> str:
        if self.kind == "changed":
            old, new = _around_change(self.old or "", self.new or "")
            return f"{self.field} changed: {plain(old)} → {plain(new)}"
        value = self.new if self.kind == "added" else self.old
        return f"{self.field} {self.kind}: {plain(value or '')}"


def _around_change(old: str, new: str, context: int = 24, room: int = 100) -> tuple[str, str]:
    """Two long texts cut down to the part that differs (with a little context), so an edit at the end
    of a long description is visible instead of being lost past the line's length limit."""
    if len(old) <= room and len(new) <= room:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - context)

    def cut(text: str) -> str:
        stop = len(text) - max(0, end - context)
        return ("…" if begin else "") + text[begin:stop] + ("…" if stop < len(text) else "")

    return cut(old), cut(new)


@dataclass(frozen=True)
class ServiceChange:
    id: str
    name: str
    status: str  # "added", "removed", "changed"
    changes: list[FieldChange]

    @property
    def contact(self) -> bool:
        return any(c.contact for c in self.changes)


def _channels(rec: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ch in rec.get("channels") or []:
        if isinstance(ch, dict) and isinstance(ch.get("kind"), str):
            out.setdefault(ch["kind"], []).append(str(ch.get("value", "")))
    return out


def _channel_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    a, b = _channels(old), _channels(new)
    out: list[FieldChange] = []
    for kind in sorted(a.keys() | b.keys(), key=lambda k: (k not in NUMBER_KINDS, k not in ADDRESS_KINDS, k)):
        gone = [v for v in a.get(kind, []) if v not in b.get(kind, [])]
        came = [v for v in b.get(kind, []) if v not in a.get(kind, [])]
        if len(gone) == len(came) == 1:  # one number replaced by another: say so in one line
            out.append(FieldChange(kind, "changed", gone[0], came[0]))
            continue
        out += [FieldChange(kind, "removed", old=v) for v in gone]
        out += [FieldChange(kind, "added", new=v) for v in came]
    if not out and old.get("channels") != new.get("channels"):  # same numbers, other labels or hours
        out.append(FieldChange("channels", "changed", "labels or hours", "edited"))
    return out


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _field_changes(key: str, x: Any, y: Any) -> list[FieldChange]:
    if x is _MISSING:
        return [FieldChange(key, "added", new=_text(y))]
    if y is _MISSING:
        return [FieldChange(key, "removed", old=_text(x))]
    if isinstance(x, list) and isinstance(y, list) and all(isinstance(v, str) for v in x + y):
        return [FieldChange(key, "removed", old=v) for v in x if v not in y] + [
            FieldChange(key, "added", new=v) for v in y if v not in x
        ] or [FieldChange(key, "changed", ", ".join(x), ", ".join(y))]  # the same items, reordered
    return [FieldChange(key, "changed", _text(x), _text(y))]


def record_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    """What changed from one version of a record to the next, phone numbers and addresses first."""
    out = _channel_changes(old, new) if old.get("channels") != new.get("channels") else []
    for key in sorted(old.keys() | new.keys()):
        if key == "channels":
            continue
        x, y = old.get(key, _MISSING), new.get(key, _MISSING)
        if x != y:
            out += _field_changes(key, x, y)
    return sorted(out, key=lambda c: not c.contact)  # stable: contacts first, each group in its order


def _contacts(rec: dict[str, Any]) -> list[FieldChange]:
    return [c for c in record_changes({}, rec) if c.contact]


def review(old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]) -> list[ServiceChange]:
    """Per service, in words: services with a changed number or address first, then the rest, by id."""
    a, b = _by_id(old), _by_id(new)
    out = [ServiceChange(i, _name(b[i]), "added", _contacts(b[i])) for i in b.keys() - a.keys()]
    out += [ServiceChange(i, _name(a[i]), "removed", []) for i in a.keys() - b.keys()]
    out += [
        ServiceChange(i, _name(b[i]), "changed", record_changes(a[i], b[i]))
        for i in a.keys() & b.keys()
        if a[i] != b[i]
    ]
    order = {"changed": 0, "added": 1, "removed": 2}
    return sorted(out, key=lambda s: (not (s.contact and s.status == "changed"), order[s.status], s.id))


def review_json(changes: list[ServiceChange]) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "status": s.status,
            "contact_changed": s.contact,
            "changes": [
                {"field": c.field, "kind": c.kind, "old": c.old, "new": c.new, "contact": c.contact} for c in s.changes
            ],
        }
        for s in changes
    ]


def review_lines(changes: list[ServiceChange], highlight: Callable[[str], str] = lambda s: s) -> list[str]:
    """Readable lines; a changed number or address is marked `!` and passed through `highlight`."""
    out: list[str] = []
    mark = {"added": "+", "removed": "-", "changed": "~"}
    for s in changes:
        out.append(f"{mark[s.status]} {plain(s.id)}  {plain(s.name)}  ({s.status})")
        for c in s.changes:
            if c.contact:
                out.append(highlight(f"  ! {c.words()}"))
            else:
                out.append(f"    {c.words()}")
    return out
