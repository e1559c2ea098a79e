"""Messages that workers post; handlers on the UI side own all state changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from textual.message import Message


@dataclass(frozen=True)
class SearchRequest:
    """Everything one search needs; `serial` orders requests so stale answers are dropped."""

    serial: int
    text: str
    country: str | None
    language: str | None
    support_type: str | None
    open_now: bool
    limit: int
    suppressed: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    now: datetime | None = None


class DirectoryLoaded(Message):
    """The directory is open and indexed (or could not be: `error`)."""

    def __init__(self, directory: Any | None, error: str | None = None, *, reason: str = "start") -> None:
        super().__init__()
        self.directory = directory
        self.error = error
        self.reason = reason


class SearchDone(Message):
    """Results of one search request."""

    def __init__(self, request: SearchRequest, answer: Any, seconds: float, error: str | None = None) -> None:
        super().__init__()
        self.request = request
        self.answer = answer  # directory.answer.Answer (None after an error)
        self.filters = dict(answer.implied) if answer else {}  # filters read from the text: {"country": "PL"}
        self.hits = list(answer.hits) if answer else []  # those meeting every filter (groups: answer.groups)
        self.seconds = seconds
        self.error = error


class SyncProgressed(Message):
    """A step of a running sync, for the status line."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SyncFinished(Message):
    """A sync ended: `summary` in one or two lines, `details` (what changed, service by service) for the log."""

    def __init__(self, ok: bool, summary: str, details: str = "") -> None:
        super().__init__()
        self.ok = ok
        self.summary = summary
        self.details = details
