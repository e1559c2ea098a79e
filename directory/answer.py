"""The answer to a caseworker's question: the services that meet every filter, and, apart, labelled alternatives.

A country, language or kind of help, typed or picked, narrows the results; it is never dropped without a word.
When the filters leave nothing (or very little), the answer says which filter emptied it, in words, and offers
the nearest useful relaxations as separate groups, each with a label saying what was given up. A hit from
outside the filters is never in `hits`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import countries, languages, support_types
from .records import Service
from .search import Hit

# Below this many hits, relaxations are offered beside the results.
FEW = 3
GROUP_LIMIT = 5
KINDS = ("country", "language", "support_type")
# Which filter to give up first when together they leave nothing.
RELAX_ORDER = ("language", "support_type", "country")


@dataclass(frozen=True)
class Group:
    """Labelled results from outside the filters (or with unknown hours)."""

    key: str  # "without:language", "without:text", "hours_unknown", ...
    label: str
    hits: list[Hit]


@dataclass
class Answer:
    hits: list[Hit]
    filters: dict[str, str]  # every filter applied: picked and read from the text
    implied: dict[str, str]  # those read from the text (shown as removable chips)
    text: str  # the free text left once filter words were taken out
    message: str = ""  # in words, when the filters left nothing or little
    groups: list[Group] = field(default_factory=list)
    none_known: list[dict[str, Any]] = field(default_factory=list)  # researched-empty cells that apply

    def all_hits(self) -> list[tuple[str, Hit]]:
        """(group key, hit), the filtered hits first ("" key), then each group in order."""
        return [("", h) for h in self.hits] + [(g.key, h) for g in self.groups for h in g.hits]

    def to_json(self) -> dict[str, Any]:
        def hit(h: Hit) -> dict[str, Any]:
            return {**h.service, "score": h.score, "labels": list(h.labels)}

        return {
            "filters": self.filters,
            "implied": self.implied,
            "text": self.text,
            "message": self.message,
            "none_known": self.none_known,
            "hits": [hit(h) for h in self.hits],
            "groups": [{"key": g.key, "label": g.label, "hits": [hit(h) for h in g.hits]} for g in self.groups],
        }


# -- words -----------------------------------------------------------------------
# One service of a kind, as a sentence names it ("No anti-trafficking service is listed in Malta").
SINGULAR = {
    "emergency": "emergency number",
    "child_helpline": "child helpline",
    "csam_reporting": "reporting point for child sexual abuse material",
    "victim_support": "victim support service",
    "missing_children": "missing-children hotline",
    "police_cyber": "police cybercrime reporting route",
    "trafficking": "anti-trafficking service",
    "domestic_violence": "domestic-violence service",
    "sexual_violence": "sexual-violence service",
    "image_removal": "image-removal service",
    "online_safety": "online-safety helpline",
    "counselling": "counselling service",
    "legal_aid": "legal aid service",
    "medical_forensic": "medical or forensic service",
    "shelter": "shelter",
}


def type_phrase(code: str | None) -> str:
    """ "child helpline", "anti-trafficking service"; "service" when no kind is given."""
    if not code:
        return "service"
    return SINGULAR.get(code) or support_types.label(code).lower()


def describe(filters: dict[str, str], *, plural: bool = True) -> str:
    """ "Child helpline services in Poland in Ukrainian", "Services in Germany"."""
    t = filters.get("support_type")
    head = f"{support_types.label(t)} services" if t else "Services"
    if not plural:
        head = support_types.label(t) if t else "Service"
    if filters.get("country"):
        head += f" in {countries.country_name(filters['country'])}"
    if filters.get("language"):
        head += f" in {languages.language_name(filters['language'])}"
    return head


def empty_message(filters: dict[str, str], emptied: str | None, text: str = "") -> str:
    """Which filter left nothing, in words: "No child helpline in Poland lists Ukrainian."."""
    t = type_phrase(filters.get("support_type"))
    c = countries.country_name(filters["country"]) if filters.get("country") else ""
    lang = languages.language_name(filters["language"]) if filters.get("language") else ""
    where = f" in {c}" if c else ""
    if emptied == "language":
        return f"No {t}{where} lists {lang}."
    if emptied == "support_type":
        return f"No {t} is listed{where}" + (f" in {lang}." if lang else ".")
    if emptied == "country":
        return f"No {t}" + (f" in {lang}" if lang else "") + f" is listed in {c}."
    if emptied == "text":
        return f"Nothing among {describe(filters).lower()} matches “{text}”."
    return "Nothing matches all of: " + ", ".join(filter_words(k, v) for k, v in filters.items()) + "."


def relaxed_label(filters: dict[str, str], dropped: str) -> str:
    kept = {k: v for k, v in filters.items() if k != dropped}
    if dropped == "language":
        return f"{describe(kept)}, in other languages than {languages.language_name(filters['language'])}"
    if dropped == "support_type":
        return f"{describe(kept)}: other kinds of help than {type_phrase(filters['support_type'])}"
    return f"{describe(kept)} outside {countries.country_name(filters['country'])}"


def none_known_text(entry: dict[str, Any]) -> str:
    """ "No national trafficking service is known for Montenegro (researched 2026-11-30)." + the note."""
    text = (
        f"No national {type_phrase(entry.get('kind'))} is known for "
        f"{countries.country_name(str(entry.get('country')))} (researched {entry.get('researched')})."
    )
    note = entry.get("note")
    return f"{text} {note}" if note else text


def filter_words(kind: str, code: str, *, with_code: bool = False) -> str:
    """ "country Poland", "language Ukrainian (uk)", "type child helpline": one filter, in words."""
    suffix = f" ({code})" if with_code else ""
    if kind == "country":
        return f"country {countries.country_name(code)}{suffix}"
    if kind == "language":
        return f"language {languages.language_name(code)}{suffix}"
    return f"type {support_types.label(code).lower()}"


# -- labels on hits ----------------------------------------------------------------
def states_language(service: Service, lang: str) -> bool:
    """The service or one of its channels states `lang` (not assumed from the country)."""
    if not service.get("languages_assumed") and lang in (service.get("languages") or ()):
        return True
    return any(isinstance(ch, dict) and lang in (ch.get("languages") or ()) for ch in service.get("channels") or ())


def passes(service: Service, kind: str, code: str) -> bool:
    """Does the service meet one filter? (Languages: stated, or assumed from its countries.)"""
    if kind == "country":
        return code in (service.get("countries") or ())
    if kind == "support_type":
        return code in (service.get("support_types") or ())
    if states_language(service, code) or code in (service.get("languages") or ()):
        return True
    from .tokens import official_languages

    return not service.get("languages") and code in official_languages(tuple(service.get("countries") or ()))


def labelled(hits: list[Hit], filters: dict[str, str]) -> list[Hit]:
    """Hits with their labels ("language assumed", "international"); stated languages before assumed ones."""
    lang = filters.get("language")
    out = []
    for h in hits:
        labels = list(h.labels)
        if lang and not states_language(h.service, lang):
            labels.append("language assumed")
        if h.service.get("area") == "international":
            labels.append("international")
        out.append(Hit(h.service, h.score, h.matched, tuple(labels)) if labels else h)
    if lang:
        out.sort(key=lambda h: "language assumed" in h.labels)  # stable: ranking kept within each part
    return out
