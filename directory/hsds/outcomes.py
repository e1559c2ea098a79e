"""What became of each HSDS service: imported, skipped or rejected, with problems and warnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)  # (one for every service of an import: no dict of its own each)
class Outcome:
    # where the service was, or what says it when first asked (mapping.py: most services have nothing to say)
    _where: str | Callable[[], str]
    status: str  # "imported" | "skipped" | "rejected"
    hsds_id: str | None = None
    record: dict[str, Any] | None = None
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tallies: list[str] = field(default_factory=list)  # what the import summary counts, once per service

    @property
    def where(self) -> str:
        if not isinstance(self._where, str):
            self._where = self._where()
        return self._where


@dataclass
class MappedImport:
    outcomes: list[Outcome]  # complete when made: outcomes are not added, replaced or changed after
    _by_status: tuple[int, dict[str, list[Outcome]]] | None = field(default=None, init=False, repr=False, compare=False)

    def _with(self, status: str) -> list[Outcome]:
        """The outcomes of one status, in order: the outcomes are sorted once for all three (an import
        asks for each several times, and a pass over 100k of them took 30 ms); again if more were added."""
        if self._by_status is None or self._by_status[0] != len(self.outcomes):
            by_status: dict[str, list[Outcome]] = {}
            for o in self.outcomes:
                by_status.setdefault(o.status, []).append(o)
            self._by_status = (len(self.outcomes), by_status)
        return list(self._by_status[1].get(status, ()))

    @property
    def imported(self) -> list[Outcome]:
        return self._with("imported")

    @property
    def skipped(self) -> list[Outcome]:
        return self._with("skipped")

    @property
    def rejected(self) -> list[Outcome]:
        return self._with("rejected")

    @property
    def records(self) -> list[dict[str, Any]]:
        return [o.record for o in self.imported if o.record is not None]

    @property
    def hsds_ids(self) -> dict[str, str]:
        """vsd id -> HSDS id of every imported record."""
        return {o.record["id"]: o.hsds_id for o in self.imported if o.record and o.hsds_id}

    @property
    def tallies(self) -> dict[str, int]:
        """How many imported services each tally holds: {"support type inferred from the description": 17}."""
        return dict(Counter(t for o in self.imported for t in o.tallies))

    def summary_notes(self) -> list[str]:
        """One line per tally for the import summary: "17 services: support type inferred from the description"."""
        return [f"{n} service{'s' if n != 1 else ''}: {what}" for what, n in self.tallies.items()]

    @property
    def warnings(self) -> list[str]:
        return [f"{o.where}: {w}" for o in self.outcomes for w in o.warnings]
