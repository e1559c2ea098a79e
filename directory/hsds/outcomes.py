"""What became of each HSDS service: imported, skipped or rejected, with problems and warnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec


class Outcome:
    """What became of one service. (One for every service of an import: slots, no dict of its own each.)

    The record of a service a helper process imported (halves.py) may be held as the bytes it was handed
    over in (`handed`, msgspec JSON) until it is asked for: `stored` gives those bytes to the layer's
    writer, which writes them as they are (they are what it would write), and `record_id` its id."""

    __slots__ = ("_where", "status", "hsds_id", "_record", "reason", "problems", "warnings", "tallies", "_handed")

    def __init__(
        self,
        where: str | Callable[[], str],  # or what says it when first asked (most services have nothing to say)
        status: str,  # "imported" | "skipped" | "rejected"
        hsds_id: str | None = None,
        record: dict[str, Any] | None = None,
        reason: str = "",
        problems: list[str] | None = None,
        warnings: list[str] | None = None,
        tallies: list[str] | None = None,  # what the import summary counts, once per service
        handed: tuple[str, Any] | None = None,  # (the record's id, its bytes), for `record` when not given
    ) -> None:
        self._where, self.status, self.hsds_id, self._record = where, status, hsds_id, record
        self.reason = reason
        self.problems = [] if problems is None else problems
        self.warnings = [] if warnings is None else warnings
        self.tallies = [] if tallies is None else tallies
        self._handed = handed if record is None else None

    @property
    def where(self) -> str:
        if not isinstance(self._where, str):
            self._where = self._where()
        return self._where

    @property
    def record(self) -> dict[str, Any] | None:
        """The record (decoded from the bytes it was handed over in when first asked for: it may be changed)."""
        if self._handed is not None:
            self._record, self._handed = decode_record(self._handed[1]), None
        return self._record

    @property
    def has_record(self) -> bool:
        return self._record is not None or self._handed is not None

    @property
    def record_id(self) -> str:
        """The record's id (without decoding a record handed over)."""
        if self._handed is not None:
            return self._handed[0]
        assert self._record is not None
        return str(self._record["id"])

    @property
    def stored(self) -> Any:
        """What the layer stores: the record, or the bytes it was handed over in while it is not asked for."""
        return self._handed[1] if self._handed is not None else self._record

    def _values(self) -> tuple[Any, ...]:
        return (
            self.where,
            self.status,
            self.hsds_id,
            self.record,
            self.reason,
            self.problems,
            self.warnings,
            self.tallies,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Outcome) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        names = ("where", "status", "hsds_id", "record", "reason", "problems", "warnings", "tallies")
        return "Outcome(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, self._values(), strict=True)) + ")"


decode_record = msgspec.json.Decoder(dict[str, Any]).decode  # (a record as msgspec encoded it)


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
        return [r for o in self.imported if (r := o.record) is not None]

    @property
    def stored_records(self) -> list[Any]:
        """The records as the layer stores them (`Outcome.stored`: some may be the bytes they were handed in)."""
        return [o.stored for o in self.imported if o.has_record]

    @property
    def hsds_ids(self) -> dict[str, str]:
        """vsd id -> HSDS id of every imported record."""
        return {o.record_id: o.hsds_id for o in self.imported if o.has_record and o.hsds_id}

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
