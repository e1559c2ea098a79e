"""`Directory`: one loaded directory and the search over it, for the TUI, the CLI and scripts."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from .errors import InputError
from .loading import read_json_file
from .query import ParsedQuery, parse_query
from .search import Hit, SearchIndex


class Directory:
    """A directory of services, searchable. Build with `open`, `from_file` or `from_envelope`."""

    def __init__(self, envelope: dict[str, Any], *, notices: list[str] | None = None) -> None:
        if not isinstance(envelope, dict) or not isinstance(envelope.get("services"), list):
            raise InputError("not a services file: expected an object with a \"services\" list")
        self.version: int | None = envelope.get("version")
        self.generated_at: str | None = envelope.get("generated_at")
        self.services: list[dict[str, Any]] = [
            s for s in envelope["services"] if isinstance(s, dict) and isinstance(s.get("id"), str)
        ]
        self.notices: list[str] = list(notices or [])
        self._by_id = {s["id"]: s for s in self.services}
        self._index: SearchIndex | None = None

    @classmethod
    def open(cls, data_dir: str | os.PathLike | None = None) -> "Directory":
        """The local store's directory (seeded from the bundled copy on first use)."""
        from .store import Store

        store = Store(data_dir)
        env = store.envelope()
        return cls(env, notices=store.notices)

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> "Directory":
        """Any services file on disk."""
        return cls(read_json_file(path))

    @classmethod
    def from_envelope(cls, envelope: dict[str, Any]) -> "Directory":
        return cls(envelope)

    def by_id(self, service_id: str) -> dict[str, Any] | None:
        return self._by_id.get(service_id)

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.services)
        return self._index

    def parse_query(self, text: str) -> ParsedQuery:
        return parse_query(text)

    def search(self, text: str = "", *, country: str | None = None, language: str | None = None,
               support_type: str | None = None, open_now: bool = False, channel: str | None = None,
               limit: int = 20, now: datetime | None = None) -> list[Hit]:
        return self.index.search(text, country=country, language=language, support_type=support_type,
                                 open_now=open_now, channel=channel, limit=limit, now=now)

    def __len__(self) -> int:
        return len(self.services)
