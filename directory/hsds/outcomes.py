"""What became of each HSDS service: imported, skipped or rejected, with problems and warnings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Outcome:
    where: str
    status: str  # "imported" | "skipped" | "rejected"
    hsds_id: str | None = None
    record: dict[str, Any] | None = None
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tallies: list[str] = field(default_factory=list)  # what the import summary counts, once per service


@dataclass
class MappedImport:
    outcomes: list[Outcome]

    def _with(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

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
