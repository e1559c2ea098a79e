"""Search over service records: filters, candidates from the index, rapidfuzz scoring, ranking.

A query goes through three stages, none of which touches every record:
1. filters (country, language, support type, channel) as precomputed id sets;
2. candidates: each query word expanded through the `TokenIndex` (exact,
   prefix, typo) and its posting lists summed into a word-level score, with
   field weights (name > alias > organisation > type label > description);
3. the best few hundred candidates rescored with rapidfuzz against their folded
   names, plus bonuses for a whole-name exact or prefix match. Candidates that tie
   on the word score at the cut are all rescored, or, past a bound, those whose
   names are closest to the query (never the first listed: see `_shortlist`).
Then ranking: score (local services of a filtered country before international
ones that also serve it) and a deterministic tie-break. With no text, filters
list every match: emergency first, then by support type and name.
"""

from __future__ import annotations

import gc
import heapq
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

from rapidfuzz import process
from rapidfuzz.fuzz import WRatio, ratio

from . import support_types
from .hours import is_open
from .normalize import MAX_QUERY_CHARS, clean, fold, fold_native, native_words
from .postings import choose
from .records import Service
from .token_index import ALIAS, FIELD_NAMES, NAME, ORG, PART, PHONE, PLACE, TEXT, TYPE, TokenIndex
from .tokens import (
    compound_parts,
    country_words,
    fast_fold,
    field_words,
    name_parts,
    official_languages,
    phone_key_tuple,
    query_words,
    strs,
    text_of,
    type_words,
    url_words,
)

if TYPE_CHECKING:  # numpy is imported when a search or a build needs it (see `_candidates`)
    from .word_values import Ids, Scores, WordValues

# Candidates rescored with rapidfuzz after the word-level pass.
RESCORE = 200
# When candidates tie on the word score at the cut, the cut grows to take the whole tie if that makes
# no more than this many in all; a tie larger still is cut by closeness of the names to the query.
RESCORE_MAX = 400
# Scores are compared rounded to 6 decimals: a bound this far below a score cannot round up to it.
BOUND_MARGIN = 2e-6
# Word scores this close are a tie (they differ only in the field code of their 6th decimal).
TIE = 1e-4
# Share of the final score given to rapidfuzz's similarity of the query to the names (WRatio, and
# plain ratio, so that of equally good matches the name closest to the query as a whole wins).
FUZZ_SHARE = 0.25
# With a country filter, international services that also serve it rank after
# the country's own services: their score is multiplied by this.
INTERNATIONAL_FACTOR = 0.85
# Of near-equal matches, a record whose facts cite where they were read (a dated source, with a
# quote) ranks first: a look-alike without sources (a listing imported from elsewhere, a namesake)
# must not push the checked service off the first screen. Small: it breaks near-ties, it does not
# outrank a better match.
EVIDENCE_FACTOR = 1.05
# The most a name nearly the query adds (see `_PhraseBonus.near`: a ratio of 100 gives it).
NEAR_BONUS = 0.1
# Hits below this share of the best hit's score are noise (a stray typo match).
RELATIVE_CUTOFF = 0.2
# Records passing the filters a query implied (with other text left) rank this much higher.
PREFER_FACTOR = 1.1
# Records one query word may contribute (best matches first, then best-placed).
WORD_BUDGET = 3000
# ... and all the words of a query together: a query of many words gives each fewer (its records
# that matter match several of them), never below WORD_BUDGET_MIN.
QUERY_BUDGET = 6000
WORD_BUDGET_MIN = 1000
# A word cut by its budget still gives candidates its matches worth at least this share of its best.
REDO_SHARE = 0.8
MAX_LIMIT = 10_000
# Channels that take a message at any hour: a report form, an app, an e-mail address.
ALWAYS_AVAILABLE = frozenset(("report", "app", "email"))


@dataclass(frozen=True)
class Hit:
    """One search result: the service record, its score, and the fields the query matched."""

    service: Service
    score: float
    matched: tuple[str, ...] = ()
    # What a caseworker must know about why it is here: "language assumed", "international", ...
    labels: tuple[str, ...] = ()


def _static_key(s: Service) -> tuple[bool, int, str, str]:
    """Order of a listing without text: emergency first, then support type, then name, then id."""
    types = strs(s.get("support_types"))
    rank = min(map(support_types.rank, types), default=99)
    return ("emergency" not in types, rank, fast_fold(text_of(s.get("name"))), text_of(s.get("id")))


def _cited(citations: Any) -> bool:
    """At least one citation quotes what was read (untrusted JSON: checked item by item)."""
    return type(citations) is list and any(type(c) is dict and type(c.get("quote")) is str for c in citations)


class SearchIndex:
    """All records of one directory, indexed for search. Build once per directory version."""

    def __init__(self, services: list[Service]) -> None:
        # The build makes millions of small objects and no cycles: the cyclic
        # garbage collector would only rescan them again and again (~25% of the time).
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._build(services)
        finally:
            if enabled:
                gc.enable()

    def _build(self, services: list[Service]) -> None:
        # Records are numbered in listing order (emergency first, then support type,
        # name, id): posting arrays are then in that order too, so when a word has
        # more records than a query may look at, the best-placed ones come first,
        # and every tie is broken by that order.
        keyed = sorted(((_static_key(x), x) for x in services), key=lambda ks: ks[0])
        self.services = services = [x for _, x in keyed]
        # (not emergency, support type rank) of each record: the groups of a listing
        self.group = [k[:2] for k, _ in keyed]
        self.tokens = TokenIndex()
        # Support-type and country words are shared by thousands of records: they
        # live in a small index of their own whose "documents" are the codes.
        self.facets = TokenIndex()
        self.facet_members: list[tuple[int, set[int]]] = []  # facet doc -> (field, records)
        self.facet_index: dict[tuple[int, str], int] = {}  # (field, code) -> facet doc
        n = len(services)
        # folded name, name_en, then the other names (aliases, the names a joined name holds): for rapidfuzz
        self.names: list[tuple[str, ...]] = [()] * n
        self.primary: list[str] = [""] * n  # folded name, for exact/prefix bonuses
        self.secondary: list[str] = [""] * n  # folded name_en
        self.native: list[str] = [""] * n  # the name folded in its own script (see _PhraseBonus)
        self.international: list[bool] = [False] * n
        self.cited: list[bool] = [False] * n  # facts cite a dated source with a quote (EVIDENCE_FACTOR)
        self.by_country: dict[str, set[int]] = defaultdict(set)
        self.by_language: dict[str, set[int]] = defaultdict(set)
        self.by_type: dict[str, set[int]] = defaultdict(set)
        self.by_channel: dict[str, set[int]] = defaultdict(set)
        self.with_hours: set[int] = set()
        self.always: set[int] = set()  # records with a channel open at any hour (see ALWAYS_AVAILABLE)
        for i, (key, s) in enumerate(keyed):
            self._add(i, s, key[2])
        del keyed
        # Plain dicts from here on: a lookup of an unknown code must not add it.
        self.by_country, self.by_language = dict(self.by_country), dict(self.by_language)
        self.by_type, self.by_channel = dict(self.by_type), dict(self.by_channel)
        self.tokens.freeze()
        self._build_facets()
        from .word_values import ids_of  # (see `_candidates`)

        self.facet_ids: Sequence[Ids] = [ids_of(members) for _, members in self.facet_members]  # for `WordValues`
        self.static_order = range(n)
        self.static_rank = range(n)

    # -- building --------------------------------------------------------------
    def _add(self, i: int, s: Service, fname: str) -> None:
        get = s.get
        countries = strs(get("countries"))
        types = strs(get("support_types"))
        langs = strs(get("languages"))
        kinds: list[str] = []
        has_hours = type(get("hours")) is dict
        phones: list[str] = []
        description = get("description")
        text_words = field_words(description) if type(description) is str else []
        raw_channels: Any = s.get("channels")
        channels: list[Any] = raw_channels if type(raw_channels) is list else []  # untrusted JSON: checked item by item
        for ch in channels:
            if type(ch) is not dict:
                continue
            kind, value = ch.get("kind"), ch.get("value")
            if type(kind) is str:
                kinds.append(kind)
            if type(value) is str and value:
                if kind == "phone" or kind == "sms":
                    phones += phone_key_tuple(value, tuple(countries))
                else:
                    text_words += url_words(value)
            if len(ch) > 2:
                label = ch.get("label")
                if type(label) is str and label:
                    text_words += field_words(label)
                if "languages" in ch:
                    langs = langs + strs(ch.get("languages"))
                if not has_hours and type(ch.get("hours")) is dict:
                    has_hours = True
        # Worst field first: a word keeps the best field it occurs in.
        fields = dict.fromkeys(text_words, TEXT)
        region = get("region")
        if type(region) is str:
            fields.update(dict.fromkeys(field_words(region), PLACE))
        aliases = strs(get("aliases"))
        alias_words = list(chain.from_iterable(map(field_words, aliases))) if aliases else []
        name, name_en = text_of(get("name")), text_of(get("name_en"))
        name_words = field_words(name) + field_words(name_en)
        parts = compound_parts(name_words + alias_words)
        if parts:
            fields.update(dict.fromkeys(parts, PART))
        org = get("organization")
        if type(org) is str:
            fields.update(dict.fromkeys(field_words(org), ORG))
        if alias_words:
            fields.update(dict.fromkeys(alias_words, ALIAS))
        if phones:
            fields.update(dict.fromkeys(phones, PHONE))
        fields.update(dict.fromkeys(name_words, NAME))
        self.tokens.add_doc(i, fields)

        fen = fast_fold(name_en) if name_en else ""
        self.primary[i] = fname
        self.secondary[i] = fen
        self.native[i] = fold_native(name)
        others = [*map(fast_fold, aliases), *name_parts(name)]
        self.names[i] = (fname, fen, *others) if fen or others else (fname,)
        self.international[i] = get("area") == "international"
        self.cited[i] = _cited(get("citations"))
        by = self.by_country
        for c in countries:
            by[c].add(i)
        if not langs:
            # Unknown languages: assume the official languages of its countries
            # (a German helpline speaks German), so a language filter keeps it.
            langs = list(official_languages(tuple(countries)))
        by = self.by_language
        for lang in langs:
            by[lang].add(i)
        by = self.by_type
        for t in types:
            by[t].add(i)
        by = self.by_channel
        for k in kinds:
            by[k].add(i)
        if has_hours:
            self.with_hours.add(i)
        if not ALWAYS_AVAILABLE.isdisjoint(kinds):
            self.always.add(i)

    def _build_facets(self) -> None:
        """Index the words of each support type (label, synonyms) and country (names) once."""
        for field, table, words_of in ((TYPE, self.by_type, type_words), (PLACE, self.by_country, country_words)):
            for code in sorted(table):
                j = len(self.facet_members)
                self.facet_members.append((field, table[code]))
                self.facet_index[(field, code)] = j
                self.facets.add_doc(j, dict.fromkeys(words_of(code), field))
        self.facets.freeze()

    @property
    def known_words(self) -> dict[str, Any]:
        """Every index word (a mapping, so `word in known_words` is a dict lookup)."""
        return self.tokens.postings

    # -- searching -----------------------------------------------------------------
    def allowed(
        self, country: str | None, language: str | None, support_type: str | None, channel: str | None
    ) -> set[int] | None:
        """Record numbers passing the filters, or None for "all"."""
        sets = []
        for value, table in (
            (country, self.by_country),
            (language, self.by_language),
            (support_type, self.by_type),
            (channel, self.by_channel),
        ):
            if value:
                sets.append(table.get(value, set()))
        if not sets:
            return None
        sets.sort(key=len)
        return set(sets[0]).intersection(*sets[1:]) if len(sets) > 1 else sets[0]

    def search(self, text: str = "", *, limit: int = 20, **options: Any) -> list[Hit]:
        """Hits for `text` among the records passing the filters (see the module doc); `options` are
        `searcher`'s (filters, open now, `soft`, `prefer`)."""
        limit = _clamped(limit)
        return self.searcher(text, **options)(limit) if limit else []

    def searcher(
        self,
        text: str = "",
        *,
        country: str | None = None,
        language: str | None = None,
        support_type: str | None = None,
        open_now: bool = False,
        channel: str | None = None,
        now: datetime | None = None,
        soft: str = "",
        prefer: dict[str, str] | None = None,
    ) -> Callable[[int], list[Hit]]:
        """`search` up to the ranking: called with a limit, the hits `search` gives with that
        limit; called again (with another limit), ranked again without searching again.

        `soft`: the whole query when some of its words were turned into filters;
        its words rank but do not select. With no `text` but `soft`, every record
        passing the filters is a hit. `prefer`: filters (country, language,
        support_type) that rank rather than select: records passing all of them
        score PREFER_FACTOR times more.
        """
        allowed = self.allowed(country, language, support_type, channel)
        if open_now:
            timed = self.with_hours | self.always
            base = timed if allowed is None else allowed & timed
            allowed = {i for i in base if self._open(i, now, channel)}
        if allowed is not None and not allowed:
            return _nothing  # no record passes the filters (a country the directory does not cover)
        hard = query_words(clean(text)[:MAX_QUERY_CHARS])
        soft_words = query_words(clean(soft)[:MAX_QUERY_CHARS]) if soft else []
        if not hard and not soft_words:
            return lambda limit: self._listing(allowed, country, _clamped(limit))
        qwords = soft_words or hard
        required = {i for i, f in enumerate(qwords) if f in hard} if soft_words else set(range(len(qwords)))
        # A filter's own words say nothing about records that all pass it ("poland" among Polish services).
        same = {self.facet_index.get((TYPE, support_type or "")), self.facet_index.get((PLACE, country or ""))}
        query = _Query(self, qwords, skip_facets=same)
        scored = self._candidates(query, allowed, required)
        if not len(scored) and hard:
            return _nothing
        preferred = (
            self.allowed(prefer.get("country"), prefer.get("language"), prefer.get("support_type"), None)
            if prefer
            else None
        )

        rescoring: _Rescoring | None = None

        def ranked(limit: int) -> list[Hit]:
            nonlocal rescoring
            limit = _clamped(limit)
            if limit == 0:
                return []
            if rescoring is None:
                rescoring = self._rescoring(
                    scored, query, soft or text, country or (prefer or {}).get("country"), preferred
                )
            hits = self._rank(query, rescoring, limit, cutoff=bool(hard))
            if not hard and len(hits) < limit:
                seen = {h.service["id"] for h in hits}
                rest = [h for h in self._listing(allowed, country, limit + len(seen)) if h.service["id"] not in seen]
                hits += rest[: limit - len(hits)]
            return hits

        return ranked

    def _open(self, i: int, now: datetime | None, channel: str | None = None) -> bool:
        """Open now: the service or one of its channels; with a channel kind, a channel of that
        kind (its own hours, else the service's), so a 24/7 phone does not make the SMS line open."""
        s = self.services[i]
        channels = [ch for ch in s.get("channels") or [] if isinstance(ch, dict)]
        if channel:
            return channel in ALWAYS_AVAILABLE or any(
                is_open(ch.get("hours") or s.get("hours"), now) for ch in channels if ch.get("kind") == channel
            )
        if any(ch.get("kind") in ALWAYS_AVAILABLE for ch in channels):
            return True
        return is_open(s.get("hours"), now) or any(is_open(ch.get("hours"), now) for ch in channels)

    def hours_unknown(self, allowed: set[int] | None) -> set[int]:
        """Records (among `allowed`) that publish no hours and have no channel open at any hour."""
        timed = self.with_hours | self.always
        pool = range(len(self.services)) if allowed is None else allowed
        return {i for i in pool if i not in timed}

    def _listing(self, allowed: set[int] | None, country: str | None, limit: int) -> list[Hit]:
        if allowed is None:
            ids = list(range(min(limit, len(self.services))))
        elif country:
            # within each group (emergency, then each support type), the country's own services first,
            # then those whose facts cite their sources (see EVIDENCE_FACTOR)
            intl, group, cited = self.international, self.group, self.cited
            ids = heapq.nsmallest(limit, allowed, key=lambda i: (group[i], intl[i], not cited[i], i))
        else:
            group, cited = self.group, self.cited
            ids = heapq.nsmallest(limit, allowed, key=lambda i: (group[i], not cited[i], i))
        return [Hit(self.services[i], 0.0, ()) for i in ids]

    def _candidates(self, query: _Query, allowed: set[int] | None, required: set[int]) -> Scores:
        """Word-level scores of the candidates: for each query word its best (match quality x field
        weight) per record, summed and divided by the number of words (1.0 = every word exact in a name).

        Candidates are the records on the posting lists of the words' expansions, at most
        WORD_BUDGET per word, fewer when the query has many words (QUERY_BUDGET shared, but no
        fewer than WORD_BUDGET_MIN), best matches first, then best-placed records. A word that had
        to be cut still gives its strong matches to every candidate. Support-type and country
        words (facets) only add to candidates, unless no word matched any record's own text:
        then the facet's best-placed records are the candidates. Only records matching one of
        the `required` words (positions) are kept. Each word's values are left in
        `query.per_word` (with the field encoded, see `token_index.value_of`).

        The values are worked out over arrays (`WordValues`): a long query at 100,000 services has
        thousands of candidates, and what the cut words and the facets add is looked up for every
        one of them. (Leaving out first those that could not reach the rescoring even with all of
        it cost more than it saved, measured with dicts: p95 5-10% lower without it.)
        """
        # Imported here, not with the module: a sync (which updates the index file) and the command
        # line's other commands need no numpy (16 MiB and 90 ms to import).
        from .word_values import Scores, WordValues, ids_of

        contribs: list[list[tuple[float, Collection[int]]]] = []
        rest: list[list[tuple[float, Collection[int]]]] = []
        budget = max(WORD_BUDGET_MIN, min(WORD_BUDGET, QUERY_BUDGET // len(query.words)))
        # A word said twice ("Women's Refuge ... Lucia's": "s") is looked up once, and its values counted twice.
        first_at: dict[tuple[str, ...], int] = {}
        for pos, forms in enumerate(query.words):
            same = first_at.setdefault(forms, pos)
            if same != pos:
                contribs.append(contribs[same])
                rest.append(rest[same])
                continue
            chosen, left = choose(self.tokens.pairs(forms), allowed, budget)
            contribs.append(chosen)
            rest.append(left)
        firsts = [pos for pos, forms in enumerate(query.words) if first_at[forms] == pos]
        matches = {pos: [(v, ids_of(docs)) for v, docs in contribs[pos]] for pos in firsts}
        n = len(self.services)
        values = WordValues.over(len(query.words), [ids for pos in firsts for _, ids in matches[pos]], n)
        if not len(values.pool):
            facet_pool = self._facet_pool(query, allowed)
            if not facet_pool:
                query.per_word = None
                return Scores.none()
            values = WordValues.over(len(query.words), [ids_of(facet_pool)], n)
        for pos in firsts:
            values.set_row(pos, matches[pos])
        # What each word adds beyond its own matches, to the candidates: its strong matches the budget
        # cut, and the kinds of help and countries it names (facets).
        for pos in firsts:
            cut = _cut(contribs[pos], rest[pos])
            facets = query.facets[pos]
            if cut or facets:
                extras = [(v, ids_of(docs)) for v, docs in cut]
                extras += [(v, self.facet_ids[j]) for j, v in facets.items()]
                values.raise_row(pos, extras)
        for pos, forms in enumerate(query.words):
            if first_at[forms] != pos:
                values.copy_row(pos, first_at[forms])
        query.per_word = values
        return values.summed(required)  # divided by the number of words in _rank, for the few that get there

    def _facet_pool(self, query: _Query, allowed: set[int] | None) -> set[int]:
        """When only facet words matched: the best-placed records of the matched facets."""
        members: set[int] = set()
        for facets in query.facets:
            for j in facets:
                members |= self.facet_members[j][1]
        if allowed is not None:
            members &= allowed
        if len(members) <= RESCORE:
            return members
        return set(heapq.nsmallest(RESCORE, members))

    def _rescoring(
        self,
        scored: Scores,
        query: _Query,
        text: str,
        country: str | None,
        preferred: set[int] | None,
    ) -> _Rescoring:
        """The shortlisted candidates (`_shortlist`) with a bound on what rescoring can give each,
        for `_rank`: their word score, the bonus for a whole-name match where it does not depend on
        rapidfuzz, and rapidfuzz's most (100) for the rest."""
        raw = clean(text)[:MAX_QUERY_CHARS]
        q = fold(raw)
        bonus = _PhraseBonus(self, q, " ".join(native_words(raw)))
        words_share = (1 - FUZZ_SHARE) / max(1, len(query.words))
        intl, cited = self.international, self.cited
        order: list[tuple[float, int, float, float | None]] = []
        short = self._shortlist(scored, q)
        for d, word_score in short.items():
            factor = 1.0
            if preferred is not None and d in preferred:
                factor *= PREFER_FACTOR
            if country and intl[d]:
                factor *= INTERNATIONAL_FACTOR
            if cited[d]:
                factor *= EVIDENCE_FACTOR
            fixed = bonus.fixed(d)
            most = words_share * word_score + FUZZ_SHARE + (NEAR_BONUS if fixed is None else fixed)
            order.append((most * factor, d, factor, fixed))
        order.sort(reverse=True)  # record numbers differ: ties never compare the rest
        return _Rescoring(q, words_share, order, short)

    def _rank(self, query: _Query, r: _Rescoring, limit: int, *, cutoff: bool = True) -> list[Hit]:
        """The best `limit` hits of the shortlist `r` (`_rescoring`), rescored only as far as needed.

        Candidates are taken in order of their bound; the ratio of the query to the names (cheap)
        gives a closer bound, and WRatio (the costly part) is worked out in order of that one,
        until no bound left can reach the best `limit` scores. The hits are exactly those of
        rescoring every candidate in full. What is worked out is kept in `r` for another limit."""
        q, names, words_share, scored = r.q, self.names, r.words_share, r.scored
        final: list[tuple[float, int]] = []
        best_few: list[float] = []  # a min-heap of the best `limit` scores so far
        # ratio worked out, WRatio not yet: (-closer bound, -ratio, -bonus, -factor, -record), a max-heap
        pending: list[tuple[float, float, float, float, int]] = []
        order, i = r.order, 0
        while pending or i < len(order):
            low = best_few[0] - BOUND_MARGIN if len(best_few) >= limit else None
            if pending and (i == len(order) or -pending[0][0] >= order[i][0]):
                d = -heapq.heappop(pending)[4]
                most, whole, extra, factor = r.closer[d]
                if low is not None and most < low:
                    break  # and every bound left is lower still
                score = r.scores.get(d)
                if score is None:
                    sim = _best_of(WRatio, q, names[d]) if q else 0.0
                    score = words_share * scored[d] + FUZZ_SHARE * (0.6 * sim + 0.4 * whole) / 100.0
                    score = r.scores[d] = (score + extra) * factor
                final.append((score, d))
                if len(best_few) < limit:
                    heapq.heappush(best_few, score)
                elif score > best_few[0]:
                    heapq.heapreplace(best_few, score)
                continue
            bound, d, factor, fixed = order[i]
            i += 1
            if low is not None and bound < low:
                break  # and every bound left is lower still
            closer = r.closer.get(d)
            if closer is None:
                whole = _best_of(ratio, q, names[d]) if q else 0.0
                extra = _PhraseBonus.near(whole) if fixed is None else fixed
                most = words_share * scored[d] + FUZZ_SHARE * (60.0 + 0.4 * whole) / 100.0 + extra
                closer = r.closer[d] = (most * factor, whole, extra, factor)
            heapq.heappush(pending, (-closer[0], -closer[1], -closer[2], -closer[3], -d))
        if not final:
            return []
        if cutoff:
            best = max(s for s, _ in final)
            final = [(s, d) for s, d in final if s >= best * RELATIVE_CUTOFF]
        final.sort(key=lambda sd: (-round(sd[0], 6), sd[1]))
        return [Hit(self.services[d], round(s, 4), self.matched_fields(d, query)) for s, d in final[:limit]]

    def _shortlist(self, scored: Scores, q: str) -> dict[int, float]:
        """The candidates worth rescoring, with their word scores: the best RESCORE by word score,
        and all that tie with the last of them (if that makes no more than RESCORE_MAX).

        Look-alike names (a service and its hundred regional namesakes) tie on the word
        score; which of them reach the rescoring must not depend on the order they were
        listed in, or the exact name may never be rescored. So a tie too large to take
        whole fills the RESCORE places left by closeness of the names to the query
        (`_closest`).
        """
        if len(scored) <= RESCORE:
            return scored.of(scored.ids)
        edge = scored.nth_best(RESCORE) + TIE
        above, tied = scored.above(edge), scored.between(edge - 2 * TIE, edge)  # each ascending
        if len(above) + len(tied) <= RESCORE_MAX:
            return scored.of(above) | scored.of(tied)
        # Too large to rescore whole: the closest names fill the cut (no more than RESCORE).
        return scored.of(above) | scored.of(self._closest(tied.tolist(), q, RESCORE - len(above)))

    def _closest(self, tied: list[int], q: str, room: int) -> list[int]:
        """The `room` records of `tied` whose names are nearest the query as a whole, cheaply: the
        name (or an alias) itself, then the name as typed so far, shortest first; then the rest by
        rapidfuzz's plain ratio to the name."""
        if not q:
            return tied[:room]
        primary, secondary, names = self.primary, self.secondary, self.names
        exact: list[int] = []
        typed: list[int] = []  # the name's length, then the record, as one int: ints sort faster than pairs
        rest: dict[int, str] = {}
        for d in tied:
            p = primary[d]
            if q in names[d]:  # the name, name_en or another name (q is never empty here)
                exact.append(d)
            elif p.startswith(q) or secondary[d].startswith(q):
                typed.append(len(p) << 32 | d)  # record numbers are below 2**32 (posting arrays hold them so)
            else:
                rest[d] = p
        if len(exact) >= room:
            return exact[:room]
        typed.sort()
        first = exact + [key & 0xFFFFFFFF for key in typed[: room - len(exact)]]
        if len(first) >= room:
            return first
        near = process.extract(q, rest, scorer=ratio, processor=None, limit=room - len(first))
        return first + [d for _, _, d in near]

    def matched_fields(self, d: int, query: _Query) -> tuple[str, ...]:
        """Names of the fields where the query's words matched record d (best field per word)."""
        fields = query.per_word.fields(d) if query.per_word is not None else set()
        return tuple(dict.fromkeys(FIELD_NAMES[f] for f in sorted(fields)))


def _best_of(scorer: Callable[..., float], q: str, names: Iterable[str]) -> float:
    """The best of `scorer`'s similarities of `q` to the names (0 for none); they are folded already."""
    best = 0.0
    for name in names:
        v = scorer(q, name, processor=None)
        if v > best:
            best = v
    return best


def _clamped(limit: Any) -> int:
    """A limit as asked (untrusted: anything not a number is the default, 20), within 0..MAX_LIMIT."""
    try:
        return max(0, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        return 20


def _nothing(limit: int) -> list[Hit]:
    return []


def _cut(
    chosen: list[tuple[float, Collection[int]]], left: list[tuple[float, Collection[int]]]
) -> list[tuple[float, Collection[int]]]:
    """The (value, records) pairs a word's budget left out that still count for every candidate:
    worth at least REDO_SHARE of the word's best match."""
    if not left:
        return []
    top = chosen[0][0] if chosen else left[0][0]
    return [(v, docs) for v, docs in left if v >= top * REDO_SHARE]  # `left` is best first


class _PhraseBonus:
    """Whole-name matches, for one query: the name itself or one of its other names (0.3; spaces
    and punctuation aside, so "womens refuge" is "Women's Refuge"), one of them as typed so far
    (0.15), nearly the name (up to NEAR_BONUS: a typo). What depends only on the query is worked out once."""

    def __init__(self, index: SearchIndex, q: str, qn: str) -> None:
        self.index, self.q, self.qn = index, q, qn
        self.bare = q.replace(" ", "")
        self.native = bool(qn and qn != q and len(qn) >= 2)

    def fixed(self, d: int) -> float | None:
        """The bonus of record d, or None when it is the one for nearly the name (`near`)."""
        q = self.q
        if q:
            bare, long = self.bare, len(q) >= 3
            typed = False
            for name in self.index.names[d]:  # name, name_en (or ""), the other names
                if name == q or name.replace(" ", "") == bare:
                    return 0.3
                typed = typed or (long and name.startswith(q))
            if typed:
                return 0.15
        elif not self.qn:
            return 0.0
        if self.native and self.index.native[d].startswith(self.qn):
            return 0.15
        return None

    @staticmethod
    def near(whole: float) -> float:
        """The bonus for nearly the name: rapidfuzz's ratio of the query to it (`whole`) above 90."""
        return max(0.0, (whole - 90.0) / 100.0)


class _Rescoring:
    """One search's shortlist as `_rank` rescores it (see `SearchIndex._rescoring`), and what it
    worked out, kept for the next limit asked (the probe of `Directory.find` asks for one hit,
    then for all)."""

    def __init__(
        self,
        q: str,
        words_share: float,
        order: list[tuple[float, int, float, float | None]],
        scored: dict[int, float],
    ) -> None:
        self.q = q  # the query folded
        self.scored = scored  # record -> its word score, for the shortlist
        self.words_share = words_share
        # (bound, record, factor, the bonus unless it depends on rapidfuzz), best bound first
        self.order = order
        # record -> (closer bound, ratio of the query to the names, bonus, factor)
        self.closer: dict[int, tuple[float, float, float, float]] = {}
        self.scores: dict[int, float] = {}  # record -> its score, rescored in full


class _Query:
    """One query's words and what each expands to, computed once per search."""

    def __init__(
        self,
        index: SearchIndex,
        words: list[tuple[str, ...]],
        skip_facets: frozenset[int | None] | set[int | None] = frozenset(),
    ) -> None:
        self.words = words  # each word's forms; what they expand to: `TokenIndex.pairs`
        self.facets: list[dict[int, float]] = []
        self.per_word: WordValues | None = None  # see `SearchIndex._candidates`
        for forms in words:
            fac: dict[int, float] = {}
            for form in forms:
                for j, v in index.facets.best_docs(form).items():
                    if v > fac.get(j, 0.0) and j not in skip_facets:
                        fac[j] = v
            self.facets.append(fac)
