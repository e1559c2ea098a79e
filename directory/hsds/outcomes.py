"""What became of each HSDS service: imported, skipped or rejected, with problems and warnings."""

from __future__ import annotations

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
    def warnings(self) -> list[str]:
        return [f"{o.where}: {w}" for o in self.outcomes for w in o.warnings]
