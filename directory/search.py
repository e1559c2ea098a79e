"""Search over service records: filters, candidates from the index, rapidfuzz scoring, ranking.

A query goes through three stages, none of which touches every record:
1. filters (country, language, support type, channel) as precomputed id sets;
2. candidates: each query word expanded through the `TokenIndex` (exact,
   prefix, typo) and its posting lists summed into a word-level score, with
   field weights (name > alias > organisation > type label > description);
3. the best few hundred candidates rescored with rapidfuzz against their folded
   names, plus bonuses for a whole-name exact or prefix match.
Then ranking: score (local services of a filtered country before international
ones that also serve it) and a deterministic tie-break. With no text, filters
list every match: emergency first, then by support type and name.
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Iterable

import phonenumbers
from rapidfuzz import fuzz

from . import support_types
from .hours import is_open
from .index import (ALIAS, FIELD_NAMES, NAME, ORG, PHONE, PLACE, TEXT, TYPE, WEIGHTS, TokenIndex)
from .normalize import MAX_QUERY_CHARS, clean, digits, fold, fold_native, native_words

# Candidates rescored with rapidfuzz after the word-level pass.
RESCORE = 300
# Share of the final score given to rapidfuzz's whole-name similarity.
FUZZ_SHARE = 0.25
# With a country filter, international services that also serve it rank after
# the country's own services: their score is multiplied by this.
INTERNATIONAL_FACTOR = 0.85
# Hits below this share of the best hit's score are noise (a stray typo match).
RELATIVE_CUTOFF = 0.35
MAX_QUERY_WORDS = 12
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Hit:
    """One search result: the service record, its score, and the fields the query matched."""

    service: dict[str, Any]
    score: float
    matched: tuple[str, ...] = ()


def _text(v: Any) -> str:
    return v if isinstance(v, str) else ""


def _strs(v: Any) -> list[str]:
    return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []


@lru_cache(maxsize=200_000)
def _word_forms(word: str) -> tuple[str, ...]:
    """A native word and its ASCII fold (one or more words), without duplicates."""
    a = fold(word)
    if not a or a == word:
        return (word,)
    parts = a.split()
    return (word, *parts) if word not in parts else tuple(parts)


def _words(text: str) -> list[str]:
    """Index words of a field: native words, their ASCII folds, and runs of digits joined."""
    if not text:
        return []
    ws = native_words(text) if not text.isascii() else _ascii_words(text)
    out: list[str] = []
    run: list[str] = []
    for w in ws:
        out.extend(_word_forms(w))
        if w.isdigit():
            run.append(w)
        else:
            if len(run) > 1:
                out.append("".join(run))
            run = []
    if len(run) > 1:
        out.append("".join(run))
    return out


def _ascii_words(text: str) -> list[str]:
    return fold(text).split()


def phone_keys(value: str, countries: Iterable[str] = ()) -> list[str]:
    """Digit strings a phone is found by: as written, without the country code, with the trunk 0,
    with the country code: "+49 800 111 0 333" -> 498001110333, 8001110333, 08001110333."""
    d = digits(value)
    if not d:
        return []
    keys = {d}
    international = value.lstrip().startswith(("+", "00"))
    if international:
        d = d[2:] if value.lstrip().startswith("00") else d
        for n in (1, 2, 3):
            if int(d[:n] or 0) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                rest = d[n:]
                keys.update({d, rest, "0" + rest})
                break
    elif d.startswith("0") and len(d) > 6:
        rest = d[1:]
        keys.add(rest)
        for c in countries:
            cc = phonenumbers.country_code_for_region(c)
            if cc:
                keys.add(f"{cc}{rest}")
    return sorted(k for k in keys if len(k) >= 2)


@lru_cache(maxsize=512)
def _country_words(code: str) -> tuple[str, ...]:
    """Words a record's country is found by: English and native names, code ("germany deutschland de")."""
    from .countries import country_name
    from babel.languages import get_official_languages

    names = {country_name(code), code}
    for lang in get_official_languages(code, de_facto=True)[:3]:
        try:
            names.add(country_name(code, lang))
        except Exception:
            pass
    out: list[str] = []
    for n in names:
        out.extend(_words(n))
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=64)
def _type_words(code: str) -> tuple[str, ...]:
    out: list[str] = []
    for s in support_types.synonyms(code):
        out.extend(_words(s))
    return tuple(dict.fromkeys(out))


def _query_words(text: str) -> list[tuple[str, ...]]:
    """Query words, each as its forms (native, ASCII), runs of digits joined ("116 111" -> "116111")."""
    words = native_words(text) if not text.isascii() else _ascii_words(text)
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for w in words[: MAX_QUERY_WORDS * 2]:
        if w.isdigit():
            run.append(w)
            continue
        if run:
            out.append(("".join(run),))
            run = []
        out.append(_word_forms(w))
    if run:
        out.append(("".join(run),))
    return out[:MAX_QUERY_WORDS]


class SearchIndex:
    """All records of one directory, indexed for search. Build once per directory version."""

    def __init__(self, services: list[dict[str, Any]]) -> None:
        self.services = services
        self.tokens = TokenIndex()
        n = len(services)
        self.names: list[str] = [""] * n  # folded name | name_en | aliases, for rapidfuzz
        self.primary: list[str] = [""] * n  # folded name, for exact/prefix bonuses
        self.secondary: list[str] = [""] * n  # folded name_en
        self.international: list[bool] = [False] * n
        self.by_country: dict[str, set[int]] = {}
        self.by_language: dict[str, set[int]] = {}
        self.by_type: dict[str, set[int]] = {}
        self.by_channel: dict[str, set[int]] = {}
        self.with_hours: set[int] = set()
        self._lock = threading.Lock()
        for i, s in enumerate(services):
            self._add(i, s)
        self.tokens.freeze()
        self.static_order = sorted(range(n), key=self._static_key)
        self.static_rank = [0] * n
        for pos, i in enumerate(self.static_order):
            self.static_rank[i] = pos

    # -- building --------------------------------------------------------------
    def _add(self, i: int, s: dict[str, Any]) -> None:
        fields: dict[str, int] = {}

        def put(words: Iterable[str], field: int) -> None:
            for w in words:
                if fields.get(w, 99) > field:
                    fields[w] = field

        name, name_en = _text(s.get("name")), _text(s.get("name_en"))
        aliases = _strs(s.get("aliases"))
        put(_words(name), NAME)
        put(_words(name_en), NAME)
        for a in aliases:
            put(_words(a), ALIAS)
        put(_words(_text(s.get("organization"))), ORG)
        countries = _strs(s.get("countries"))
        types = _strs(s.get("support_types"))
        for code in types:
            put(_type_words(code), TYPE)
        for c in countries:
            put(_country_words(c), PLACE)
        put(_words(_text(s.get("region"))), PLACE)
        put(_words(_text(s.get("description"))), TEXT)
        langs = set(_strs(s.get("languages")))
        kinds: set[str] = set()
        has_hours = isinstance(s.get("hours"), dict)
        for ch in s.get("channels") or []:
            if not isinstance(ch, dict):
                continue
            kind, value = ch.get("kind"), _text(ch.get("value"))
            if isinstance(kind, str):
                kinds.add(kind)
            if kind in ("phone", "sms") and value:
                put(phone_keys(value, countries), PHONE)
            elif kind in ("web", "chat", "report", "app", "email") and value:
                put(_url_words(value), TEXT)
            put(_words(_text(ch.get("label"))), TEXT)
            langs.update(_strs(ch.get("languages")))
            has_hours = has_hours or isinstance(ch.get("hours"), dict)
        self.tokens.add_doc(i, fields)

        fname, fen = fold(name), fold(name_en)
        self.primary[i] = fname
        self.secondary[i] = fen
        self.names[i] = " | ".join(x for x in (fname, fen, *(fold(a) for a in aliases)) if x)
        self.international[i] = s.get("area") == "international"
        for c in countries:
            self.by_country.setdefault(c, set()).add(i)
        for lang in langs:
            self.by_language.setdefault(lang, set()).add(i)
        for t in types:
            self.by_type.setdefault(t, set()).add(i)
        for k in kinds:
            self.by_channel.setdefault(k, set()).add(i)
        if has_hours:
            self.with_hours.add(i)

    def _static_key(self, i: int) -> tuple:
        """Order of a listing without text: emergency first, then support type, then name, then id."""
        s = self.services[i]
        types = _strs(s.get("support_types"))
        emergency = "emergency" in types
        rank = min((support_types.rank(t) for t in types), default=99)
        return (not emergency, rank, self.primary[i] or fold(_text(s.get("name"))), _text(s.get("id")))

    @property
    def known_words(self) -> dict[str, Any]:
        """Every index word (a mapping, so `word in known_words` is a dict lookup)."""
        return self.tokens.postings

    # -- searching -----------------------------------------------------------------
    def allowed(self, country: str | None, language: str | None, support_type: str | None,
                channel: str | None) -> set[int] | None:
        """Record numbers passing the filters, or None for "all"."""
        sets = []
        for value, table in ((country, self.by_country), (language, self.by_language),
                             (support_type, self.by_type), (channel, self.by_channel)):
            if value:
                sets.append(table.get(value, set()))
        if not sets:
            return None
        sets.sort(key=len)
        return set(sets[0]).intersection(*sets[1:]) if len(sets) > 1 else sets[0]

    def search(self, text: str = "", *, country: str | None = None, language: str | None = None,
               support_type: str | None = None, open_now: bool = False, channel: str | None = None,
               limit: int = 20, now: datetime | None = None, soft: str = "") -> list[Hit]:
        """Hits for `text` among the records passing the filters (see the module doc).

        `soft`: words that were turned into filters; they rank but do not select.
        With no `text` but `soft`, every record passing the filters is a hit.
        """
        limit = max(0, min(int(limit), MAX_LIMIT))
        if limit == 0:
            return []
        allowed = self.allowed(country, language, support_type, channel)
        if open_now:
            base = self.with_hours if allowed is None else allowed & self.with_hours
            allowed = {i for i in base if self._open(i, now)}
        hard = _query_words(clean(text)[:MAX_QUERY_CHARS])
        soft_words = _query_words(clean(soft)[:MAX_QUERY_CHARS]) if soft else []
        if not hard and not soft_words:
            return self._listing(allowed, country, limit)
        qwords = soft_words or hard
        required = {i for i, f in enumerate(qwords) if f in hard} if soft_words else set(range(len(qwords)))
        scored = self._candidates(qwords, allowed, required)
        if not scored and hard:
            return []
        hits = self._rank(scored, qwords, soft or text, country, limit, cutoff=bool(hard))
        if not hard and len(hits) < limit:
            seen = {h.service["id"] for h in hits}
            rest = [h for h in self._listing(allowed, country, limit + len(seen)) if h.service["id"] not in seen]
            hits += rest[: limit - len(hits)]
        return hits

    def _open(self, i: int, now: datetime | None) -> bool:
        s = self.services[i]
        if is_open(s.get("hours"), now):
            return True
        return any(isinstance(ch, dict) and is_open(ch.get("hours"), now) for ch in s.get("channels") or [])

    def _listing(self, allowed: set[int] | None, country: str | None, limit: int) -> list[Hit]:
        if allowed is None:
            ids = self.static_order[:limit]
        else:
            intl = self.international
            key = (lambda i: (intl[i], self.static_rank[i])) if country else self.static_rank.__getitem__
            ids = heapq.nsmallest(limit, allowed, key=key)
        return [Hit(self.services[i], 0.0, ()) for i in ids]

    def _candidates(self, qwords: list[tuple[str, ...]], allowed: set[int] | None,
                    required: set[int]) -> dict[int, float]:
        """Word-level scores: for each query word its best (quality x field weight) per record, summed
        and divided by the number of query words (1.0 = every word matched exactly in a name).
        Only records that match one of the `required` words (by position) are kept, if any are."""
        total: dict[int, float] = {}
        hit_required: set[int] = set()
        postings = self.tokens.postings
        W = WEIGHTS
        nq = len(qwords)
        for pos, forms in enumerate(qwords):
            best: dict[int, float] = {}
            expanded: dict[str, float] = {}
            for form in forms:
                for w, q in self.tokens.expand(form):
                    if q > expanded.get(w, 0.0):
                        expanded[w] = q
            for w, q in expanded.items():
                for p in postings[w]:
                    d = p >> 3
                    if allowed is not None and d not in allowed:
                        continue
                    v = q * W[p & 7]
                    if v > best.get(d, 0.0):
                        best[d] = v
            for d, v in best.items():
                total[d] = total.get(d, 0.0) + v
            if pos in required:
                hit_required.update(best)
        if required and len(hit_required) < len(total):
            total = {d: v for d, v in total.items() if d in hit_required}
        if nq > 1:
            for d in total:
                total[d] /= nq
        return total

    def _rank(self, scored: dict[int, float], qwords: list[tuple[str, ...]], text: str,
              country: str | None, limit: int, *, cutoff: bool = True) -> list[Hit]:
        top = heapq.nlargest(RESCORE, scored.items(), key=lambda kv: (kv[1], -self.static_rank[kv[0]]))
        q = fold(clean(text)[:MAX_QUERY_CHARS])
        qn = " ".join(native_words(clean(text)[:MAX_QUERY_CHARS]))
        final: list[tuple[float, int]] = []
        for d, word_score in top:
            sim = fuzz.WRatio(q, self.names[d], processor=None) / 100.0 if q and self.names[d] else 0.0
            score = (1 - FUZZ_SHARE) * word_score + FUZZ_SHARE * sim
            score += self._phrase_bonus(d, q, qn)
            if country and self.international[d]:
                score *= INTERNATIONAL_FACTOR
            final.append((score, d))
        if not final:
            return []
        if cutoff:
            best = max(s for s, _ in final)
            final = [(s, d) for s, d in final if s >= best * RELATIVE_CUTOFF]
        final.sort(key=lambda sd: (-round(sd[0], 6), self.static_rank[sd[1]]))
        return [Hit(self.services[d], round(s, 4), self.matched_fields(d, qwords)) for s, d in final[:limit]]

    def _phrase_bonus(self, d: int, q: str, qn: str) -> float:
        """Whole-name matches: the name itself (0.3), the name as typed so far (0.15)."""
        if not q:
            return 0.0
        for name in (self.primary[d], self.secondary[d]):
            if not name:
                continue
            if name == q:
                return 0.3
            if name.startswith(q) and len(q) >= 3:
                return 0.15
        s = self.services[d]
        if qn and fold_native(_text(s.get("name"))).startswith(qn) and len(qn) >= 2:
            return 0.15
        return 0.0

    def matched_fields(self, d: int, qwords: list[tuple[str, ...]]) -> tuple[str, ...]:
        """Names of the fields where some query word matched (best field per word), in field order."""
        fields: set[int] = set()
        postings = self.tokens.postings
        for forms in qwords:
            best_field, best_v = None, 0.0
            for form in forms:
                for w, q in self.tokens.expand(form):
                    for p in _find(postings[w], d):
                        v = q * WEIGHTS[p & 7]
                        if v > best_v:
                            best_field, best_v = p & 7, v
            if best_field is not None:
                fields.add(best_field)
        return tuple(FIELD_NAMES[f] for f in sorted(fields))


def _find(plist, d: int) -> list[int]:
    """Entries of a sorted posting array for record d (binary search; arrays are in record order)."""
    import bisect

    lo = bisect.bisect_left(plist, d << 3)
    out = []
    while lo < len(plist) and plist[lo] >> 3 == d:
        out.append(plist[lo])
        lo += 1
    return out


def _url_words(value: str) -> list[str]:
    """Host words of a URL or e-mail ("www.nummergegenkummer.de" -> "nummergegenkummer")."""
    v = value.lower()
    for prefix in ("https://", "http://", "mailto:"):
        if v.startswith(prefix):
            v = v[len(prefix):]
    host = v.split("/", 1)[0].split("@")[-1]
    parts = [p for p in host.split(".") if p and p not in ("www", "com", "org", "net")]
    return [p for p in parts[:-1] if len(p) > 2] if len(parts) > 1 else parts
