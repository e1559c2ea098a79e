"""How long a notification stays and how much of it the toast shows.

A toast sits over the detail pane, so none stays long: information goes after `INFO_S`, warnings and
errors after `ALERT_S` (they are read, then they must get out of the way). A long message shows its
first sentence; the app keeps the whole text in its message log (command palette → "Messages").
"""

from __future__ import annotations

import re

INFO_S = 6.0
ALERT_S = 12.0
TOAST_CHARS = 200  # four or five lines of a toast: a longer text shows its first sentence
LOG_SIZE = 50  # the messages kept, in memory only (they may name services: never written to disk)

# The end of a sentence: ., ! or ? before a space, or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|\n")


def timeout_for(severity: str, asked: float | None = None) -> float:
    """The seconds a toast stays: what the caller asked for, but never more than its severity's cap."""
    cap = INFO_S if severity == "information" else ALERT_S
    return cap if asked is None else min(asked, cap)


def toast_text(message: str, more: str) -> str:
    """`message` if it is short; otherwise its first sentence (cut at a word if need be) and `more`,
    which says where the whole text is."""
    if len(message) <= TOAST_CHARS:
        return message
    first = _SENTENCE_END.split(message, maxsplit=1)[0].rstrip()
    if len(first) > TOAST_CHARS:
        first = first[: TOAST_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-") + "…"
    return f"{first} {more}"
