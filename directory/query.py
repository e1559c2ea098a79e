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

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache

from . import countries, languages, support_types
from .name_lookup import Vocabulary
from .normalize import MAX_QUERY_CHARS, UNSPACED, clean, fold, native_words

MAX_PHRASE_WORDS = 4
# An elided article or preposition before a name: f'Malta, l'Italie, dell'Italia, d'Irlande.
_ELIDED = re.compile(r"^\w{1,4}['’]")
_SUFFIXED = re.compile(r"^(\w{4,})['’]\w{1,4}$")
MAX_WORDS = 40
# A query taking the paths whose tables are built on first use (a character to clean, an unspaced
# script, a typo looked up in each vocabulary, a kind of help named by two words): parsed once by
# `Directory.warm`, so that the first query typed does not pay for them.
WARM_UP = "Téléphone ประเทศไทย xqzvwkj kinder telefon violence femme"

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
    phrases: tuple[tuple[str, str], ...] = field(default=(), compare=False)

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


def _vocab(kind: str) -> tuple[Vocabulary, int]:
    if kind == "country":
        return countries.vocabulary(), 9
    if kind == "language":
        return languages.vocabulary(), languages.QUERY_MAX_TIER
    return support_types.vocabulary(), 9


# Kinds whose words are too general to narrow a query ("Beratung", "counselling line"): they stay
# text that ranks, and the F5 picker or --type can still set them.
NOT_IMPLIED = frozenset({"counselling"})
# How telling a kind of help is: a specific need named anywhere in the query ("... human trafficking")
# wins over a general word said first ("help for victims of ...", "police hotline ...").
GENERAL_TYPES = {"victim_support": 0, "counselling": 0, "emergency": 1, "child_helpline": 1, "police_cyber": 1}
SPECIFIC = 2
# A match: (typo or inflected: 1 else 0, vocabulary tier, kind, code)
Match = tuple[int, int, str, str]


def _is_short(phrase: str, letters: int) -> bool:
    """Three letters or fewer in an alphabetic script ("in", "la", "vệ") are too short to be a name,
    unless typed as a code; in CJK, Thai or Korean two or three characters are a whole word (日本, ไทย)."""
    return letters <= 3 and not UNSPACED.search(phrase)


def _match(phrase: str, words: list[str], known: Collection[str], country_stems: dict[str, str]) -> Match | None:
    """The best (quality, tier, kind, code) reading of a phrase, or None."""
    letters = sum(ch.isalpha() for ch in phrase)
    if letters == 0 or all(fold(w) in STOPWORDS for w in words):
        return None
    short = _is_short(phrase, letters)
    if short and not (phrase.isupper() and phrase.isalpha()) and phrase.casefold() not in countries.SHORT_ALIASES:
        return None
    folded = fold(phrase)
    is_known = len(words) == 1 and (folded in known or phrase.casefold() in known)
    # A short word of an unspaced script is read in its own script only: the ASCII form of
    # Khmer "នៅ" ("nau") is a language code, not what was typed.
    native_only = letters <= 3 and bool(UNSPACED.search(phrase))
    found: list[Match] = []
    for kind in _KINDS:
        if short and kind != "country":
            continue
        vocab, max_tier = _vocab(kind)
        hit = vocab.exact_entry(phrase, max_tier=max_tier)
        if hit and native_only and " ".join(native_words(phrase)) not in vocab.table:
            hit = None
        if hit and (hit[1] <= 1 or not is_known):
            found.append((0, hit[1], kind, hit[0]))
            continue
        if kind == "country" and len(words) == 1 and letters >= 5 and country_stems:
            code = _inflected_country(folded, country_stems) or _inflected_country(
                " ".join(native_words(phrase)), country_stems
            )
            if code:  # "Polsce", "Magyarországon", "Suomessa": a country's own name, inflected
                found.append((0, 2, kind, code))  # as good as a name in another locale; better than a typo
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
    if not found and len(words) == 1 and UNSPACED.search(phrase):
        found = _inside_unspaced(phrase)
    if not found:
        return None
    if UNSPACED.search(phrase):  # "ไทย", "日本": in these scripts the name of a place, before the language
        found.sort(key=lambda f: (f[0], _PREFERENCE[f[2]], f[1]))
    else:
        found.sort(key=lambda f: (f[0], f[1], _PREFERENCE[f[2]]))
    best = found[0]
    if len(found) > 1 and found[1][:2] == best[:2] and found[1][3] != best[3]:
        if best[0] == 1:  # a typo that could be two things is no match at all
            return None
    return best


@cache
def _segment_keys() -> tuple[frozenset[str], int]:
    """The unspaced country names and kinds of help, built once (not per query word), and the longest."""
    keys = {
        key
        for kind in ("country", "support_type")
        for key, _code, _tier in _vocab(kind)[0].unspaced_entries(min(_vocab(kind)[1], 2))
    }
    return frozenset(keys), max(map(len, keys), default=0)


def segment(word: str) -> list[str]:
    """A word of a script written without spaces, cut around the country names and kinds of help it
    holds (longest first, left to right): "สายด่วนเด็กประเทศไทย" -> "สายด่วนเด็ก", "ประเทศ", "ไทย".
    Other words are returned whole. Dictionary matching against our own vocabularies: the names
    that matter for filtering are exactly those, and no segmenter model is needed for them."""
    if len(word) < 4 or not UNSPACED.search(word):
        return [word]
    keys, longest = _segment_keys()
    out, pending, i = [], "", 0
    while i < len(word):
        hit = next(
            (word[i : i + n] for n in range(min(longest, len(word) - i), 1, -1) if word[i : i + n] in keys), None
        )
        if hit:
            if pending:
                out.append(pending)
                pending = ""
            out.append(hit)
            i += len(hit)
        else:
            pending += word[i]
            i += 1
    if pending:
        out.append(pending)
    return out


def _inside_unspaced(word: str) -> list[Match]:
    """Names standing inside an unspaced word: "ประเทศไทย" (the country Thailand), "子どもの電話相談"."""
    out: list[Match] = []
    for kind in ("country", "support_type"):
        vocab, max_tier = _vocab(kind)
        for key, code, tier in vocab.unspaced_entries(min(max_tier, 2)):
            if key in word and len(key) * 2 >= min(len(word), 6):
                out.append((1, tier, kind, code))
                break
    return out


def _inflected_country(word: str, stems: dict[str, str]) -> str | None:
    """A country whose own name's stem the word starts with ("polsce" ~ "polska", "suomessa" ~ "suomi")."""
    for n in range(min(len(word), 14), 3, -1):
        code = stems.get(word[:n])
        if code and len(word) - n <= 6:
            return code
    return None


# Inflected country names are also read in these languages: a Ukrainian or Russian speaker writes
# "в Польщі", "в Германии" (many caseworkers' clients are refugees from Ukraine).
EXTRA_STEM_LOCALES = ("uk", "ru")


def country_stems(codes: Collection[str]) -> dict[str, str]:
    """Stems of the countries' own names (in their official languages), for inflected forms:
    the name less its last letter (five letters) or last two (longer names), at least four letters.
    From the disk cache when there is one (working them out took a first search 8 ms)."""
    from .name_lookup import cache_dir, cached_json
    from .stamps import library_stamp, module_stamp

    ordered = sorted(codes)
    if cache_dir() is None:
        return _country_stems(ordered)
    files = module_stamp("query.py", "countries.py", "normalize.py")
    return cached_json(
        "country-stems",
        f"country-stems|{files}|{library_stamp('babel', 'pycountry', 'anyascii')}|{ordered}",
        lambda: _country_stems(ordered),
        lambda t: isinstance(t, dict) and all(type(k) is str and type(v) is str for k, v in t.items()),
    )


def _country_stems(codes: list[str]) -> dict[str, str]:
    stems: dict[str, str] = {}
    for code in codes:
        facts = countries.facts(code)  # from the disk cache: CLDR's locales are not loaded for a search
        for lang in [*facts.official[:3], *EXTRA_STEM_LOCALES]:
            try:
                name = facts.name_in(lang)
            except Exception:
                continue
            # the country's own languages in ASCII fold; Ukrainian and Russian in their own script, so
            # that "Дания" does not stem to "dani" and take the Turkish "danışma"
            name = " ".join(native_words(name)) if lang in EXTRA_STEM_LOCALES else fold(name)
            if " " in name or len(name) < 5:
                continue
            stem = name[:-1] if len(name) == 5 else name[:-2]
            stems.setdefault(stem, code)
    return stems


# Words that name a kind of help only loosely: "hotline" is a reporting hotline for abuse material
# when said alone, but "Hotline gegen Menschenhandel" is about trafficking.
WEAK_WORDS = frozenset({"hotline", "hotlines", "helpline", "meldestelle"})


def _specificity(m: Match, phrase: str) -> int:
    if fold(phrase) in WEAK_WORDS:
        return 1
    return GENERAL_TYPES.get(m[3], SPECIFIC)


def _better(new: Match, old: Match, new_phrase: str = "", old_phrase: str = "") -> bool:
    """Does a later reading replace the one taken (same kind)?"""
    if new[0] != old[0]:
        return new[0] < old[0]  # a word read exactly beats a typo ("refugee" is not "refuge")
    if new[2] == "support_type":
        spec_new, spec_old = _specificity(new, new_phrase), _specificity(old, old_phrase)
        if spec_new != spec_old:
            return spec_new > spec_old
    return new[:2] < old[:2]


def _compose(
    words: list[str],
    free: dict[int, str],
    taken: dict[str, Match],
    read_from: dict[str, list[int]],
    skip: Collection[str],
) -> None:
    """A kind of help that two free words name together ("femme ... violence") replaces a general one."""
    if "support_type" in skip:
        return
    old = taken.get("support_type")
    if old is not None and GENERAL_TYPES.get(old[3], SPECIFIC) == SPECIFIC:
        return
    folded = {k: fold(w) for k, w in free.items()}
    for code, groups in support_types.composed().items():
        used = []
        for group in groups:
            k = next((k for k, f in folded.items() if f in group), None)
            if k is None:
                break
            used.append(k)
        else:
            if old is not None:
                free.update((k, words[k]) for k in read_from["support_type"])
            taken["support_type"] = (1, 2, "support_type", code)
            read_from["support_type"] = used
            for k in used:
                free.pop(k, None)
            return


def parse_query(
    text: str,
    known_words: Collection[str] = (),
    *,
    skip: Collection[str] = (),
    stems: dict[str, str] | None = None,
) -> ParsedQuery:
    """Split a query into filters (country, language, support type) and the free text left over.

    `known_words`: words of the directory (never typo-corrected into a filter);
    `skip`: kinds not to look for ("country", ...), e.g. because the caller set them;
    `stems`: `country_stems` of the directory's countries, to read inflected country names.
    Each kind is read once; a later phrase of the same kind replaces the first only when it is
    a better reading (an exact name after a typo; a specific kind of help after a general one),
    and the words of the reading given up go back to the text.
    """
    words = [seg for w in clean(text)[:MAX_QUERY_CHARS].split()[:MAX_WORDS] for seg in segment(w)][:MAX_WORDS]
    taken: dict[str, Match] = {}
    read_from: dict[str, list[int]] = {}
    free: dict[int, str] = {}
    i = 0
    while i < len(words):
        consumed = 0
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            group = words[i : i + n]
            if any(w.isdigit() for w in group):
                continue
            phrases = [" ".join(group)]
            if n == 2 and all(len(w) >= 3 and fold(w) not in STOPWORDS for w in group):
                phrases.append("".join(group))  # "kinder telefon" = "Kindertelefon"
            elided = _ELIDED.match(group[0]) if n == 1 else None
            if elided:
                phrases.append(group[0][elided.end() :])  # "f'Malta", "l'Italie", "dell'Italia"
            suffixed = _SUFFIXED.match(group[0]) if n == 1 else None
            if suffixed:
                phrases.append(suffixed.group(1))  # Turkish case endings: "Türkiye'de", "Almanya'da"
            hit = next((m for m in (_match(p, group, known_words, stems or {}) for p in phrases) if m), None)
            if hit is None or hit[2] in skip or hit[3] in NOT_IMPLIED:
                continue
            kind = hit[2]
            if kind in taken:
                old_phrase = " ".join(words[k] for k in read_from[kind])
                if not _better(hit, taken[kind], " ".join(group), old_phrase):
                    continue  # "poland" when the country is already set is not Polish, it is text
                free.update((k, words[k]) for k in read_from[kind])  # the reading given up is text again
            taken[kind] = hit
            read_from[kind] = list(range(i, i + n))
            consumed = n
            break
        if consumed:
            i += consumed
        else:
            free[i] = words[i]
            i += 1
    _compose(words, free, taken, read_from, skip)
    rest = [free[k] for k in sorted(free)]
    if taken and all(fold(w) in STOPWORDS or w.casefold() in STOPWORDS for w in rest):
        rest = []
    codes = {k: m[3] for k, m in taken.items()}
    return ParsedQuery(
        " ".join(rest),
        codes.get("country"),
        codes.get("language"),
        codes.get("support_type"),
        tuple((k, " ".join(words[j] for j in read_from[k])) for k in taken),
    )
