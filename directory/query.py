"""The smart query: words that name a country, language or support type become filters.

"ukrainian child helpline poland" -> country PL, language uk, type child_helpline, text "".
The filters come back in `ParsedQuery` so a UI can show them as removable chips.

Rules, so that free text is not eaten by accident:
- the longest phrase wins (up to four words; two words also as one compound:
  "kinder telefon" = "Kindertelefon");
- words of three letters or fewer count only when typed in capitals as a code
  or abbreviation ("UK", "DE", "USA"), or as a few country abbreviations in
  any case ("uk", "usa"); numbers are never filters (phones);
- a typo is forgiven only in words of five or more letters (six for
  languages), only against everyday names (English, codes, the country's
  own), and never in a word that occurs in the directory itself
  (`known_words`): "Kumer" may be a typo of a name, not of a language;
- a word that names a country only in some far-off locale is a filter only if
  it is not a word of the directory;
- each filter is taken once; a second country stays text (and does not
  become a language instead).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from . import countries, languages, support_types
from .normalize import MAX_QUERY_CHARS, clean, fold

MAX_PHRASE_WORDS = 4
MAX_WORDS = 40

# Little words that carry no meaning once the words around them became filters
# ("victim support in france", "hilfe für kinder in österreich").
STOPWORDS = frozenset(
    """
a an and at by for from in into of on or the to with near speaking
für fur in im und oder mit von vom zu zum zur bei der die das den dem des ein eine
à a au aux de des du dans en et la le les l d pour avec sur
de del el en la las los y para con por un una
di del della dei degli il lo la le e per con in un una
w we i z ze na dla do od o
de da do das dos em e para com
in van voor met en de het een op
в во і й на для з та и у
""".split()
)


@dataclass(frozen=True)
class ParsedQuery:
    """Free text left over after the filters the query named were taken out."""

    text: str
    country: str | None = None
    language: str | None = None
    support_type: str | None = None
    # The words each filter was read from: {"country": "poland"}.
    phrases: tuple[tuple[str, str], ...] = ()

    @property
    def filters(self) -> dict[str, str]:
        """The recognised filters, by name: {"country": "PL", "language": "uk", ...}."""
        return {
            k: v
            for k, v in (("country", self.country), ("language", self.language), ("support_type", self.support_type))
            if v
        }


_KINDS = ("support_type", "country", "language")
# A typo in free text is forgiven against everyday names only: English names,
# codes and the country's own names. ISO 639 alone lists thousands of language
# names one letter away from ordinary words ("women" ~ "romen", "kummer" ~ "kumer").
_TYPO_MAX_TIER = {"country": 1, "language": 0, "support_type": 9}
# Order among equally good matches of one phrase: a word that names a type is
# rarely meant as a place; "Malta" is the country before the people.
_PREFERENCE = {"country": 0, "support_type": 1, "language": 2}


def _vocab(kind: str):
    if kind == "country":
        return countries.vocabulary(), 9
    if kind == "language":
        return languages.vocabulary(), languages.QUERY_MAX_TIER
    return support_types.vocabulary(), 9


def _match(phrase: str, words: list[str], known: Collection[str], taken: dict[str, str]) -> tuple[str, str] | None:
    """(kind, code) for a phrase, or None."""
    letters = sum(ch.isalpha() for ch in phrase)
    if letters == 0:
        return None
    short = len(words) == 1 and letters <= 3
    if short and not (phrase.isupper() and phrase.isalpha()) and phrase.casefold() not in countries.SHORT_ALIASES:
        return None
    folded = fold(phrase)
    is_known = len(words) == 1 and (folded in known or phrase.casefold() in known)
    found: list[tuple[int, int, str, str]] = []
    for kind in _KINDS:
        if short and kind != "country":
            continue
        vocab, max_tier = _vocab(kind)
        hit = vocab.exact_entry(phrase, max_tier=max_tier)
        if hit and (hit[1] <= 1 or not is_known):
            found.append((0, hit[1], kind, hit[0]))
            continue
        if not is_known and letters >= 5 and len(words) <= 2:
            typo_tier = _TYPO_MAX_TIER[kind]
            if kind == "language" and letters < 6:
                continue
            hit = vocab.typo_entry(phrase, max_tier=typo_tier)
            if hit is None and kind == "support_type" and len(words) >= 2:
                hit = vocab.phrase_typo_entry(phrase, max_tier=typo_tier)  # a typo in each word
            if hit:
                found.append((1, hit[1], kind, hit[0]))
    if not found:
        return None
    found.sort(key=lambda f: (f[0], f[1], _PREFERENCE[f[2]]))
    best = found[0]
    if best[2] in taken:  # "poland" when the country is already set is not Polish, it is text
        return None
    if len(found) > 1 and found[1][:2] == best[:2] and found[1][3] != best[3]:
        if best[0] == 1:  # a typo that could be two things is no match at all
            return None
    return best[2], best[3]


def parse_query(text: str, known_words: Collection[str] = (), *, skip: Collection[str] = ()) -> ParsedQuery:
    """Split a query into filters (country, language, support type) and the free text left over.

    `known_words`: words of the directory (never typo-corrected into a filter);
    `skip`: kinds not to look for ("country", ...), e.g. because the caller set them.
    """
    words = clean(text)[:MAX_QUERY_CHARS].split()[:MAX_WORDS]
    taken: dict[str, str] = {k: "" for k in skip}
    read_from: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            group = words[i : i + n]
            if any(w.isdigit() for w in group):
                continue
            phrases = [" ".join(group)]
            if n == 2:
                phrases.append("".join(group))
            hit = None
            for phrase in phrases:
                hit = _match(phrase, group, known_words, taken)
                if hit:
                    break
            if hit:
                taken[hit[0]] = hit[1]
                read_from[hit[0]] = " ".join(group)
                i += n
                break
        else:
            rest.append(words[i])
            i += 1
    if any(taken.values()) and all(fold(w) in STOPWORDS or w.casefold() in STOPWORDS for w in rest):
        rest = []
    return ParsedQuery(
        " ".join(rest),
        taken.get("country") or None,
        taken.get("language") or None,
        taken.get("support_type") or None,
        tuple(read_from.items()),
    )
