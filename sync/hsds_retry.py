"""Waiting when an HSDS API asks for it: 429 (too many requests) and 503 (unavailable) are retried,
honouring `Retry-After` (seconds or an HTTP date), within the import's deadline.

The retries are stamina's (`retry_context`); this module only reads what the server asked for. An
answer without a usable Retry-After is retried with stamina's exponential backoff. A wait longer
than what is left of the deadline is not started: the import is refused at once, saying so.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 503})
MAX_ATTEMPTS = 6  # per request, the first included
MAX_BACKOFF = 30.0  # seconds between attempts when the server does not say

_SECONDS = re.compile(r"^[0-9]{1,10}$")

# stamina logs each retry at WARNING to its logger; with no logging set up, Python's last-resort
# handler would print a bare "stamina.retry_scheduled" in the middle of the import's output. The
# import says itself what it waits for (its progress lines and a note); an application that sets
# up logging still receives these records.
logging.getLogger("stamina").addHandler(logging.NullHandler())


class RetryLater(Exception):
    """The API answered 429 or 503; `delay` is what its Retry-After asked for (None: not said)."""

    def __init__(self, status: int, delay: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.delay = delay


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait, from a Retry-After header; None when it is missing or unreadable."""
    text = (value or "").strip()
    if not text:
        return None
    if _SECONDS.match(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP date is always GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_hook(
    time_left: Callable[[], float], on_wait: Callable[[RetryLater], None]
) -> Callable[[Exception], bool | float]:
    """stamina's `on`: retry a RetryLater after the wait it asks for (or stamina's own backoff),
    unless that wait would outlast the deadline; nothing else is retried here."""

    def hook(exc: Exception) -> bool | float:
        if not isinstance(exc, RetryLater):
            return False
        if exc.delay is not None and exc.delay >= time_left():
            return False
        on_wait(exc)
        return True if exc.delay is None else exc.delay

    return hook
