"""`Directory`: one loaded directory and the search over it, for the TUI, the CLI and scripts.

d = Directory.open()                        # the local store (seeded from the bundled copy)
d.search("kinder telefon deutschland")      # smart query: DE + child_helpline, ranked
d.search(country="PL", support_type="child_helpline")   # a listing, emergency first
d.parse_query("ukrainian child helpline poland")         # the chips a UI shows
"""

from __future__ import annotations

import os
import threading
from datetime import datetime
from typing import Any

from .errors import InputError
from .loading import read_json_file
from .normalize import MAX_QUERY_CHARS, clean
from .query import ParsedQuery, parse_query
from .search import Hit, SearchIndex


# Which implied filter to give up first when together they leave nothing.
RELAX_ORDER = ("language", "support_type", "country")


def _codes(country: Any, language: Any, support_type: Any) -> tuple[str | None, str | None, str | None]:
    """Filter values as codes: codes pass (any case), names go through the resolvers."""
    from . import countries, languages, support_types

    def norm(value: Any, is_code, resolve) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return None
        value = value.strip()
        return is_code(value) or resolve(value) or value

    return (
        norm(
            country,
            lambda v: v.upper() if len(v) == 2 and v.isascii() and v.isalpha() else None,
            countries.resolve_country,
        ),
        norm(
            language,
            lambda v: v.lower() if len(v) in (2, 3) and v.isascii() and v.isalpha() else None,
            languages.resolve_language,
        ),
        norm(support_type, lambda v: v if v in support_types.CODES else None, support_types.resolve_support_type),
    )


class Directory:
    """A directory of services, searchable. Build with `open`, `from_file` or `from_envelope`.

    The search index is built on the first search (or `warm()`), once; it is
    safe to search from several threads.
    """

    def __init__(self, envelope: dict[str, Any], *, notices: list[str] | None = None) -> None:
        if not isinstance(envelope, dict) or not isinstance(envelope.get("services"), list):
            raise InputError('not a services file: expected an object with a "services" list')
        self.version: int | None = envelope.get("version")
        self.generated_at: str | None = envelope.get("generated_at")
        self.services: list[dict[str, Any]] = [
            s for s in envelope["services"] if isinstance(s, dict) and isinstance(s.get("id"), str)
        ]
        self.notices: list[str] = list(notices or [])
        self._by_id = {s["id"]: s for s in self.services}
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, data_dir: str | os.PathLike | None = None) -> "Directory":
        """The local store's directory (seeded from the bundled copy on first use), plus imported services.

        What the store did on its own (seeded, recovered) is in `notices`.
        """
        from .store import Store

        from .layers import imported_services

        store = Store(data_dir)
        env = store.envelope()
        # Services imported from other directories (HSDS) live in a local layer
        # beside the central copy; they are searched too and carry `origin`.
        imported, notices = imported_services(store=store, exclude_ids=[s["id"] for s in env["services"]])
        if imported:
            env = {**env, "services": env["services"] + imported}
        return cls(env, notices=store.notices + notices)

    @classmethod
    def from_file(cls, path: str | os.PathLike) -> "Directory":
        """Any services file on disk (not validated here; `directory.validate` does that)."""
        return cls(read_json_file(path))

    @classmethod
    def from_envelope(cls, envelope: dict[str, Any]) -> "Directory":
        return cls(envelope)

    def __len__(self) -> int:
        return len(self.services)

    def __repr__(self) -> str:
        return f"<Directory version={self.version} services={len(self.services)}>"

    def by_id(self, service_id: str) -> dict[str, Any] | None:
        return self._by_id.get(service_id)

    @property
    def index(self) -> SearchIndex:
        """The search index, built on first use."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = SearchIndex(self.services)
        return self._index

    def warm(self) -> None:
        """Build the index and load the vocabularies now (e.g. in a background worker)."""
        from . import countries, languages, support_types

        _ = self.index
        countries.vocabulary(), languages.vocabulary(), support_types.vocabulary()

    def parse_query(self, text: str, *, skip: tuple[str, ...] = ()) -> ParsedQuery:
        """The filters the text names (country, language, support type) and the free text left over.

        Words of this directory are never typo-corrected into filters.
        """
        return parse_query(text, self.index.known_words, skip=skip)

    def search(
        self,
        text: str = "",
        *,
        country: str | None = None,
        language: str | None = None,
        support_type: str | None = None,
        open_now: bool = False,
        channel: str | None = None,
        limit: int = 20,
        now: datetime | None = None,
        smart: bool = True,
    ) -> list[Hit]:
        """Ranked hits for free text and filters (codes: "DE", "uk", "child_helpline", "phone").

        With `smart` (the default) words of the text that name a country, language
        or support type are taken as filters too (explicit arguments win):
        - when they leave no other text ("ukrainian child helpline poland"),
          they select: every record passing them, ranked by those words, so
          "chidline" lists child helplines with Childline first;
        - when other text is left ("frauenhaus berlin"), that text selects and
          the implied filters rank: records passing them score higher, but a
          record whose name the text matches much better still comes first
          ("Centro di ascolto Pescara" is found even if it is not filed as
          counselling).
        If implied filters leave nothing, they are given up one by one (language,
        then type, then country), and at last the text is searched without them.
        With no text: every match, emergency first, then support type and name.
        Filters are codes; a name ("Germany", "Ukrainian", "shelter") is resolved.
        `now` (aware datetime; naive is UTC) is for `open_now`; default: now.
        """
        idx = self.index
        country, language, support_type = _codes(country, language, support_type)
        kw = dict(open_now=open_now, channel=channel, limit=limit, now=now)
        text = clean(text)[:MAX_QUERY_CHARS]
        explicit = {"country": country, "language": language, "support_type": support_type}
        if not smart or not text:
            return idx.search(text, **explicit, **kw)
        parsed = self.parse_query(text, skip=tuple(k for k, v in explicit.items() if v))
        implied = {k: v for k, v in parsed.filters.items() if not explicit.get(k)}
        if not implied:
            return idx.search(text, **explicit, **kw)
        if parsed.text:
            hits = idx.search(parsed.text, soft=text, prefer=implied, **explicit, **kw)
            return hits or idx.search(text, **explicit, **kw)
        # Only filter words: they select. If together they leave nothing, the
        # least telling ones go first (language, then type, then country).
        for drop in RELAX_ORDER:
            filters = {k: explicit[k] or implied.get(k) for k in explicit}
            hits = idx.search("", soft=text, **filters, **kw)
            if hits:
                return hits
            if drop not in implied:
                continue
            implied.pop(drop)
            if not implied:
                break
        return idx.search(text, **explicit, **kw)
