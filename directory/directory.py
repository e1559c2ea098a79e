"""`Directory`: one loaded directory and the search over it, for the TUI, the CLI and scripts.

d = Directory.open()                        # the local store (seeded from the bundled copy)
d.search("kinder telefon deutschland")      # smart query: DE + child_helpline, ranked
d.search(country="PL", support_type="child_helpline")   # a listing, emergency first
d.parse_query("ukrainian child helpline poland")         # the chips a UI shows
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from rapidfuzz.fuzz import ratio

from .answer import (
    FEW,
    GROUP_LIMIT,
    KINDS,
    RELAX_ORDER,
    Answer,
    Group,
    describe,
    empty_message,
    labelled,
    none_known_text,
    passes,
    relaxed_label,
)
from .errors import InputError
from .loading import read_json_file
from .normalize import MAX_QUERY_CHARS, clean, fold
from .query import WARM_UP, ParsedQuery, country_stems, parse_query
from .records import Service
from .search import Hit, SearchIndex
from .tokens import strs

# A probe score at which the query is taken to name one service (see `_not_name_words`).
NAME_MATCH = 0.85


@dataclass(frozen=True)
class _Options:
    """What a search takes besides its text and filters."""

    open_now: bool = False
    channel: str | None = None
    now: datetime | None = None


def _search(idx: SearchIndex, text: str, f: Mapping[str, str], o: _Options, limit: int, *, soft: str = "") -> list[Hit]:
    return idx.search(
        text,
        country=f.get("country"),
        language=f.get("language"),
        support_type=f.get("support_type"),
        open_now=o.open_now,
        channel=o.channel,
        limit=limit,
        now=o.now,
        soft=soft,
    )


def _without_places(text: str, phrases: list[tuple[str, str]]) -> str:
    """The query less the words that named a country or a language: they say nothing about the
    services that pass the filter, and what is left may be a name ("kids helpline australia" ->
    "kids helpline"). Words naming a kind of help stay: names are made of them ("Kids Helpline")."""
    words = fold(text).split()
    for kind, phrase in phrases:
        if kind not in ("country", "language"):
            continue
        for w in fold(phrase).split():
            if w in words:
                words.remove(w)
    return " ".join(words)


def _near(word: str, words: Iterable[str]) -> bool:
    """Whether `word` is one of `words`, a typo aside (folded words)."""
    return any(ratio(word, w) >= 80 for w in words)


def _typed_whole(names: list[str], typed: list[str]) -> bool:
    """Whether the typed words hold every word of one of the (folded) names, typos aside."""
    return any(n and all(_near(nw, typed) for nw in n.split()) for n in names)


def _codes(country: Any, language: Any, support_type: Any) -> tuple[str | None, str | None, str | None]:
    """Filter values as codes: codes pass (any case), names go through the resolvers."""
    from . import countries, languages, support_types

    def norm(value: Any, is_code: Callable[[str], str | None], resolve: Callable[[str], str | None]) -> str | None:
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


def _summary(env: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """The stored copy in a few figures (see `Directory.summary`)."""
    countries = {c for s in env["services"] for c in strs(s.get("countries"))}
    return {
        "version": env.get("version"),
        "generated_at": env.get("generated_at"),
        "services": len(env["services"]),
        "countries": sorted(countries),
        "stored_at": stored.get("stored_at"),
    }


def _table(value: Any) -> list[dict[str, Any]]:
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


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
        # JSON objects with an id: the rest of each record is read defensively (validation is elsewhere)
        self.services: list[Service] = [
            cast(Service, s) for s in envelope["services"] if isinstance(s, dict) and isinstance(s.get("id"), str)
        ]
        self.notices: list[str] = list(notices or [])
        # vsd.services/2: sourced short numbers and the cells researched and found empty.
        self.short_numbers: list[dict[str, Any]] = _table(envelope.get("short_numbers"))
        self.coverage: list[dict[str, Any]] = _table(envelope.get("coverage"))
        self._by_id: dict[str, Service] | None = None  # made on first use
        self._index: SearchIndex | None = None
        self._stems: dict[str, str] | None = None  # inflected country names, built with the index
        self._lock = threading.Lock()
        # Where the index goes once built, and what it was built from (see `index_cache`).
        self._cache_to: tuple[Path, str] | None = None
        self._facet_values: dict[str, list[str]] | None = None
        # The stored copy alone, before imports (what `vsd info` reports; see `summary`).
        self.central: dict[str, Any] | None = None
        self._positions: Sequence[str] | None = None  # ids in record order, when records are decoded lazily
        self._at: dict[str, int] | None = None
        self._cache_check: Callable[[], bool] | None = None  # the index file's checksum, when read back
        self.index_path: Path | None = None  # the index file, once read back from or written to it

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, *, verify_cache: bool = True) -> Directory:
        """The local store's directory (seeded from the bundled copy on first use), plus imported services.

        What the store did on its own (seeded, recovered) is in `notices`.
        """
        from . import index_cache, index_file
        from .store import Store

        store = Store(data_dir)
        before = index_file.fingerprint(store.data_dir)
        if before is not None:
            cached = index_cache.load(store.data_dir, before, verify=verify_cache)
            if cached is not None:
                d = cls._restored(*cached)
                d.index_path = index_file.cache_file(store.data_dir)
                return d
        from .layers import imported_services  # not before: a start that reads the index file back needs none

        env = store.envelope()
        central = _summary(env, store.stored_meta)
        # Services imported from other directories (HSDS) live in a local layer
        # beside the central copy; they are searched too and carry `origin`.
        imported, notices = imported_services(store=store, exclude_ids=[s["id"] for s in env["services"]])
        if imported:
            env = {**env, "services": env["services"] + imported}
        d = cls(env, notices=store.notices + notices)
        d.central = central
        if before is not None and index_file.fingerprint(store.data_dir) == before:
            d._cache_to = (store.data_dir, before)  # nothing changed while it was read: worth keeping
        return d

    @classmethod
    def _restored(
        cls, idx: SearchIndex, meta: dict[str, Any], ids: Sequence[str], check: Callable[[], bool]
    ) -> Directory:
        """A directory whose index was read back from disk: records are decoded as they are shown."""
        d = cls({"version": meta.get("version"), "generated_at": meta.get("generated_at"), "services": []})
        d.short_numbers, d.coverage = _table(meta.get("short_numbers")), _table(meta.get("coverage"))
        d.central = meta.get("central") if isinstance(meta.get("central"), dict) else None
        d.services = idx.services
        d._index = idx
        d._positions = ids
        d._cache_check = check
        facets = meta.get("facets")
        d._facet_values = facets if isinstance(facets, dict) else None
        return d

    @property
    def index_read_back(self) -> bool:
        """True when the index was read back from its file rather than built here."""
        return self._positions is not None

    def save_index(self) -> Path:
        """Build the index (if not built yet) and write its file now: the next start reads it back.
        Raises `index_cache.NotKept` with a one-line reason when it cannot be kept."""
        from . import index_cache

        if self.index_path is not None:  # read back from a current file, or already written
            return self.index_path
        with self._lock:
            target, self._cache_to = self._cache_to, None  # written here, not by `index` as well
        if target is None:
            raise index_cache.NotKept("the data changed while it was read")
        self.index_path = index_cache.write(*target, self.index, self._meta())
        return self.index_path

    def cache_intact(self) -> bool:
        """False when the index this directory was read back from fails its checksum (the file is
        then removed: open again to build it from the store). True for a directory built here."""
        return self._cache_check() if self._cache_check is not None else True

    def _meta(self) -> dict[str, Any]:
        return {
            "central": self.central,
            "version": self.version,
            "generated_at": self.generated_at,
            "short_numbers": self.short_numbers,
            "coverage": self.coverage,
            "facets": self.facet_values(),
        }

    def facet_values(self) -> dict[str, list[str]]:
        """The countries, languages and support types that records list (what the filter pickers offer)."""
        if self._facet_values is None:
            found: dict[str, set[str]] = {"country": set(), "language": set(), "support_type": set()}
            for s in self.services:  # read defensively, as the index reads them
                found["country"].update(strs(s.get("countries")))
                found["language"].update(strs(s.get("languages")))
                found["support_type"].update(strs(s.get("support_types")))
            self._facet_values = {k: sorted(v) for k, v in found.items()}
        return self._facet_values

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Directory:
        """Any services file on disk (not validated here; `directory.validate` does that)."""
        return cls(read_json_file(path))

    @classmethod
    def from_envelope(cls, envelope: dict[str, Any]) -> Directory:
        return cls(envelope)

    def __len__(self) -> int:
        return len(self.services)

    def __repr__(self) -> str:
        return f"<Directory version={self.version} services={len(self.services)}>"

    def by_id(self, service_id: str) -> Service | None:
        if self._positions is not None:  # records read back lazily: look up the position, decode one
            if self._at is None:
                self._at = dict(zip(self._positions, range(len(self._positions)), strict=True))
            i = self._at.get(service_id)
            return None if i is None else self.services[i]
        if self._by_id is None:
            self._by_id = {s["id"]: s for s in self.services}
        return self._by_id.get(service_id)

    @property
    def index(self) -> SearchIndex:
        """The search index, built on first use (and kept on disk for the next start)."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = SearchIndex(self.services)
                    if self._cache_to is not None:
                        from . import index_cache

                        self.index_path = index_cache.save(*self._cache_to, self._index, self._meta())
                        self._cache_to = None
        return self._index

    def warm(self) -> None:
        """Build the index and load the vocabularies now (e.g. in a background worker), and numpy,
        which the first search with words would otherwise wait for (see `SearchIndex._candidates`)."""
        from . import countries, languages, support_types, word_values  # noqa: F401

        _ = self.index
        for vocabulary in (countries.vocabulary(), languages.vocabulary(), support_types.vocabulary()):
            vocabulary.warm()  # the whole table, not shard by shard as searches ask
        self.parse_query(WARM_UP)  # and what the first query builds (see `query.WARM_UP`)

    def parse_query(self, text: str, *, skip: tuple[str, ...] = ()) -> ParsedQuery:
        """The filters the text names (country, language, support type) and the free text left over.

        Words of this directory are never typo-corrected into filters.
        """
        if self._stems is None:
            self._stems = country_stems(self.index.by_country)
        return parse_query(text, self.index.known_words, skip=skip, stems=self._stems)

    def search(self, text: str = "", **kw: Any) -> list[Hit]:
        """Ranked hits that meet every filter (see `find`, which also gives the labelled alternatives)."""
        return self.find(text, **kw).hits

    def find(
        self,
        text: str = "",
        *,
        country: str | None = None,
        language: str | None = None,
        support_type: str | None = None,
        open_now: bool | str = False,
        channel: str | None = None,
        limit: int = 20,
        now: datetime | None = None,
        smart: bool = True,
    ) -> Answer:
        """The answer to a query: hits meeting every filter, and labelled alternatives when they are few.

        Filters are codes or names ("DE", "Germany"; "uk", "Ukrainian"; "child_helpline").
        With `smart` (the default) words of the text that name a country, language or
        kind of help are filters too, exactly like explicit ones (explicit arguments win);
        the words left rank the services that meet them ("victim of crime spain" lists
        Spain's victim-support services). Text typed beside picked filters only selects.
        `open_now`: True for open now or always available (report forms, apps, e-mail),
        with services of unknown hours in a group of their own; "known" leaves those out.
        `now` (aware datetime; naive is UTC) is for `open_now`; default: now.
        """
        idx = self.index
        country, language, support_type = _codes(country, language, support_type)
        explicit = {
            k: v for k, v in (("country", country), ("language", language), ("support_type", support_type)) if v
        }
        text = clean(text)[:MAX_QUERY_CHARS]
        implied: dict[str, str] = {}
        left = text
        named = ""  # the words that may rank when filters were implied (see `_without_places`)
        in_name: set[str] = set()  # implied filters whose words are in the name typed whole: they rank too
        # The whole text searched as typed (see `_not_name_words`): when no implied filter is kept,
        # that search is the answer's own (unless open now or a channel make it another one), and
        # its candidates are ranked again for all the hits instead of searching twice.
        probe: Callable[[int], list[Hit]] | None = None
        if smart and text:
            parsed = self.parse_query(text, skip=tuple(explicit))
            implied = {k: v for k, v in parsed.filters.items() if k not in explicit}
            if implied:
                probe = idx.searcher(
                    text,
                    country=explicit.get("country"),
                    language=explicit.get("language"),
                    support_type=explicit.get("support_type"),
                )
                implied, in_name = self._not_name_words(parsed, implied, probe(1), text)
            left = parsed.text if implied else text
            if implied:
                named = _without_places(text, [(k, p) for k, p in parsed.phrases if k in implied and k not in in_name])
        filters = {k: v for k in KINDS if (v := explicit.get(k) or implied.get(k))}
        opts = _Options(open_now=bool(open_now), channel=channel, now=now)

        def run(f: Mapping[str, str], lim: int = limit) -> list[Hit]:
            if implied:  # the query's words rank the services the filters chose; they do not select
                # (not those that named a country or language: every service passing it has them)
                return _search(idx, "", f, opts, lim, soft=named or text)
            return _search(idx, left, f, opts, lim)

        if probe is not None and not implied and not open_now and not channel:
            found = probe(limit)  # the probe's search is the answer's own
        else:
            found = run(filters)
        hits = labelled(found, filters)
        answer = Answer(hits, filters, implied, left)
        answer.none_known = self.none_known_for(filters)
        if len(hits) < FEW and filters:
            self._alternatives(answer, run)
        if open_now is True:  # unknown hours are shown after the open ones, labelled, not hidden
            seen = {h.service["id"] for _, h in answer.all_hits()}
            unknown = self._hours_unknown(filters, seen, limit, channel)
            if unknown:
                answer.groups.append(Group("hours_unknown", "Hours not published: call to check", unknown))
        if not answer.hits and not answer.message:
            answer.message = "No services found."
        return answer

    def _not_name_words(
        self, parsed: ParsedQuery, implied: dict[str, str], probe: list[Hit], text: str
    ) -> tuple[dict[str, str], set[str]]:
        """Implied filters less those whose words belong to the name of the service the query names:
        the first hit of the whole text searched as typed (with the explicit filters only), `probe`.
        Also the kinds of the filters kept whose words are in that name when the query holds the whole
        name, typos aside: they rank, as the name's own words ("Krisesenter Norge Viken" is that
        service, not Krisesenter Viken; "kids helpline australia" is still Kids Helpline, in Australia,
        not Kids Helpline Australia West).

        "nummer gegen kumer" names Nummer gegen Kummer: "kumer" is not the Khmer language there;
        "internet wach foundaton" is the IWF, not police cyber reporting. A filter stays when its
        words are not in that name ("national domestic violence hotline japan" keeps Japan).
        """
        if not implied or not probe or "name" not in probe[0].matched:
            return implied, set()
        service = probe[0].service
        names = [fold(str(n)) for n in (service.get("name"), service.get("name_en"), *(service.get("aliases") or ()))]
        typed = fold(text).split()
        # The query names that service: it matches it well, or it holds its whole name (a name typed with
        # a typo in each of its words matches it less well than a good match does, but it is still named).
        if probe[0].score < NAME_MATCH and not _typed_whole(names, typed):
            return implied, set()
        name_words = {w for n in names if n for w in n.split()}
        phrases = dict(parsed.phrases)
        kept = {}
        ranking: set[str] = set()
        for kind, code in implied.items():
            words = fold(phrases.get(kind, "")).split()
            in_name = bool(words) and all(_near(w, name_words) for w in words)
            if in_name and not passes(service, kind, code):
                continue
            kept[kind] = code
            if in_name and _typed_whole(names, typed):
                ranking.add(kind)
        return kept, ranking

    def _alternatives(self, answer: Answer, run: Callable[[Mapping[str, str], int], list[Hit]]) -> None:
        """Fill the message and the labelled groups of a thin answer."""
        filters, seen = answer.filters, {h.service["id"] for h in answer.hits}
        emptied = None
        if answer.text and not answer.implied and filters and not answer.hits:
            wide = _search(self.index, "", filters, _Options(), GROUP_LIMIT, soft=answer.text)
            if wide:
                emptied = "text"
                answer.groups.append(Group("without:text", f"All {describe(filters).lower()}", labelled(wide, filters)))
        # Beside a few hits, only a language filter is relaxed (it hides services that do not state
        # their languages); when nothing is left, every filter is, one at a time.
        order = RELAX_ORDER if not answer.hits else ("language",)
        for drop in order:
            if drop not in filters or (emptied == "text"):
                continue
            kept = {k: v for k, v in filters.items() if k != drop}
            more = [h for h in run(kept, GROUP_LIMIT + len(seen)) if h.service["id"] not in seen][:GROUP_LIMIT]
            if more:
                emptied = emptied or drop
                answer.groups.append(Group(f"without:{drop}", relaxed_label(filters, drop), labelled(more, kept)))
                seen.update(h.service["id"] for h in more)
        if not answer.hits:
            parts = [none_known_text(e) for e in answer.none_known]  # researched and empty: say when
            if not parts:
                parts.append(empty_message(filters, emptied, answer.text) if filters else "No services found.")
            answer.message = " ".join(parts)

    def _hours_unknown(self, filters: dict[str, str], seen: set[str], limit: int, channel: str | None) -> list[Hit]:
        """Services passing the filters that publish no hours (listing order), for the open-now answer."""
        idx = self.index
        allowed = idx.allowed(filters.get("country"), filters.get("language"), filters.get("support_type"), channel)
        ids = [i for i in sorted(idx.hours_unknown(allowed)) if idx.services[i]["id"] not in seen][:limit]
        return labelled([Hit(idx.services[i], 0.0) for i in ids], filters)

    def none_known_for(self, filters: dict[str, str]) -> list[dict[str, Any]]:
        """Researched-empty cells for the filtered country and kind of help."""
        c, t = filters.get("country"), filters.get("support_type")
        if not c or not t:
            return []
        return [e for e in self.coverage if e.get("country") == c and e.get("kind") == t]
