"""What an import knows besides the data: its label, its source, the mapping table and the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .taxonomy import TaxonomyMapping


@dataclass
class ImportContext:
    label: str
    source: str  # the API base URL or the file path
    kind: str = "file"  # "api" | "file"
    today: date = field(default_factory=lambda: datetime.now(UTC).date())
    mapping: TaxonomyMapping = field(default_factory=TaxonomyMapping.load)
    default_types: list[str] = field(default_factory=list)
    default_countries: list[str] = field(default_factory=list)
    default_timezone: str | None = None
    default_area: str | None = None
    # The local directory's sourced short numbers (from the signed feed or the bundled copy): an
    # imported phone the phone metadata does not know is accepted only when it is one of these.
    short_numbers: list[dict[str, Any]] = field(default_factory=list)

    def locator(self, hsds_id: str) -> str:
        """Where one service was read: its API URL, or the file."""
        if self.kind == "api":
            return f"{self.source.rstrip('/')}/services/{hsds_id}"
        return self.source

    def origin(self, hsds_id: str) -> str:
        if self.kind == "api":
            text = f"HSDS import '{self.label}': {self.locator(hsds_id)}"
        else:
            text = f"HSDS import '{self.label}': {self.source} (service id {hsds_id})"
        return text[:2000]
