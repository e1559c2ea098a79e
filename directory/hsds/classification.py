"""What kind of help an HSDS service gives, and to whom: support types, audiences and ages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .. import support_types
from ..normalize import fold_native_uncached
from .context import ImportContext
from .fields import FieldReader
from .taxonomy import AUDIENCES, DescriptionRules, fold, vsd_taxonomy
from .text import clean_text

INFERRED_FROM_DESCRIPTION = "support type inferred from the description"
TAKEN_FROM_NAME = "support type taken from the service's name"


def classify(
    r: FieldReader, obj: dict[str, Any], ctx: ImportContext, vsd: dict[str, list[str]], names: list[str | None]
) -> tuple[list[str], list[str], str | None]:
    """Support types and audiences: from the taxonomy terms, else the service's names and description,
    else the defaults (no support type at all is a problem); and a note for the record when they were guessed."""
    types, audiences, unmapped = _from_terms(r, obj, ctx)
    note = None
    if not types and not vsd:
        types, note = _guessed(r, obj, ctx, names)
    if not types and ctx.default_types:
        types = list(ctx.default_types)
    if not types:
        hint = (
            f"its taxonomy terms ({', '.join(unmapped[:5])}) are not in the mapping table"
            if unmapped
            else "it has no taxonomy term vsd knows"
        )
        r.problem(
            "support_types",
            f"no support type: {hint} and neither its name nor its description names a kind of help; "
            "add the terms to hsds_taxonomy.json or pass --type CODE",
        )
    if "audience" in vsd:
        audiences = [a for a in vsd["audience"] if a in AUDIENCES]
    return types, list(dict.fromkeys(audiences)), note


def _guessed(
    r: FieldReader, obj: dict[str, Any], ctx: ImportContext, names: list[str | None]
) -> tuple[list[str], str | None]:
    """Support types read from the service's names and its description; said in a warning, a tally and a note."""
    from_name = ctx.mapping.from_text(" ".join(filter(None, names)))
    desc = obj.get("description")
    from_desc = infer_from_text(clean_text(desc), ctx.mapping.description) if isinstance(desc, str) else []
    types = sorted(set(from_name) | set(from_desc), key=support_types.rank)
    if not types:
        return [], None
    how = INFERRED_FROM_DESCRIPTION if set(from_desc) - set(from_name) else TAKEN_FROM_NAME
    labels = ", ".join(support_types.label(t) for t in types)
    r.warn("support_types", f"{how} ({', '.join(types)}): no taxonomy term mapped")
    r.tally(how)
    return types, f"{how[0].upper()}{how[1:]} (not from taxonomy terms): {labels}."


def infer_from_text(text: str, rules: DescriptionRules) -> list[str]:
    """The kinds of help a text names with vsd's own words for them (as search reads queries), in vsd's order."""
    rx, by_phrase = _phrase_matcher(frozenset(rules.never), frozenset(rules.single_words), frozenset(rules.skip))
    folded = " ".join(fold_native_uncached(text).split())  # not the cached fold: descriptions are long and many
    found = {_code_of(m.group(0), by_phrase) for m in rx.finditer(folded)} if rx else set()
    return sorted(found, key=support_types.rank)


def _code_of(matched: str, by_phrase: dict[str, str]) -> str:
    return by_phrase.get(matched) or by_phrase[matched[:-1]]  # "shelters" is "shelter" and an s


@lru_cache(maxsize=8)
def _phrase_matcher(
    never: frozenset[str], single_words: frozenset[str], skip: frozenset[str]
) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regular expression for every phrase of the vocabulary that a description may be read by."""
    by_phrase: dict[str, str] = {}
    for code in support_types.LABELS:
        if code in never:
            continue
        for word in support_types.synonyms(code):
            f = fold(word)
            phrase = " " in f or not _in_scripts(f, _ALPHABETS)  # one Korean or Georgian word is a compound
            if f and f not in skip and not f.replace(" ", "").isdigit() and (phrase or f in single_words):
                by_phrase.setdefault(f, code)
    if not by_phrase:
        return None, {}
    return re.compile(phrase_pattern(by_phrase)), by_phrase


def phrase_pattern(phrases: Iterable[str]) -> str:
    r"""A pattern that finds what the alternation of the phrases finds, longest first, each held to whole
    words where its script has them (an English plural allowed): `(?<!\w)phrase s?(?!\w)`, else as it is.

    The phrases as a trie (one branch per character that can come next): at each place in the text it
    follows the one path the text allows, instead of trying 500 phrases one by one (a description took
    1.4 ms, now 11 us). Going deeper before ending a phrase finds the longest phrase that matches, as the
    longest-first alternation does. The phrases held to whole words come second, after one look-behind:
    a phrase that is not (it holds a letter of a script without spaces, e.g. Chinese or Thai) is longer
    than any whole-word phrase matching at the same place, which cannot hold that letter."""
    bounded: list[str] = []
    unbounded: list[str] = []
    for p in phrases:
        (bounded if _in_scripts(p, _SPACED) else unbounded).append(p)
    parts = [_trie(unbounded, "")] if unbounded else []
    if bounded:
        parts.append(r"(?<!\w)" + _trie(bounded, r"s?(?!\w)"))
    return "|".join(parts)


def _trie(phrases: list[str], end: str) -> str:
    """The phrases as one pattern, `end` after each: branches for the next characters before the end."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def pattern(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + pattern(child) for ch, child in node.items() if ch]
        if "" in node:
            alts.append(end)
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return pattern(root)


def _in_scripts(text: str, scripts: tuple[str, ...]) -> bool:
    return all(unicodedata.name(ch, "").startswith(scripts) for ch in text if ch.isalpha())


# Scripts whose single words are too loose to read in running text ("victims", "police", "arts").
_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK")
# Scripts that separate words with spaces (not Chinese, Japanese, Thai, Khmer...): their phrases match whole words.
_SPACED = (*_ALPHABETS, "ARMENIAN", "GEORGIAN", "HEBREW", "ARABIC", "HANGUL")


def _from_terms(r: FieldReader, obj: dict[str, Any], ctx: ImportContext) -> tuple[list[str], list[str], list[str]]:
    """Support types and audiences of the taxonomy terms, and the terms the mapping table does not know."""
    types: list[str] = []
    audiences: list[str] = []
    unmapped: list[str] = []
    for p, attr in r.list(obj, "attributes"):
        term = r.obj(attr, "taxonomy_term", p)
        if term is None:
            continue
        if vsd_taxonomy(term) == "field":
            continue
        t, a = ctx.mapping.term(term)
        types += [x for x in t if x not in types]
        audiences += [x for x in a if x not in audiences]
        if not t and not a and not ctx.mapping.knows(term):
            label = term.get("name") or term.get("code") or term.get("id")
            if isinstance(label, str):
                unmapped.append(f'"{clean_text(label, 60)}"')
    if unmapped:
        r.warn("attributes", f"taxonomy terms not in the mapping table: {', '.join(unmapped[:10])}")
    return types, audiences, unmapped


def ages(r: FieldReader, obj: dict[str, Any]) -> dict[str, int]:
    """min_age and max_age, where the service gives ages that make sense."""
    lo, hi = r.num(obj, "minimum_age"), r.num(obj, "maximum_age")
    if lo is not None and not 0 <= lo <= 120:
        r.warn("minimum_age", f"{lo} is not an age; not imported")
        lo = None
    if hi is not None and not 0 <= hi <= 120:
        if hi > 120:
            r.warn("maximum_age", f"{hi} read as no upper age limit")
        else:
            r.warn("maximum_age", f"{hi} is not an age; not imported")
        hi = None
    if lo is not None and hi is not None and lo > hi:
        r.warn("minimum_age", f"{lo} is above maximum_age {hi}; neither imported")
        return {}
    out: dict[str, int] = {}
    if lo is not None:
        out["min_age"] = int(lo)
    if hi is not None:
        out["max_age"] = int(hi)
    return out
