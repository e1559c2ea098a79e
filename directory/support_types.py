"""The controlled vocabulary of support types: codes and their English labels.

Codes are what records store; labels are what people read. Multilingual
synonyms used by the query resolver live beside the labels so that one module
owns the whole vocabulary.
"""

from __future__ import annotations

# Order matters: it is the display order when results are grouped by type,
# most urgent first.
LABELS: dict[str, str] = {
    "emergency": "Emergency number",
    "child_helpline": "Child helpline",
    "csam_reporting": "Report child sexual abuse material",
    "victim_support": "Victim support",
    "missing_children": "Missing children",
    "police_cyber": "Police / cybercrime reporting",
    "trafficking": "Human trafficking",
    "domestic_violence": "Domestic violence",
    "sexual_violence": "Sexual violence",
    "image_removal": "Image removal",
    "online_safety": "Online safety",
    "counselling": "Counselling",
    "legal_aid": "Legal aid",
    "medical_forensic": "Medical / forensic care",
    "shelter": "Shelter",
}

CODES: frozenset[str] = frozenset(LABELS)


def label(code: str) -> str:
    """English label for a code; unknown codes are shown as they are."""
    return LABELS.get(code, code)


def rank(code: str) -> int:
    """Position of a code in the display order (unknown codes last)."""
    order = list(LABELS)
    return order.index(code) if code in LABELS else len(order)


def resolve_support_type(text: str) -> str | None:
    """Support-type code for a code, label or synonym, or None if unknown/ambiguous."""
    from .normalize import clean, fold

    f = fold(clean(text))
    if not f:
        return None
    for code, lab in LABELS.items():
        if f in (fold(code), fold(lab)):
            return code
    return None
