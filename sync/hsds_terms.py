"""Taxonomy terms a service names only by id (`attributes[].taxonomy_term_id`, no `taxonomy_term`),
fetched from the API's `/taxonomy_terms/{id}` once each per import and put in place, so that the
mapping sees the term's code and name as if the API had nested it.

Only the service's own attributes are filled in: they are what says which kinds of help it offers.
A term the API cannot give (an error, another object) stays unresolved, with a note; the mapping then
treats the attribute as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Fetch one term by id: the term object, or None with a reason.
FetchTerm = Callable[[str], tuple[dict[str, Any] | None, str]]


class TermCache:
    """The terms of one import, by id; each id is fetched at most once."""

    def __init__(self, fetch: FetchTerm) -> None:
        self.fetch = fetch
        self.terms: dict[str, dict[str, Any] | None] = {}
        self.failures: dict[str, str] = {}  # id -> why it could not be fetched

    def fill(self, service: Any) -> int:
        """Put the fetched term into each attribute of `service` that has only its id; how many."""
        attrs = service.get("attributes") if isinstance(service, dict) else None
        filled = 0
        for attr in attrs if isinstance(attrs, list) else ():
            if not isinstance(attr, dict) or isinstance(attr.get("taxonomy_term"), dict):
                continue
            tid = attr.get("taxonomy_term_id")
            if not isinstance(tid, str) or not tid.strip():
                continue
            if tid not in self.terms:
                self.terms[tid], why = self.fetch(tid)
                if self.terms[tid] is None:
                    self.failures[tid] = why
            term = self.terms[tid]
            if term is not None:
                attr["taxonomy_term"] = term
                filled += 1
        return filled

    def note(self) -> str | None:
        """One line for the import's notes about terms that could not be fetched."""
        if not self.failures:
            return None
        shown = "; ".join(f"{tid}: {why}" for tid, why in list(self.failures.items())[:5])
        more = f" and {len(self.failures) - 5} more" if len(self.failures) > 5 else ""
        return f"{len(self.failures)} taxonomy terms given only by id could not be fetched ({shown}{more})"
